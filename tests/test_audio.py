"""Decoding recordings: every way the app receives audio, and every way it can be unusable."""
from __future__ import annotations

import io
import wave

import av
import numpy as np
import pytest

from speech.audio import MAX_BYTES, SAMPLE_RATE, AudioError, load_audio
from tests.clips import jfk_wav, wav_bytes

# (container format, codec, file suffix) as browsers and phones produce them
FORMATS = {
    "wav": ("wav", "pcm_s16le", ".wav"),
    "mp3": ("mp3", "libmp3lame", ".mp3"),
    "ogg": ("ogg", "libopus", ".ogg"),
    "webm": ("webm", "libopus", ".webm"),
    "m4a": ("ipod", "aac", ".m4a"),
}


def encode(samples: np.ndarray, fmt: str, *, rate: int = SAMPLE_RATE, channels: int = 1) -> bytes:
    """Encode float32 mono samples with PyAV into `fmt` (channels duplicated for stereo)."""
    container_fmt, codec, _ = FORMATS[fmt]
    # Opus only takes 48 kHz; browsers record at 48 kHz anyway.
    out_rate = 48_000 if codec == "libopus" else rate
    if out_rate != SAMPLE_RATE:
        samples = np.interp(np.arange(0, len(samples), SAMPLE_RATE / out_rate), np.arange(len(samples)), samples)
    pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
    pcm = np.repeat(pcm[None, :], channels, axis=0)  # planar layout: one row per channel
    buf = io.BytesIO()
    with av.open(buf, mode="w", format=container_fmt) as out:
        stream = out.add_stream(codec, rate=out_rate, layout="stereo" if channels == 2 else "mono")
        frame_len = out_rate // 10  # 100 ms; PyAV re-frames to what the codec wants
        for i in range(0, pcm.shape[1], frame_len):
            chunk = np.ascontiguousarray(pcm[:, i:i + frame_len])
            frame = av.AudioFrame.from_ndarray(chunk, format="s16p", layout=stream.layout.name)
            frame.sample_rate = out_rate
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buf.getvalue()


@pytest.fixture(scope="module")
def jfk() -> np.ndarray:
    return load_audio(jfk_wav()).samples


def test_a_16k_wav_decodes_to_float_samples_of_the_right_length():
    decoded = load_audio(jfk_wav())
    assert decoded.format == "wav"
    assert decoded.samples.dtype == np.float32
    assert decoded.samples.ndim == 1
    assert decoded.duration_s == pytest.approx(11.0, abs=0.01)
    assert 0.1 < np.abs(decoded.samples).max() <= 1.0


@pytest.mark.parametrize("fmt", ["mp3", "ogg", "webm", "m4a"])
def test_compressed_formats_decode_to_the_same_length(jfk, fmt):
    decoded = load_audio(encode(jfk, fmt))
    assert decoded.format == fmt
    # Codecs pad a few ms of priming/trailing samples; the speech must all be there.
    assert decoded.duration_s == pytest.approx(11.0, abs=0.1)
    assert np.abs(decoded.samples).max() > 0.1


def test_44k_stereo_wav_is_resampled_to_16k_mono(jfk):
    decoded = load_audio(encode(jfk, "wav", rate=44_100, channels=2))
    assert decoded.duration_s == pytest.approx(11.0, abs=0.01)
    assert decoded.samples.size == pytest.approx(11.0 * SAMPLE_RATE, abs=20)


def test_every_input_form_gives_the_same_samples(tmp_path):
    data = jfk_wav().read_bytes()
    path = tmp_path / "answer.wav"
    path.write_bytes(data)

    class UploadedFile(io.BytesIO):  # what st.audio_input returns: a BytesIO subclass
        name = "audio.wav"
        type = "audio/wav"

    uploaded = UploadedFile(data)
    uploaded.read(100)  # Streamlit may hand it over with the read position moved

    forms = [data, bytearray(data), str(path), path, open(path, "rb"), uploaded]
    results = [load_audio(form).samples for form in forms]
    forms[4].close()
    for samples in results[1:]:
        np.testing.assert_array_equal(samples, results[0])


