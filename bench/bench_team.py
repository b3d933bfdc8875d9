"""Team figures: 40 students each submit a 60-second spoken answer at the same moment, served by 1
and then 2 transcription workers — on this machine, with every part real.

- PostgreSQL and Redis are real servers (deploy/servers.py); the workers are real `callback
  worker` processes with the real Whisper model.
- The students are 40 signed-in sessions of the app's own Practice page, run by Streamlit's AppTest
  in this process, which plays the web server: each saves its recording and puts it on the queue,
  exactly as in the browser. All 40 submit at once (one thread each).
- Reported for each worker count: how many of the 40 were scored and how many lost, answers per
  minute (first submission to last score), the median and 95th-percentile time from submission to
  score, the workers' CPU seconds per answer and peak memory (what sizing needs), the web process's
  memory with the 40 sessions open, and the database's size per answer (recording included).

CALLBACK_BENCH_STUDENTS (default 40) and CALLBACK_BENCH_WORKERS (default "1,2") shrink a trial run.
"""
from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from bench.common import Row

STUDENTS = int(os.environ.get("CALLBACK_BENCH_STUDENTS", "40"))
WORKER_COUNTS = [int(n) for n in os.environ.get("CALLBACK_BENCH_WORKERS", "1,2").split(",")]
ISSUER = "https://bench.callback.invalid"
ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
TIMEOUT_S = 1800


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def _tree(pid: int):
    import psutil

    try:
        proc = psutil.Process(pid)
        return [proc] + proc.children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _cpu_s(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        for p in _tree(pid):
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except Exception:  # noqa: BLE001 — a process that just ended
                pass
    return total


def _memory_mb(pids: list[int]) -> float:
    """Proportional set size of the processes and their children: pages a forked pool process
    shares with its parent are counted once, not twice as RSS would."""
    total = 0
    for pid in pids:
        for p in _tree(pid):
            try:
                total += p.memory_full_info().pss
            except Exception:  # noqa: BLE001 — a process that just ended
                pass
    return total / 1e6


def _person(round_: int, n: int) -> dict:
    return {"is_logged_in": True, "iss": ISSUER, "sub": f"r{round_}-student-{n}", "email_verified": True,
            "email": f"r{round_}.student{n}@bench.invalid", "name": f"Student {n}"}


def _practice_session(person: dict):
    """A signed-in student on the Practice page, at the first question of a mock interview."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=600)
    at.user = person
    at.secrets["auth"] = {"redirect_uri": "http://127.0.0.1/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "bench", "client_secret": "bench",
                          "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
    at.run()
    at.switch_page("app_pages/practice.py").run()
    at.button[0].click().run()  # start the mock interview
    if at.exception:
        raise RuntimeError(f"the Practice page raised: {[e.value for e in at.exception]}")
    return at


def _burst(sessions: dict, wav: bytes) -> dict[str, float]:
    """Every session submits its recording at the same moment; returns subject → submit time."""
    submitted: dict[str, float] = {}
    errors: list[str] = []
    barrier = threading.Barrier(len(sessions))

    def submit(sub, at):
        at.audio_input[0].set_value(("answer.wav", wav, "audio/wav"))
        barrier.wait()
        submitted[sub] = time.time()
        at.run()
        if at.exception:
            errors.append(str(at.exception[0].value))

    threads = [threading.Thread(target=submit, args=item) for item in sessions.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"{len(errors)} submissions failed, e.g.: {errors[0]}")
    return submitted


def _answers(people: dict) -> dict[str, list]:
    import storage

    return {sub: storage.list_answers(owner=storage.sign_in(ISSUER, sub, email=p["email"], name=p["name"]))
            for sub, p in people.items()}


PEAK_PER_MIN = 200      # the sizing question: a centre's peak, answers a minute
UTILISATION = 0.7       # plan transcription cores to be this busy at the peak


def _round(workers: int, round_: int, env: dict, wav: bytes, folder: Path) -> list[Row]:
    from deploy.servers import Worker

    people = {p["sub"]: p for p in (_person(round_, n) for n in range(STUDENTS))}
    sessions = {}
    for sub, p in people.items():
        sessions[sub] = _practice_session(p)
        if len(sessions) == 1:  # the app's code is loaded now: what follows is per session
            web_one_mb = _memory_mb([os.getpid()])
    pool = [Worker(env, folder / f"round{round_}-worker{i}.log", name=f"bench{i}").start() for i in range(workers)]
    worker_peak_mb = 0.0
    try:
        for w in pool:  # each pool process loads the model at its start, before any answer
            deadline = time.monotonic() + 180
            while "speech model loaded" not in w.log_since_start() and time.monotonic() < deadline:
                time.sleep(0.2)
        pids = [w.process.pid for w in pool]
        cpu_before = _cpu_s(pids)
        submitted = _burst(sessions, wav)
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            worker_peak_mb = max(worker_peak_mb, _memory_mb(pids))
            answers = _answers(people)
            done = all(a and all(x.status in ("scored", "failed") for x in a) for a in answers.values())
            if done or time.monotonic() > deadline:
                break
            time.sleep(1.0)
        cpu = _cpu_s(pids) - cpu_before
    finally:
        for w in pool:
            w.stop()
    web_mb = _memory_mb([os.getpid()])
    scored = {sub: a[0] for sub, a in answers.items() if len(a) == 1 and a[0].status == "scored"}
    lost = STUDENTS - len(scored)
    latencies = [a.updated_at.timestamp() - submitted[sub] for sub, a in scored.items()]
    first = min(submitted.values())
    span = max(a.updated_at.timestamp() for a in scored.values()) - first if scored else float("inf")
    label = f"{STUDENTS} x 60 s answers at once, {workers} worker{'s' if workers > 1 else ''}"
    rows = [
        Row("team", f"{label}: scored", len(scored), "answers", f"= {STUDENTS}", lost == 0),
        Row("team", f"{label}: lost", lost, "answers", "= 0", lost == 0),
        Row("team", f"{label}: throughput", 60 * len(scored) / span if scored else 0.0, "answers/min"),
    ]
    if latencies:
        rows += [
            Row("team", f"{label}: submit -> score, median", statistics.median(latencies), "s"),
            Row("team", f"{label}: submit -> score, 95th percentile", percentile(latencies, 0.95), "s"),
            Row("team", f"{label}: worker CPU per answer", cpu / len(scored), "s"),
            Row("team", f"{label}: sizing, CPU cores to transcribe {PEAK_PER_MIN} answers/min "
                        f"at {UTILISATION:.0%} busy", PEAK_PER_MIN * cpu / len(scored) / 60 / UTILISATION, "cores"),
        ]
    rows += [
        Row("team", f"{label}: workers' peak memory (all processes)", worker_peak_mb, "MB"),
        Row("team", f"{label}: web process memory, {STUDENTS} sessions open", web_mb, "MB"),
        Row("team", f"{label}: web process memory per open session", (web_mb - web_one_mb) / max(1, STUDENTS - 1),
            "MB"),
    ]
    return rows


def _database(url: str) -> tuple[int, int]:
    """The database's size in bytes and the number of answers in it."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return (conn.execute(text("SELECT pg_database_size(current_database())")).scalar(),
                    conn.execute(text("SELECT count(*) FROM answers")).scalar())
    finally:
        engine.dispose()


