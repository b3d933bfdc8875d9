"""Targets (job applications) and their preparation items, each the acting user's own: another
user's target is "not found"."""
from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from storage.checks import json_safe, owner_id, record_id, text_field
from storage.db import Database
from storage.errors import NotFoundError, StorageError
from storage.models import Answer, AnswerFigure, Comment, PracticeSession, PrepItem, Recording, Target, utc_now
from storage.records import TargetRecord, UserRecord

MAX_NAME_CHARS = 200
MAX_POSTING_CHARS = 1_000_000
MAX_NOTES_CHARS = 200_000
EDITABLE = ("company", "role", "posting_text", "rubric", "interviewers", "notes")


def create_target(company: str, role: str, posting_text: str = "", rubric: Any = None,
                  interviewers: list[dict] | None = None, notes: str = "", *, owner: UserRecord,
                  db: Database | None = None) -> TargetRecord:
    """Save a new job application; at least the company or the role must be given."""
    user = owner_id(owner)
    values = _checked_fields(dict(company=company, role=role, posting_text=posting_text, rubric=rubric,
                                  interviewers=interviewers or [], notes=notes))
    if not values["company"] and not values["role"]:
        raise StorageError("a target needs a company or a role")
    db = db or Database()
    now = utc_now()
    with db.write() as session:
        row = Target(**values, owner_id=user, created_at=now, updated_at=now)
        session.add(row)
        session.flush()
        return _record(row)


def get_target(target_id: int, *, owner: UserRecord, db: Database | None = None) -> TargetRecord:
    user = owner_id(owner)
    db = db or Database()
    with db.read() as session:
        return _record(owned_target(session, target_id, user))


def list_targets(*, owner: UserRecord, db: Database | None = None) -> list[TargetRecord]:
    """The owner's targets, most recently changed first."""
    user = owner_id(owner)
    db = db or Database()
    with db.read() as session:
        rows = session.scalars(select(Target).where(Target.owner_id == user)
                               .order_by(Target.updated_at.desc(), Target.id.desc()))
        return [_record(row) for row in rows]


def update_target(target_id: int, *, owner: UserRecord, db: Database | None = None, **changes: Any) -> TargetRecord:
    """Change some of: company, role, posting_text, rubric, interviewers, notes."""
    user = owner_id(owner)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise StorageError(f"a target has no field {unknown[0]!r}; editable: {', '.join(EDITABLE)}")
    values = _checked_fields(changes)
    db = db or Database()
    with db.write() as session:
        row = owned_target(session, target_id, user, lock=True)
        for name, value in values.items():
            setattr(row, name, value)
        if not row.company and not row.role:
            raise StorageError("a target needs a company or a role")
        row.updated_at = utc_now()
        session.flush()
        return _record(row)


def delete_target(target_id: int, *, owner: UserRecord, db: Database | None = None) -> None:
    """Delete a target with its sessions, answers, recordings and preparation items."""
    user = owner_id(owner)
    db = db or Database()
    with db.write() as session:
        owned_target(session, target_id, user)
        session_ids = select(PracticeSession.id).where(PracticeSession.target_id == target_id)
        audio = delete_answers(session, select(Answer.id).where(Answer.session_id.in_(session_ids)))
        session.execute(delete(PracticeSession).where(PracticeSession.target_id == target_id))
        session.execute(delete(PrepItem).where(PrepItem.target_id == target_id))
        session.execute(delete(Target).where(Target.id == target_id))
    db.discard_recordings(audio)


# --- preparation items: free-form JSON per (target, kind, key) ---------------------------------

