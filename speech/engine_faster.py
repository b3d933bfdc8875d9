"""The default engine: faster-whisper (CTranslate2, int8 on CPU).

Decoding settings, and why:
- beam_size 1: measured as fast as beam 5 is slow (1.5 s vs 2.6 s for a 60 s answer) with the
  same word error rate on real speech.
- cpu_threads 2: the target machine has two cores.
- vad_filter: Silero VAD drops silence before Whisper sees it; Whisper invents "Thank you." in
  silence otherwise.
- word_timestamps: the coach measures pauses and pace from word times.
"""
from __future__ import annotations

import threading

import ctranslate2
import numpy as np
from faster_whisper import WhisperModel

from speech.models import ModelSource, resolve_model
from speech.coverage import Span
from speech.transcribe import ModelError, Transcript, Word

BEAM_SIZE = 1
CPU_THREADS = 2
# A segment is dropped as "not speech" when Whisper itself thinks so (no_speech_prob) and is
# unsure of its words (avg_logprob); faster-whisper applies the same pair of thresholds.
NO_SPEECH_PROB = 0.6
LOW_LOGPROB = -1.0
RANDOM_SEED = 0
# One place for how the model is built: the reload after sampling must give the same precision.
DEVICE = "cpu"
COMPUTE_TYPE = "int8"


class FasterWhisperEngine:
    name = "faster-whisper"

    def __init__(self, source: ModelSource, *, beam_size: int = BEAM_SIZE, cpu_threads: int = CPU_THREADS):
        self.model_name = source.name
        self.language = source.language
        self.beam_size = beam_size
        self.word_timestamps = True  # the coach times pauses and pace from words; bench compares
        self._location = source.location
        self._cpu_threads = cpu_threads
        try:
            self.model = WhisperModel(source.location, device=DEVICE, compute_type=COMPUTE_TYPE, cpu_threads=cpu_threads)
        except Exception as err:  # noqa: BLE001 — hub, network and CTranslate2 errors have no common base
            raise _model_error(source, err) from err
        self.model.model = _SamplingWatch(self.model.model)
        # CTranslate2 queues concurrent calls anyway; the lock also bounds memory to one
        # transcription's features at a time on a two-core machine.
        self._lock = threading.Lock()

    def transcribe_samples(self, samples: np.ndarray, *, initial_prompt: str | None) -> Transcript:
        with self._lock:
            # Temperature fallback samples at random. CTranslate2 seeds each of its worker threads'
            # generator once, at its first draw: a fixed seed and a fresh model after any call
            # that sampled make the same audio give the same words in every call and every process.
            ctranslate2.set_random_seed(RANDOM_SEED)
            if self.model.model.sampled:
                self.model.model = _SamplingWatch(ctranslate2.models.Whisper(
                    str(self._location), device=DEVICE, compute_type=COMPUTE_TYPE, intra_threads=self._cpu_threads))
            segments, info = self.model.transcribe(
                samples,
                language=self.language,
                beam_size=self.beam_size,
                word_timestamps=self.word_timestamps,
                vad_filter=True,
                initial_prompt=initial_prompt,
                # Each 30 s window is decoded on its own: a hallucinated phrase then cannot
                # carry into the next window through the prompt.
                condition_on_previous_text=False,
                no_speech_threshold=NO_SPEECH_PROB,
                log_prob_threshold=LOW_LOGPROB,
            )
            kept = [s for s in segments if not _is_non_speech(s)]
        words = [Word(w.word, round(w.start, 3), round(w.end, 3), round(w.probability, 4))
                 for s in kept for w in (s.words or [])]
        text = " ".join(s.text.strip() for s in kept).strip()
        return Transcript(
            text=text,
            words=words,
            language=info.language or self.language,
            engine=self.name,
            model=self.model_name,
            no_speech=not text,
            segments=[Span(round(s.start, 3), round(s.end, 3)) for s in kept],
        )


class _SamplingWatch:
    """The CTranslate2 Whisper model, noting whether a call has drawn random samples (reloading the
    model, 0.14 s for tiny.en, is the only way to restart its generators; most answers never sample)."""

    def __init__(self, model: ctranslate2.models.Whisper):
        self._model = model
        self.sampled = False

    def generate(self, *args, **kwargs):
        if kwargs.get("sampling_temperature", 0) > 0 and kwargs.get("sampling_topk", 1) != 1:
            self.sampled = True
        return self._model.generate(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._model, name)


def _is_non_speech(segment) -> bool:
    if not segment.text.strip():
        return True
    return segment.no_speech_prob > NO_SPEECH_PROB and segment.avg_logprob < LOW_LOGPROB


def _model_error(source: ModelSource, err: Exception) -> ModelError:
    if not source.local:
        return ModelError(
            f"Could not load or download Whisper model {source.name!r} (offline, or no such model?); "
            f"use the bundled 'tiny.en' or 'base', or a folder with a CTranslate2 model.bin. ({type(err).__name__})"
        )
    return ModelError(f"Could not load the Whisper model in {source.location}: {str(err).splitlines()[0] if str(err) else type(err).__name__}")


def load_engine(model: str | None = None) -> FasterWhisperEngine:
    """Load `model` ("tiny.en" by default, "base", a hub name or a folder) for faster-whisper."""
    return FasterWhisperEngine(resolve_model(model))
