"""Team mode's settings, and personal mode staying as simple as it was.

- `callback worker` with a missing or wrong setting ends with exit code 2 and one line saying
  which setting (no traceback);
- personal mode loads none of team mode's machinery (no Celery, no Redis client, no sign-in):
  `make run` needs no server.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def callback(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items()
               if k not in ("CALLBACK_MODE", "CALLBACK_BROKER_URL", "CALLBACK_DATABASE_URL")}
    environ.update(env)
    return subprocess.run([sys.executable, "-m", "coach.cli", *args], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("env, says", [
    ({}, "workers serve team mode only: set CALLBACK_MODE=team"),
    ({"CALLBACK_MODE": "team"}, "team mode needs CALLBACK_DATABASE_URL"),
    ({"CALLBACK_MODE": "team", "CALLBACK_DATABASE_URL": "postgresql://x@127.0.0.1/x"},
     "team mode needs CALLBACK_BROKER_URL"),
    ({"CALLBACK_MODE": "team", "CALLBACK_DATABASE_URL": "postgresql://x@127.0.0.1/x",
      "CALLBACK_BROKER_URL": "amqp://127.0.0.1"}, "CALLBACK_BROKER_URL must be a redis:// URL, not 'amqp'"),
    ({"CALLBACK_MODE": "teams"}, "CALLBACK_MODE must be 'personal' or 'team', not 'teams'"),
    ({"CALLBACK_MODE": "team", "CALLBACK_DATABASE_URL": "postgresql://x@127.0.0.1/x",
      "CALLBACK_BROKER_URL": "redis://127.0.0.1:1/0", "CALLBACK_JOB_MAX_TRIES": "lots"},
     "CALLBACK_JOB_MAX_TRIES must be a whole number, not 'lots'"),
])
def test_a_worker_with_a_missing_or_wrong_setting_says_which_in_one_line(env, says):
    done = callback("worker", **env)
    assert done.returncode == 2
    assert done.stderr.startswith("callback: error: ") and says in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_an_unknown_engine_is_refused_before_anything_starts():
    done = callback("worker", "--engine", "whisper.cpp", CALLBACK_MODE="team",
                    CALLBACK_DATABASE_URL="postgresql://x@127.0.0.1/x", CALLBACK_BROKER_URL="redis://127.0.0.1:1/0")
    assert done.returncode == 2 and "invalid choice: 'whisper.cpp'" in done.stderr


def test_personal_mode_loads_no_team_machinery(tmp_path):
    """The app's pages run in personal mode without Celery, a Redis client or a sign-in screen."""
    script = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({str(ROOT / 'streamlit_app.py')!r}, default_timeout=120).run()\n"
        "for page in ('app_pages/practice.py', 'app_pages/review.py', 'app_pages/settings.py'):\n"
        "    at.switch_page(page).run()\n"
        "    assert not at.exception, [e.value for e in at.exception]\n"
        "assert 'Sign in' not in [b.label for b in at.button]\n"
        "print(sorted(m for m in ('celery', 'kombu', 'redis', 'authlib', 'psycopg') if m in sys.modules))\n"
    )
    environ = {k: v for k, v in os.environ.items()
               if k not in ("CALLBACK_MODE", "CALLBACK_BROKER_URL", "CALLBACK_DATABASE_URL")}
    environ["CALLBACK_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environ, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