def run() -> list[Row]:
    from bench.bench_transcribe import _answer_60s
    from deploy.servers import PostgresCluster, RedisServer, team_env
    from tests.clips import real_clips

    rows: list[Row] = []
    saved_env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="callback-bench-team-") as tmp:
        folder = Path(tmp)
        folder.chmod(0o755)  # PostgreSQL runs as its own user in a folder below this one
        wav = _answer_60s(real_clips(), folder / "answer-60s.wav").read_bytes()
        pg = PostgresCluster(folder / "postgres").start()
        redis = RedisServer(folder / "redis", persistent=False).start()
        try:
            env = team_env(pg.url, redis.url, folder / "data")
            os.environ.update({k: env[k] for k in ("CALLBACK_MODE", "CALLBACK_DATABASE_URL",
                                                   "CALLBACK_BROKER_URL", "CALLBACK_DATA_DIR")})
            import storage

            storage.Database()  # the schema, so that what follows measures only the answers
            empty, _ = _database(pg.url)
            for round_, workers in enumerate(WORKER_COUNTS):
                rows += _round(workers, round_, env, wav, folder)
            size, answers = _database(pg.url)
            rows.append(Row("team", "database growth per 60 s answer (recording, transcript, score)",
                            (size - empty) / 1e6 / max(1, answers), "MB"))
        finally:
            os.environ.clear()
            os.environ.update(saved_env)
            redis.stop()
            pg.stop()
    return rows
