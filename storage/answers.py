"""Answers: saved (with the recording) before processing, then marked scored or failed.

The order matters for the user: a recording is on disk and in the database before transcription
starts, so a crash, a closed tab or a failed model never loses what was said. What was left
unprocessed can be listed and processed again.
"""
from __future__ import annotations

from sqlalchemy import delete, func, select

from storage.checks import get_row, json_safe, record_id, text_field
from storage.db import Database
from storage.errors import NotFoundError, StorageError
from storage.models import Answer, AnswerFigure, PracticeSession, answer_figures, utc_now
from storage.records import DISMISSED, FAILED, SCORED, UNPROCESSED, AnswerRecord
from storage.recordings import read_recording, remove_recordings, write_recording

MAX_TYPED_CHARS = 100_000
MAX_ERROR_CHARS = 2_000


def add_answer(session_id: int, question: dict, audio: bytes | None = None, audio_ext: str | None = None,
               typed_text: str | None = None, *, db: Database | None = None) -> AnswerRecord:
    """Save an answer as "unprocessed": the recording goes to disk first, then the row.

    `question` is the question as asked (Question.to_dict()); it needs an "id". Give `audio`
    (with its extension: wav, mp3, m4a, ogg, webm; anything else is kept as .bin), `typed_text`,
    or both.
    """
    if not isinstance(question, dict) or not str(question.get("id") or "").strip():
        raise StorageError("the question must be a dict with an 'id' (Question.to_dict())")
    json_safe(question, "question")
    if len(str(question["id"]).strip()) > 200:
        raise StorageError("the question id is too long (over 200 characters)")
    if typed_text is not None:
        typed_text = text_field(typed_text, "typed answer", MAX_TYPED_CHARS, strip=False)
    if audio is None and not (typed_text or "").strip():
        raise StorageError("the answer is empty: record or type something first")
    db = db or Database()
    with db.read() as session:  # refuse before writing a file that would have no row
        get_row(session, PracticeSession, session_id, "session", "practice session")

    audio_path = audio_format = None
    if audio is not None:
        audio_path, audio_format = write_recording(db.folder, bytes(audio), audio_ext)
    try:
        now = utc_now()
        question_id = str(question["id"]).strip()
        with db.write() as session:
            parent = get_row(session, PracticeSession, session_id, "session", "practice session")
            earlier = session.scalar(select(func.count(Answer.id)).where(
                Answer.session_id == session_id, Answer.question_id == question_id))
            row = Answer(session_id=session_id, question_id=question_id,
                         category=_category(question), question=question, attempt=earlier + 1,
                         audio_path=audio_path, audio_format=audio_format, typed_text=typed_text,
                         status=UNPROCESSED, created_at=now, updated_at=now)
            session.add(row)
            session.flush()
            return _record(row, parent.target_id)
    except BaseException:
        remove_recordings(db.folder, [audio_path])  # no row points at it: do not leave it behind
        raise


def save_result(answer_id: int, transcript: dict | None, score: dict, overall: int, *,
                db: Database | None = None) -> AnswerRecord:
    """Store the transcript (Transcript.to_dict(), None for typed answers) and the score."""
    if not isinstance(score, dict):
        raise StorageError("the score must be a dict (AnswerScore.to_dict())")
    if transcript is not None and not isinstance(transcript, dict):
        raise StorageError("the transcript must be a dict (Transcript.to_dict()) or None")
    if isinstance(overall, bool) or not isinstance(overall, (int, float)) or not 0 <= overall <= 100:
        raise StorageError(f"the overall score must be a number from 0 to 100, not {overall!r}")
    json_safe(score, "score")
    json_safe(transcript, "transcript")
    db = db or Database()
    with db.write() as session:
        row = get_row(session, Answer, answer_id, "answer")
        row.transcript = transcript
        row.score = score
        row.overall = int(round(overall))
        row.status = SCORED
        row.error = None
        row.updated_at = utc_now()
        session.execute(delete(AnswerFigure).where(AnswerFigure.answer_id == row.id))
        session.add(AnswerFigure(answer_id=row.id, session_id=row.session_id, question_id=row.question_id,
                                 category=row.category, answered_at=row.created_at, overall=row.overall,
                                 **answer_figures(score, row.question)))
        session.flush()
        return _record(row, _target_of(session, row.session_id))


def mark_failed(answer_id: int, message: str, *, db: Database | None = None) -> AnswerRecord:
    """Keep the answer (and its recording) but note why processing failed, to retry later."""
    db = db or Database()
    message = (str(message).strip() or "processing failed")[:MAX_ERROR_CHARS]
    with db.write() as session:
        row = get_row(session, Answer, answer_id, "answer")
        row.status = FAILED
        row.error = message
        session.execute(delete(AnswerFigure).where(AnswerFigure.answer_id == row.id))  # no longer scored
        row.updated_at = utc_now()
        session.flush()
        return _record(row, _target_of(session, row.session_id))


