"""Every page of the app, driven by Streamlit's AppTest on a real SQLite file and the real engines."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import storage
from coach import interview

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
HOSTILE = "<script>alert('x')</script> [click me](http://evil.example) **bold**"


def open_app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    if page:
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def button(at: AppTest, label: str):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    return matches[0]


def start_interview(at: AppTest) -> AppTest:
    at.switch_page("app_pages/practice.py").run()
    at.button[0].click().run()  # the set-up form's "Start the mock interview"
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_welcome_page_has_a_sample_job_ready_and_one_click_to_practise(data_dir):
    at = open_app()
    assert any("Brightwater Analytics" in m.value for m in at.markdown)
    button(at, "Start a mock interview (5 questions)").click().run()
    assert not at.exception
    assert at.subheader, "the first question is shown"
    assert any("Question 1 of 5" in str(p.proto) for p in at.get("progress"))


def test_creating_a_job_from_a_posting_builds_its_rubric(data_dir, me):
    at = open_app()
    at.text_input[0].set_value("Harbor Clinic")
    at.text_input[1].set_value("Charge Nurse")
    at.text_area[0].set_value(
        "Requirements\n- Active RN license and BLS certification\n- 3+ years of acute care experience\n"
        "- Experience with Epic EHR\n- Strong communication and leadership skills\n"
        "Benefits\n- Dental and vision insurance\n")
    button(at, "Create and build the rubric").click().run()
    assert not at.exception, [e.value for e in at.exception]
    target = next(t for t in storage.list_targets(owner=me) if t.company == "Harbor Clinic")
    keywords = {k.lower() for k in interview.target_rubric(target).keywords()}
    assert any("bls" in k for k in keywords) and any("epic" in k for k in keywords)
    assert not any("dental" in k for k in keywords)


def test_a_binary_posting_gets_one_clear_message_and_nothing_is_created(data_dir, me):
    at = open_app()
    before = len(storage.list_targets(owner=me))
    at.text_input[0].set_value("Acme")
    at.text_input[1].set_value("Analyst")
    at.text_area[0].set_value("\x00\x01\x02" * 50)
    button(at, "Create and build the rubric").click().run()
    assert at.error and "binary" in at.error[0].value.lower()
    assert len(storage.list_targets(owner=me)) == before


def test_practice_page_records_a_real_wav_shows_transcript_and_score_and_saves_it(data_dir, spoken_answer_wav, me):
    at = start_interview(open_app())
    at.audio_input[0].set_value(("answer.wav", spoken_answer_wav, "audio/wav")).run()
    assert not at.exception, [e.value for e in at.exception]
    overall = [m for m in at.metric if m.label == "Overall"]
    shown = {"errors": [e.value for e in at.error], "status": [str(s.proto)[:200] for s in at.get("expandable")],
             "answers": [(a.status, a.error) for a in storage.list_answers(owner=me)]}
    assert overall and overall[0].value.endswith("/100"), shown
    assert any("words per minute" in c.value for c in at.caption)
    # The answer is in the database, scored, with its recording and transcript.
    [answer] = storage.list_answers(owner=me)
    assert answer.status == storage.SCORED and answer.has_audio
    assert "quarterly business review" in answer.transcript["text"].lower()
    assert overall[0].value == f"{answer.overall}/100"
    # the band's name shows beside the number, and what a 5 looks like for this kind of answer
    assert overall[0].delta == answer.score["band"]
    assert any(e.label == "What a 5 looks like" for e in at.expander)


def test_re_recording_keeps_the_first_attempt(data_dir, me):
    at = start_interview(open_app())
    at.text_area[0].set_value("I am a hard worker who loves people.")
    button(at, "Score my typed answer").click().run()
    button(at, "Re-record this answer").click().run()
    at.text_area[0].set_value("At Meridian I ran quarterly business reviews in Gainsight and cut churn by 12%.")
    button(at, "Score my typed answer").click().run()
    assert not at.exception
    attempts = sorted(a.attempt for a in storage.list_answers(owner=me))
    assert attempts == [1, 2]


def test_the_end_of_the_interview_shows_a_summary_and_can_practise_again(data_dir):
    at = open_app("app_pages/practice.py")
    at.slider[0].set_value(3)
    at.button[0].click().run()
    for _ in range(3):
        at.text_area[0].set_value("I am a hard worker.")
        button(at, "Score my typed answer").click().run()
        nxt = [b for b in at.button if b.label in ("Next question", "Finish the interview")][0]
        nxt.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.label == "Overall (average)" for m in at.metric)
    assert any("Weakest answer" in m.value for m in at.markdown)
    assert any("never mentioned" in m.value for m in at.markdown)
    button(at, "Practise these again").click().run()
    assert not at.exception and at.subheader  # a new interview started on the weak answers


def test_review_page_lists_answers_escapes_hostile_text_and_exports_markdown(data_dir, me):
    target = interview.ensure_sample_target(user=me)
    mock = interview.start_mock_interview(target.id, n=3, seed=1, user=me)
    saved = interview.submit_answer(mock.session_id, mock.questions[0].question, typed_text=HOSTILE, user=me)
    interview.process_answer(saved.id, user=me)
    at = open_app("app_pages/review.py")
    # The hostile transcript is shown as text: escaped in HTML, never as a live tag or link.
    htmls = [h.proto.body for h in at.get("html")]
    assert any("&lt;script&gt;" in body for body in htmls)
    assert not any("<script>" in body for body in htmls)
    assert at.get("download_button"), "a Markdown export of the session is offered"
    from coach.report import session_markdown

    report = session_markdown(mock.session_id, user=me)
    assert "\\<script>" in report and "&lt;" not in report  # a backslash, not an HTML entity
    assert "<script>" not in report.replace("\\<script>", "")
    assert "[click me](http" not in report  # brackets escaped: no live link


def test_review_page_shows_an_old_score_and_scores_it_again_on_demand(data_dir, me):
    target = interview.ensure_sample_target(user=me)
    mock = interview.start_mock_interview(target.id, n=3, seed=1, user=me)
    saved = interview.submit_answer(mock.session_id, mock.questions[1].question,
                                    typed_text="At Meridian I ran quarterly business reviews in "
                                               "Gainsight and cut churn by 12% in a year.", user=me)
    old = {"overall": 41, "dimensions": {"structure": {"name": "Evidence and structure", "score": 41,
                                                       "reasons": []}},
           "matched": [], "missed": [], "feedback": ["An old line."], "sketch": "", "metrics": {}}
    storage.save_result(saved.id, None, old, 41, owner=me)
    at = open_app("app_pages/review.py")
    assert any("earlier version of the scorer" in i.value for i in at.info)
    assert any(m.label == "Overall" and m.value == "41/100" for m in at.metric)
    button(at, "Score it with the current scorer").click().run()
    assert not at.exception, [e.value for e in at.exception]
    score = storage.get_answer(saved.id, owner=me).score
    assert score["band"] and score["history"][0]["overall"] == 41
    assert any("Earlier scores of this same answer: 41/100" in c.value for c in at.caption)


def test_review_page_says_when_speech_was_transcribed_a_second_time(data_dir, me):
    # Whisper can return a stretch of speech without words; the repair is recorded in the
    # transcript, and the user is told which seconds to check.
    from scoring import score_answer
    from speech.transcribe import Repair, Transcript

    target = interview.ensure_sample_target(user=me)
    mock = interview.start_mock_interview(target.id, n=3, seed=1, user=me)
    question = mock.questions[0].question
    said = "At Meridian I ran quarterly business reviews and cut churn by 12% in a year."
    saved = interview.submit_answer(mock.session_id, question, typed_text=said, user=me)
    transcript = Transcript(said, duration_s=40.0, repairs=[Repair(3.0, 21.5, 17.0, 0, 31)])
    score = score_answer(question, said, interview.target_rubric(target))
    storage.save_result(saved.id, transcript.to_dict(), score.to_dict(), score.overall, owner=me)
    at = open_app("app_pages/review.py")
    assert any("(3–22 s) first came back without words" in c.value for c in at.caption), \
        [c.value for c in at.caption]


def test_review_page_offers_to_process_an_answer_left_unprocessed(data_dir, spoken_answer_wav, me):
    target = interview.ensure_sample_target(user=me)
    mock = interview.start_mock_interview(target.id, n=3, seed=1, user=me)
    saved = interview.submit_answer(mock.session_id, mock.questions[0].question, audio=spoken_answer_wav, user=me)
    at = open_app("app_pages/review.py")
    assert any("not scored yet" in w.value for w in at.warning)
    button(at, "Process again").click().run()
    assert not at.exception
    assert storage.get_answer(saved.id, owner=me).status == storage.SCORED


def test_progress_page_explains_the_empty_and_one_session_states(data_dir, me):
    at = open_app("app_pages/progress.py")
    assert any("No scored answers yet" in i.value for i in at.info)
    target = interview.ensure_sample_target(user=me)
    mock = interview.start_mock_interview(target.id, n=3, seed=1, user=me)
    interview.process_answer(interview.submit_answer(mock.session_id, mock.questions[1].question,
                                                     typed_text="I ran QBRs in Gainsight and cut churn by 12%.", user=me).id, user=me)
    at = open_app("app_pages/progress.py")
    assert not at.exception, [e.value for e in at.exception]
    assert any("One session so far" in i.value for i in at.info)
    assert len(at.get("vega_lite_chart")) >= 3


def test_progress_page_charts_several_sessions_and_starts_weak_area_practice(data_dir, me):
    target = interview.ensure_sample_target(user=me)
    for seed, text in ((1, "I am a hard worker."), (2, "I ran QBRs in Gainsight and cut churn by 12% in a year.")):
        mock = interview.start_mock_interview(target.id, n=3, seed=seed, user=me)
        interview.process_answer(interview.submit_answer(mock.session_id, mock.questions[1].question, typed_text=text, user=me).id, user=me)
    at = open_app("app_pages/progress.py")
    assert not at.exception
    assert any(m.label == "Sessions" and m.value == "2" for m in at.metric)
    # weak areas by kind of answer and by the criteria the answers missed
    assert any(h.value == "Kinds of answer, weakest first" for h in at.subheader)
    assert any(m.value == "**What your answers most often miss**" for m in at.markdown)
    button(at, "Practise my weak areas").click().run()
    assert not at.exception and at.subheader
    assert storage.list_sessions(owner=me)[0].mode == "weak_areas"


def test_settings_page_saves_preferences_and_deletes_everything_only_when_confirmed(data_dir, me):
    at = open_app("app_pages/settings.py")
    at.slider[1].set_value(80)  # score goal
    button(at, "Save settings").click().run()
    from coach.settings import load_settings

    assert load_settings().target_score == 80
    assert any(str(data_dir) in c.value for c in at.code)
    assert button(at, "Delete everything").disabled
    at.text_input[1].set_value("DELETE").run()
    button(at, "Delete everything").click().run()
    assert storage.list_targets(owner=me) == []


@pytest.mark.parametrize("page", ["app_pages/welcome.py", "app_pages/practice.py", "app_pages/review.py",
                                  "app_pages/progress.py", "app_pages/settings.py"])
def test_a_hostile_job_name_is_shown_as_text_on_every_page(data_dir, page, me):
    storage.create_target("<img src=x onerror=alert(1)>", "[Engineer](http://evil.example)", posting_text="", owner=me)
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    for md in at.markdown:
        assert "](http://evil" not in md.value or "\\]" in md.value
        assert "<img" not in md.value or "\\<img" in md.value


def test_review_page_deletes_one_answer_or_a_whole_session(data_dir, spoken_answer_wav, me):
    target = interview.ensure_sample_target(user=me)
    mock = interview.start_mock_interview(target.id, n=3, seed=1, user=me)
    first = interview.submit_answer(mock.session_id, mock.questions[0].question, typed_text="I am a hard worker.", user=me)
    spoken = interview.submit_answer(mock.session_id, mock.questions[1].question, audio=spoken_answer_wav, user=me)
    for a in (first, spoken):
        interview.process_answer(a.id, user=me)
    recording = data_dir / storage.get_answer(spoken.id, owner=me).audio_path
    assert recording.exists()

    at = open_app("app_pages/review.py")
    [b for b in at.button if b.label == "Delete this answer"][0].click().run()
    assert len(storage.list_answers(owner=me)) == 1
    button(at, "Delete this session and its recordings").click().run()
    assert not at.exception
    assert storage.list_answers(owner=me) == [] and not recording.exists()
    assert any("No answers here yet" in i.value for i in at.info)
