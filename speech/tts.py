"""Reading interview questions aloud with espeak-ng, made safe and repeatable for Streamlit threads.

The same (text, voice, rate) must always give the same audio, in one process and across
processes: the disk cache stores it under that key, and a question "in the default voice" must
not come out in the voice that spoke last. libespeak-ng keeps synthesis state from one utterance
to the next (measured: the same text, voice and rate gave a different WAV on each of three calls
in one process, and a different one again after another voice spoke, however every property was
set), so no in-process engine can promise that. Hence, by design:

- every question is synthesized by the `espeak-ng` program in a child process: a fresh
  synthesizer each time, every property (voice, rate, amplitude, pitch) given on its command
  line; measured safe and fast (16-35 ms), no lock needed, and a crash there cannot take the app
  down;
- results are cached on disk by (synthesizer, text, resolved voice id, rate), written via temp
  file + os.replace; the key names the voice that actually spoke, never "the default";
- pyttsx3 (one engine for the process, under one lock) lists the voices, and synthesizes only
  when the espeak-ng program is missing (libespeak-ng alone); it then sets voice, rate and volume
  on every call, and its audio gets its own cache entries.

pyttsx3's espeak driver has measured failure modes (docs: /work/shared/research/speech.md): the
first runAndWait() returns before the WAV exists, two live engines hang, concurrent use crashes
the process, and even a fresh engine per call crashed once in 21 runs. So its engine is created
once, lazily, used under one lock, and after runAndWait() we wait for the finished-utterance
callback (an Event) and for espeak to go idle, with a timeout and a watchdog; the first
misbehaviour marks it broken. Every WAV is checked (exists, complete, parseable, not silent)
before anyone sees it.
"""
from __future__ import annotations

import ctypes
import hashlib
import io
import json
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path

from storage.paths import cache_dir, make_private

DEFAULT_VOICE = "gmw/en-us"
# espeak's rate is slightly slower than the words/min it produces for short texts (pauses are
# not counted); 150 comes out near 165 wpm, in the 130-175 range coaching research calls natural.
DEFAULT_RATE_WPM = 150
MIN_RATE_WPM = 80    # espeak's own limits
MAX_RATE_WPM = 450
# A question is a few dozen words. 1,000 words is ~6 minutes of speech and takes ~2-3 s here
# (pyttsx3 grows its audio buffer quadratically: 2,000 words took 9 s), during which the single
# engine is held and other tabs wait; longer texts are refused rather than stall the app.
MAX_WORDS = 1000
MAX_CHARS = 10_000

# Distinct interviewer timbres for panel mode: accent x espeak variant (f = female, m = male).
PANEL_VOICES = (
    "gmw/en-us",
    "gmw/en-gb-x-rp+f3",
    "gmw/en-us+m3",
    "gmw/en-gb-scotland+f2",
    "gmw/en-us-nyc+m7",
    "gmw/en+f4",
    "gmw/en-029+m2",
    "gmw/en-gb-x-gbcwmd+f5",
)

_NOT_INSTALLED = ("No speech synthesizer: install espeak-ng (sudo apt-get install -y espeak-ng); "
                  "questions are shown as text.")
# v2: entries made by v1 could hold another voice's audio under the default voice's key.
_CACHE_FORMAT = "tts-v2"
# Every property of the voice, given on every call (espeak-ng's own defaults).
AMPLITUDE = 100   # espeak-ng -a, 0-200
PITCH = 50        # espeak-ng -p, 0-99 (a variant such as +f3 shifts it)
VOLUME = 1.0      # pyttsx3's volume, 0.0-1.0 (= amplitude 100)
PROGRAM = "espeak-ng"      # cache key of the program's audio
IN_PROCESS = "pyttsx3"     # cache key of the in-process engine's audio
_LOCK_WAIT_S = 30.0
_log = logging.getLogger(__name__)


class TTSError(ValueError):
    """Text that cannot be read aloud, an unknown voice, or no synthesizer: one-line message."""


@dataclass(frozen=True)
class Voice:
    id: str          # what pyttsx3 accepts in setProperty("voice", id) and espeak-ng -v accepts
    name: str        # e.g. "English (America)"
    language: str    # e.g. "en-us"


