"""Who is acting: personal mode's local user, signed-in users (issuer + subject), roles, and roles
granted by e-mail before someone first signs in.

A user is identified by the identity provider's issuer and subject, never by e-mail alone: the
e-mail is only used to apply what an admin granted to an address (a role, a cohort place) at that
address's first sign-in, after which the grant is gone.
"""
from __future__ import annotations

import threading

from sqlalchemy import delete, select

from storage.checks import email_key, owner_id, record_id, text_field
from storage.db import Database
from storage.errors import ForbiddenError, NotFoundError, StorageError
from storage.models import CohortMember, PendingMember, PendingRole, User, utc_now
from storage.records import ADMIN, COACH, ROLES, STUDENT, UserRecord

LOCAL_ISSUER = "local"        # personal mode's one user: issuer "local", subject "local"
LOCAL_SUBJECT = "local"
OPERATOR_ISSUER = "operator"  # the command line's admin commands (never stored)
RESERVED_ISSUERS = (LOCAL_ISSUER, OPERATOR_ISSUER)

_local_users: dict[str, UserRecord] = {}   # per database URL: local_user() runs on every page
_local_lock = threading.Lock()


def local_user(*, db: Database | None = None) -> UserRecord:
    """Personal mode's one user, who owns everything in a personal database (created on first use)."""
    db = db or Database()
    cached = _local_users.get(db.url)
    if cached is not None:
        return cached

    def find_or_create(session) -> UserRecord:
        row = session.scalars(select(User).where(User.issuer == LOCAL_ISSUER, User.subject == LOCAL_SUBJECT)).first()
        if row is None:
            row = User(issuer=LOCAL_ISSUER, subject=LOCAL_SUBJECT, role=STUDENT, created_at=utc_now())
            session.add(row)
            session.flush()
        return _record(row)

    user = db.write_retrying(find_or_create, "local user")
    with _local_lock:
        _local_users[db.url] = user
    return user


def operator() -> UserRecord:
    """The command line's authority for `callback admin ...`: whoever can run commands on the
    server can read its database anyway. Acts as an admin; is not a row in the database."""
    return UserRecord(id=0, issuer=OPERATOR_ISSUER, subject="command line", email=None,
                      name="the command line", role=ADMIN)


def sign_in(issuer: str, subject: str, *, email: str | None = None, name: str | None = None,
            email_verified: bool | None = None, db: Database | None = None) -> UserRecord:
    """The user with this issuer + subject, created at their first sign-in (as a student) and
    updated with the provider's current e-mail and name at every later one. A role or cohort place
    granted to that e-mail is applied now, then forgotten. An address the provider says is not
    verified (`email_verified=False`, the OIDC claim) is not kept at all: anyone could have typed
    it, so no grant, now or later, may find the account through it."""
    issuer = text_field(issuer, "issuer", 300, required=True)
    subject = text_field(subject, "subject", 300, required=True)
    if issuer in RESERVED_ISSUERS:
        raise StorageError(f"the issuer {issuer!r} is reserved for Callback itself")
    email = email_key(email) if email and str(email).strip() and email_verified is not False else None
    name = text_field(name, "name", 200) or None
    db = db or Database()

    def upsert(session) -> UserRecord:
        now = utc_now()
        row = session.scalars(select(User).where(User.issuer == issuer, User.subject == subject)
                              .with_for_update()).first()
        if row is None:
            row = User(issuer=issuer, subject=subject, role=STUDENT, created_at=now)
            session.add(row)
        row.email, row.name, row.last_sign_in_at = email, name, now
        session.flush()  # a second first sign-in racing this one fails here, and is retried
        if email:
            _apply_pending(session, row, email)
        return _record(row)

    return db.write_retrying(upsert, "sign-in")


def grant_role(email: str, role: str, *, db: Database | None = None) -> list[UserRecord]:
    """`callback admin grant EMAIL --role R`: give every account with that e-mail the role now;
    if nobody with it has signed in yet, keep the grant for their first sign-in. Returns the
    accounts changed (empty: the grant is pending)."""
    email = email_key(email)
    role = _checked_role(role)
    db = db or Database()

    def grant(session) -> list[UserRecord]:
        rows = session.scalars(select(User).where(User.email == email).order_by(User.id)).all()
        for row in rows:
            row.role = role
        pending = session.get(PendingRole, email)
        if rows:
            if pending is not None:
                session.delete(pending)
        elif pending is None:
            session.add(PendingRole(email=email, role=role, granted_at=utc_now()))
        else:
            pending.role, pending.granted_at = role, utc_now()
        session.flush()
        return [_record(row) for row in rows]

    return db.write_retrying(grant, "role")


