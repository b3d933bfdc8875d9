"""Helpers for the real-browser tests: a Streamlit server in a child process, Chromium with a fake
microphone that "speaks" a WAV file, and the few page gestures the tests repeat.

Why these choices (measured facts in /work/shared/research/speech.md, "Browser end to end"):
- Debian's /usr/bin/chromium, driven by Python Playwright; `playwright install` is never run.
- The fake microphone plays `--use-file-for-fake-audio-capture=FILE%noloop` once, from the moment
  the page opens the microphone (when "Record" is clicked). A missing file silently records
  zeros, so tests assert on what was transcribed, never only that "something" was recorded.
- The server is started from the repository root, because Streamlit reads .streamlit/config.toml
  from the current directory.
"""
from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import wave
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
HEALTH_TIMEOUT_S = 60.0
# Streamlit's own reruns, a transcription on two busy cores, the first model load: generous, and
# only ever waited for when something is actually wrong.
UI_TIMEOUT_MS = 90_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class AppServer:
    """`streamlit run streamlit_app.py` on 127.0.0.1, with its own Callback data folder."""

    data_dir: Path
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "AppServer":
        env = dict(os.environ, CALLBACK_DATA_DIR=str(self.data_dir))
        env.pop("CALLBACK_DATABASE_URL", None)
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
             "--server.headless", "true", "--server.address", "127.0.0.1",
             "--server.port", str(self.port), "--browser.gatherUsageStats", "false",
             # Other people edit this tree while tests run: a file watcher would show "File
             # change. Rerun?" and, with runOnSave, rerun pages under the test's feet.
             "--server.fileWatcherType", "none"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()
        self._wait_healthy()
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200 and reply.read().strip() == b"ok":
                        return
            except OSError:
                pass
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"streamlit was not healthy after {HEALTH_TIMEOUT_S:.0f} s:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL: the app dies mid-work, as on a power cut; nothing gets to clean up."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        """A normal stop (SIGTERM), then SIGKILL if it hangs."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart(self) -> "AppServer":
        """Stop, and start a new server process on the same port and data folder."""
        self.stop()
        return self.start()

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""


def chromium_args(fake_microphone_wav: Path) -> list[str]:
    """Headless Chromium whose microphone is a WAV file, played once, with no permission prompt."""
    return [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={Path(fake_microphone_wav).resolve()}%noloop",
    ]


def launch_chromium(playwright, fake_microphone_wav: Path):
    if not Path(fake_microphone_wav).is_file():
        raise FileNotFoundError(f"the fake microphone's WAV is missing: {fake_microphone_wav}")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=chromium_args(fake_microphone_wav))


def write_spoken_answer(text: str, path: Path, rate_wpm: int = 160) -> float:
    """Speak `text` with the real synthesizer into a WAV at `path`; returns its length in seconds."""
    from speech.tts import synthesize

    wav = synthesize(text, rate_wpm=rate_wpm)
    path.write_bytes(wav)
    with wave.open(io.BytesIO(wav)) as w:
        return w.getnframes() / w.getframerate()


# --- page gestures ------------------------------------------------------------------------------

def wait_until_idle(page, timeout_ms: int = UI_TIMEOUT_MS) -> None:
    """Wait until the app's script run has finished (Streamlit's own marker on the app element)."""
    page.wait_for_timeout(300)  # a just-clicked widget needs a moment to start its rerun
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=timeout_ms)


def wait_for_text(page, text: str, timeout_ms: int = UI_TIMEOUT_MS) -> None:
    """Wait for `text` on screen; on timeout, say what the page showed instead."""
    try:
        page.get_by_text(text).first.wait_for(timeout=timeout_ms)
    except Exception as err:  # Playwright's TimeoutError: re-raise with what the user would see
        raise AssertionError(f"{text!r} never appeared. The page showed:\n{screen_text(page)}") from err


def wait_for_text_gone(page, text: str, timeout_ms: int = UI_TIMEOUT_MS) -> None:
    """Wait until `text` has left the screen (a rerun that removes it may start late on a busy machine)."""
    try:
        page.get_by_text(text).first.wait_for(state="detached", timeout=timeout_ms)
    except Exception as err:  # Playwright's TimeoutError: re-raise with what the user would see
        raise AssertionError(f"{text!r} never went away. The page showed:\n{screen_text(page)}") from err


def screen_text(page) -> str:
    """The main area's visible text, errors and tracebacks included (for failure messages)."""
    try:
        return page.get_by_test_id("stMain").inner_text(timeout=2000)[-3000:]
    except Exception:  # noqa: BLE001 — the page itself may be gone; say so instead
        return "(the page could not be read)"


