"""Crashes and several browser tabs at once: what was recorded is never lost or mixed up."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

import storage

REPO = Path(__file__).resolve().parents[1]




CRASHING_APP = """
import os, signal, storage
session = storage.start_session(None, "realistic", ["beh-conflict"])
storage.add_answer(session.id, {"id": "beh-conflict", "text": "A conflict?", "category": "behavioural"},
                   b"RIFF" + bytes(range(256)) * 40, "wav", None)
# Transcription would start here; the process dies instead (power cut, killed tab server, ...).
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_an_answer_recorded_just_before_a_crash_is_there_afterwards_with_its_audio(folder):
    result = subprocess.run([sys.executable, "-c", CRASHING_APP], cwd=REPO, capture_output=True,
                            env={"CALLBACK_DATA_DIR": str(folder), "PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert result.returncode == -9, result.stderr.decode()

    db = storage.Database()  # a new process opening the same file
    [left] = storage.unprocessed_answers(db=db)
    assert (left.question_id, left.status, left.audio_format) == ("beh-conflict", storage.UNPROCESSED, "wav")
    assert storage.read_audio(left, db=db) == b"RIFF" + bytes(range(256)) * 40
    assert not list((folder / "recordings").glob(".*.part"))


def test_two_tabs_adding_answers_to_two_sessions_at_once_do_not_mix_them_up(folder):
    sessions = {tab: storage.start_session(None, "realistic") for tab in ("tab-a", "tab-b")}
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def practise(tab: str) -> None:
        try:
            start.wait()
            for n in range(25):
                qid = f"q{n % 5}"  # each question answered several times: attempts count up
                storage.add_answer(sessions[tab].id, {"id": qid, "text": qid, "category": "behavioural"},
                                   f"{tab} answer {n}".encode(), "webm", None)
        except BaseException as exc:  # surfaced below; a thread's exception is otherwise lost
            failures.append(exc)

    threads = [threading.Thread(target=practise, args=(tab,)) for tab in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    for tab, session in sessions.items():
        answers = storage.list_answers(session_id=session.id)
        audio = sorted(storage.read_audio(a) for a in answers)
        assert audio == sorted(f"{tab} answer {n}".encode() for n in range(25))
        for qid in ("q0", "q1", "q2", "q3", "q4"):
            assert [a.attempt for a in storage.attempts_of(qid, session_id=session.id)] == [1, 2, 3, 4, 5]


def test_two_tabs_answering_the_same_question_get_distinct_attempt_numbers(folder):
    session = storage.start_session(None, "realistic")
    failures: list[BaseException] = []

    def answer_repeatedly() -> None:
        try:
            for _ in range(15):
                storage.add_answer(session.id, {"id": "opener", "text": "Tell me about yourself"},
                                   None, None, "about me")
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=answer_repeatedly) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    attempts = [a.attempt for a in storage.attempts_of("opener", session_id=session.id)]
    assert sorted(attempts) == list(range(1, 46))
