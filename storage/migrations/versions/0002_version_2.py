"""Version 2: prep_items (the preparation tools) and answer_figures (each scored answer's chart
figures in a narrow table), the latter filled in from the stored scores.

Revision ID: 0002
Revises: 0001
"""
from datetime import datetime, timezone

from alembic import op
from sqlalchemy import select

from storage import models
from storage.migrations.frozen import v2_metadata

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    md = v2_metadata()
    bind = op.get_bind()
    md.tables["prep_items"].create(bind)
    figures = md.tables["answer_figures"]
    figures.create(bind)

    answers = md.tables["answers"]
    scored = bind.execute(select(answers.c.id, answers.c.session_id, answers.c.question_id, answers.c.category,
                                 answers.c.created_at, answers.c.overall, answers.c.score, answers.c.question)
                          .where(answers.c.status == "scored", answers.c.overall.is_not(None))).all()
    rows = [{"answer_id": a_id, "session_id": s_id, "question_id": q_id, "category": category,
             "answered_at": created, "overall": overall, **models.answer_figures(score, question)}
            for a_id, s_id, q_id, category, created, overall, score, question in scored]
    if rows:
        bind.execute(figures.insert(), rows)
    bind.execute(md.tables["schema_version"].insert().values(version=2, applied_at=datetime.now(timezone.utc)))


def downgrade() -> None:
    raise NotImplementedError("Callback does not downgrade: restore the backup taken before the upgrade")