def set_role(user_id: int, role: str, *, admin: UserRecord, db: Database | None = None) -> UserRecord:
    """An admin changes someone's role."""
    role = _checked_role(role)
    db = db or Database()
    with db.write() as session:
        require_admin(session, admin)
        row = session.get(User, record_id(user_id, "user"))
        if row is None or row.issuer == LOCAL_ISSUER:
            raise NotFoundError(f"there is no user with id {user_id}")
        row.role = role
        session.flush()
        return _record(row)


def get_user(user_id: int, *, viewer: UserRecord, db: Database | None = None) -> UserRecord:
    """A user the viewer may see: themselves; for an admin anyone; for a coach their students."""
    viewer_id = owner_id(viewer, "viewer")
    db = db or Database()
    with db.read() as session:
        row = session.get(User, record_id(user_id, "user"))
        if row is None or not (row.id == viewer_id or is_admin(session, viewer)
                               or coaches(session, viewer_id, row.id)):
            raise NotFoundError(f"there is no user with id {user_id}")
        return _record(row)


def list_users(*, admin: UserRecord, db: Database | None = None) -> list[UserRecord]:
    """Everyone who has signed in (and the local user, if any), oldest account first."""
    db = db or Database()
    with db.read() as session:
        require_admin(session, admin)
        return [_record(row) for row in session.scalars(select(User).order_by(User.id))]


def find_users(email: str, *, admin: UserRecord, db: Database | None = None) -> list[UserRecord]:
    """The accounts with this e-mail (usually one; one per identity provider at most)."""
    email = email_key(email)
    db = db or Database()
    with db.read() as session:
        require_admin(session, admin)
        return [_record(row) for row in session.scalars(select(User).where(User.email == email).order_by(User.id))]


# --- for the other storage modules ------------------------------------------------------------

def is_admin(session, user: UserRecord) -> bool:
    """The role as the database has it now (a signed-in page may hold an older UserRecord)."""
    if user.issuer == OPERATOR_ISSUER and user.id == 0:
        return True
    row = session.get(User, user.id)
    return row is not None and row.role == ADMIN


def require_admin(session, user: UserRecord) -> None:
    owner_id(user, "admin")
    if not is_admin(session, user):
        raise ForbiddenError("only an admin can do that")


def coaches(session, coach_id: int, student_id: int) -> bool:
    """Is `coach_id` a coach of a cohort that `student_id` is a student of?"""
    coach = select(CohortMember.cohort_id).where(CohortMember.user_id == coach_id, CohortMember.is_coach.is_(True))
    found = session.execute(select(CohortMember.user_id).where(
        CohortMember.user_id == student_id, CohortMember.is_coach.is_(False),
        CohortMember.cohort_id.in_(coach)).limit(1)).first()
    return found is not None


def forget_local_user(url: str | None = None) -> None:
    with _local_lock:
        if url is None:
            _local_users.clear()
        else:
            _local_users.pop(url, None)


def user_record(row: User) -> UserRecord:
    return _record(row)


def _apply_pending(session, row: User, email: str) -> None:
    pending = session.get(PendingRole, email)
    if pending is not None:
        row.role = pending.role
        session.delete(pending)
    places = session.scalars(select(PendingMember).where(PendingMember.email == email)).all()
    for place in places:
        member = session.get(CohortMember, (place.cohort_id, row.id))
        if member is None:
            session.add(CohortMember(cohort_id=place.cohort_id, user_id=row.id, is_coach=place.is_coach,
                                     added_at=utc_now()))
        else:
            member.is_coach = place.is_coach
        if place.is_coach and row.role == STUDENT:
            row.role = COACH
    if places:
        session.execute(delete(PendingMember).where(PendingMember.email == email))


def _checked_role(role: str) -> str:
    if role not in ROLES:
        raise StorageError(f"unknown role {role!r}; choose one of: {', '.join(ROLES)}")
    return role


def _record(row: User) -> UserRecord:
    return UserRecord(id=row.id, issuer=row.issuer, subject=row.subject, email=row.email, name=row.name,
                      role=row.role)
