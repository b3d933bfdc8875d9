"""Cohorts: groups of students with their coaches, set up by an admin.

A place can be given to someone who has signed in (by user id) or, before they first sign in, to
an e-mail address (kept as pending and applied at that first sign-in). Adding someone as a coach
makes a student a coach (an admin stays admin).
"""
from __future__ import annotations

from sqlalchemy import delete, select

from storage.checks import email_key, owner_id, record_id, text_field
from storage.db import Database
from storage.errors import NotFoundError, StorageError
from storage.models import Cohort, CohortMember, PendingMember, User, utc_now
from storage.records import COACH, STUDENT, CohortRecord, UserRecord
from storage.users import LOCAL_ISSUER, is_admin, require_admin, user_record


def create_cohort(name: str, *, admin: UserRecord, db: Database | None = None) -> CohortRecord:
    name = text_field(name, "cohort name", 200, required=True)
    db = db or Database()

    def insert(session) -> CohortRecord:
        require_admin(session, admin)
        if session.scalars(select(Cohort).where(Cohort.name == name)).first() is not None:
            raise StorageError(f"there is already a cohort named {name!r}")
        row = Cohort(name=name, created_at=utc_now())
        session.add(row)
        session.flush()
        return _record(session, row)

    return db.write_retrying(insert, "cohort")


def find_cohort(name: str, *, admin: UserRecord, db: Database | None = None) -> CohortRecord:
    """The cohort with this name (the command line names cohorts)."""
    name = text_field(name, "cohort name", 200, required=True)
    db = db or Database()
    with db.read() as session:
        require_admin(session, admin)
        row = session.scalars(select(Cohort).where(Cohort.name == name)).first()
        if row is None:
            raise NotFoundError(f"there is no cohort named {name!r}")
        return _record(session, row)


def add_to_cohort(cohort_id: int, user_id: int, *, as_coach: bool, admin: UserRecord,
                  db: Database | None = None) -> CohortRecord:
    """Give a signed-in user a place in a cohort, as a student or as one of its coaches (a
    student added as a coach becomes a coach). Adding again changes the kind of place."""
    db = db or Database()

    def add(session) -> CohortRecord:
        require_admin(session, admin)
        cohort = _cohort(session, cohort_id)
        user = session.get(User, record_id(user_id, "user"))
        if user is None or user.issuer == LOCAL_ISSUER:
            raise NotFoundError(f"there is no user with id {user_id}")
        _place(session, cohort.id, user, bool(as_coach))
        session.flush()
        return _record(session, cohort)

    return db.write_retrying(add, "cohort place")


def add_to_cohort_by_email(cohort_id: int, email: str, *, as_coach: bool, admin: UserRecord,
                           db: Database | None = None) -> list[UserRecord]:
    """Give everyone with this e-mail a place now; if nobody with it has signed in yet, keep the
    place for their first sign-in. Returns the accounts placed (empty: pending)."""
    email = email_key(email)
    db = db or Database()

    def add(session) -> list[UserRecord]:
        require_admin(session, admin)
        cohort = _cohort(session, cohort_id)
        users = session.scalars(select(User).where(User.email == email).order_by(User.id)).all()
        for user in users:
            _place(session, cohort.id, user, bool(as_coach))
        pending = session.get(PendingMember, (email, cohort.id))
        if users:
            if pending is not None:
                session.delete(pending)
        elif pending is None:
            session.add(PendingMember(email=email, cohort_id=cohort.id, is_coach=bool(as_coach), added_at=utc_now()))
        else:
            pending.is_coach = bool(as_coach)
        session.flush()
        return [user_record(user) for user in users]

    return db.write_retrying(add, "cohort place")


def remove_from_cohort(cohort_id: int, user_id: int | None = None, *, email: str | None = None,
                       admin: UserRecord, db: Database | None = None) -> int:
    """Take a user (or everyone with an e-mail, pending places included) out of a cohort; their
    own data stays. Returns how many places went."""
    if (user_id is None) == (email is None):
        raise StorageError("remove_from_cohort needs either a user id or an e-mail address")
    email = email_key(email) if email is not None else None
    db = db or Database()
    with db.write() as session:
        require_admin(session, admin)
        cohort = _cohort(session, cohort_id)
        removed = 0
        if user_id is not None:
            ids = [record_id(user_id, "user")]
        else:
            ids = list(session.scalars(select(User.id).where(User.email == email)))
            removed += session.execute(delete(PendingMember).where(
                PendingMember.cohort_id == cohort.id, PendingMember.email == email)).rowcount
        if ids:
            removed += session.execute(delete(CohortMember).where(
                CohortMember.cohort_id == cohort.id, CohortMember.user_id.in_(ids))).rowcount
        return removed


def delete_cohort(cohort_id: int, *, admin: UserRecord, db: Database | None = None) -> None:
    """Dissolve a cohort: its places go; its students' data stays theirs."""
    db = db or Database()
    with db.write() as session:
        require_admin(session, admin)
        cohort = _cohort(session, cohort_id)
        session.execute(delete(CohortMember).where(CohortMember.cohort_id == cohort.id))
        session.execute(delete(PendingMember).where(PendingMember.cohort_id == cohort.id))
        session.execute(delete(Cohort).where(Cohort.id == cohort.id))


def list_cohorts(*, viewer: UserRecord, db: Database | None = None) -> list[CohortRecord]:
    """An admin sees every cohort; anyone else the cohorts they coach or study in. By name."""
    user = owner_id(viewer, "viewer")
    db = db or Database()
    with db.read() as session:
        query = select(Cohort).order_by(Cohort.name, Cohort.id)
        if not is_admin(session, viewer):
            query = query.where(Cohort.id.in_(select(CohortMember.cohort_id).where(CohortMember.user_id == user)))
        return [_record(session, row) for row in session.scalars(query).all()]


# --- helpers ----------------------------------------------------------------------------------

def _cohort(session, cohort_id) -> Cohort:
    row = session.get(Cohort, record_id(cohort_id, "cohort"))
    if row is None:
        raise NotFoundError(f"there is no cohort with id {cohort_id}")
    return row


def _place(session, cohort_id: int, user: User, as_coach: bool) -> None:
    member = session.get(CohortMember, (cohort_id, user.id))
    if member is None:
        session.add(CohortMember(cohort_id=cohort_id, user_id=user.id, is_coach=as_coach, added_at=utc_now()))
    else:
        member.is_coach = as_coach
    if as_coach and user.role == STUDENT:
        user.role = COACH


def _record(session, row: Cohort) -> CohortRecord:
    members = session.execute(select(CohortMember.user_id, CohortMember.is_coach)
                              .where(CohortMember.cohort_id == row.id).order_by(CohortMember.user_id)).all()
    pending = session.execute(select(PendingMember.email, PendingMember.is_coach)
                              .where(PendingMember.cohort_id == row.id).order_by(PendingMember.email)).all()
    return CohortRecord(id=row.id, name=row.name,
                        student_ids=[u for u, coach in members if not coach],
                        coach_ids=[u for u, coach in members if coach],
                        pending_students=[e for e, coach in pending if not coach],
                        pending_coaches=[e for e, coach in pending if coach],
                        created_at=row.created_at)
