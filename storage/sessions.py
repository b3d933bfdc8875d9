"""Practice sessions: one mock interview each, with the planned questions; the owner's own."""
from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select

from storage.checks import json_safe, owner_id, record_id, text_field
from storage.db import Database
from storage.errors import NotFoundError
from storage.models import Answer, PracticeSession, utc_now
from storage.records import SessionRecord, UserRecord
from storage.targets import delete_answers, owned_target


def start_session(target_id: int | None, mode: str, question_ids: list[str] | tuple[str, ...] = (), *,
                  owner: UserRecord, db: Database | None = None) -> SessionRecord:
    """Begin a mock interview; target_id None is free practice not tied to a job."""
    user = owner_id(owner)
    mode = text_field(mode, "practice mode", 40, required=True)
    question_ids = [str(q) for q in question_ids]
    json_safe(question_ids, "question list")
    db = db or Database()
    with db.write() as session:
        if target_id is not None:
            owned_target(session, target_id, user)
        row = PracticeSession(owner_id=user, target_id=target_id, mode=mode, question_ids=question_ids,
                              started_at=utc_now())
        session.add(row)
        session.flush()
        return _record(row, 0, None)


def finish_session(session_id: int, *, owner: UserRecord, db: Database | None = None) -> SessionRecord:
    """Mark the session finished (the first finish time is kept)."""
    user = owner_id(owner)
    db = db or Database()
    with db.write() as session:
        row = owned_session(session, session_id, user)
        if row.finished_at is None:
            row.finished_at = utc_now()
    return get_session(session_id, owner=owner, db=db)


def get_session(session_id: int, *, owner: UserRecord, db: Database | None = None) -> SessionRecord:
    user = owner_id(owner)
    db = db or Database()
    with db.read() as session:
        found = session.execute(_with_counts(user).where(PracticeSession.id == record_id(session_id, "session"),
                                                     PracticeSession.owner_id == user)).first()
        if found is None:
            raise NotFoundError(f"there is no practice session with id {session_id}")
        return _record(*found)


def list_sessions(target_id: int | None = None, limit: int | None = None, *, owner: UserRecord,
                  db: Database | None = None) -> list[SessionRecord]:
    """The owner's sessions (of one target, or all), newest first, with answer counts and average score."""
    user = owner_id(owner)
    db = db or Database()
    query = (_with_counts(user).where(PracticeSession.owner_id == user)
             .order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc()))
    if target_id is not None:
        query = query.where(PracticeSession.target_id == record_id(target_id, "target"))
    if limit is not None:
        query = query.limit(limit)
    with db.read() as session:
        return [_record(*found) for found in session.execute(query)]


def delete_session(session_id: int, *, owner: UserRecord, db: Database | None = None) -> None:
    """Delete a session with its answers and their recordings."""
    user = owner_id(owner)
    db = db or Database()
    with db.write() as session:
        owned_session(session, session_id, user)
        audio = delete_answers(session, select(Answer.id).where(Answer.session_id == session_id))
        session.execute(delete(PracticeSession).where(PracticeSession.id == session_id))
    db.discard_recordings(audio)


# --- for the other storage modules ------------------------------------------------------------

def owned_session(session, session_id: Any, user: int) -> PracticeSession:
    """The owner's session row, or NotFoundError (also when it is someone else's)."""
    row = session.scalars(select(PracticeSession).where(
        PracticeSession.id == record_id(session_id, "session"), PracticeSession.owner_id == user)).first()
    if row is None:
        raise NotFoundError(f"there is no practice session with id {session_id}")
    return row


def _with_counts(user: int):
    # AVG skips NULL, so unscored answers count as answers but not towards the average. Only the
    # owner's answers are counted (a shared database holds everyone's).
    counts = (select(Answer.session_id,
                     func.count(Answer.id).label("answers"),
                     func.avg(Answer.overall).label("average"))
              .join(PracticeSession, PracticeSession.id == Answer.session_id)
              .where(PracticeSession.owner_id == user)
              .group_by(Answer.session_id).subquery())
    return (select(PracticeSession, func.coalesce(counts.c.answers, 0), counts.c.average)
            .outerjoin(counts, counts.c.session_id == PracticeSession.id))


def _record(row: PracticeSession, answers: int, average) -> SessionRecord:
    return SessionRecord(id=row.id, target_id=row.target_id, mode=row.mode,
                         question_ids=list(row.question_ids or []), started_at=row.started_at,
                         finished_at=row.finished_at, answer_count=int(answers or 0),
                         average_score=None if average is None else round(float(average), 1),
                         owner_id=row.owner_id)