def dismiss_answer(answer_id: int, *, db: Database | None = None) -> AnswerRecord:
    """Set aside an answer that was never scored: it keeps its recording and reason, but is no
    longer offered for processing. A scored answer cannot be dismissed (delete it instead)."""
    db = db or Database()
    with db.write() as session:
        row = get_row(session, Answer, answer_id, "answer")
        if row.status == SCORED:
            raise StorageError(f"answer {answer_id} is scored; delete it instead of dismissing it")
        row.status = DISMISSED
        row.updated_at = utc_now()
        session.flush()
        return _record(row, _target_of(session, row.session_id))


def unprocessed_answers(*, db: Database | None = None) -> list[AnswerRecord]:
    """Answers left unprocessed (e.g. after a crash) or failed, oldest first, to process again."""
    return _answers(lambda q: q.where(Answer.status.in_((UNPROCESSED, FAILED)))
                    .order_by(Answer.created_at, Answer.id), db)


def get_answer(answer_id: int, *, db: Database | None = None) -> AnswerRecord:
    found = _answers(lambda q: q.where(Answer.id == record_id(answer_id, "answer")), db)
    if not found:
        raise NotFoundError(f"there is no answer with id {answer_id}")
    return found[0]


def list_answers(session_id: int | None = None, target_id: int | None = None, category: str | None = None,
                 limit: int | None = None, *, db: Database | None = None) -> list[AnswerRecord]:
    """Answers, newest first, optionally of one session, one target and/or one category."""
    def narrow(query):
        if session_id is not None:
            query = query.where(Answer.session_id == record_id(session_id, "session"))
        if target_id is not None:
            query = query.where(PracticeSession.target_id == record_id(target_id, "target"))
        if category is not None:
            query = query.where(Answer.category == category)
        query = query.order_by(Answer.created_at.desc(), Answer.id.desc())
        return query.limit(limit) if limit is not None else query
    return _answers(narrow, db)


def attempts_of(question_id: str, *, session_id: int | None = None, target_id: int | None = None,
                db: Database | None = None) -> list[AnswerRecord]:
    """Every attempt at one question within a session or a target, oldest first (side by side)."""
    if (session_id is None) == (target_id is None):
        raise StorageError("attempts_of needs either a session_id or a target_id")

    def narrow(query):
        query = query.where(Answer.question_id == str(question_id))
        if session_id is not None:
            query = query.where(Answer.session_id == record_id(session_id, "session"))
        else:
            query = query.where(PracticeSession.target_id == record_id(target_id, "target"))
        return query.order_by(Answer.created_at, Answer.id)
    return _answers(narrow, db)


def read_audio(answer: AnswerRecord | int, *, db: Database | None = None) -> bytes:
    """The recording of an answer, as it was saved."""
    db = db or Database()
    if not isinstance(answer, AnswerRecord):
        answer = get_answer(answer, db=db)
    if not answer.audio_path:
        raise StorageError(f"answer {answer.id} was typed: it has no recording")
    return read_recording(db.folder, answer.audio_path)


def delete_answer(answer_id: int, *, db: Database | None = None) -> None:
    """Delete one answer and its recording."""
    db = db or Database()
    with db.write() as session:
        row = get_row(session, Answer, answer_id, "answer")
        audio = row.audio_path
        session.execute(delete(AnswerFigure).where(AnswerFigure.answer_id == row.id))
        session.execute(delete(Answer).where(Answer.id == row.id))
    remove_recordings(db.folder, [audio])


# --- helpers ----------------------------------------------------------------------------------

def _answers(narrow, db: Database | None) -> list[AnswerRecord]:
    db = db or Database()
    query = narrow(select(Answer, PracticeSession.target_id)
                   .join(PracticeSession, Answer.session_id == PracticeSession.id))
    with db.read() as session:
        return [_record(row, target_id) for row, target_id in session.execute(query)]


def _category(question: dict) -> str | None:
    category = question.get("category")
    return str(category)[:60] if category else None




def _target_of(session, session_id: int) -> int | None:
    return session.scalar(select(PracticeSession.target_id).where(PracticeSession.id == session_id))


def _record(row: Answer, target_id: int | None) -> AnswerRecord:
    return AnswerRecord(id=row.id, session_id=row.session_id, target_id=target_id, question=row.question,
                        question_id=row.question_id, category=row.category, attempt=row.attempt,
                        status=row.status, audio_path=row.audio_path, audio_format=row.audio_format,
                        typed_text=row.typed_text, transcript=row.transcript, score=row.score,
                        overall=row.overall, error=row.error, created_at=row.created_at,
                        updated_at=row.updated_at)
