"""Speech to text: one `transcribe()` for every engine, returning a plain `Transcript`.

Engines plug in through the small `Engine` protocol below. Each engine module exposes
`load_engine(model: str | None) -> Engine`; `transcribe()` loads an engine once per process per
(engine, model) and reuses it from every thread. Engine modules are imported lazily, so the
openai-whisper engine (torch, ~1 s import) costs nothing unless it is asked for.

Engine contract (for speech/engine_*.py):
- `load_engine(model)` raises `ModelError` for missing/tampered/undownloadable weights.
- `engine.transcribe_samples(samples, *, initial_prompt)` takes float32 16 kHz mono samples
  (never empty) and returns a `Transcript`; it need not fill `duration_s`/`elapsed_s`
  (transcribe() overwrites them) and must be safe to call from several threads (lock inside if
  the backend is not).
- Silence/noise must give `no_speech=True` and `text == ""` (no invented "Thank you.").
"""
from __future__ import annotations

import importlib
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

import numpy as np

from speech import coverage
from speech.audio import AudioError, load_audio  # noqa: F401  (AudioError re-exported)
from speech.coverage import Span
from speech.language import NOT_ENGLISH, LanguageError, check_english  # noqa: F401  (LanguageError re-exported)

DEFAULT_ENGINE = "faster-whisper"

# Module implementing each engine; each has `load_engine(model: str | None) -> Engine`.
ENGINE_MODULES = {
    "faster-whisper": "speech.engine_faster",
    "openai-whisper": "speech.engine_openai",
}

# A short prompt that contains fillers nudges Whisper to keep "um"/"uh" in the text. Longer
# prompts (over ~32 characters) made Whisper hallucinate in other projects, so keep it short.
FILLER_PROMPT = "Umm, let me think like, hmm..."


class ModelError(ValueError):
    """Speech model weights are missing, tampered with, or cannot be downloaded."""


@dataclass
class Word:
    word: str          # as Whisper writes it, usually with a leading space
    start: float       # seconds from the start of the recording
    end: float
    probability: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Word":
        return cls(str(data["word"]), float(data["start"]), float(data["end"]),
                   float(data.get("probability", 1.0)))


@dataclass
class Repair:
    """Speech that first came back without words, and what decoding it again found."""
    start: float          # the stretch decoded again, seconds from the start of the recording
    end: float
    speech_s: float       # seconds of speech in it that no word covered
    words_before: int     # words in the stretch before the repair
    words_after: int      # ... and after (equal when decoding again found nothing more)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Repair":
        return cls(float(data["start"]), float(data["end"]), float(data.get("speech_s", 0.0)),
                   int(data.get("words_before", 0)), int(data.get("words_after", 0)))


