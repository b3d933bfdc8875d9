"""What the user typed or imported comes out as text in Markdown: the app's escaping and the session
report render the user's words literally. Real files, a real CommonMark renderer (markdown-it-py)."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

import storage
from coach import interview
from coach.markup import escape_markdown, escape_markdown_inline
from coach.report import session_markdown

HOSTILE = "[click](http://evil.example) :red[x] $x^2$ **bold** <script>alert(1)</script> &lt; _it_ `code`"


def render(markdown: str) -> str:
    """Markdown → HTML as a CommonMark viewer shows it (GitHub's tables and strikethrough on)."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def visible_text(rendered_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered_html))


@pytest.mark.parametrize("text", [HOSTILE, "# not a heading", "1. not a list", "| a | b |", "~~no~~",
                                  "a\\*b", "- not an item", "> not a quote"])
def test_escaped_markdown_renders_to_exactly_the_text(text):
    shown = render(escape_markdown(text))
    assert visible_text(shown).strip() == text
    assert not re.search(r"<(a|strong|em|code|h\d|ol|ul|li|table|del|script|blockquote)\b", shown), shown


def test_app_markdown_keeps_line_breaks_and_makes_no_links_headings_or_code():
    text = "see http://evil.example or mail bob@evil.example\nTitle\n===\n    not code"
    shown = render(escape_markdown_inline(text))
    assert not re.search(r"<(a|h\d|code|pre)\b", shown), shown
    assert visible_text(shown).replace("\u2060", "") == text.replace("    ", "") + "\n"


def test_the_markdown_report_shows_the_users_words_literally(data_dir, me):
    target = storage.create_target("Acme <b>", "**Analyst**", owner=me)
    session = storage.start_session(target.id, "single", ["my-1"], owner=me)
    answer = storage.add_answer(session.id, {"id": "my-1", "text": HOSTILE, "category": "motivation"},
                                typed_text=f"I said {HOSTILE}\nand more", owner=me)
    interview.process_answer(answer.id, user=me)

    report = session_markdown(session.id, user=me)
    shown = render(report)
    assert not re.search(r"<(a|strong|script|b|code)\b", shown.split("<p><strong>Overall")[0]), shown
    text = visible_text(shown)
    assert text.startswith("Mock interview — **Analyst** at Acme <b>\n")
    assert f"1. {HOSTILE}\n" in text                  # the question, a heading of its own
    assert f"I said {HOSTILE}\nand more" in text      # the answer, quoted; `<` reads as `<`
    assert "**bold**" not in report and "&lt;script" not in report


APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


def test_the_practice_page_shows_a_hostile_question_and_job_name_as_text(data_dir, me):
    from question_bank import import_questions

    target = storage.create_target("**Acme** :red[x]", "<b>Analyst</b>", posting_text="We need SQL.", owner=me)
    upload = data_dir.parent / "mine.csv"
    upload.write_text('id,text,category\nmy-001,"' + HOSTILE.replace('"', '""') + '",motivation\n', encoding="utf-8")
    [question] = import_questions(upload)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["target_id"] = target.id
    at.session_state["start_request"] = {"mode": "realistic", "n": 3, "must_include": [question]}
    at.run()
    at.switch_page("app_pages/practice.py").run()
    next(b for b in at.button if b.label == "Next question").click().run()  # past the opener
    assert not at.exception, [e.value for e in at.exception]

    [heading] = at.subheader
    assert visible_text(render(heading.value)).strip().replace("\u2060", "") == HOSTILE