class _Engine:
    """The process's single pyttsx3 engine plus the per-call state its callbacks fill in."""

    def __init__(self) -> None:
        import pyttsx3  # raises when espeak-ng's library is missing
        import pyttsx3.drivers.espeak as espeak_driver

        # The driver prints "Audio saved to ..." on every file; that would litter the CLI's
        # output. Shadowing `print` in that one module silences it without touching sys.stdout,
        # which other threads are using.
        espeak_driver.print = lambda *args, **kwargs: None
        self.engine = pyttsx3.init("espeak")  # keep a strong ref: pyttsx3 only holds a weak one
        self.finished = threading.Event()
        self.errors: list[BaseException] = []
        self.engine.connect("finished-utterance", self._on_finished)
        self.engine.connect("error", self._on_error)
        self.broken = False
        self._warm_up()

    def _warm_up(self) -> None:
        # Measured here: the first utterance of a new engine sometimes ignores the rate it was
        # given (6 in 20 processes spoke at the driver's initial 200 wpm), and the first
        # runAndWait() takes a different path (it returns early). One throwaway utterance makes
        # every real one take the steady-state path.
        fd, name = tempfile.mkstemp(prefix=".warm-up-", suffix=".wav")
        os.close(fd)
        try:
            self.synthesize_to("Ready.", DEFAULT_VOICE, DEFAULT_RATE_WPM, Path(name))
        except Exception as err:  # the engine exists but misbehaves: it will not synthesize
            _log.warning("pyttsx3/espeak failed its warm-up (%s)", err)
            self.broken = True
        finally:
            Path(name).unlink(missing_ok=True)

    def _on_finished(self, name=None, completed=True) -> None:
        self.finished.set()

    def _on_error(self, name=None, exception=None) -> None:
        self.errors.append(exception)

    def espeak_busy(self) -> bool:
        from pyttsx3.drivers import _espeak

        return bool(self.engine.isBusy() or _espeak.IsPlaying())

    def voices(self) -> list[Voice]:
        found = []
        for v in self.engine.getProperty("voices"):
            language = (v.languages or [""])[0]
            if language.startswith("en"):
                found.append(Voice(id=v.id, name=v.name, language=language))
        return sorted(found, key=lambda v: (v.id != DEFAULT_VOICE, v.language))

    def variants(self) -> dict[str, str]:
        """Variant names (lowercase) -> espeak's spelling, e.g. {"f3": "f3", "alex": "Alex"}."""
        from pyttsx3.drivers import _espeak

        spec = _espeak.VOICE()
        spec.languages = b"variant"
        names = {}
        for v in _espeak.ListVoices(ctypes.pointer(spec)):
            name = v.identifier.decode("utf-8").split("/")[-1]
            names[name.lower()] = name
        return names

    def synthesize_to(self, text: str, voice_id: str, rate: int, path: Path) -> None:
        """Write a WAV to path; raises _EngineFailure when the engine misbehaves."""
        self.finished.clear()
        self.errors.clear()
        # Every property on every call: the engine otherwise keeps the last caller's.
        self.engine.setProperty("voice", voice_id)
        self.engine.setProperty("rate", rate)
        self.engine.setProperty("volume", VOLUME)
        self.engine.save_to_file(text, str(path))
        timeout = _synthesis_timeout(text)
        # runAndWait() loops until espeak's callback ends it; if that callback never comes the
        # loop would spin forever with the lock held, so a watchdog ends it.
        watchdog = threading.Timer(timeout, self._end_loop)
        watchdog.daemon = True
        watchdog.start()
        try:
            self.engine.runAndWait()
        finally:
            watchdog.cancel()
        # The first runAndWait() of an engine returns before espeak has written anything.
        if not self.finished.wait(timeout):
            raise _EngineFailure("espeak never reported the end of the utterance")
        # The callback fires before the driver has finished its own bookkeeping; starting the
        # next utterance before espeak is idle can end that utterance's loop before it speaks.
        deadline = time.monotonic() + timeout
        while self.espeak_busy():
            if time.monotonic() > deadline:
                raise _EngineFailure("espeak stayed busy after the utterance")
            time.sleep(0.001)
        if self.errors:
            raise _EngineFailure(f"pyttsx3 reported: {self.errors[0]}")

    def _end_loop(self) -> None:
        try:
            self.engine.endLoop()
        except RuntimeError:
            pass  # the loop ended on its own just now


class _EngineFailure(Exception):
    """The in-process engine misbehaved; the caller falls back to the espeak-ng subprocess."""


_lock = threading.Lock()
_engine: _Engine | None = None
_voices: list[Voice] | None = None
_variants: dict[str, str] | None = None


def _synthesis_timeout(text: str) -> float:
    return 10.0 + 0.02 * len(text.split())


def _get_engine() -> _Engine:
    """The process's engine (call with _lock held). TTSError when espeak-ng is not installed."""
    global _engine
    if _engine is None:
        try:
            _engine = _Engine()
        except ImportError as err:
            raise TTSError("No speech synthesizer: install pyttsx3 (pip install pyttsx3); "
                           "questions are shown as text.") from err
        except Exception as err:  # pyttsx3 raises RuntimeError/OSError without libespeak-ng
            raise TTSError(_NOT_INSTALLED) from err
    return _engine


