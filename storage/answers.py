"""Answers: saved (with the recording) before processing, then scored or marked failed.

The order matters for the user: a recording is stored and in the database before transcription
starts, so a crash, a closed tab or a failed model never loses what was said. What was left
unprocessed can be listed and processed again.

Every function here acts for an `owner` (the answer's student) and finds nobody else's answers,
except the few marked "system scope" that team mode's workers use to take jobs off the queue:
`claim_answer`, `answer_owner`, `answers_to_enqueue`, `read_audio_for_job`. A worker then saves
the result as the answer's owner (`answer_owner`).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update

from storage.checks import json_safe, owner_id, record_id, text_field
from storage.db import Database
from storage.errors import NotFoundError, StorageError
from storage.models import Answer, AnswerFigure, PracticeSession, Recording, User, answer_figures, utc_now
from storage.records import (
    FAILED, PROCESSING, QUEUED, SCORED, UNPROCESSED, WAITING, AnswerRecord, UserRecord,
)
from storage.recordings import new_recording_name, read_recording, remove_recordings, write_recording
from storage.sessions import owned_session
from storage.targets import delete_answers

MAX_TYPED_CHARS = 100_000
MAX_ERROR_CHARS = 2_000


def add_answer(session_id: int, question: dict, audio: bytes | None = None, audio_ext: str | None = None,
               typed_text: str | None = None, *, owner: UserRecord, db: Database | None = None) -> AnswerRecord:
    """Save an answer as "unprocessed": the recording is stored first, then the row.

    `question` is the question as asked (Question.to_dict()); it needs an "id". Give `audio`
    (with its extension: wav, mp3, m4a, ogg, webm; anything else is kept as .bin), `typed_text`,
    or both. The attempt number is one more than the highest so far for this question in this
    session, even when two tabs (or two web servers) save at the same moment.
    """
    user = owner_id(owner)
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
        owned_session(session, session_id, user)

    audio_path = audio_format = None
    if audio is not None:
        if db.audio_in_database:
            audio_path, audio_format = new_recording_name(audio, audio_ext)
        else:
            audio_path, audio_format = write_recording(db.folder, bytes(audio), audio_ext)
    question_id = str(question["id"]).strip()

    def insert(session) -> AnswerRecord:
        now = utc_now()
        parent = owned_session(session, session_id, user)
        # The next number, guarded by uq_answer_attempt: a writer that raced us to it fails the
        # constraint and write_retrying runs this again with the new highest number.
        last = session.scalar(select(func.max(Answer.attempt)).where(
            Answer.session_id == session_id, Answer.question_id == question_id))
        row = Answer(session_id=session_id, question_id=question_id, category=_category(question),
                     question=question, attempt=(last or 0) + 1, audio_path=audio_path,
                     audio_format=audio_format, typed_text=typed_text, status=UNPROCESSED, tries=0,
                     created_at=now, updated_at=now)
        session.add(row)
        session.flush()
        if audio is not None and db.audio_in_database:
            session.add(Recording(answer_id=row.id, data=bytes(audio)))
            session.flush()
        return _record(row, parent.target_id, user)

    try:
        return db.write_retrying(insert, "answer")
    except BaseException:
        if not db.audio_in_database:
            remove_recordings(db.folder, [audio_path])  # no row points at it: do not leave it behind
        raise


def save_result(answer_id: int, transcript: dict | None, score: dict, overall: int, *, owner: UserRecord,
                db: Database | None = None) -> AnswerRecord:
    """Store the transcript (Transcript.to_dict(), None for typed answers) and the score.

    Saved once: for an answer that is scored already this changes nothing and returns it as it
    is (a job delivered twice must not score twice). `replace_score` re-scores on purpose.
    """
    user = owner_id(owner)
    _check_result(transcript, score, overall)
    db = db or Database()
    with db.write() as session:
        row, target_id = _owned_answer(session, answer_id, user, lock=True)
        if row.status == SCORED:
            return _record(row, target_id, user)
        row.transcript = transcript
        _set_score(session, row, score, overall)
        return _record(row, target_id, user)


def replace_score(answer_id: int, score: dict, overall: int, *, owner: UserRecord,
                  db: Database | None = None) -> AnswerRecord:
    """Re-score a scored answer on purpose (e.g. after the rubric was edited); the transcript stays."""
    user = owner_id(owner)
    _check_result(None, score, overall)
    db = db or Database()
    with db.write() as session:
        row, target_id = _owned_answer(session, answer_id, user, lock=True)
        if row.status != SCORED:
            raise StorageError(f"answer {answer_id} is not scored yet: save its result first")
        _set_score(session, row, score, overall)
        return _record(row, target_id, user)


def mark_failed(answer_id: int, message: str, *, owner: UserRecord, final: bool = True,
                db: Database | None = None) -> AnswerRecord:
    """Keep the answer (and its recording) but note why processing failed.

    `final` (personal mode, or a job past its retry limit): the answer is "failed", to be retried
    from Review. Not final: it goes back to "queued", with the reason noted, for the queue's next
    try. A scored answer is left alone (a late failure of a duplicate job must not undo a score).
    """
    user = owner_id(owner)
    message = (str(message).strip() or "processing failed")[:MAX_ERROR_CHARS]
    db = db or Database()
    with db.write() as session:
        row, target_id = _owned_answer(session, answer_id, user, lock=True)
        if row.status == SCORED:
            return _record(row, target_id, user)
        row.error = message
        row.updated_at = utc_now()
        if final:
            row.status = FAILED
            session.execute(delete(AnswerFigure).where(AnswerFigure.answer_id == row.id))  # no longer scored
        else:
            row.status = QUEUED
            row.queued_at = row.updated_at
        session.flush()
        return _record(row, target_id, user)


def unprocessed_answers(*, owner: UserRecord, db: Database | None = None) -> list[AnswerRecord]:
    """The owner's answers left unprocessed (e.g. after a crash) or failed, oldest first."""
    return _answers(lambda q: q.where(Answer.status.in_((UNPROCESSED, FAILED)))
                    .order_by(Answer.created_at, Answer.id), owner, db)


