"""Nothing the user gives Callback is lost, and no page gets stuck (issue 8, section 2), below the
browser: the coach functions and the pages through AppTest, on a real SQLite file and real files.
The same defects are driven through Chromium in test_browser_recovery.py."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import storage
from coach import interview, question_sets

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


@pytest.fixture
def target(data_dir, me):
    return interview.ensure_sample_target(user=me)


def csv_of(n: int, prefix: str = "my") -> bytes:
    rows = ["id,text,category,looking_for"]
    rows += [f"{prefix}-{i},Tell me about a time you handled a difficult stakeholder (case {i}).,behavioural,"
             "A concrete story with a measurable result." for i in range(n)]
    return ("\n".join(rows) + "\n").encode()


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# --- question sets: refuse what cannot be read back; one bad set never breaks a page --------------

def test_a_set_too_large_to_read_back_is_refused_and_nothing_is_kept(data_dir, monkeypatch):
    import question_bank.io

    # The real limit is 2 MB (a 10,000-row CSV of 1.6 MB becomes a 3 MB stored set); a smaller
    # limit makes the same case with 300 rows.
    monkeypatch.setattr(question_bank.io, "MAX_BYTES", 60_000)
    data = csv_of(300)
    assert len(data) < 60_000
    with pytest.raises(ValueError, match=r"mine\.csv: 300 questions are too many.*split the file"):
        question_sets.import_uploaded_question_set(data, "mine.csv")
    assert sorted(p.name for p in (data_dir / "questions").iterdir()) == []  # no set, no leftover
    assert question_sets.user_questions() == []
    # A file that fits is kept, and reads back.
    assert len(question_sets.import_uploaded_question_set(csv_of(20), "mine.csv")) == 20
    assert len(question_sets.user_questions()) == 20


def write_unreadable_set(data_dir: Path) -> Path:
    """A stored set the app cannot read: what an older version left after a 10,000-row import."""
    path = data_dir / "questions" / "set-002.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"questions:\n" + b"  - id: x\n    text: " + b"y" * (2 * 1024 * 1024) + b"\n")
    return path


def test_an_unreadable_stored_set_is_skipped_with_its_reason_and_stays_removable(target, data_dir, me):
    question_sets.import_uploaded_question_set(csv_of(3), "mine.csv")  # set-001, fine
    broken = write_unreadable_set(data_dir)

    sets = question_sets.question_sets()
    assert [(s.name, s.readable) for s in sets] == [("set-001.yaml", True), ("set-002.yaml", False)]
    assert "2 MB" in sets[1].error
    assert [q.id for q in question_sets.user_questions()] == ["my-0", "my-1", "my-2"]
    mock = interview.start_mock_interview(target.id, n=5, seed=1, user=me)  # interviews still start
    assert len(mock.questions) == 5

    # The CLI lists the questions, and says which set it skipped (exit 0: nothing the user did wrong now).
    import os

    result = subprocess.run([sys.executable, "-m", "coach.cli", "questions"], capture_output=True, text=True,
                            timeout=300, env={**os.environ, "CALLBACK_DATA_DIR": str(data_dir)})
    assert result.returncode == 0, result.stderr
    assert "my-0" in result.stdout
    assert "set-002.yaml" in result.stderr and "skipped" in result.stderr and "Traceback" not in result.stderr

    assert question_sets.delete_question_set("set-002.yaml") is True
    assert not broken.exists() and [s.name for s in question_sets.question_sets()] == ["set-001.yaml"]
    with pytest.raises(ValueError):
        question_sets.delete_question_set("../callback.db")


def test_settings_shows_an_unreadable_set_as_a_warning_with_a_remove_button(target, data_dir):
    question_sets.import_uploaded_question_set(csv_of(3), "mine.csv")
    write_unreadable_set(data_dir)
    at = open_page("app_pages/settings.py")
    assert any("set-002.yaml cannot be read and is skipped" in w.value.replace("\\", "") for w in at.warning)
    assert any("You have imported 3 question(s)" in c.value for c in at.caption)
    removes = [b for b in at.button if b.label == "Remove"]
    assert len(removes) == 2
    removes[1].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.name for s in question_sets.question_sets()] == ["set-001.yaml"]
    assert not at.warning


# --- Review's "not scored yet": a superseded failure leaves it; the user can dismiss one ------------

NOT_AUDIO = b"These are my notes for the interview, saved as text.\n" * 40
STRONG_TYPED = ("At Meridian I owned thirty hospital accounts. When churn risk rose I rebuilt our quarterly "
                "business reviews around Gainsight health scores, and net revenue retention rose to 109 percent.")


def failed_attempt(session_id: int, question, me) -> storage.AnswerRecord:
    """An attempt that was saved and then failed processing (as a crash or a bad file leaves it)."""
    saved = storage.add_answer(session_id, question.to_dict(), typed_text="(lost in processing)", owner=me)
    return storage.mark_failed(saved.id, "the transcription model could not be loaded", owner=me)


def test_a_failed_attempt_answered_again_and_scored_leaves_the_not_scored_list(target, me):
    mock = interview.start_mock_interview(target.id, n=3, seed=2, user=me)
    first, second = mock.questions[0].question, mock.questions[1].question
    failed = failed_attempt(mock.session_id, first, me)
    other = failed_attempt(mock.session_id, second, me)
    assert [a.id for a in interview.pending_answers(user=me)] == [failed.id, other.id]

    again = interview.submit_answer(mock.session_id, first, typed_text=STRONG_TYPED, user=me)
    assert interview.process_answer(again.id, user=me).error is None
    assert [a.id for a in interview.pending_answers(user=me)] == [other.id]  # the first question is done

    dismissed = interview.dismiss_answer(other.id, user=me)
    assert dismissed.status == storage.DISMISSED and dismissed.error  # kept, with its reason
    assert interview.pending_answers(user=me) == []
    assert {a.id for a in storage.list_answers(owner=me)} == {failed.id, other.id, again.id}  # nothing deleted
    with pytest.raises(ValueError, match="scored"):
        interview.dismiss_answer(again.id, user=me)


def test_review_offers_dismiss_next_to_process_again(target, me):
    mock = interview.start_mock_interview(target.id, n=3, seed=2, user=me)
    failed = failed_attempt(mock.session_id, mock.questions[0].question, me)
    at = open_page("app_pages/review.py")
    assert any("1 saved answer(s) are not scored yet" in w.value for w in at.warning)
    [dismiss] = [b for b in at.button if b.label == "Dismiss"]
    dismiss.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not any("not scored yet" in w.value for w in at.warning)
    assert storage.get_answer(failed.id, owner=me).status == storage.DISMISSED


# --- a file that is not audio is refused before it is stored ----------------------------------------

@pytest.mark.parametrize("data, uploaded, expected", [
    (b"", True, "The file is empty (0 bytes); upload another file."),
    (b"", False, "The recording is empty (0 bytes); record again."),
    (NOT_AUDIO, True, "This file is not a recording we can read (it is a text file); upload another file."),
    (b"%PDF-1.7\n" + bytes(range(256)) * 4, True,
     "This file is not a recording we can read (it is a PDF document); upload another file."),
    (b"RIFF\x24\x00\x00\x00WAVEjunk" + bytes(200), True,
     "This file is not a recording we can read (its contents are not audio); upload another file."),
])
def test_a_file_that_is_not_audio_is_refused_in_plain_words_and_nothing_is_stored(target, data_dir, data,
                                                                                   uploaded, expected, me):
    mock = interview.start_mock_interview(target.id, n=3, seed=1, user=me)
    with pytest.raises(ValueError) as refused:
        interview.submit_answer(mock.session_id, mock.questions[0].question, audio=data, uploaded=uploaded, user=me)
    assert str(refused.value) == expected
    assert storage.list_answers(owner=me) == []
    assert not (data_dir / "recordings").exists() or not any((data_dir / "recordings").iterdir())


def test_a_real_recording_passes_the_check_and_is_stored(target, spoken_answer_wav, me):
    mock = interview.start_mock_interview(target.id, n=3, seed=1, user=me)
    saved = interview.submit_answer(mock.session_id, mock.questions[0].question, audio=spoken_answer_wav, uploaded=True, user=me)
    assert saved.audio_format == "wav" and storage.read_audio(saved, owner=me) == spoken_answer_wav


# --- an interview left open is resumed where the user was ------------------------------------------

def test_an_unfinished_interview_can_be_resumed_at_the_question_reached(target, me):
    mock = interview.start_mock_interview(target.id, n=4, seed=5, user=me)
    [left] = interview.open_interviews(target.id, user=me)
    assert left.session_id == mock.session_id and left.index == 0 and left.latest_answer is None
    assert [p.question for p in left.questions] == [p.question for p in mock.questions]
    assert [p.interviewer for p in left.questions] == [p.interviewer for p in mock.questions]

    second = mock.questions[1].question
    interview.save_interview_progress(target.id, mock.session_id, mock.questions, 1, user=me)
    saved = interview.submit_answer(mock.session_id, second, typed_text=STRONG_TYPED, user=me)
    [left] = interview.open_interviews(target.id, user=me)
    assert left.index == 1 and left.latest_answer.id == saved.id and left.attempts == 1

    interview.finish_mock_interview(mock.session_id, user=me)
    assert interview.open_interviews(target.id, user=me) == []  # finished: nothing to resume


def test_abandoning_an_interview_ends_it_and_keeps_its_answers(target, me):
    mock = interview.start_mock_interview(target.id, n=3, seed=6, user=me)
    interview.submit_answer(mock.session_id, mock.questions[0].question, typed_text=STRONG_TYPED, user=me)
    interview.abandon_mock_interview(mock.session_id, user=me)
    assert interview.open_interviews(target.id, user=me) == []
    session = storage.get_session(mock.session_id, owner=me)
    assert session.finished_at is not None and session.answer_count == 1


def test_a_deleted_session_leaves_no_interview_to_resume(target, me):
    mock = interview.start_mock_interview(target.id, n=3, seed=7, user=me)
    storage.delete_session(mock.session_id, owner=me)
    assert interview.open_interviews(target.id, user=me) == []
    assert storage.load_prep(target.id, interview.OPEN_INTERVIEW_KIND, owner=me) == {}


# --- the same job twice is one job --------------------------------------------------------------------

def test_the_same_job_entered_twice_is_created_once(data_dir, me):
    posting = "Requirements\n- Experience with Gainsight and Salesforce\n- Strong stakeholder management\n"
    first, created = interview.create_or_find_target("Northwind Health", "CSM", posting, user=me)
    again, created_again = interview.create_or_find_target(" northwind health ", "CSM", posting + "\n", user=me)
    assert created and not created_again and again.id == first.id
    other, created_other = interview.create_or_find_target("Northwind Health", "Team Lead", posting, user=me)
    assert created_other and other.id != first.id
    assert len(storage.list_targets(owner=me)) == 2