@dataclass
class Transcript:
    text: str
    words: list[Word] = field(default_factory=list)
    duration_s: float = 0.0      # length of the recording, not of the speech in it
    language: str = "en"
    engine: str = ""
    model: str = ""
    elapsed_s: float = 0.0       # wall-clock transcription time (decode + inference)
    no_speech: bool = False      # True when the recording held no speech (text is then "")
    # Speech that came back without words and was decoded again (speech/coverage.py); empty when
    # every stretch of speech had words the first time.
    repairs: list[Repair] = field(default_factory=list)
    # The engine's segments (start, end): where to look for mistimed words. Not stored.
    segments: list[Span] = field(default_factory=list, compare=False, repr=False)

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def wpm(self) -> float:
        """Words per minute over the recording's length (0.0 for an empty recording)."""
        return 60.0 * self.word_count / self.duration_s if self.duration_s > 0 else 0.0

    @property
    def repaired(self) -> bool:
        """True when decoding speech again recovered words the first pass had lost."""
        return any(r.words_after > r.words_before for r in self.repairs)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["words"] = [w.to_dict() for w in self.words]
        data["repairs"] = [r.to_dict() for r in self.repairs]
        del data["segments"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Transcript":
        return cls(
            text=str(data.get("text", "")),
            words=[Word.from_dict(w) for w in data.get("words", [])],
            duration_s=float(data.get("duration_s", 0.0)),
            language=str(data.get("language", "en")),
            engine=str(data.get("engine", "")),
            model=str(data.get("model", "")),
            elapsed_s=float(data.get("elapsed_s", 0.0)),
            no_speech=bool(data.get("no_speech", False)),
            repairs=[Repair.from_dict(r) for r in data.get("repairs", [])],
        )


class Engine(Protocol):
    name: str          # "faster-whisper", "openai-whisper"
    model_name: str    # "tiny.en", "base", a hub name or a folder path

    def transcribe_samples(self, samples: np.ndarray, *, initial_prompt: str | None) -> Transcript:
        ...


_engines: dict[tuple[str, str | None], Engine] = {}
_engines_lock = threading.Lock()


def get_engine(engine: str = DEFAULT_ENGINE, model: str | None = None) -> Engine:
    """The loaded engine for (engine, model), loading it on first use (once per process)."""
    if engine not in ENGINE_MODULES:
        raise ModelError(f"Unknown speech engine {engine!r}; choose one of {', '.join(ENGINE_MODULES)}.")
    key = (engine, model)
    with _engines_lock:  # one lock for all loads: two threads must not load the same model twice
        if key not in _engines:
            try:
                module = importlib.import_module(ENGINE_MODULES[engine])
            except ImportError as err:
                raise ModelError(f"Speech engine {engine!r} is not installed ({err}).") from err
            _engines[key] = module.load_engine(model)
        return _engines[key]


def available_engines() -> list[str]:
    """Engines whose module imports on this machine (openai-whisper needs the optional extra)."""
    names = []
    for name, module in ENGINE_MODULES.items():
        try:
            importlib.import_module(module)
        except ImportError:
            continue
        names.append(name)
    return names


def transcribe(audio: Any, engine: str = DEFAULT_ENGINE, model: str | None = None,
               initial_prompt: str | None = FILLER_PROMPT, repair: bool = True,
               english_only: bool = True) -> Transcript:
    """Transcribe a recording (bytes, path or binary file object) into a `Transcript`.

    With `repair` (the default), speech that came back without words is decoded again without
    the prompt and the transcript's `repairs` say so (speech/coverage.py). With `english_only`
    (the default), speech in another language raises `LanguageError` instead of returning the
    invented English Whisper writes for it (speech/language.py).
    Raises `AudioError` for unusable audio and `ModelError` for unusable weights.
    """
    start = time.perf_counter()
    decoded = load_audio(audio)
    loaded = get_engine(engine, model)
    if decoded.samples.size == 0:
        result = Transcript(text="", no_speech=True, engine=loaded.name, model=loaded.model_name)
    else:
        result = loaded.transcribe_samples(decoded.samples, initial_prompt=initial_prompt)
        regions = coverage.speech_regions(decoded.samples) if repair or english_only else []
        # Judged before any repair: invented text is sparse, and decoding it again costs seconds.
        if english_only and result.words:
            if not check_english(result.words, sum(r.length for r in regions)).english:
                raise LanguageError(NOT_ENGLISH)
        if repair:
            repair_coverage(result, loaded, decoded.samples, decoded.duration_s, regions)
    result.duration_s = decoded.duration_s
    result.elapsed_s = time.perf_counter() - start
    return result


def repair_coverage(result: Transcript, loaded: Engine, samples: np.ndarray, duration_s: float,
                    regions: list[Span] | None = None) -> None:
    """Decode again (without the prompt) speech that has no words; record each attempt in `result`.

    `regions` are the recording's speech regions when already known (coverage.speech_regions).
    """
    if regions is None:
        regions = coverage.speech_regions(samples)
    holes = coverage.uncovered_speech(regions, result.words)
    if not holes:
        return
    windows = coverage.merge_windows([coverage.repair_window(h, result.segments, duration_s) for h in holes])
    words = list(result.words)

    def decode(part: np.ndarray) -> list[Word]:
        return loaded.transcribe_samples(part, initial_prompt=None).words

    for window in windows:
        words, before, after = coverage.decode_again(samples, window, words, decode)
        speech_s = sum(max(0.0, min(h.end, window.end) - max(h.start, window.start)) for h in holes)
        result.repairs.append(Repair(round(float(window.start), 2), round(float(window.end), 2),
                                     round(float(speech_s), 2), before, after))
    if result.repaired:
        result.words = words
        result.text = " ".join(w.word.strip() for w in words).strip()
        result.no_speech = not result.text