def get_answer(answer_id: int, *, owner: UserRecord, db: Database | None = None) -> AnswerRecord:
    found = _answers(lambda q: q.where(Answer.id == record_id(answer_id, "answer")), owner, db)
    if not found:
        raise NotFoundError(f"there is no answer with id {answer_id}")
    return found[0]


def list_answers(session_id: int | None = None, target_id: int | None = None, category: str | None = None,
                 limit: int | None = None, *, owner: UserRecord, db: Database | None = None) -> list[AnswerRecord]:
    """The owner's answers, newest first, optionally of one session, one target and/or one category."""
    def narrow(query):
        if session_id is not None:
            query = query.where(Answer.session_id == record_id(session_id, "session"))
        if target_id is not None:
            query = query.where(PracticeSession.target_id == record_id(target_id, "target"))
        if category is not None:
            query = query.where(Answer.category == category)
        query = query.order_by(Answer.created_at.desc(), Answer.id.desc())
        return query.limit(limit) if limit is not None else query
    return _answers(narrow, owner, db)


def attempts_of(question_id: str, *, session_id: int | None = None, target_id: int | None = None,
                owner: UserRecord, db: Database | None = None) -> list[AnswerRecord]:
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
    return _answers(narrow, owner, db)


def read_audio(answer: AnswerRecord | int, *, owner: UserRecord, db: Database | None = None) -> bytes:
    """The recording of one of the owner's answers, as it was saved."""
    db = db or Database()
    answer = get_answer(answer.id if isinstance(answer, AnswerRecord) else answer, owner=owner, db=db)
    return _audio_of(db, answer)


