"""Shared test set-up: no test ever touches the user's real Callback folder."""
from __future__ import annotations

import os
import tempfile

import pytest


def pytest_configure(config):
    # Modules that read the data folder at import time see a throwaway one; tests that need their
    # own folder set CALLBACK_DATA_DIR again with the `data_dir` fixture.
    os.environ.setdefault("CALLBACK_DATA_DIR", tempfile.mkdtemp(prefix="callback-tests-"))


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A fresh, empty Callback data folder for one test (its database closed afterwards)."""
    from storage.db import default_url, forget

    folder = tmp_path / "callback-data"
    folder.mkdir()
    monkeypatch.setenv("CALLBACK_DATA_DIR", str(folder))
    monkeypatch.delenv("CALLBACK_DATABASE_URL", raising=False)
    yield folder
    forget(default_url(folder))


@pytest.fixture
def folder(data_dir):
    """The storage tests' name for the data folder."""
    return data_dir


TEMPLATE_DB = "callback_template"


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for this test run (tests/postgres_server.py), with a template
    database at the current schema that each test's database is copied from."""
    from storage.db import Database, forget
    from tests.postgres_server import PostgresServer

    server = PostgresServer.start()
    try:
        server.execute(f'CREATE DATABASE "{TEMPLATE_DB}"')
        url = server.url(TEMPLATE_DB)
        Database(url=url, folder=server.base / "unused-data-folder")
        forget(url)  # a template must have no connections when it is copied
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres, data_dir, monkeypatch):
    """A fresh PostgreSQL database at the current schema, as CALLBACK_DATABASE_URL (team mode)."""
    from storage.db import forget

    url = postgres.create_database(template=TEMPLATE_DB)
    monkeypatch.setenv("CALLBACK_DATABASE_URL", url)
    yield url
    forget(url)
    postgres.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, data_dir):
    """The database of one test, once on SQLite (personal mode: a file in the data folder) and
    once on PostgreSQL (team mode): `storage.Database()` and every default use it."""
    import storage

    if request.param == "postgresql":
        request.getfixturevalue("postgres_url")
    return storage.Database()


SPOKEN_ANSWER = (
    "In my last role I ran quarterly business reviews with hospital finance teams. "
    "I used Gainsight to spot churn risk early, and as a result churn fell by twelve percent in one year."
)


@pytest.fixture(scope="session")
def spoken_answer_wav() -> bytes:
    """A short interview answer spoken by the real synthesizer (pyttsx3 + espeak-ng)."""
    from speech.tts import synthesize

    return synthesize(SPOKEN_ANSWER, rate_wpm=150)


@pytest.fixture(scope="session")
def silence_wav() -> bytes:
    """Three seconds of digital silence, as a 16 kHz WAV like st.audio_input sends."""
    import io
    import wave

    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x00\x00" * 16000 * 3)
    return buf.getvalue()


@pytest.fixture
def me(data_dir):
    """Personal mode's local user, who owns everything in the test's data folder."""
    import storage

    return storage.local_user()
