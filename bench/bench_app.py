"""App figures, measured through Streamlit's AppTest (the server-side run of each page script):

- from the end of a 60-second recording to the score on screen (model already loaded: it is
  loaded once per process), target <= 4 s;
- switching pages, target <= 300 ms;
- the Progress page with 1,000 sessions x 6 answers in the database, target <= 1.5 s;
- the app's memory: a real `streamlit run` server's peak after a spoken answer recorded in
  Chromium was transcribed and scored with the default engine, target <= 700 MB.

AppTest runs the same scripts the browser gets, minus the network hop and the browser's drawing.
"""
from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import Row

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
PAGES = ["app_pages/welcome.py", "app_pages/practice.py", "app_pages/prepare.py", "app_pages/review.py",
         "app_pages/progress.py", "app_pages/settings.py"]
RUNS = 5


def _timed_run(at, **kwargs) -> float:
    start = time.perf_counter()
    at.run(**kwargs)
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"the app raised: {[e.value for e in at.exception]}")
    return elapsed


def _recording_to_score(answer_wav: bytes, data_dir: Path) -> float:
    from streamlit.testing.v1 import AppTest

    times = []
    for i in range(RUNS):
        # A data folder per run: in one folder the next run would resume the unfinished interview.
        os.environ["CALLBACK_DATA_DIR"] = str(data_dir / f"run{i}")
        at = AppTest.from_file(APP, default_timeout=300).run()
        at.switch_page("app_pages/practice.py").run()
        at.button[0].click().run()  # start the mock interview
        at.audio_input[0].set_value(("answer.wav", answer_wav, "audio/wav"))
        times.append(_timed_run(at))
        assert any(m.label == "Overall" for m in at.metric), "no score on screen"
    return statistics.median(times[1:])  # the first run also loads the model


def _page_switches() -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120).run()
    times = []
    for _ in range(RUNS):
        for page in PAGES:
            at.switch_page(page)
            times.append(_timed_run(at))
    return statistics.median(times)


def _progress_page_large() -> float:
    from streamlit.testing.v1 import AppTest

    import storage
    from bench.bench_storage import make_history

    make_history(storage.Database(), targets=1)  # every session on the job the page shows
    times = []
    for _ in range(RUNS):
        at = AppTest.from_file(APP, default_timeout=120).run()
        at.switch_page("app_pages/progress.py")
        times.append(_timed_run(at))
    return statistics.median(times)


def _peak_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):   # the process's peak resident memory
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc")


def _server_peak_memory(tmp: Path, torch_free: bool) -> float:
    """Peak memory (MB) of a real `streamlit run` server after a spoken answer recorded in Chromium
    (fake microphone) was transcribed and scored with the default engine. `torch_free` hides torch,
    as the default install has none (the test install's openai-whisper brings it; spaCy's thinc
    then imports it)."""
    from playwright import sync_api

    from tests.browser_support import (AppServer, go_to, launch_chromium, metric_value, open_app,
                                       record_answer, start_mock_interview, write_spoken_answer)

    tmp.mkdir(parents=True, exist_ok=True)
    wav = tmp / "answer.wav"
    seconds = write_spoken_answer(
        "At my last job I ran the weekly stock count and found a gap of forty units, so I traced "
        "it to a receiving error, fixed the process with the supplier and the gap closed in a "
        "month.", wav)
    saved_path = os.environ.get("PYTHONPATH")
    if torch_free:
        (tmp / "hide").mkdir(exist_ok=True)
        (tmp / "hide" / "sitecustomize.py").write_text("import sys\nsys.modules['torch'] = None\n")
        os.environ["PYTHONPATH"] = str(tmp / "hide")
    server = AppServer(tmp / "data", tmp / "server.log")
    try:
        server.start()
        with sync_api.sync_playwright() as pw:
            browser = launch_chromium(pw, wav)
            try:
                page = browser.new_page()
                open_app(page, server)
                go_to(page, "Practice")
                start_mock_interview(page, questions=3)
                record_answer(page, seconds + 1.0)
                metric_value(page, "Overall", timeout_ms=180_000)
            finally:
                browser.close()
        return _peak_kb(server.process.pid) / 1024
    finally:
        server.stop()
        if saved_path is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved_path


def run() -> list[Row]:
    from tests.clips import real_clips

    from bench.bench_transcribe import _answer_60s

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CALLBACK_DATA_DIR"] = str(Path(tmp) / "small")
        wav = _answer_60s(real_clips(), Path(tmp) / "answer-60s.wav").read_bytes()
        seconds = _recording_to_score(wav, Path(tmp) / "recording")
        rows.append(Row("app", "end of a 60 s recording -> score on screen", seconds, "s",
                        "<= 4 s", seconds <= 4))
        for torch_free in (True, False):
            mb = _server_peak_memory(Path(tmp) / f"server-{torch_free}", torch_free)
            label = "torch-free, as the default install" if torch_free else "with torch installed"
            rows.append(Row("app", f"`streamlit run` server's peak memory after a spoken answer, {label}",
                            mb, "MB", "<= 700 MB", mb <= 700))
        os.environ["CALLBACK_DATA_DIR"] = str(Path(tmp) / "small")
        ms = _page_switches() * 1000
        rows.append(Row("app", "switching pages (median over the six pages)", ms, "ms", "<= 300 ms", ms <= 300))
        os.environ["CALLBACK_DATA_DIR"] = str(Path(tmp) / "large")
        seconds = _progress_page_large()
        rows.append(Row("app", "Progress page, 1,000 sessions x 6 answers", seconds, "s", "<= 1.5 s",
                        seconds <= 1.5))
    return rows
