"""Read-only views for charts and for question selection.

These run on every visit to the Progress page, over every scored answer, so they read the narrow
`answer_figures` table (one small row per scored answer) instead of the answers themselves,
whose transcripts and full scores make each row tens of kilobytes.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import String, Text, select, type_coerce

from storage.checks import owner_id, record_id
from storage.db import Database
from storage.models import AnswerFigure, PracticeSession, Target, UTCDateTime
from storage.records import UserRecord


def progress_rows(target_id: int | None = None, *, owner: UserRecord,
                  db: Database | None = None) -> list[dict[str, Any]]:
    """One dict per scored answer, oldest session first, for charts.

    Keys: answer_id, session_id, session_started, answered_at, target_id, target ("Role at
    Company", None for free practice), category, question_id, overall, dimensions ({name: score
    or None}), wpm and fillers_per_min (None for typed answers), matched_keywords and
    missed_keywords (lists of str).
    """
    return rows_of_owner(target_id, owner_id(owner), db or Database())


def rows_of_owner(target_id: int | None, user: int, db: Database) -> list[dict[str, Any]]:
    """progress_rows of one owner (checked by the caller: the owner, or their coach)."""
    f = AnswerFigure
    query = (select(f.answer_id, f.session_id, _raw(PracticeSession.started_at), _raw(f.answered_at),
                    PracticeSession.target_id, Target.company, Target.role, f.category, f.question_id,
                    f.overall, f.wpm, f.fillers_per_min, _raw(f.figures))
             .join(PracticeSession, f.session_id == PracticeSession.id)
             .outerjoin(Target, PracticeSession.target_id == Target.id)
             .where(PracticeSession.owner_id == user)
             .order_by(PracticeSession.started_at, PracticeSession.id, f.answered_at, f.answer_id))
    if target_id is not None:
        query = query.where(PracticeSession.target_id == record_id(target_id, "target"))
    labels: dict[int | None, str | None] = {}
    started_at: dict[int, datetime] = {}
    rows = []
    with db.read() as session:
        for (answer_id, session_id, started, answered, target, company, role, category, question_id,
             overall, wpm, fillers, figures) in session.connection().execute(query).all():
            if target not in labels:
                labels[target] = _label(company, role)
            if session_id not in started_at:
                started_at[session_id] = _utc(started)
            figures = _json(figures)
            rows.append({
                "answer_id": answer_id, "session_id": session_id, "session_started": started_at[session_id],
                "answered_at": _utc(answered), "target_id": target, "target": labels[target],
                "category": category, "question_id": question_id, "overall": overall,
                "dimensions": figures.get("dimensions", {}), "wpm": wpm, "fillers_per_min": fillers,
                "matched_keywords": figures.get("matched", []), "missed_keywords": figures.get("missed", []),
            })
    return rows


def practice_history(target_id: int | None, *, owner: UserRecord,
                     db: Database | None = None) -> list[dict[str, Any]]:
    """What question selection needs about past scored answers of a target (None: all), newest first.

    Keys match question_bank.PracticeRecord: question_id, category, competencies (tuple),
    overall, missed_keywords, matched_keywords, practised_at.
    """
    user = owner_id(owner)
    db = db or Database()
    f = AnswerFigure
    query = (select(f.question_id, f.category, f.overall, _raw(f.figures), _raw(f.answered_at))
             .join(PracticeSession, f.session_id == PracticeSession.id)
             .where(PracticeSession.owner_id == user)
             .order_by(f.answered_at.desc(), f.answer_id.desc()))
    if target_id is not None:
        query = query.where(PracticeSession.target_id == record_id(target_id, "target"))
    history = []
    with db.read() as session:
        for question_id, category, overall, figures, practised_at in session.connection().execute(query).all():
            figures = _json(figures)
            history.append({
                "question_id": question_id, "category": category,
                "competencies": tuple(figures.get("competencies", ())), "overall": overall,
                "missed_keywords": figures.get("missed", []), "matched_keywords": figures.get("matched", []),
                "practised_at": _utc(practised_at),
            })
    return history

# Speed: reading JSON and times through their column types costs about twice the whole query
# at 6,000 rows (bench/bench_storage.py), so these queries take them raw and converts them with
# json.loads / datetime.fromisoformat. Drivers that already convert (PostgreSQL's) hand over
# dicts and datetimes, which pass through unchanged.

def _raw(column):
    return type_coerce(column, String if isinstance(column.type, UTCDateTime) else Text)


def _json(value) -> dict:
    return json.loads(value) if isinstance(value, (str, bytes)) else (value or {})


def _utc(value) -> datetime | None:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def _label(company: str | None, role: str | None) -> str | None:
    if company and role:
        return f"{role} at {company}"
    return role or company or None
