"""Crashes, several browser tabs, web servers and workers at once: what was recorded is never
lost or mixed up, and counters (attempt numbers, tries) stay right — on SQLite (personal mode)
and PostgreSQL (team mode), with threads and with separate processes."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import storage

REPO = Path(__file__).resolve().parents[1]


def run_at_once(work, n: int) -> list[BaseException]:
    """Run `work(i)` in n threads released together; returns what they raised."""
    failures: list[BaseException] = []
    start = threading.Barrier(n)

    def run(i: int) -> None:
        try:
            start.wait()
            work(i)
        except BaseException as exc:  # surfaced by the caller; a thread's exception is otherwise lost
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


WRITER = """
import sys, time, storage
from pathlib import Path
go, session_id, count, label = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
me = storage.local_user()             # open the database (and load everything) before the start
while not go.exists():
    time.sleep(0.001)
for n in range(count):
    storage.add_answer(session_id, {"id": "opener", "text": "Tell me about yourself"}, None, None,
                       f"{label} {n}", owner=me)
"""


def run_processes_at_once(args_of, n: int, tmp_path: Path, script: str = WRITER) -> None:
    """Start n Python processes running `script`, release them together, and wait for them."""
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-c", script, str(go), *map(str, args_of(i))], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(n)]
    time.sleep(2.0)  # let every process open the database and wait at the line
    go.touch()
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * n, [err[-2000:] for _, err in results]


CRASHING_APP = """
import os, signal, storage
me = storage.local_user()
session = storage.start_session(None, "realistic", ["beh-conflict"], owner=me)
storage.add_answer(session.id, {"id": "beh-conflict", "text": "A conflict?", "category": "behavioural"},
                   b"RIFF" + bytes(range(256)) * 40, "wav", None, owner=me)
# Transcription would start here; the process dies instead (power cut, killed tab server, ...).
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_an_answer_recorded_just_before_a_crash_is_there_afterwards_with_its_audio(folder, me):
    result = subprocess.run([sys.executable, "-c", CRASHING_APP], cwd=REPO, capture_output=True,
                            env={"CALLBACK_DATA_DIR": str(folder), "PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert result.returncode == -9, result.stderr.decode()

    db = storage.Database()  # a new process opening the same file
    [left] = storage.unprocessed_answers(db=db, owner=me)
    assert (left.question_id, left.status, left.audio_format) == ("beh-conflict", storage.UNPROCESSED, "wav")
    assert storage.read_audio(left, db=db, owner=me) == b"RIFF" + bytes(range(256)) * 40
    assert not list((folder / "recordings").glob(".*.part"))


def test_two_tabs_adding_answers_to_two_sessions_at_once_do_not_mix_them_up(db):
    me = storage.local_user()
    sessions = {tab: storage.start_session(None, "realistic", owner=me) for tab in ("tab-a", "tab-b")}

    def practise(i: int) -> None:
        tab = ("tab-a", "tab-b")[i]
        for n in range(25):
            qid = f"q{n % 5}"  # each question answered several times: attempts count up
            storage.add_answer(sessions[tab].id, {"id": qid, "text": qid, "category": "behavioural"},
                               f"{tab} answer {n}".encode(), "webm", None, owner=me)

    assert run_at_once(practise, 2) == []
    for tab, session in sessions.items():
        answers = storage.list_answers(session_id=session.id, owner=me)
        audio = sorted(storage.read_audio(a, owner=me) for a in answers)
        assert audio == sorted(f"{tab} answer {n}".encode() for n in range(25))
        for qid in ("q0", "q1", "q2", "q3", "q4"):
            assert [a.attempt for a in storage.attempts_of(qid, session_id=session.id, owner=me)] == [1, 2, 3, 4, 5]


def test_two_tabs_answering_the_same_question_get_distinct_attempt_numbers(db):
    me = storage.local_user()
    session = storage.start_session(None, "realistic", owner=me)

    def answer_repeatedly(i: int) -> None:
        for n in range(15):
            storage.add_answer(session.id, {"id": "opener", "text": "Tell me about yourself"},
                               None, None, f"tab {i} answer {n}", owner=me)

    assert run_at_once(answer_repeatedly, 3) == []
    attempts = storage.attempts_of("opener", session_id=session.id, owner=me)
    assert sorted(a.attempt for a in attempts) == list(range(1, 46))
    assert sorted(a.typed_text for a in attempts) == sorted(f"tab {i} answer {n}" for i in range(3) for n in range(15))


def test_three_processes_answering_the_same_question_get_distinct_attempt_numbers(db, tmp_path):
    """Web servers (or a web server and the CLI) saving at the same moment: the attempt
    number is guarded by a unique constraint and retried, never read in one transaction and
    written in another."""
    me = storage.local_user()
    session = storage.start_session(None, "realistic", owner=me)

    run_processes_at_once(lambda i: (session.id, 40, f"process {i}"), 3, tmp_path)

    attempts = storage.attempts_of("opener", session_id=session.id, owner=me)
    assert sorted(a.attempt for a in attempts) == list(range(1, 121))
    assert sorted(a.typed_text for a in attempts) == sorted(f"process {i} {n}" for i in range(3) for n in range(40))


def test_workers_taking_the_same_job_at_once_count_every_try(db):
    """A job delivered to several workers (late acknowledgement after a lost worker): each take
    counts, in one UPDATE — and one result is saved, once."""
    me = storage.local_user()
    session = storage.start_session(None, "realistic", owner=me)
    answer = storage.add_answer(session.id, {"id": "opener", "text": "Tell me"}, b"RIFF audio", "wav", None, owner=me)
    storage.mark_queued(answer.id, owner=me)

    assert run_at_once(lambda i: [storage.claim_answer(answer.id) for _ in range(10)], 4) == []
    assert storage.get_answer(answer.id, owner=me).tries == 40

    saved: list = []
    results = [{"overall": 50 + i, "dimensions": {}} for i in range(4)]
    assert run_at_once(lambda i: saved.append(storage.save_result(answer.id, None, results[i], 50 + i, owner=me)), 4) == []
    final = storage.get_answer(answer.id, owner=me)
    assert final.status == storage.SCORED and final.score in results
    assert {s.overall for s in saved} == {final.overall}  # every caller sees the one result kept
    assert [r["answer_id"] for r in storage.progress_rows(owner=me)] == [answer.id]
    assert storage.claim_answer(answer.id) is None  # nothing left to do


def test_first_sign_ins_at_the_same_moment_make_one_account(db):
    accounts: list = []
    assert run_at_once(lambda i: accounts.append(
        storage.sign_in("https://idp.example", "alice", email="Alice@Example.org", name="Alice")), 4) == []
    assert len({a.id for a in accounts}) == 1
    assert len(storage.find_users("alice@example.org", admin=storage.operator())) == 1