def open_app(page, server: AppServer) -> None:
    """Open the app at its root URL, as `streamlit run` does, and wait for the first page."""
    page.goto(server.url)
    wait_for_text(page, "Job you are preparing for")
    wait_until_idle(page)


def go_to(page, label: str) -> None:
    """Switch page with the sidebar navigation, keeping this browser tab's session."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=label).click()
    page.get_by_test_id("stHeading").filter(has_text=label).first.wait_for(timeout=UI_TIMEOUT_MS)
    wait_until_idle(page)


def start_mock_interview(page, questions: int = 3) -> None:
    """On Practice: set the number of questions on the set-up form and start."""
    slider = page.get_by_role("slider", name="Number of questions")
    slider.focus()
    # The slider starts at 5 and steps by 1: move it with the keyboard, like a user would.
    current = int(slider.input_value())
    for _ in range(abs(current - questions)):
        slider.press("ArrowLeft" if current > questions else "ArrowRight")
    assert slider.input_value() == str(questions)
    page.get_by_role("button", name="Start the mock interview").click()
    wait_for_text(page, f"Question 1 of {questions}")
    wait_until_idle(page)


def question_audio(page) -> dict:
    """The state of the question's <audio> element (st.audio) as the browser sees it."""
    page.get_by_test_id("stAudio").wait_for(timeout=UI_TIMEOUT_MS)
    return page.get_by_test_id("stAudio").evaluate(
        "a => ({src: a.currentSrc || a.src, autoplay: a.autoplay, paused: a.paused,"
        " played: a.played.length > 0 ? a.played.end(0) : 0, duration: a.duration})")


def wait_until_question_heard(page, timeout_ms: int = 15_000) -> None:
    """Wait until the browser has actually played some of the question (not just loaded it)."""
    page.wait_for_function(
        "() => { const a = document.querySelector('[data-testid=stAudio]');"
        " return a && a.played.length > 0 && a.played.end(0) > 0.5; }", timeout=timeout_ms)


def press_record(page) -> None:
    page.get_by_test_id("stAudioInput").get_by_role("button", name="Record").click()


def press_stop(page) -> None:
    page.get_by_test_id("stAudioInput").get_by_role("button", name="Stop recording").click()


def record_answer(page, seconds: float) -> None:
    """Click Record, let the fake microphone play for `seconds`, click Stop recording."""
    press_record(page)
    page.wait_for_timeout(int(seconds * 1000))
    press_stop(page)


def metric_value(page, label: str, timeout_ms: int = UI_TIMEOUT_MS) -> str:
    """The value shown by the st.metric labelled `label` (waits for it to appear)."""
    metric = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
    value = metric.get_by_test_id("stMetricValue").first
    try:
        value.wait_for(timeout=timeout_ms)
    except Exception as err:  # noqa: BLE001 — Playwright's TimeoutError, with context
        raise AssertionError(f"no {label!r} metric appeared. The page showed:\n{screen_text(page)}") from err
    return value.inner_text().strip()


def shown_transcripts(page) -> list[str]:
    """The transcripts on screen (rendered with st.html, highlights and all)."""
    return [t.strip() for t in page.get_by_test_id("stHtml").all_inner_texts() if t.strip()]


def open_expander(page, containing: str) -> None:
    expander = page.get_by_test_id("stExpander").filter(has_text=containing).first
    expander.locator("summary").first.click()  # its own header, not those of expanders inside it
    wait_until_idle(page)
