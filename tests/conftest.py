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
    from storage.db import default_url
    from storage.engine import forget_engine

    folder = tmp_path / "callback-data"
    folder.mkdir()
    monkeypatch.setenv("CALLBACK_DATA_DIR", str(folder))
    monkeypatch.delenv("CALLBACK_DATABASE_URL", raising=False)
    yield folder
    forget_engine(default_url(folder))


@pytest.fixture
def folder(data_dir):
    """The storage tests' name for the data folder."""
    return data_dir


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