def delete_answer(answer_id: int, *, owner: UserRecord, db: Database | None = None) -> None:
    """Delete one answer and its recording."""
    user = owner_id(owner)
    db = db or Database()
    with db.write() as session:
        row, _ = _owned_answer(session, answer_id, user)
        audio = delete_answers(session, select(Answer.id).where(Answer.id == row.id))
    db.discard_recordings(audio)


# --- the job queue (team mode) ----------------------------------------------------------------

def mark_queued(answer_id: int, *, owner: UserRecord, db: Database | None = None) -> AnswerRecord:
    """The answer is on the queue (or back on it: a failed answer retried from Review starts its
    tries again). One being processed or already scored is left as it is."""
    user = owner_id(owner)
    db = db or Database()
    with db.write() as session:
        row, target_id = _owned_answer(session, answer_id, user, lock=True)
        if row.status in (UNPROCESSED, QUEUED, FAILED):
            if row.status == FAILED:
                row.tries = 0
            row.status = QUEUED
            row.queued_at = row.updated_at = utc_now()
            session.flush()
        return _record(row, target_id, user)


def claim_answer(answer_id: int, *, db: Database | None = None) -> AnswerRecord | None:
    """System scope (a worker starting a job): atomically unprocessed/queued/processing →
    processing with tries + 1, in one UPDATE (never read-then-write); None when the answer is
    scored, finally failed or gone — the job has nothing left to do."""
    db = db or Database()
    with db.write() as session:
        claimed = session.execute(
            update(Answer).where(Answer.id == record_id(answer_id, "answer"), Answer.status.in_(WAITING))
            .values(status=PROCESSING, tries=Answer.tries + 1, updated_at=utc_now())
            .execution_options(synchronize_session=False)).rowcount
        if not claimed:
            return None
        row, target_id, owner = session.execute(
            select(Answer, PracticeSession.target_id, PracticeSession.owner_id)
            .join(PracticeSession, Answer.session_id == PracticeSession.id).where(Answer.id == answer_id)).one()
        return _record(row, target_id, owner)


def answer_owner(answer_id: int, *, db: Database | None = None) -> UserRecord:
    """System scope: whose answer this is (a worker saves the result as that user)."""
    from storage.users import user_record

    db = db or Database()
    with db.read() as session:
        row = session.scalars(select(User).join(PracticeSession, PracticeSession.owner_id == User.id)
                              .join(Answer, Answer.session_id == PracticeSession.id)
                              .where(Answer.id == record_id(answer_id, "answer"))).first()
        if row is None:
            raise NotFoundError(f"there is no answer with id {answer_id}")
        return user_record(row)


def answers_to_enqueue(*, db: Database | None = None) -> list[int]:
    """System scope: every answer not processed yet (unprocessed, queued or processing — not
    scored, not finally failed), oldest first, for a worker to put (back) on the queue at start."""
    db = db or Database()
    with db.read() as session:
        return list(session.scalars(select(Answer.id).where(Answer.status.in_(WAITING))
                                    .order_by(Answer.created_at, Answer.id)))


def queue_position(answer_id: int, *, owner: UserRecord, db: Database | None = None) -> int | None:
    """How many answers (everyone's) are ahead of this one: being processed now, or queued before
    it. 0: it is next, or being processed. None: it is not on the queue (scored, failed, ...)."""
    user = owner_id(owner)
    db = db or Database()
    with db.read() as session:
        row, _ = _owned_answer(session, answer_id, user)
        if row.status == PROCESSING:
            return 0
        if row.status != QUEUED:
            return None
        queued_at = row.queued_at or row.created_at
        ahead = session.scalar(select(func.count(Answer.id)).where(
            Answer.id != row.id,
            or_(Answer.status == PROCESSING,
                and_(Answer.status == QUEUED,
                     or_(func.coalesce(Answer.queued_at, Answer.created_at) < queued_at,
                         and_(func.coalesce(Answer.queued_at, Answer.created_at) == queued_at,
                              Answer.id < row.id))))))
        return int(ahead or 0)