def _load_voices() -> tuple[list[Voice], dict[str, str]]:
    global _voices, _variants
    if _voices is None or _variants is None:
        with _lock:
            engine = _get_engine()
            _voices, _variants = engine.voices(), engine.variants()
    return _voices, _variants


def list_voices() -> list[Voice]:
    """The English voices espeak-ng offers, the default (American English) first."""
    return list(_load_voices()[0])


def interviewer_voices(n: int) -> list[str]:
    """n voice ids that sound clearly different from each other, for a panel interview."""
    voices, variants = _load_voices()
    available = [v for v in PANEL_VOICES if _is_known(v, voices, variants)]
    if not 1 <= n <= len(available):
        raise TTSError(f"A panel can have 1 to {len(available)} distinct voices, not {n}.")
    return available[:n]


def _is_known(voice_id: str, voices: list[Voice], variants: dict[str, str]) -> bool:
    try:
        _resolve_voice(voice_id, voices, variants)
    except TTSError:
        return False
    return True


def _resolve_voice(voice: str | None, voices: list[Voice], variants: dict[str, str]) -> str:
    """The canonical id for a voice given as id, language code or name, with optional +variant."""
    if voice is None:
        return DEFAULT_VOICE if any(v.id == DEFAULT_VOICE for v in voices) else voices[0].id
    if not isinstance(voice, str):
        raise TTSError(f"Voice must be a voice id such as {DEFAULT_VOICE!r}, not {type(voice).__name__}.")
    base, _, variant = voice.strip().partition("+")
    wanted = base.strip().lower()
    match = next((v for v in voices
                  if wanted in (v.id, v.language.lower(), v.name.lower())), None)
    if match is None or (variant and variant.strip().lower() not in variants):
        choices = ", ".join(v.id for v in voices)
        raise TTSError(f"Unknown voice {voice!r}: choose one of {choices} "
                       "(optionally with a timbre such as +f3 or +m3).")
    return match.id + (f"+{variants[variant.strip().lower()]}" if variant else "")


def _normalize_text(text: str) -> str:
    if not isinstance(text, str):
        raise TTSError(f"Text to read aloud must be a string, not {type(text).__name__}.")
    normalized = " ".join(text.split())  # line breaks and runs of spaces do not change speech
    if not normalized:
        raise TTSError("Nothing to read aloud: the text is empty.")
    words = len(normalized.split())
    if words > MAX_WORDS or len(normalized) > MAX_CHARS:
        raise TTSError(f"Text is too long to read aloud: {words:,} words, {len(normalized):,} "
                       f"characters (the limit is {MAX_WORDS:,} words, {MAX_CHARS:,} characters).")
    return normalized


def _normalize_rate(rate_wpm: float | None) -> int:
    if rate_wpm is None:
        return DEFAULT_RATE_WPM
    if isinstance(rate_wpm, bool) or not isinstance(rate_wpm, (int, float)):
        raise TTSError(f"Speaking rate must be a number of words per minute, not {rate_wpm!r}.")
    if not MIN_RATE_WPM <= rate_wpm <= MAX_RATE_WPM:
        raise TTSError(f"Speaking rate must be between {MIN_RATE_WPM} and {MAX_RATE_WPM} "
                       f"words per minute, not {rate_wpm}.")
    return int(round(rate_wpm))


def _cache_path(text: str, voice_id: str, rate: int, synthesizer: str) -> Path:
    key = json.dumps([_CACHE_FORMAT, synthesizer, text, voice_id, rate, AMPLITUDE, PITCH], ensure_ascii=False)
    return cache_dir("tts") / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}.wav"


