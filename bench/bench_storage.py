"""Storage figures: the Progress page's queries over 1,000 sessions x 6 scored answers, and how
long saving an answer takes before transcription can start — on SQLite (personal mode) and on
PostgreSQL (team mode, a server started in a temporary folder as the tests do), where the
database also holds the recordings: its growth per 60-second answer feeds the sizing table in
docs/deploy.md.

The whole Progress page must render in <= 1.5 s at that size; progress_rows is one part of it,
so it gets a budget of 0.3 s here. Wall time on a busy 2-core machine varies, so the CPU time
of the same call is reported too.
"""
from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench.common import Row, median_time

SESSIONS = 1_000
ANSWERS_PER_SESSION = 6
BUDGET_S = 0.3
DIMENSIONS = ("job_fit", "structure", "relevance", "delivery")  # as scoring.answer names them
CATEGORIES = ("opener", "behavioural", "situational", "motivation", "role_depth", "closing")


def make_history(db, sessions: int = SESSIONS, per_session: int = ANSWERS_PER_SESSION, seed: int = 1,
                 targets: int = 3) -> None:
    """Fill `db` in bulk with realistic scored answers: full transcript (250 timed words) and score,
    all the local user's (personal mode)."""
    from storage.models import Answer, AnswerFigure, PracticeSession, Target, answer_figures
    from storage.users import local_user

    owner = local_user(db=db).id
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    with db.write() as session:
        n_targets = targets
        targets = [Target(owner_id=owner, company=f"Company {i}", role="Data Engineer", posting_text="posting " * 200,
                          rubric={"items": []}, interviewers=[], notes="", created_at=start, updated_at=start)
                   for i in range(n_targets)]
        session.add_all(targets)
        session.flush()
        session.execute(PracticeSession.__table__.insert(), [
            {"owner_id": owner, "target_id": targets[i % n_targets].id, "mode": "realistic",
             "question_ids": [f"q{j}" for j in range(per_session)], "started_at": start + timedelta(hours=i),
             "finished_at": start + timedelta(hours=i, minutes=30)} for i in range(sessions)])
        session_ids = session.scalars(PracticeSession.__table__.select()
                                      .with_only_columns(PracticeSession.id).order_by(PracticeSession.id)).all()
        answers = []
        for n, session_id in enumerate(session_ids):
            for j in range(per_session):
                score = _score(rng)
                when = start + timedelta(hours=n, minutes=4 * j)
                answers.append({
                    "session_id": session_id, "question_id": f"q{rng.randrange(120)}-{j}",
                    "category": CATEGORIES[j], "attempt": 1, "status": "scored",
                    "question": {"id": f"q{j}", "text": "Tell me about a time you ... " * 3,
                                 "category": CATEGORIES[j], "competencies": ["ownership", "teamwork"]},
                    "audio_path": None, "audio_format": None, "typed_text": None,
                    "transcript": {"text": "word " * 250,
                                   "words": [{"word": "word", "start": k * 0.4, "end": k * 0.4 + 0.3,
                                              "probability": 0.9} for k in range(250)]},
                    "score": score, "overall": score["overall"], "error": None, "tries": 1,
                    "created_at": when, "updated_at": when,
                })
        session.execute(Answer.__table__.insert(), answers)
        ids = session.scalars(Answer.__table__.select().with_only_columns(Answer.id).order_by(Answer.id)).all()
        session.execute(AnswerFigure.__table__.insert(), [
            {"answer_id": answer_id, "session_id": a["session_id"], "question_id": a["question_id"],
             "category": a["category"], "answered_at": a["created_at"], "overall": a["overall"],
             **answer_figures(a["score"], a["question"])}
            for answer_id, a in zip(ids, answers)])


def _score(rng: random.Random) -> dict:
    return {
        "overall": rng.randrange(30, 95),
        "dimensions": {name: {"score": rng.randrange(20, 100), "reasons": ["a reason " * 6] * 3}
                       for name in DIMENSIONS},
        "matched": [{"keyword": kw, "kind": "tool", "weight": 1.0, "quote": "quote " * 8, "start": 1, "end": 9}
                    for kw in rng.sample(["sql", "python", "airflow", "spark", "dbt", "kafka"], 3)],
        "missed": rng.sample(["terraform", "aws", "gcp", "docker"], 2),
        "feedback": ["feedback line " * 5] * 4, "sketch": "sketch " * 40,
        "metrics": {"words": 250, "duration_s": 100.0, "wpm": rng.uniform(100, 180),
                    "fillers": 4, "fillers_per_min": rng.uniform(0, 6), "long_pauses": 1, "filler_spans": []},
    }


