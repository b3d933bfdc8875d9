"""Practice sessions: one mock interview each, with the planned questions."""
from __future__ import annotations

from sqlalchemy import delete, func, select

from storage.checks import get_row, json_safe, record_id, text_field
from storage.db import Database
from storage.errors import NotFoundError
from storage.models import Answer, AnswerFigure, PracticeSession, Target, utc_now
from storage.records import SessionRecord
from storage.recordings import remove_recordings


def start_session(target_id: int | None, mode: str, question_ids: list[str] | tuple[str, ...] = (), *,
                  db: Database | None = None) -> SessionRecord:
    """Begin a mock interview; target_id None is free practice not tied to a job."""
    mode = text_field(mode, "practice mode", 40, required=True)
    question_ids = [str(q) for q in question_ids]
    json_safe(question_ids, "question list")
    db = db or Database()
    with db.write() as session:
        if target_id is not None:
            get_row(session, Target, target_id, "target")
        row = PracticeSession(target_id=target_id, mode=mode, question_ids=question_ids, started_at=utc_now())
        session.add(row)
        session.flush()
        return _record(row, 0, None)


def finish_session(session_id: int, *, db: Database | None = None) -> SessionRecord:
    """Mark the session finished (the first finish time is kept)."""
    db = db or Database()
    with db.write() as session:
        row = get_row(session, PracticeSession, session_id, "session", "practice session")
        if row.finished_at is None:
            row.finished_at = utc_now()
    return get_session(session_id, db=db)


def get_session(session_id: int, *, db: Database | None = None) -> SessionRecord:
    db = db or Database()
    with db.read() as session:
        found = session.execute(_with_counts().where(PracticeSession.id == record_id(session_id, "session"))).first()
        if found is None:
            raise NotFoundError(f"there is no practice session with id {session_id}")
        return _record(*found)


def list_sessions(target_id: int | None = None, limit: int | None = None, *,
                  db: Database | None = None) -> list[SessionRecord]:
    """Sessions (of one target, or all), newest first, with answer counts and average score."""
    db = db or Database()
    query = _with_counts().order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())
    if target_id is not None:
        query = query.where(PracticeSession.target_id == record_id(target_id, "target"))
    if limit is not None:
        query = query.limit(limit)
    with db.read() as session:
        return [_record(*found) for found in session.execute(query)]


def delete_session(session_id: int, *, db: Database | None = None) -> None:
    """Delete a session with its answers and their recordings."""
    db = db or Database()
    with db.write() as session:
        get_row(session, PracticeSession, session_id, "session", "practice session")
        audio = session.scalars(select(Answer.audio_path).where(Answer.session_id == session_id)).all()
        session.execute(delete(AnswerFigure).where(AnswerFigure.session_id == session_id))
        session.execute(delete(Answer).where(Answer.session_id == session_id))
        session.execute(delete(PracticeSession).where(PracticeSession.id == session_id))
    remove_recordings(db.folder, list(audio))


def _with_counts():
    # AVG skips NULL, so unscored answers count as answers but not towards the average.
    counts = (select(Answer.session_id,
                     func.count(Answer.id).label("answers"),
                     func.avg(Answer.overall).label("average"))
              .group_by(Answer.session_id).subquery())
    return (select(PracticeSession, func.coalesce(counts.c.answers, 0), counts.c.average)
            .outerjoin(counts, counts.c.session_id == PracticeSession.id))



def _record(row: PracticeSession, answers: int, average) -> SessionRecord:
    return SessionRecord(id=row.id, target_id=row.target_id, mode=row.mode,
                         question_ids=list(row.question_ids or []), started_at=row.started_at,
                         finished_at=row.finished_at, answer_count=int(answers or 0),
                         average_score=None if average is None else round(float(average), 1))