def test_a_webm_without_duration_in_its_header_decodes(jfk):
    # Chromium's MediaRecorder writes webm as a live stream: the header has no duration.
    data = encode(jfk, "webm")
    with av.open(io.BytesIO(data)) as c:
        assert c.streams.audio[0].duration is None
    assert load_audio(data).duration_s == pytest.approx(11.0, abs=0.1)


def test_a_valid_but_empty_wav_is_an_empty_recording_not_an_error():
    decoded = load_audio(wav_bytes(np.zeros(0)))
    assert decoded.samples.size == 0
    assert decoded.duration_s == 0.0


# --- unusable input: one AudioError with a readable one-line message ---------------------------

def assert_one_line_audio_error(audio, *words: str) -> str:
    with pytest.raises(AudioError) as info:
        load_audio(audio)
    message = str(info.value)
    assert "\n" not in message and len(message) < 200
    for word in words:
        assert word in message.lower()
    assert isinstance(info.value, ValueError)
    return message


def test_zero_bytes_is_an_empty_recording():
    assert_one_line_audio_error(b"", "empty")


def test_an_empty_file_is_an_empty_recording(tmp_path):
    path = tmp_path / "answer.wav"
    path.write_bytes(b"")
    assert_one_line_audio_error(path, "empty")


def test_a_missing_file_is_named(tmp_path):
    assert_one_line_audio_error(tmp_path / "nope.wav", "not found", "nope.wav")


def test_a_pdf_is_not_audio():
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    assert_one_line_audio_error(pdf, "audio")


def test_a_text_file_is_not_audio():
    text = ("Tell me about a time you led a project. " * 50).encode()
    assert_one_line_audio_error(text, "audio")


def test_a_png_image_has_no_audio_track():
    frame = av.VideoFrame.from_ndarray(np.zeros((16, 16, 3), dtype=np.uint8), format="rgb24")
    assert_one_line_audio_error(_png_bytes(frame), "no audio")


def _png_bytes(frame) -> bytes:
    buf = io.BytesIO()
    with av.open(buf, mode="w", format="image2pipe") as out:
        stream = out.add_stream("png", rate=1)
        stream.width, stream.height, stream.pix_fmt = 16, 16, "rgb24"
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["wav", "mp3", "ogg", "m4a"])
def test_a_truncated_file_is_refused(jfk, fmt):
    data = encode(jfk, fmt)
    cut = data[: len(data) // 3]
    assert_one_line_audio_error(cut, "truncated")


def test_random_bytes_are_not_audio():
    noise = np.random.default_rng(1).integers(0, 256, 20_000, dtype=np.uint8).tobytes()
    assert_one_line_audio_error(noise)


def test_a_corrupt_wav_header_is_refused():
    data = bytearray(jfk_wav().read_bytes())
    data[8:12] = b"XXXX"  # "WAVE" tag destroyed
    assert_one_line_audio_error(bytes(data))


def test_a_file_over_50_mb_is_refused_before_decoding(tmp_path):
    path = tmp_path / "huge.wav"
    with open(path, "wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: no 50 MB written
    message = assert_one_line_audio_error(path, "too large", "50 mb")
    assert_one_line_audio_error(io.BytesIO(b"\0" * (MAX_BYTES + 1)), "too large")
    with open(path, "rb") as f:
        assert_one_line_audio_error(f, "too large")
    assert message


def test_a_recording_over_15_minutes_is_refused():
    # 16 minutes of 8 kHz 8-bit silence is only 7.7 MB, under the size limit.
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(8000)
        w.writeframes(b"\x80" * (8000 * 16 * 60))
    assert_one_line_audio_error(buf.getvalue(), "too long", "15 min")


@pytest.mark.slow
def test_a_long_recording_without_a_declared_length_is_stopped_at_15_minutes():
    # webm from a browser declares no length, so the limit is enforced while decoding.
    quiet = np.zeros(SAMPLE_RATE * 16 * 60, dtype=np.float32)
    data = encode(quiet, "webm")
    assert len(data) < MAX_BYTES
    assert_one_line_audio_error(data, "too long", "15 min")


def test_a_text_mode_file_object_is_refused(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("hello")
    with open(path) as f:
        assert_one_line_audio_error(f, "binary")


def test_an_unsupported_type_is_refused():
    assert_one_line_audio_error(12345, "int")

