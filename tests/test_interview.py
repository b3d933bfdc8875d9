"""A mock interview at the coach level, on a real SQLite file, real speech and the real scorer."""
from __future__ import annotations

import pytest

import storage
from coach import interview
from coach.inputs import InputError

STRONG_TYPED = (
    "At Meridian Health Software I owned thirty-two hospital accounts. Churn risk was rising, so I "
    "rebuilt our quarterly business reviews around wait-time data from Gainsight and Salesforce. I "
    "presented the numbers to each CFO myself, and as a result our net revenue retention rose from "
    "98 to 109 percent within a year."
)


@pytest.fixture
def target(data_dir, me):
    return interview.ensure_sample_target(user=me)


def test_first_run_has_a_sample_target_with_a_rubric_and_a_panel(target, me):
    rubric = interview.target_rubric(target)
    keywords = {k.lower() for k in rubric.keywords()}
    assert {"gainsight", "salesforce"} <= keywords
    assert [p["name"] for p in target.interviewers] == ["Dana Whitfield", "Marcus Oyelaran"]
    # A second call does not make a second sample.
    assert interview.ensure_sample_target(user=me).id == target.id
    assert len(storage.list_targets(owner=me)) == 1


def test_a_mock_interview_opens_and_closes_like_a_second_interview(target, me):
    mock = interview.start_mock_interview(target.id, n=6, seed=3, user=me)
    categories = [p.question.category for p in mock.questions]
    assert len(mock.questions) == 6
    assert categories[0] == "opener" and categories[-1] == "closing"
    assert len({p.question.id for p in mock.questions}) == 6
    # Panel mode: every question comes from a named interviewer, each with their own voice.
    assert {p.interviewer for p in mock.questions} == {"Dana Whitfield", "Marcus Oyelaran"}
    voices = {p.interviewer: p.voice for p in mock.questions}
    assert voices["Dana Whitfield"] != voices["Marcus Oyelaran"]
    assert storage.get_session(mock.session_id, owner=me).question_ids == [p.question.id for p in mock.questions]


def test_a_typed_answer_is_saved_then_scored_with_evidence(target, me):
    mock = interview.start_mock_interview(target.id, n=3, seed=1, user=me)
    question = mock.questions[1].question
    saved = interview.submit_answer(mock.session_id, question, typed_text=STRONG_TYPED, user=me)
    assert saved.status == storage.UNPROCESSED  # saved before anything can fail

    result = interview.process_answer(saved.id, user=me)
    assert result.error is None
    assert result.answer.status == storage.SCORED
    assert result.answer.overall == result.score.overall
    matched = {h.keyword.lower() for h in result.score.matched}
    assert "gainsight" in matched
    # Each hit quotes the user's own words (the quote may be shortened with "…").
    for hit in result.score.matched:
        assert hit.quote.strip("…").lower() in STRONG_TYPED.lower()
        assert STRONG_TYPED[hit.start:hit.end].lower() in hit.quote.lower()


def test_a_spoken_answer_goes_audio_to_transcript_to_score(target, spoken_answer_wav, me):
    mock = interview.start_mock_interview(target.id, n=3, seed=2, user=me)
    question = mock.questions[1].question
    saved = interview.submit_answer(mock.session_id, question, audio=spoken_answer_wav, user=me)
    assert saved.audio_format == "wav" and storage.read_audio(saved, owner=me) == spoken_answer_wav

    stages = []
    result = interview.process_answer(saved.id, on_stage=stages.append, user=me)
    assert stages == ["Transcribing…", "Scoring…"]
    assert result.error is None, result.error
    assert "quarterly business review" in result.transcript.text.lower()
    assert result.score.dimensions["delivery"].score is not None  # spoken: delivery is judged
    stored = storage.get_answer(saved.id, owner=me)
    assert stored.transcript["text"] == result.transcript.text and stored.transcript["words"]


def test_silence_is_kept_but_marked_failed_with_a_clear_reason(target, silence_wav, me):
    mock = interview.start_mock_interview(target.id, n=3, seed=2, user=me)
    saved = interview.submit_answer(mock.session_id, mock.questions[0].question, audio=silence_wav, user=me)
    result = interview.process_answer(saved.id, user=me)
    assert result.score is None
    assert "no speech" in result.error
    again = storage.get_answer(saved.id, owner=me)
    assert again.status == storage.FAILED and storage.read_audio(again, owner=me) == silence_wav
    assert [a.id for a in storage.unprocessed_answers(owner=me)] == [saved.id]


@pytest.mark.slow
def test_an_answer_in_another_language_is_kept_but_marked_failed_not_scored(target, me):
    from tests.long_answers import foreign_clip

    german = foreign_clip("de").read_bytes()
    mock = interview.start_mock_interview(target.id, n=3, seed=2, user=me)
    saved = interview.submit_answer(mock.session_id, mock.questions[0].question, audio=german, user=me)
    result = interview.process_answer(saved.id, user=me)
    assert result.score is None
    assert result.error.startswith("Callback transcribes English answers") and "\n" not in result.error
    again = storage.get_answer(saved.id, owner=me)
    assert again.status == storage.FAILED and storage.read_audio(again, owner=me) == german
    assert again.score is None and again.transcript is None  # no invented words stored or scored


