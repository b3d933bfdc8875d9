"""What the user reads in a real Chromium: imported question text exactly as it was written (never
a link, colour, formula, icon or script), and whole session numbers on the Progress charts.

Run: `.venv/bin/python -m pytest tests/test_browser_text.py -q` (about a minute on two cores).
"""
from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest

import storage
from browser_support import (
    CHROMIUM, AppServer, go_to, launch_chromium, open_app, screen_text, wait_for_text, wait_until_idle,
)
from coach import interview, question_sets

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's chromium at {CHROMIUM}"),
]
sync_api = pytest.importorskip("playwright.sync_api")

HOSTILE = ("Why us? [click here](http://evil.example) :red[in red] $x^2$ **bold** "
           "<script>window.__pwned=1</script> <img src=x onerror=window.__pwned=2> :material/home: "
           "&lt;b&gt; www.evil.example")
# Markup that any of those would have become, inside the element that shows the text.
RENDERED_MARKUP = "a, strong, em, img, script, .katex, [data-testid=stIconMaterial], span[style*=color], span[role=img]"


@pytest.fixture
def page(data_dir, tmp_path):
    """A Callback server on this test's data folder, and a Chromium page (its microphone unused)."""
    silence = tmp_path / "silence.wav"
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\0\0" * 1600)
    silence.write_bytes(buffer.getvalue())
    server = AppServer(data_dir, tmp_path / "streamlit.log")
    with sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright, silence)
        try:
            server.start()
            page = browser.new_page(viewport={"width": 1280, "height": 1400})
            page.server = server
            yield page
        finally:
            browser.close()
            server.stop()
            print(f"--- streamlit log ---\n{server.log()}")


def visible(locator) -> str:
    return locator.inner_text().replace("\u2060", "").strip()  # the invisible joiner that stops autolinks


def assert_literal(element) -> None:
    assert visible(element) == HOSTILE
    assert element.locator(RENDERED_MARKUP).count() == 0, element.inner_html()


def test_hostile_imported_question_text_is_shown_literally(page, tmp_path):
    upload = tmp_path / "my-questions.csv"
    upload.write_text('id,text,category\nmy-001,"' + HOSTILE.replace('"', '""') + '",motivation\n', encoding="utf-8")
    question_sets.import_question_set(upload)
    open_app(page, page.server)
    go_to(page, "Practice")

    # "One question I pick": the imported question is offered, first.
    page.get_by_test_id("stRadio").get_by_text("One question I pick").click()
    wait_until_idle(page)
    picker = page.get_by_test_id("stSelectbox").filter(has_text="Question").first
    picker.wait_for(timeout=30_000)
    assert picker.get_by_role("combobox").input_value() == HOSTILE
    page.get_by_role("button", name="Start the mock interview").click()
    wait_for_text(page, "Question 1 of 1")
    wait_until_idle(page)

    heading = page.get_by_test_id("stHeading").filter(has_text="Why us?").first
    assert_literal(heading)

    # Answer it, finish: the summary names the question just as literally.
    page.get_by_role("tab", name="Type").click()
    page.get_by_label("Type your answer").fill("I led the QBRs in Gainsight and cut churn by 12% in a year.")
    page.get_by_role("button", name="Score my typed answer").click()
    page.get_by_test_id("stMetric").first.wait_for(timeout=90_000)
    page.get_by_role("button", name="Finish the interview").click()
    wait_for_text(page, "Question by question")
    wait_until_idle(page)
    line = page.get_by_test_id("stMarkdown").filter(has_text="1. Why us?").first
    assert visible(line).startswith(f"1. {HOSTILE} — ") and visible(line).endswith("/100")
    assert line.locator(RENDERED_MARKUP.replace("strong, ", "")).count() == 0, line.inner_html()

    # Its review, one click away, shows it the same way.
    page.get_by_role("button", name="Review").first.click()
    page.get_by_test_id("stHeading").filter(has_text="Review").first.wait_for(timeout=90_000)
    wait_until_idle(page)
    title = page.get_by_test_id("stMarkdown").filter(has_text="Why us?").first
    assert visible(title) == HOSTILE
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img[src=x]").count() == 0


def test_the_progress_charts_number_one_session_1_not_1_000000(page, me):
    target = interview.ensure_sample_target(user=me)
    mock = interview.start_mock_interview(target.id, n=3, seed=1, user=me)
    interview.process_answer(interview.submit_answer(
        mock.session_id, mock.questions[1].question, typed_text="I ran QBRs in Gainsight and cut churn by 12%.", user=me).id, user=me)
    assert len(storage.list_sessions(owner=me)) == 1
    open_app(page, page.server)
    go_to(page, "Progress")
    page.wait_for_function(
        "() => { const c = [...document.querySelectorAll('[data-testid=stVegaLiteChart]')];"
        " return c.length >= 3 && c.every(e => e.querySelector('svg text')); }", timeout=60_000)

    # The x axis of the overall and per-dimension charts: its tick labels and title.
    for chart in page.get_by_test_id("stVegaLiteChart").all()[:2]:
        x_axis = chart.locator("svg g[aria-label^='X-axis']").first
        labels = x_axis.locator("text").evaluate_all("texts => texts.map(t => t.textContent)")
        assert labels[-1] == "Session" and len(labels) >= 2, labels
        assert all(t.isdigit() for t in labels[:-1]), f"session numbers shown as {labels[:-1]}"
