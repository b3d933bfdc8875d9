"""Team figures: 40 students each submit a 60-second spoken answer at the same moment, served by 1
and then 2 transcription workers — on this machine, with every part real.

- PostgreSQL and Redis are real servers (deploy/servers.py), the workers real `callback worker`
  processes with the real Whisper model.
- The students are 40 signed-in sessions of the app's own Practice page, run by Streamlit's AppTest
  in this process, which plays the web server: each saves its recording and puts it on the queue,
  exactly as in the browser. All 40 submit at once (one thread each).
- Reported for each worker count: how many of the 40 were scored and how many lost, answers per
  minute (from the first submission to the last score), the median and 95th-percentile time from
  submission to score, and the workers' CPU seconds per answer (what sizing needs); then the web
  process's memory with the 40 sessions open.

CALLBACK_BENCH_STUDENTS and CALLBACK_BENCH_WORKERS (e.g. "1,2") shrink a trial run.
"""
from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
from datetime import timezone
from pathlib import Path

from bench.common import Row

STUDENTS = int(os.environ.get("CALLBACK_BENCH_STUDENTS", "40"))
WORKER_COUNTS = [int(n) for n in os.environ.get("CALLBACK_BENCH_WORKERS", "1,2").split(",")]
ISSUER = "https://bench.callback.invalid"
ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
TIMEOUT_S = 1800


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def _rss_mb(pid: int | None = None, children: bool = False) -> float:
    import psutil

    proc = psutil.Process(pid or os.getpid())
    procs = [proc] + (proc.children(recursive=True) if children else [])
    return sum(p.memory_info().rss for p in procs) / 1e6


def _cpu_s(pids: list[int]) -> float:
    import psutil

    total = 0.0
    for pid in pids:
        try:
            proc = psutil.Process(pid)
            for p in [proc] + proc.children(recursive=True):
                t = p.cpu_times()
                total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def _student_session(n: int, round_: int):
    """A signed-in student on the Practice page, at the first question of a mock interview."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=300)
    at.user = {"is_logged_in": True, "iss": ISSUER, "sub": f"r{round_}-student-{n}",
               "email": f"r{round_}.student{n}@bench.invalid", "name": f"Student {n}"}
    at.run()
    at.switch_page("app_pages/practice.py").run()
    at.button[0].click().run()  # start the mock interview
    if at.exception:
        raise RuntimeError(f"the Practice page raised: {[e.value for e in at.exception]}")
    return at


def _burst(sessions, wav: bytes) -> dict[str, float]:
    """Every session submits its recording at the same moment; returns sub → submit time."""
    submitted: dict[str, float] = {}
    errors: list[str] = []
    barrier = threading.Barrier(len(sessions))

    def submit(at):
        at.audio_input[0].set_value(("answer.wav", wav, "audio/wav"))
        barrier.wait()
        submitted[at.user["sub"]] = time.time()
        at.run()
        if at.exception:
            errors.append(str(at.exception[0].value))

    threads = [threading.Thread(target=submit, args=(at,)) for at in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"{len(errors)} submissions failed, e.g.: {errors[0]}")
    return submitted


def _wait_all_scored(round_: int) -> list:
    import storage

    deadline = time.monotonic() + TIMEOUT_S
    while True:
        answers = []
        for n in range(STUDENTS):
            user = storage.sign_in(ISSUER, f"r{round_}-student-{n}")
            answers.extend(storage.list_answers(owner=user))
        if len(answers) == STUDENTS and all(a.status in ("scored", "failed") for a in answers):
            return answers
        if time.monotonic() > deadline:
            return answers
        time.sleep(0.5)


def _round(workers: int, round_: int, env: dict, wav: bytes, folder: Path) -> list[Row]:
    from deploy.servers import Worker

    sessions = [_student_session(n, round_) for n in range(STUDENTS)]
    pool = [Worker(env, folder / f"round{round_}-worker{i}.log", name=f"bench{i}").start() for i in range(workers)]
    try:
        for w in pool:  # wait until each pool process has loaded the model
            deadline = time.monotonic() + 120
            while "speech model loaded" not in w.log_since_start() and time.monotonic() < deadline:
                time.sleep(0.2)
        cpu_before = _cpu_s([w.process.pid for w in pool])
        submitted = _burst(sessions, wav)
        answers = _wait_all_scored(round_)
        cpu = _cpu_s([w.process.pid for w in pool]) - cpu_before
    finally:
        for w in pool:
            w.stop()
    web_mb = _rss_mb()
    scored = [a for a in answers if a.status == "scored"]
    by_sub = {}
    import storage

    for n in range(STUDENTS):
        user = storage.sign_in(ISSUER, f"r{round_}-student-{n}")
        for a in storage.list_answers(owner=user):
            by_sub[a.id] = f"r{round_}-student-{n}"
    latencies = [a.updated_at.replace(tzinfo=a.updated_at.tzinfo or timezone.utc).timestamp() - submitted[by_sub[a.id]]
                 for a in scored]
    first = min(submitted.values())
    last = max(first + lat for lat in latencies) if latencies else first
    span = max(1e-6, max(a.updated_at.replace(tzinfo=a.updated_at.tzinfo or timezone.utc).timestamp()
                         for a in scored) - first) if scored else float("inf")
    label = f"{STUDENTS} students x 60 s answers at once, {workers} worker{'s' if workers > 1 else ''}"
    rows = [
        Row("team", f"{label}: scored", len(scored), "answers", f"= {STUDENTS}", len(scored) == STUDENTS),
        Row("team", f"{label}: lost (not scored)", STUDENTS - len(scored), "answers", "= 0",
            len(scored) == STUDENTS),
        Row("team", f"{label}: throughput", 60 * len(scored) / span if scored else 0.0, "answers/min"),
    ]
    if latencies:
        rows += [
            Row("team", f"{label}: submit -> score, median", statistics.median(latencies), "s"),
            Row("team", f"{label}: submit -> score, 95th percentile", _percentile(latencies, 0.95), "s"),
            Row("team", f"{label}: worker CPU per answer", cpu / len(scored), "s"),
        ]
    rows.append(Row("team", f"{label}: web process memory with the {STUDENTS} sessions", web_mb, "MB"))
    del last
    return rows


def run() -> list[Row]:
    from bench.bench_transcribe import _answer_60s
    from deploy.servers import PostgresCluster, RedisServer, team_env
    from tests.clips import real_clips

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="callback-bench-team-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o755)  # PostgreSQL runs as its own user below this folder
        wav = _answer_60s(real_clips(), folder / "answer-60s.wav").read_bytes()
        pg = PostgresCluster(folder / "postgres").start()
        redis = RedisServer(folder / "redis", persistent=False).start()
        saved_env = dict(os.environ)
        try:
            env = team_env(pg.url, redis.url, folder / "data")
            os.environ.update({k: env[k] for k in ("CALLBACK_MODE", "CALLBACK_DATABASE_URL",
                                                   "CALLBACK_BROKER_URL", "CALLBACK_DATA_DIR")})
            for round_, workers in enumerate(WORKER_COUNTS):
                rows += _round(workers, round_, env, wav, folder)
        finally:
            os.environ.clear()
            os.environ.update(saved_env)
            redis.stop()
            pg.stop()
    return rows
