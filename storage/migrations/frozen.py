"""The tables as earlier schema versions made them: frozen snapshots the migrations (and the tests
that build old databases) refer to. Never edit one; a new schema gets a new migration.
"""
from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

from storage.models import Json, UTCDateTime


def v1_metadata() -> MetaData:
    """Version 1 (the first release): targets, practice sessions, answers, schema_version."""
    md = MetaData()
    Table("schema_version", md,
          Column("version", Integer, primary_key=True, autoincrement=False),
          Column("applied_at", UTCDateTime, nullable=False))
    Table("targets", md,
          Column("id", Integer, primary_key=True),
          Column("company", String(200), nullable=False),
          Column("role", String(200), nullable=False),
          Column("posting_text", Text, nullable=False),
          Column("rubric", Json, nullable=True),
          Column("interviewers", Json, nullable=True),
          Column("notes", Text, nullable=False),
          Column("created_at", UTCDateTime, nullable=False),
          Column("updated_at", UTCDateTime, nullable=False))
    Table("practice_sessions", md,
          Column("id", Integer, primary_key=True),
          Column("target_id", Integer, ForeignKey("targets.id", ondelete="CASCADE"), nullable=True, index=True),
          Column("mode", String(40), nullable=False),
          Column("question_ids", Json, nullable=True),
          Column("started_at", UTCDateTime, nullable=False, index=True),
          Column("finished_at", UTCDateTime, nullable=True))
    Table("answers", md,
          Column("id", Integer, primary_key=True),
          Column("session_id", Integer, ForeignKey("practice_sessions.id", ondelete="CASCADE"), nullable=False),
          Column("question_id", String(200), nullable=False),
          Column("category", String(60), nullable=True, index=True),
          Column("question", Json, nullable=False),
          Column("attempt", Integer, nullable=False),
          Column("audio_path", String(300), nullable=True),
          Column("audio_format", String(10), nullable=True),
          Column("typed_text", Text, nullable=True),
          Column("transcript", Json, nullable=True),
          Column("score", Json, nullable=True),
          Column("overall", Integer, nullable=True),
          Column("status", String(20), nullable=False, index=True),
          Column("error", Text, nullable=True),
          Column("created_at", UTCDateTime, nullable=False, index=True),
          Column("updated_at", UTCDateTime, nullable=False),
          UniqueConstraint("session_id", "question_id", "attempt", name="uq_answer_attempt"),
          Index("ix_answers_question", "question_id"))
    return md


def v2_metadata() -> MetaData:
    """Version 2: version 1 plus prep_items (preparation tools) and answer_figures (chart figures)."""
    md = v1_metadata()
    Table("prep_items", md,
          Column("id", Integer, primary_key=True),
          Column("target_id", Integer, ForeignKey("targets.id", ondelete="CASCADE"), nullable=False),
          Column("kind", String(60), nullable=False),
          Column("key", String(200), nullable=False),
          Column("data", Json, nullable=True),
          Column("updated_at", UTCDateTime, nullable=False),
          UniqueConstraint("target_id", "kind", "key", name="uq_prep_item"))
    Table("answer_figures", md,
          Column("answer_id", Integer, ForeignKey("answers.id", ondelete="CASCADE"),
                 primary_key=True, autoincrement=False),
          Column("session_id", Integer, ForeignKey("practice_sessions.id", ondelete="CASCADE"),
                 nullable=False, index=True),
          Column("question_id", String(200), nullable=False),
          Column("category", String(60), nullable=True),
          Column("answered_at", UTCDateTime, nullable=False),
          Column("overall", Integer, nullable=False),
          Column("wpm", Float, nullable=True),
          Column("fillers_per_min", Float, nullable=True),
          Column("figures", Json, nullable=False))
    return md
