"""Fixtures and helpers for the team-mode tests: real Redis, real Celery workers, the real Node
OpenID Connect provider (deploy/oidc), and the web server in team mode.

No silent skips: a machine without redis-server, PostgreSQL or Node fails these tests with the
command that installs what is missing (`make test` and `.ci/run` install them).

Redis comes from pytest-redis (`factories.redis_proc`), which starts Debian's redis-server as a
real process on a free port; its `noproc` and client fixtures are not needed here.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from deploy.servers import DemoUser, OidcProvider, ServerError, Worker, free_port, team_env

STUDENT_ONE = DemoUser("student-one", "one@students.example", "Student One", "pw-one-123")
STUDENT_TWO = DemoUser("student-two", "two@students.example", "Student Two", "pw-two-456")
COACH = DemoUser("coach", "coach@staff.example", "Coach Carter", "pw-coach-789")
DEMO_USERS = [STUDENT_ONE, STUDENT_TWO, COACH]


# About a minute of speech: transcribing it takes seconds, the window in which a test kills a worker.
LONG_ANSWER = (
    "Let me walk you through a renewal I saved. The situation was a regional hospital network that "
    "planned to leave us at the end of the year. My task was to keep the account. First I met the "
    "finance director and listened to every complaint. Then I built a recovery plan with weekly check "
    "ins, retrained their nurses on the reporting tool, and fixed the three largest data problems. The "
    "result was that they renewed the contract for two more years, and they became one of our "
    "strongest references. Looking back, what made the difference was listening first. I asked the "
    "director what a good year would look like for her team, wrote it down, and reported against it "
    "every month. When a problem came up I called her before she found it herself. That habit is "
    "what I would bring to this role from the first week.")


@pytest.fixture(scope="session")
def long_answer_wav() -> bytes:
    """About a minute of a spoken interview answer (real pyttsx3 + espeak-ng)."""
    from speech.tts import synthesize

    return synthesize(LONG_ANSWER, rate_wpm=150)


def start_provider(folder: Path, app_port: int, users=DEMO_USERS) -> OidcProvider:
    try:
        return OidcProvider(folder, list(users), [f"http://127.0.0.1:{app_port}/oauth2callback"]).start()
    except ServerError as err:
        pytest.fail(f"the OpenID Connect provider could not start: {err}")


def start_worker(env: dict, folder: Path, name: str) -> Worker:
    try:
        return Worker(env, folder / f"{name}.log", name=name).start()
    except ServerError as err:
        pytest.fail(str(err))


def wait_for(predicate, timeout_s: float, what: str, interval_s: float = 0.5, describe=None):
    """Poll until `predicate()` is truthy; fail saying what never happened (and what was seen)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval_s)
    seen = f"\n{describe()}" if describe else ""
    pytest.fail(f"{what} did not happen within {timeout_s:.0f} s{seen}")


__all__ = ["COACH", "DEMO_USERS", "LONG_ANSWER", "long_answer_wav", "STUDENT_ONE", "STUDENT_TWO", "free_port", "start_provider",
           "start_worker", "team_env", "wait_for"]