def _median_cpu(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def run() -> list[Row]:
    from storage.answers import add_answer
    from storage.db import Database
    from storage.engine import forget_engine
    from storage.progress import practice_history, progress_rows
    from storage.sessions import start_session
    from storage.users import local_user

    size = f"{SESSIONS:,} sessions x {ANSWERS_PER_SESSION} answers"
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        db = Database(url=url, folder=folder)
        make_history(db)
        me = local_user(db=db)
        assert len(progress_rows(owner=me, db=db)) == SESSIONS * ANSWERS_PER_SESSION
        wall = median_time(lambda: progress_rows(owner=me, db=db), runs=7)
        cpu = _median_cpu(lambda: progress_rows(owner=me, db=db))
        history = median_time(lambda: practice_history(1, owner=me, db=db), runs=5)
        session = start_session(None, "realistic", owner=me, db=db)
        recording = bytes(1_000_000)  # about a minute of compressed speech
        question = {"id": "q", "text": "Tell me about yourself", "category": "opener"}
        save = median_time(lambda: add_answer(session.id, question, recording, "webm", None, owner=me, db=db), runs=5)
        size_mb = (Path(folder) / "bench.db").stat().st_size / 1e6
        forget_engine(url)
    return [*_sqlite_rows(wall, cpu, history, save, size_mb, size), *_postgres_rows(size)]


def _sqlite_rows(wall, cpu, history, save, size_mb, size) -> list[Row]:
    return [
        Row("storage", f"progress_rows, {size} (wall)", wall * 1000, "ms",
            f"<= {BUDGET_S * 1000:.0f} ms (part of the 1.5 s page)", wall <= BUDGET_S),
        Row("storage", f"progress_rows, {size} (CPU)", cpu * 1000, "ms"),
        Row("storage", "practice_history of one target (2,000 answers)", history * 1000, "ms"),
        Row("storage", "add_answer with a 1 MB recording (fsync, before transcription)", save * 1000, "ms"),
        Row("storage", f"database file at {SESSIONS * ANSWERS_PER_SESSION:,} answers", size_mb, "MB"),
    ]


def _postgres_rows(size: str) -> list[Row]:
    from bench.bench_transcribe import _answer_60s
    from storage.answers import add_answer, save_result
    from storage.db import Database, forget
    from storage.progress import progress_rows
    from storage.sessions import start_session
    from storage.users import local_user, sign_in
    from tests.clips import real_clips
    from tests.postgres_server import PostgresServer

    server = PostgresServer.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            recording = _answer_60s(real_clips(), Path(folder) / "answer-60s.wav").read_bytes()
            url = server.create_database()
            db = Database(url=url, folder=folder)
            make_history(db)  # the history belongs to one user; another one records below
            wall = median_time(lambda: progress_rows(owner=local_user(db=db), db=db), runs=7)
            me = sign_in("https://bench.example", "student", db=db)
            session = start_session(None, "realistic", owner=me, db=db)
            question = {"id": "q", "text": "Tell me about yourself", "category": "opener"}
            answers = 20
            before = _pg_size(db)
            start = time.perf_counter()
            for _ in range(answers):
                answer = add_answer(session.id, question, recording, "wav", None, owner=me, db=db)
                save_result(answer.id, {"text": "word " * 150, "words": [
                    {"word": "word", "start": k * 0.4, "end": k * 0.4 + 0.3, "probability": 0.9} for k in range(150)]},
                    _score(random.Random(answer.id)), 70, owner=me, db=db)
            per_answer = (time.perf_counter() - start) / answers
            growth = (_pg_size(db) - before) / answers / 1e6
            forget(url)
    finally:
        server.stop()
    return [
        Row("storage", f"PostgreSQL: progress_rows, {size} (wall)", wall * 1000, "ms",
            f"<= {BUDGET_S * 1000:.0f} ms", wall <= BUDGET_S),
        Row("storage", "PostgreSQL: add_answer with a 60 s WAV, then its result", per_answer * 1000, "ms"),
        Row("storage", f"PostgreSQL: database growth per 60 s answer (WAV {len(recording) / 1e6:.2f} MB)",
            growth, "MB"),
    ]


def _pg_size(db) -> int:
    from sqlalchemy import text

    with db.read() as session:
        return int(session.execute(text("SELECT pg_database_size(current_database())")).scalar())
