"""The Practice page's set-up form and end-of-interview summary, imported question text shown
literally, and the job a new tab opens on — the whole app under AppTest, on a real SQLite file.

AppTest does not render Markdown, so what the page would show is checked by rendering the page's
Markdown with a real CommonMark renderer (the browser test checks the same in Chromium).
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

import storage
from coach import interview, question_sets

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
HOSTILE_QUESTION = ("Why us? [click](http://evil.example) :red[x] $x^2$ **bold** <script>alert(1)</script> "
                    ":material/home: bob@evil.example")


def open_practice() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("app_pages/practice.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(markdown: str) -> str:
    """The text a reader sees for this Markdown. User text that turned into markup would lose its
    characters here (`**bold**` would read "bold"); links, images and HTML fail at once."""
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    assert not re.search(r"<(a|img|script)\b", rendered), rendered
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip().replace("\u2060", "")


def import_hostile_question(tmp_path) -> None:
    upload = tmp_path / "mine.csv"
    upload.write_text('id,text,category\nmy-001,"' + HOSTILE_QUESTION.replace('"', '""') + '",motivation\n',
                      encoding="utf-8")
    question_sets.import_question_set(upload)


def test_the_form_shows_the_category_and_question_pickers_only_for_their_modes(data_dir, tmp_path):
    import_hostile_question(tmp_path)
    at = open_practice()
    labels = lambda: [s.label for s in at.selectbox]  # noqa: E731
    assert "Category" not in labels() and "Question" not in labels()
    assert [s.label for s in at.slider][0] == "Number of questions"

    at.radio(key="setup-mode").set_value("category").run()
    assert "Category" in labels() and "Question" not in labels()

    at.radio(key="setup-mode").set_value("single").run()
    assert "Question" in labels() and "Category" not in labels()
    assert "Number of questions" not in [s.label for s in at.slider]  # one question: nothing to count
    picker = next(s for s in at.selectbox if s.label == "Question")
    assert picker.options[0] == HOSTILE_QUESTION  # the user's own imported questions come first


def test_an_imported_question_can_be_picked_and_its_text_is_shown_literally(data_dir, tmp_path):
    import_hostile_question(tmp_path)
    at = open_practice()
    at.radio(key="setup-mode").set_value("single").run()
    next(s for s in at.selectbox if s.label == "Question").set_value("my-001")
    at.button[0].click().run()  # "Start the mock interview"
    assert not at.exception, [e.value for e in at.exception]
    assert [shown(h.value) for h in at.subheader] == [HOSTILE_QUESTION]

    at.text_area[0].set_value("I would build on the QBR work I led in Gainsight.")
    next(b for b in at.button if b.label == "Score my typed answer").click().run()
    next(b for b in at.button if b.label == "Finish the interview").click().run()
    assert not at.exception, [e.value for e in at.exception]
    summary = [shown(m.value) for m in at.markdown]
    assert any(line.startswith(f"1. {HOSTILE_QUESTION} — ") for line in summary), summary
    assert any(line.startswith("Best answer") and HOSTILE_QUESTION in line for line in summary), summary


def test_the_summary_lists_every_question_with_its_score_and_opens_its_review(data_dir, me):
    at = open_practice()
    at.slider[0].set_value(3)
    at.button[0].click().run()
    answers = ["I am a hard worker.", "At Meridian I ran QBRs in Gainsight and cut churn by 12% in a year."]
    for text in answers:
        at.text_area[0].set_value(text)
        next(b for b in at.button if b.label == "Score my typed answer").click().run()
        next(b for b in at.button if b.label == "Next question").click().run()
    next(b for b in at.button if b.label == "Finish the interview").click().run()  # the third is skipped
    assert not at.exception, [e.value for e in at.exception]

    session = storage.list_sessions(owner=me)[0]
    saved = sorted(storage.list_answers(session_id=session.id, owner=me), key=lambda a: a.id)
    planned = [q.question.text for q in at.session_state["mock"]["planned"]]
    lines = [shown(m.value) for m in at.markdown if re.match(r"\d\\\.", m.value)]
    assert lines == [f"1. {planned[0]} — {saved[0].overall}/100", f"2. {planned[1]} — {saved[1].overall}/100",
                     f"3. {planned[2]} — not answered"]

    reviews = [b for b in at.button if b.label == "Review"]
    assert len(reviews) == 2
    reviews[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    # The Review page opens with that answer first, above the sessions (which list the newest first).
    first_heading = next(m.value for m in at.markdown if m.value.startswith("**"))
    assert shown(first_heading) == planned[0]


def test_a_new_tab_opens_on_the_job_used_last_not_the_newest(data_dir, me):
    older = interview.create_target("Globex", "Analyst", "We need SQL and Excel. Must have: SQL.", user=me)
    newer = interview.create_target("Initech", "Engineer", "We need Python. Must have: Python.", user=me)
    assert storage.list_targets(owner=me)[0].id == newer.id  # the newest is listed first

    first_tab = AppTest.from_file(APP, default_timeout=120).run()
    assert first_tab.sidebar.selectbox[0].value == newer.id
    first_tab.sidebar.selectbox[0].set_value(older.id).run()

    second_tab = AppTest.from_file(APP, default_timeout=120).run()
    assert not second_tab.exception
    assert second_tab.sidebar.selectbox[0].value == older.id
    assert any("Analyst at Globex" in m.value for m in second_tab.markdown)


def test_the_last_job_survives_saving_the_settings_and_a_deleted_job_is_forgotten(data_dir, me):
    older = interview.create_target("Globex", "Analyst", "We need SQL and Excel.", user=me)
    newer = interview.create_target("Initech", "Engineer", "We need Python.", user=me)
    tab = AppTest.from_file(APP, default_timeout=120).run()
    tab.sidebar.selectbox[0].set_value(older.id).run()
    tab.switch_page("app_pages/settings.py").run()
    next(b for b in tab.button if b.label == "Save settings").click().run()
    assert AppTest.from_file(APP, default_timeout=120).run().sidebar.selectbox[0].value == older.id

    storage.delete_target(older.id, owner=me)
    assert AppTest.from_file(APP, default_timeout=120).run().sidebar.selectbox[0].value == newer.id