def test_empty_answers_are_refused_before_anything_is_saved(target, me):
    mock = interview.start_mock_interview(target.id, n=3, seed=2, user=me)
    q = mock.questions[0].question
    with pytest.raises(InputError, match="empty"):
        interview.submit_answer(mock.session_id, q, audio=b"", user=me)
    with pytest.raises(InputError, match="empty"):
        interview.submit_answer(mock.session_id, q, typed_text="   ", user=me)
    assert storage.list_answers(session_id=mock.session_id, owner=me) == []


def test_the_format_of_an_upload_comes_from_its_bytes_not_its_name():
    assert interview.sniff_audio_format(b"RIFF\x00\x00\x00\x00WAVEfmt ") == "wav"
    assert interview.sniff_audio_format(b"\x1a\x45\xdf\xa3rest") == "webm"
    assert interview.sniff_audio_format(b"OggS\x00\x02") == "ogg"
    assert interview.sniff_audio_format(b"\x00\x00\x00\x20ftypM4A ") == "m4a"
    assert interview.sniff_audio_format(b"../../etc/passwd") == "bin"


def test_the_summary_names_best_and_weakest_and_the_must_haves_never_mentioned(target, me):
    mock = interview.start_mock_interview(target.id, n=3, seed=5, user=me)
    strong, weak = mock.questions[1].question, mock.questions[2].question
    for q, text in ((strong, STRONG_TYPED), (weak, "I am a hard worker.")):
        interview.process_answer(interview.submit_answer(mock.session_id, q, typed_text=text, user=me).id, user=me)
    summary = interview.finish_mock_interview(mock.session_id, user=me)
    assert summary.best.question_id == strong.id and summary.weakest.question_id == weak.id
    assert summary.overall == pytest.approx((summary.best.overall + summary.weakest.overall) / 2)
    assert "Gainsight" not in summary.never_mentioned
    assert "SQL" in summary.never_mentioned
    assert storage.get_session(mock.session_id, owner=me).finished_at is not None


def test_re_recording_keeps_every_attempt(target, me):
    mock = interview.start_mock_interview(target.id, n=3, seed=5, user=me)
    q = mock.questions[1].question
    first = interview.submit_answer(mock.session_id, q, typed_text="I am a hard worker.", user=me)
    second = interview.submit_answer(mock.session_id, q, typed_text=STRONG_TYPED, user=me)
    assert (first.attempt, second.attempt) == (1, 2)
    assert len(storage.attempts_of(q.id, session_id=mock.session_id, owner=me)) == 2


def test_an_edited_rubric_is_what_answers_are_scored_against(target, me):
    rubric = interview.target_rubric(target)
    rows = [{"keyword": i.keyword, "kind": i.kind, "weight": i.weight, "must_have": i.must_have,
             "variants": "; ".join(i.variants)} for i in rubric.items]
    rows.append({"keyword": "Looker", "kind": "tool", "weight": 3.0, "must_have": True, "variants": "Looker Studio"})
    interview.save_rubric(target.id, interview.rubric_from_table(rubric, rows), user=me)
    reread = interview.target_rubric(storage.get_target(target.id, owner=me))
    assert reread.get("Looker").must_have and "Looker Studio" in reread.get("Looker").variants

    with pytest.raises(ValueError, match="twice"):
        interview.rubric_from_table(rubric, rows + [dict(rows[-1])])


def test_an_uploaded_question_set_joins_the_plan_and_its_name_is_never_a_path(target, me):
    from coach import question_sets

    data = b"id,text,category\nmy-001,What would you change about our onboarding in your first month?,situational\n"
    added = question_sets.import_uploaded_question_set(data, "../../evil/mine.csv")
    assert [q.id for q in added] == ["my-001"]
    kept = sorted(p.relative_to(storage.data_dir()) for p in storage.data_dir().rglob("*.yaml"))
    assert [str(p) for p in kept] == ["questions/set-001.yaml"]  # a generated name, in the data folder
    asked = set()
    for seed in range(12):
        mock = interview.start_mock_interview(target.id, n=10, mode="category", category="situational", seed=seed, user=me)
        asked.update(p.question.id for p in mock.questions)
    assert "my-001" in asked

    with pytest.raises(ValueError, match="mine.yaml.*line"):
        question_sets.import_uploaded_question_set(b"questions:\n  - id: x\n    text: [unclosed\n", "mine.yaml")
    with pytest.raises(InputError, match="csv or .yaml"):
        question_sets.import_uploaded_question_set(b"id,text\n", "mine.exe")