def save_prep(target_id: int, kind: str, key: str, data: Any, *, owner: UserRecord,
              db: Database | None = None) -> None:
    """Save (or replace) one preparation item, e.g. kind "questions_to_ask", key "q1"."""
    user = owner_id(owner)
    kind = text_field(kind, "preparation kind", 60, required=True)
    key = text_field(key, "preparation key", 200, required=True)
    json_safe(data, f"{kind} item")
    db = db or Database()

    def upsert(session) -> None:  # two tabs saving the same new item: one inserts, the other replaces
        owned_target(session, target_id, user)
        item = session.scalars(select(PrepItem).where(
            PrepItem.target_id == target_id, PrepItem.kind == kind, PrepItem.key == key)).first()
        if item is None:
            session.add(PrepItem(target_id=target_id, kind=kind, key=key, data=data, updated_at=utc_now()))
            session.flush()
        else:
            item.data = data
            item.updated_at = utc_now()

    db.write_retrying(upsert, "preparation item")


def load_prep(target_id: int, kind: str, *, owner: UserRecord, db: Database | None = None) -> dict[str, Any]:
    """{key: data} of one kind for a target, in the order the keys were first saved."""
    user = owner_id(owner)
    db = db or Database()
    with db.read() as session:
        owned_target(session, target_id, user)
        rows = session.execute(select(PrepItem.key, PrepItem.data).where(
            PrepItem.target_id == target_id, PrepItem.kind == kind).order_by(PrepItem.id))
        return {key: data for key, data in rows}


def delete_prep(target_id: int, kind: str, key: str | None = None, *, owner: UserRecord,
                db: Database | None = None) -> int:
    """Delete one item, or every item of `kind` when key is None; returns how many went."""
    user = owner_id(owner)
    db = db or Database()
    with db.write() as session:
        owned_target(session, target_id, user)
        condition = [PrepItem.target_id == target_id, PrepItem.kind == kind]
        if key is not None:
            condition.append(PrepItem.key == key)
        return session.execute(delete(PrepItem).where(*condition)).rowcount


# --- for the other storage modules ------------------------------------------------------------

def owned_target(session, target_id: Any, user: int, lock: bool = False) -> Target:
    """The owner's target row, or NotFoundError (also when it is someone else's)."""
    query = select(Target).where(Target.id == record_id(target_id, "target"), Target.owner_id == user)
    row = session.scalars(query.with_for_update() if lock else query).first()
    if row is None:
        raise NotFoundError(f"there is no target with id {target_id}")
    return row


def delete_answers(session, answer_ids) -> list[str | None]:
    """Delete answers (a select of ids) with everything hanging off them; returns their
    recording files (to remove once committed; in the database the rows go with them)."""
    audio = list(session.scalars(select(Answer.audio_path).where(Answer.id.in_(answer_ids))).all())
    # Explicit child deletes rather than relying on ON DELETE CASCADE being enabled.
    for child in (AnswerFigure, Recording, Comment):
        session.execute(delete(child).where(child.answer_id.in_(answer_ids)))
    session.execute(delete(Answer).where(Answer.id.in_(answer_ids)))
    return audio


# --- helpers ----------------------------------------------------------------------------------

def _checked_fields(values: dict[str, Any]) -> dict[str, Any]:
    checked = {}
    for name, value in values.items():
        if name in ("company", "role"):
            checked[name] = text_field(value, name, MAX_NAME_CHARS)
        elif name == "posting_text":
            checked[name] = text_field(value, "job posting", MAX_POSTING_CHARS, strip=False)
        elif name == "notes":
            checked[name] = text_field(value, "notes", MAX_NOTES_CHARS, strip=False)
        elif name == "rubric":
            checked[name] = json_safe(value, "rubric")
        elif name == "interviewers":
            value = value or []
            if not isinstance(value, list) or not all(isinstance(p, dict) for p in value):
                raise StorageError("interviewers must be a list of {name, title, ...} entries")
            checked[name] = json_safe(value, "interviewer list")
    return checked



def _record(row: Target) -> TargetRecord:
    return TargetRecord(id=row.id, company=row.company, role=row.role, posting_text=row.posting_text,
                        rubric=row.rubric, interviewers=list(row.interviewers or []), notes=row.notes,
                        created_at=row.created_at, updated_at=row.updated_at, owner_id=row.owner_id)