def read_audio_for_job(answer_id: int, *, db: Database | None = None) -> bytes:
    """System scope: the recording of any answer, for the worker transcribing it."""
    db = db or Database()
    with db.read() as session:
        found = session.execute(select(Answer, PracticeSession.target_id, PracticeSession.owner_id)
                                .join(PracticeSession, Answer.session_id == PracticeSession.id)
                                .where(Answer.id == record_id(answer_id, "answer"))).first()
        if found is None:
            raise NotFoundError(f"there is no answer with id {answer_id}")
        answer = _record(*found)
    return _audio_of(db, answer)


# --- for the other storage modules ------------------------------------------------------------

def answers_of_owner(narrow, owner_id_: int, db: Database) -> list[AnswerRecord]:
    """Answers of one owner (already checked by the caller), narrowed by `narrow(query)`."""
    query = narrow(select(Answer, PracticeSession.target_id, PracticeSession.owner_id)
                   .join(PracticeSession, Answer.session_id == PracticeSession.id)
                   .where(PracticeSession.owner_id == owner_id_))
    with db.read() as session:
        return [_record(row, target_id, owner) for row, target_id, owner in session.execute(query)]


def audio_of(db: Database, answer: AnswerRecord) -> bytes:
    return _audio_of(db, answer)


# --- helpers ----------------------------------------------------------------------------------

def _answers(narrow, owner: UserRecord, db: Database | None) -> list[AnswerRecord]:
    user = owner_id(owner)
    return answers_of_owner(narrow, user, db or Database())


def _owned_answer(session, answer_id: Any, user: int, lock: bool = False) -> tuple[Answer, int | None]:
    """The owner's answer row (locked for update on PostgreSQL) and its target id, or NotFoundError."""
    query = (select(Answer, PracticeSession.target_id).join(PracticeSession, Answer.session_id == PracticeSession.id)
             .where(Answer.id == record_id(answer_id, "answer"), PracticeSession.owner_id == user))
    found = session.execute(query.with_for_update(of=Answer) if lock else query).first()
    if found is None:
        raise NotFoundError(f"there is no answer with id {answer_id}")
    return found[0], found[1]


def _audio_of(db: Database, answer: AnswerRecord) -> bytes:
    if not answer.audio_path:
        raise StorageError(f"answer {answer.id} was typed: it has no recording")
    if not db.audio_in_database:
        return read_recording(db.folder, answer.audio_path)
    with db.read() as session:
        data = session.scalar(select(Recording.data).where(Recording.answer_id == answer.id))
    if data is None:
        raise StorageError(f"the recording of answer {answer.id} is missing from the database")
    return bytes(data)


def _check_result(transcript, score, overall) -> None:
    if not isinstance(score, dict):
        raise StorageError("the score must be a dict (AnswerScore.to_dict())")
    if transcript is not None and not isinstance(transcript, dict):
        raise StorageError("the transcript must be a dict (Transcript.to_dict()) or None")
    if isinstance(overall, bool) or not isinstance(overall, (int, float)) or not 0 <= overall <= 100:
        raise StorageError(f"the overall score must be a number from 0 to 100, not {overall!r}")
    json_safe(score, "score")
    json_safe(transcript, "transcript")


def _set_score(session, row: Answer, score: dict, overall) -> None:
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


def _category(question: dict) -> str | None:
    category = question.get("category")
    return str(category)[:60] if category else None


def _record(row: Answer, target_id: int | None, owner: int | None) -> AnswerRecord:
    return AnswerRecord(id=row.id, session_id=row.session_id, target_id=target_id, question=row.question,
                        question_id=row.question_id, category=row.category, attempt=row.attempt,
                        status=row.status, audio_path=row.audio_path, audio_format=row.audio_format,
                        typed_text=row.typed_text, transcript=row.transcript, score=row.score,
                        overall=row.overall, error=row.error, created_at=row.created_at,
                        updated_at=row.updated_at, tries=row.tries or 0, owner_id=owner)