def _check_wav(data: bytes) -> str | None:
    """Why these bytes are not a complete, non-silent WAV of speech, or None when they are."""
    if len(data) <= 44:
        return "the WAV file is empty"
    try:
        with wave.open(io.BytesIO(data)) as wav:
            frames, width = wav.getnframes(), wav.getsampwidth()
            channels, rate = wav.getnchannels(), wav.getframerate()
            pcm = wav.readframes(frames)
    except (wave.Error, EOFError) as err:
        return f"the WAV file is not readable ({err})"
    if frames == 0 or len(pcm) != frames * width * channels:
        return "the WAV file is truncated"
    if width != 2 or rate < 8000:
        return f"unexpected WAV format ({width * 8}-bit, {rate} Hz)"
    if not any(pcm[i] for i in range(1, len(pcm), max(2, len(pcm) // 4096 * 2))):
        return "the WAV file is silent"  # high bytes of a sample of frames are all zero
    return None


def _read_cached(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return data if _check_wav(data) is None else None  # a damaged entry is simply redone


def _espeak_subprocess_to(text: str, voice_id: str, rate: int, path: Path) -> None:
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise TTSError(_NOT_INSTALLED)
    # Text on stdin, not argv: no length limit, and a leading "-" is not read as an option.
    try:
        result = subprocess.run(
            [exe, "-v", voice_id, "-s", str(rate), "-a", str(AMPLITUDE), "-p", str(PITCH),
             "-w", str(path), "--stdin"],
            input=text.encode("utf-8"), capture_output=True, timeout=_synthesis_timeout(text) * 3)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise TTSError(f"espeak-ng failed: {err}") from err
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise TTSError(f"espeak-ng failed: {reason[-1] if reason else result.returncode}")


def _engine_synthesis(text: str, voice_id: str, rate: int, tmp: Path) -> bytes | None:
    """The WAV from the in-process engine (call with _lock held), or None once it misbehaved."""
    engine = _get_engine()
    if engine.broken:
        return None
    try:
        tmp.unlink(missing_ok=True)  # so "the file exists" means espeak wrote it
        engine.synthesize_to(text, voice_id, rate, tmp)
        data = tmp.read_bytes() if tmp.exists() else b""
        problem = _check_wav(data)
        if problem:
            raise _EngineFailure(problem)
        return data
    except Exception as err:  # _EngineFailure, or pyttsx3 itself raising
        engine.broken = True
        _log.warning("pyttsx3/espeak misbehaved (%s); it will not be used again", err)
        return None


def _program_synthesis(text: str, voice_id: str, rate: int, final: Path) -> bytes:
    """The espeak-ng program's WAV, published to the cache path `final`."""
    fd, tmp_name = tempfile.mkstemp(dir=final.parent, prefix=".synth-", suffix=".wav")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        _espeak_subprocess_to(text, voice_id, rate, tmp)
        data = tmp.read_bytes() if tmp.exists() else b""
        problem = _check_wav(data)
        if problem:
            raise TTSError(f"Speech synthesis failed: {problem}.")
        make_private(tmp)  # espeak wrote it with the umask's mode
        os.replace(tmp, final)  # readers see no file or the whole file
        return data
    finally:
        tmp.unlink(missing_ok=True)


def _in_process_synthesis(text: str, voice_id: str, rate: int, final: Path) -> bytes:
    """The pyttsx3 engine's WAV (only without the espeak-ng program), published to `final`."""
    fd, tmp_name = tempfile.mkstemp(dir=final.parent, prefix=".synth-", suffix=".wav")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if not _lock.acquire(timeout=_LOCK_WAIT_S):
            raise TTSError(f"The speech engine is busy (over {_LOCK_WAIT_S:.0f} s); questions are shown as text.")
        try:
            cached = _read_cached(final)  # another tab may have made it while we waited
            if cached is not None:
                return cached
            data = _engine_synthesis(text, voice_id, rate, tmp)
            if data is None:
                raise TTSError("The speech engine failed (install the espeak-ng program: "
                               "sudo apt-get install -y espeak-ng); questions are shown as text.")
            make_private(tmp)  # espeak wrote it with the umask's mode
            os.replace(tmp, final)
            return data
        finally:
            _lock.release()
    finally:
        tmp.unlink(missing_ok=True)


def synthesizer() -> str:
    """What will speak: PROGRAM ("espeak-ng", preferred) or IN_PROCESS ("pyttsx3")."""
    return PROGRAM if shutil.which("espeak-ng") else IN_PROCESS


def synthesize(text: str, voice: str | None = None, rate_wpm: float | None = None) -> bytes:
    """A WAV (mono, 16-bit) of `text` read aloud; synthesized once, then served from disk.

    `voice` is an id from list_voices() or interviewer_voices() (a language code such as
    "en-gb" also works; None is the default voice); `rate_wpm` is espeak's speaking rate,
    80-450 (default 150). The same arguments give the same bytes whatever was spoken before.
    """
    normalized = _normalize_text(text)
    rate = _normalize_rate(rate_wpm)
    voices, variants = _load_voices()
    voice_id = _resolve_voice(voice, voices, variants)
    how = synthesizer()
    path = _cache_path(normalized, voice_id, rate, how)
    cached = _read_cached(path)
    if cached is not None:
        return cached
    if how == PROGRAM:
        return _program_synthesis(normalized, voice_id, rate, path)
    return _in_process_synthesis(normalized, voice_id, rate, path)


def tts_status() -> tuple[bool, str]:
    """(True, what will speak) or (False, a one-line reason for the UI)."""
    try:
        voices = list_voices()
    except TTSError as err:
        return False, str(err)
    if not voices:
        return False, "No English voice in espeak-ng: install espeak-ng-data; questions are shown as text."
    return True, f"Questions are read aloud by espeak-ng ({len(voices)} English voices)."
