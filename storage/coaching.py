"""What a coach reads of the students in the cohorts they coach (read-only), and the comments on
answers that coaches and students write.

Every function takes the acting coach (or comment author / viewer) and checks, in the same query
session, that the student is in a cohort that user coaches; otherwise the answer, session or
student is "not found" — exactly as if it did not exist.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from storage.answers import answers_of_owner, audio_of
from storage.checks import owner_id, record_id, text_field
from storage.db import Database
from storage.errors import NotFoundError
from storage.models import (
    Answer, AnswerFigure, Cohort, CohortMember, Comment, PracticeSession, User, utc_now,
)
from storage.progress import rows_of_owner
from storage.records import AnswerRecord, CommentRecord, SessionRecord, StudentSummary, TargetRecord, UserRecord
from storage.users import coaches, user_record

RECENT = 10                 # scores shown and averaged per student
MAX_COMMENT_CHARS = 5_000


def coach_students(*, coach: UserRecord, db: Database | None = None) -> list[StudentSummary]:
    """The students of every cohort the coach coaches, one row per cohort and student (by cohort
    name, then student), with their sessions, last session, recent scores and weakest categories."""
    coach_id = owner_id(coach, "coach")
    db = db or Database()
    with db.read() as session:
        coached = select(CohortMember.cohort_id).where(CohortMember.user_id == coach_id,
                                                       CohortMember.is_coach.is_(True))
        places = session.execute(
            select(Cohort.id, Cohort.name, User).join(CohortMember, CohortMember.cohort_id == Cohort.id)
            .join(User, User.id == CohortMember.user_id)
            .where(Cohort.id.in_(coached), CohortMember.is_coach.is_(False))
            .order_by(Cohort.name, Cohort.id, User.name, User.email, User.id)).all()
        ids = {user.id for _, _, user in places}
        if not ids:
            return []
        counts: dict[int, int] = {}
        last: dict[int, tuple[int, datetime]] = {}
        for owner, session_id, started in session.execute(
                select(PracticeSession.owner_id, PracticeSession.id, PracticeSession.started_at)
                .where(PracticeSession.owner_id.in_(ids))
                .order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())):
            counts[owner] = counts.get(owner, 0) + 1
            last.setdefault(owner, (session_id, started))
        scores: dict[int, list[int]] = {}
        by_category: dict[int, dict[str, list[int]]] = {}
        for owner, category, overall in session.execute(
                select(PracticeSession.owner_id, AnswerFigure.category, AnswerFigure.overall)
                .join(PracticeSession, AnswerFigure.session_id == PracticeSession.id)
                .where(PracticeSession.owner_id.in_(ids))
                .order_by(AnswerFigure.answered_at, AnswerFigure.answer_id)):
            scores.setdefault(owner, []).append(overall)
            if category:
                by_category.setdefault(owner, {}).setdefault(category, []).append(overall)
        summaries = []
        for cohort_id, cohort_name, user in places:
            recent = scores.get(user.id, [])[-RECENT:]
            categories = by_category.get(user.id, {})
            weakest = sorted(categories, key=lambda c: (sum(categories[c]) / len(categories[c]), c))
            last_id, last_at = last.get(user.id, (None, None))
            summaries.append(StudentSummary(
                user=user_record(user), cohort_id=cohort_id, cohort=cohort_name, sessions=counts.get(user.id, 0),
                scored_answers=len(scores.get(user.id, [])), last_session_id=last_id, last_session_at=last_at,
                average_score=round(sum(recent) / len(recent), 1) if recent else None, recent_scores=recent,
                weakest_categories=weakest[:2]))
        return summaries


def coach_sessions(student_id: int, *, coach: UserRecord, db: Database | None = None) -> list[SessionRecord]:
    """A coached student's sessions, newest first."""
    from storage.sessions import list_sessions

    db = db or Database()
    return list_sessions(owner=_student(student_id, coach, db), db=db)


def coach_answers(student_id: int, *, coach: UserRecord, session_id: int | None = None,
                  limit: int | None = None, db: Database | None = None) -> list[AnswerRecord]:
    """A coached student's answers (of one session, or all), newest first."""
    from storage.answers import list_answers

    db = db or Database()
    return list_answers(session_id=session_id, limit=limit, owner=_student(student_id, coach, db), db=db)


