"""The Prepare page, driven like a user would: type, tick, click, and see what changes.

Runs the whole app (streamlit_app.py) with a throwaway data folder; the first run creates the sample
target "Customer Success Manager at Brightwater Analytics" with Dana Whitfield and Marcus Oyelaran
on the panel.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import storage
from coach import interview, prepare
from scoring import score_answer

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "streamlit_app.py"
PAGE = "app_pages/prepare.py"
PLAN, FIRST, POSTING, COMPANY, INTERVIEWERS, LOGISTICS, REFERENCES, RESUME, ASK, LETTERS = range(10)


def plain(text: str) -> str:
    """Markdown as the user reads it (the page escapes user text with backslashes)."""
    return re.sub(r"\\(.)", r"\1", text).replace("  \n", "\n")


def shown(elements) -> list[str]:
    return [plain(e.value) for e in elements]


def key_of(name: str) -> str:
    return hashlib.sha1(name.lower().encode()).hexdigest()[:8]


@pytest.fixture
def app(data_dir):
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def sample_target():
    return storage.list_targets(owner=storage.local_user())[0]


def test_hard_questions_from_the_first_interview_lead_the_next_mock_interview(app, me):
    app.text_area(key="fi-hard").input("Tell me about a customer you lost.\nWhy are you leaving Acme?")
    app.button(key="fi-save").click().run()
    assert shown(app.success) == ["First-interview review saved."]
    plan = " ".join(shown(app.tabs[PLAN].markdown))
    assert "Tell me about a customer you lost." in plan and "Why are you leaving Acme?" in plan

    app.button(key="practise-priorities").click().run()
    assert not app.exception
    planned = [p.question for p in app.session_state["mock"]["planned"]]
    assert planned[0].category == "opener"
    assert [q.text for q in planned[1:3]] == ["Tell me about a customer you lost.", "Why are you leaving Acme?"]


def test_a_hard_question_leaves_the_plan_after_a_high_score(app, me):
    target = sample_target()
    prepare.save_first_interview(target.id, "Tell me about a customer you lost.\nWhy are you leaving Acme?", user=me)
    lost = prepare.first_interview_questions(target.id, user=me)[0]
    session = storage.start_session(target.id, "realistic", [lost.id], owner=me)
    answer = storage.add_answer(session.id, lost.to_dict(), typed_text="A much better answer.", owner=me)
    storage.save_result(answer.id, None, {"overall": 88, "matched": [], "missed": []}, 88, owner=me)

    app.switch_page(PAGE).run()
    plan = " ".join(shown(app.tabs[PLAN].markdown))
    assert "Why are you leaving Acme?" in plan and "Tell me about a customer you lost." not in plan
    assert any("Tell me about a customer you lost. · _best 88/100 — practised_" in m
               for m in shown(app.tabs[FIRST].markdown))


def test_a_references_concern_becomes_a_question_in_the_plan(app):
    app.text_input(key="ref-name").input("Sam Lee")
    app.checkbox(key="ref-contacted").check()
    app.text_area(key="ref-asked").input("my experience with large hospital accounts")
    app.button(key="ref-save").click().run()
    question = ("One of your references was asked about “my experience with large hospital accounts”. "
                "How would you address that concern?")
    assert any(question in m for m in shown(app.tabs[REFERENCES].markdown))
    assert any(question in m for m in shown(app.tabs[PLAN].markdown))
    assert any("**6. Contact your references** — done" in m for m in shown(app.tabs[PLAN].markdown))


def test_the_requirement_evidence_matrix_shows_the_best_quote(data_dir, me):
    target = interview.ensure_sample_target(user=me)
    question = prepare.first_interview_question("How do you spot churn risk early?")
    text = ("At Acme I set up health scores in Gainsight for 45 hospital accounts and called the sponsor "
            "whenever usage dropped.")
    session = storage.start_session(target.id, "realistic", [question.id], owner=me)
    record = storage.add_answer(session.id, question.to_dict(), typed_text=text, owner=me)
    score = score_answer(question, text, interview.target_rubric(target))
    storage.save_result(record.id, None, score.to_dict(), score.overall, owner=me)
    quote = next(h.quote for h in score.matched if h.keyword == "Gainsight")

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    rows = shown(at.tabs[POSTING].markdown)
    gainsight = next(r for r in rows if r.startswith("**Gainsight**"))
    assert f"“{quote}”" in gainsight and f"answer #{record.id}" in gainsight and f"{score.overall}/100" in gainsight
    assert "**Salesforce** (must-have): _not yet shown_" in rows

    # One click practises the gaps: job questions on requirements no answer has shown yet.
    at.button(key="practise-gaps").click().run()
    planned = [p.question for p in at.session_state["mock"]["planned"]]
    assert planned[1].source == "template" and planned[1].requirement not in ("Gainsight", None)


def test_interviewer_research_shows_rapport_prompts_and_counts_resume_copies(app):
    app.text_input(key=f"iv-name-{key_of('New interviewer')}").input("Priya Shah")
    app.text_input(key=f"iv-title-{key_of('New interviewer')}").input("HR Business Partner")
    app.text_input(key=f"iv-tenure-{key_of('New interviewer')}").input("4")
    app.button(key=f"iv-save-{key_of('New interviewer')}").click().run()
    assert "- Ask Priya how the job has changed over 4 years at Brightwater Analytics." in \
        shown(app.tabs[INTERVIEWERS].markdown)
    assert any(c.label.startswith("4 printed copies of my resume") for c in app.tabs[LOGISTICS].checkbox)


def test_a_thank_you_note_names_the_interviewer_and_the_noted_detail(app):
    app.text_input(key=f"ty-detail-{key_of('Dana Whitfield')}").input("the Toronto office opening").run()
    note = next(t.value for t in app.text_area if t.key.startswith(f"ty-text-{key_of('Dana Whitfield')}-"))
    assert note.startswith("Subject: Thank you")
    assert "Dear Dana Whitfield," in note and "as VP of Customer Success" in note
    assert "our conversation about the Toronto office opening" in note
    assert "Dana Whitfield" not in next(t.value for t in app.text_area
                                        if t.key.startswith(f"ty-text-{key_of('Marcus Oyelaran')}-"))


def test_a_question_to_ask_that_repeats_the_first_interview_is_flagged(app):
    app.multiselect(key="qa-before").set_value(["ask-011"])
    app.multiselect(key="qa-picked").set_value(["ask-001", "ask-003", "ask-011", "ask-022", "ask-030"]).run()
    assert shown(app.warning) == ["You already asked “How will my performance be measured?” at the first "
                                  "interview: ask something new."]
    # Each question goes to someone on the panel: expectations to the VP.
    assert app.selectbox(key="qa-whom-ask-003").value == "Dana Whitfield"


def test_a_typed_question_gets_feedback_on_length_and_clarity(app):
    app.text_input(key="qa-typed").input("So, um, given the growth, what is the team like and how do you hire?").run()
    warnings = shown(app.warning)
    assert any(w.startswith("Filler words") for w in warnings)


MEGABYTE_RESUME = "Led a team of 5 people.\n" * 42_000        # 1,008,000 bytes


@pytest.mark.parametrize("case, expected", [
    ("empty interviewer name", "give the interviewer's name"),
    ("1 MB resume", "the resume is too large (1,008 KB; the limit is 100 KB): paste the resume's own text"),
    ("binary resume", "the resume looks like a binary file, not text (paste or upload plain text): resume.txt"),
])
def test_bad_input_gets_a_clear_one_line_message(app, case, expected):
    if case == "empty interviewer name":
        app.text_input(key=f"iv-title-{key_of('New interviewer')}").input("VP")
        app.button(key=f"iv-save-{key_of('New interviewer')}").click().run()
    elif case == "1 MB resume":
        app.text_area(key="rs-text").input(MEGABYTE_RESUME)
        app.button(key="rs-save").click().run()
    else:
        app.file_uploader(key="rs-file").set_value(("resume.txt", b"%PDF-1.7\n\x00\x01\x02\xff" * 50, "text/plain"))
        app.button(key="rs-save").click().run()
    assert shown(app.error) == [expected]
    assert not app.exception


def test_asking_a_question_aloud_is_transcribed_with_feedback(app):
    from speech.tts import synthesize, tts_status

    if not tts_status()[0]:
        pytest.skip(tts_status()[1])
    app.audio_input(key="qa-audio").set_value(("ask.wav", synthesize("How will my performance be measured?"),
                                               "audio/wav")).run()
    assert any("performance" in t.value.lower() for t in app.text)
    assert any(s.startswith("Clear and short: one question") for s in shown(app.success))
