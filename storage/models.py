"""The database tables as they are now (Alembic head). Change them only together with a new
migration in storage/migrations/versions/ (tests compare the two).

Types are portable (SQLite for personal mode, PostgreSQL for team mode): JSON columns, bounded
strings, integer keys, and UTC times stored without a zone. Every user's data hangs off
`targets.owner_id` and `practice_sessions.owner_id`; answers, figures, preparation items and
comments are reached through them.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint, text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """Stores UTC without a zone (same on every database); gives back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


# none_as_null: a Python None is stored as SQL NULL, not the JSON text "null".
Json = JSON(none_as_null=True)


class Base(DeclarativeBase):
    pass


class SchemaVersion(Base):
    """The schema versioning of Callback before Alembic (1, 2), kept so that those releases refuse
    a database they cannot read ("made by a newer Callback") instead of misreading it: the team
    migration records 3 here. Alembic's `alembic_version` is what this Callback goes by."""

    __tablename__ = "schema_version"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class User(Base):
    """Someone who signs in (issuer + subject from the identity provider), or personal mode's one
    local user (issuer "local"). E-mail is kept lower-case, for pending grants; never an identity."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issuer: Mapped[str] = mapped_column(String(300), nullable=False)
    subject: Mapped[str] = mapped_column(String(300), nullable=False)
    email: Mapped[str | None] = mapped_column(String(320), nullable=True, index=True)
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_user_identity"),)


class PendingRole(Base):
    """A role granted by e-mail before that person first signed in; applied (and removed) then."""

    __tablename__ = "pending_roles"
    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class Cohort(Base):
    __tablename__ = "cohorts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    __table_args__ = (UniqueConstraint("name", name="uq_cohort_name"),)


class CohortMember(Base):
    """A student of a cohort, or (is_coach) one of its coaches."""

    __tablename__ = "cohort_members"
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    is_coach: Mapped[bool] = mapped_column(Boolean, nullable=False)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class PendingMember(Base):
    """A cohort place given by e-mail before that person first signed in; applied (and removed) then."""

    __tablename__ = "pending_members"
    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True)
    is_coach: Mapped[bool] = mapped_column(Boolean, nullable=False)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class Target(Base):
    __tablename__ = "targets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE", name="fk_targets_owner"),
                                          nullable=False, index=True)
    company: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    role: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    posting_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    rubric = mapped_column(Json, nullable=True)
    interviewers = mapped_column(Json, nullable=True)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class PracticeSession(Base):
    __tablename__ = "practice_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE", name="fk_practice_sessions_owner"), nullable=False, index=True
    )
    # NULL target: free practice not tied to a job application.
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("targets.id", ondelete="CASCADE"), nullable=True, index=True
    )
    mode: Mapped[str] = mapped_column(String(40), nullable=False)
    question_ids = mapped_column(Json, nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Answer(Base):
    __tablename__ = "answers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("practice_sessions.id", ondelete="CASCADE"), nullable=False
    )
    question_id: Mapped[str] = mapped_column(String(200), nullable=False)
    category: Mapped[str | None] = mapped_column(String(60), nullable=True, index=True)
    question = mapped_column(Json, nullable=False)
    attempt: Mapped[int] = mapped_column(Integer, nullable=False)
    audio_path: Mapped[str | None] = mapped_column(String(300), nullable=True)
    audio_format: Mapped[str | None] = mapped_column(String(10), nullable=True)
    typed_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    transcript = mapped_column(Json, nullable=True)
    score = mapped_column(Json, nullable=True)
    overall: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # How many times a worker has taken the answer up (claim_answer: one atomic UPDATE each).
    tries: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default=text("0"))
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    __table_args__ = (
        UniqueConstraint("session_id", "question_id", "attempt", name="uq_answer_attempt"),
        Index("ix_answers_question", "question_id"),
    )


class AnswerFigure(Base):
    """Version 2: the chart figures of one scored answer, in a narrow table of their own.

    Answers rows are large (transcript with word timings, full score); reading a few fields from
    6,000 of them costs several times more than reading this table (see bench/bench_storage.py).
    A row exists exactly while its answer is scored.
    """

    __tablename__ = "answer_figures"
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("practice_sessions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    question_id: Mapped[str] = mapped_column(String(200), nullable=False)
    category: Mapped[str | None] = mapped_column(String(60), nullable=True)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    overall: Mapped[int] = mapped_column(Integer, nullable=False)
    wpm: Mapped[float | None] = mapped_column(Float, nullable=True)
    fillers_per_min: Mapped[float | None] = mapped_column(Float, nullable=True)
    # {"dimensions": {name: score}, "matched": [kw], "missed": [kw], "competencies": [str]}
    figures = mapped_column(Json, nullable=False)


class PrepItem(Base):
    """Version 2: free-form preparation notes per target, addressed by (kind, key)."""

    __tablename__ = "prep_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(60), nullable=False)
    key: Mapped[str] = mapped_column(String(200), nullable=False)
    data = mapped_column(Json, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    __table_args__ = (UniqueConstraint("target_id", "kind", "key", name="uq_prep_item"),)


class Recording(Base):
    """Recordings kept in the database (team mode, PostgreSQL: every worker reads them from there;
    docs/deploy.md says why). Personal mode keeps them as files in the data folder instead."""

    __tablename__ = "recordings"
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class Comment(Base):
    """A written comment on an answer, by its coach or by the student who gave it."""

    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), nullable=False, index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


def answer_figures(score: dict | None, question: dict | None) -> dict:
    """The figures columns of AnswerFigure, read from a score dict (AnswerScore.to_dict()).

    Tolerant of missing parts: a typed answer has no delivery metrics, an old score may lack keys.
    """
    score = score if isinstance(score, dict) else {}
    metrics = _part(score, "metrics", dict)
    competencies = (question or {}).get("competencies") or []
    return {
        "wpm": _number(metrics.get("wpm")),
        "fillers_per_min": _number(metrics.get("fillers_per_min")),
        "figures": {
            "dimensions": {str(name): (d.get("score") if isinstance(d, dict) else d)
                           for name, d in _part(score, "dimensions", dict).items()},
            "matched": [m.get("keyword") if isinstance(m, dict) else str(m) for m in _part(score, "matched", list)],
            "missed": [m.get("keyword") if isinstance(m, dict) else str(m) for m in _part(score, "missed", list)],
            "competencies": [str(c) for c in competencies] if isinstance(competencies, (list, tuple)) else [],
        },
    }


def _part(score: dict, key: str, kind: type):
    value = score.get(key)
    return value if isinstance(value, kind) else kind()


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