def coach_targets(student_id: int, *, coach: UserRecord, db: Database | None = None) -> list[TargetRecord]:
    """The jobs a coached student is preparing for (to name them next to sessions and scores)."""
    from storage.targets import list_targets

    db = db or Database()
    return list_targets(owner=_student(student_id, coach, db), db=db)


def coach_progress_rows(student_id: int, *, coach: UserRecord, target_id: int | None = None,
                        db: Database | None = None) -> list[dict[str, Any]]:
    """A coached student's progress_rows (the Progress page's figures)."""
    db = db or Database()
    return rows_of_owner(None if target_id is None else record_id(target_id, "target"),
                         _student(student_id, coach, db).id, db)


def coach_answer(answer_id: int, *, coach: UserRecord, db: Database | None = None) -> AnswerRecord:
    """One answer of a coached student: transcript, score card, status."""
    db = db or Database()
    owner = _answer_reader(answer_id, coach, db, coach_only=True)
    return answers_of_owner(lambda q: q.where(Answer.id == answer_id), owner, db)[0]


def coach_read_audio(answer_id: int, *, coach: UserRecord, db: Database | None = None) -> bytes:
    """The recording of one answer of a coached student, for playback."""
    db = db or Database()
    return audio_of(db, coach_answer(answer_id, coach=coach, db=db))


def add_comment(answer_id: int, text: str, *, author: UserRecord, db: Database | None = None) -> CommentRecord:
    """A written comment on an answer by a coach of its student, or by the student (a reply)."""
    text = text_field(text, "comment", MAX_COMMENT_CHARS, required=True, strip=False).strip()
    db = db or Database()
    with db.write() as session:
        _answer_reader_in(session, answer_id, author)
        row = Comment(answer_id=answer_id, author_id=author.id, text=text, created_at=utc_now())
        session.add(row)
        session.flush()
        writer = session.get(User, author.id)
        return _comment(row, writer)


def list_comments(answer_id: int, *, viewer: UserRecord, db: Database | None = None) -> list[CommentRecord]:
    """The comments on an answer, oldest first, for its student or a coach of theirs."""
    db = db or Database()
    with db.read() as session:
        _answer_reader_in(session, answer_id, viewer)
        found = session.execute(select(Comment, User).join(User, Comment.author_id == User.id)
                                .where(Comment.answer_id == answer_id).order_by(Comment.created_at, Comment.id))
        return [_comment(row, writer) for row, writer in found]


def delete_comment(comment_id: int, *, author: UserRecord, db: Database | None = None) -> None:
    """Its author takes a comment back."""
    user = owner_id(author, "author")
    db = db or Database()
    with db.write() as session:
        row = session.get(Comment, record_id(comment_id, "comment"))
        if row is None or row.author_id != user:
            raise NotFoundError(f"there is no comment with id {comment_id}")
        session.delete(row)


# --- helpers ----------------------------------------------------------------------------------

def _student(student_id: Any, coach: UserRecord, db: Database) -> UserRecord:
    """The student as a UserRecord, if `coach` coaches them; else NotFoundError."""
    coach_id = owner_id(coach, "coach")
    with db.read() as session:
        row = session.get(User, record_id(student_id, "student"))
        if row is None or not coaches(session, coach_id, row.id):
            raise NotFoundError(f"there is no student with id {student_id}")
        return user_record(row)


def _answer_reader(answer_id: Any, user: UserRecord, db: Database, coach_only: bool = False) -> int:
    with db.read() as session:
        return _answer_reader_in(session, answer_id, user, coach_only)


def _answer_reader_in(session, answer_id: Any, user: UserRecord, coach_only: bool = False) -> int:
    """The owner of the answer, if `user` is that owner (unless coach_only) or coaches them."""
    user_id = owner_id(user, "user")
    owner = session.scalar(select(PracticeSession.owner_id).join(Answer, Answer.session_id == PracticeSession.id)
                           .where(Answer.id == record_id(answer_id, "answer")))
    if owner is None or not ((owner == user_id and not coach_only) or coaches(session, user_id, owner)):
        raise NotFoundError(f"there is no answer with id {answer_id}")
    return owner


def _comment(row: Comment, writer: User | None) -> CommentRecord:
    author = (writer.name or writer.email or f"user {writer.id}") if writer is not None else "someone"
    return CommentRecord(id=row.id, answer_id=row.answer_id, author_id=row.author_id, author=author,
                         author_role=writer.role if writer is not None else "", text=row.text,
                         created_at=row.created_at)
