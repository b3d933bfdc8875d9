"""Team mode: users (issuer + subject), pending grants by e-mail, cohorts and their coaches,
comments, recordings kept in the database, an owner on every target and practice session, and
the job columns of an answer (tries, queued_at).

Revision ID: 0003
Revises: 0002
Everything already in the database belongs to personal mode's local user, created here when
there is anything to own. Also records 3 in the old schema_version table, so that a Callback from
before this change refuses the database instead of misreading it.
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

LOCAL_ISSUER = "local"   # as storage.users.LOCAL_ISSUER at this revision
LOCAL_SUBJECT = "local"


def upgrade() -> None:
    now = datetime.now(timezone.utc)
    bind = op.get_bind()
    users = op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("issuer", sa.String(300), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("last_sign_in_at", UTCDateTime, nullable=True),
        sa.UniqueConstraint("issuer", "subject", name="uq_user_identity"),
    )
    op.create_index("ix_users_email", "users", ["email"])
    op.create_table(
        "pending_roles",
        sa.Column("email", sa.String(320), primary_key=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("granted_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "cohorts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.UniqueConstraint("name", name="uq_cohort_name"),
    )
    op.create_table(
        "cohort_members",
        sa.Column("cohort_id", sa.Integer, sa.ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("is_coach", sa.Boolean, nullable=False),
        sa.Column("added_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_cohort_members_user_id", "cohort_members", ["user_id"])
    op.create_table(
        "pending_members",
        sa.Column("email", sa.String(320), primary_key=True),
        sa.Column("cohort_id", sa.Integer, sa.ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("is_coach", sa.Boolean, nullable=False),
        sa.Column("added_at", UTCDateTime, nullable=False),
    )

    # Whatever is in the database already is the local user's.
    owned = any(bind.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first()
                for table in ("targets", "practice_sessions"))
    local_id = None
    if owned:
        local_id = bind.execute(users.insert().values(
            issuer=LOCAL_ISSUER, subject=LOCAL_SUBJECT, email=None, name=None, role="student",
            created_at=now, last_sign_in_at=None).returning(users.c.id)).scalar_one()
    for table in ("targets", "practice_sessions"):
        with op.batch_alter_table(table) as batch:   # SQLite: ADD COLUMN; PostgreSQL: ALTER TABLE
            batch.add_column(sa.Column("owner_id", sa.Integer, nullable=True))
        if local_id is not None:
            op.execute(sa.table(table, sa.column("owner_id")).update().values(owner_id=local_id))
        with op.batch_alter_table(table) as batch:   # SQLite: the table is copied (foreign keys off)
            batch.alter_column("owner_id", existing_type=sa.Integer, nullable=False)
            batch.create_foreign_key(f"fk_{table}_owner", "users", ["owner_id"], ["id"], ondelete="CASCADE")
            batch.create_index(f"ix_{table}_owner_id", ["owner_id"])

    op.add_column("answers", sa.Column("tries", sa.Integer, nullable=False, server_default=sa.text("0")))
    op.add_column("answers", sa.Column("queued_at", UTCDateTime, nullable=True))
    op.create_table(
        "recordings",
        sa.Column("answer_id", sa.Integer, sa.ForeignKey("answers.id", ondelete="CASCADE"),
                  primary_key=True, autoincrement=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("answer_id", sa.Integer, sa.ForeignKey("answers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_comments_answer_id", "comments", ["answer_id"])
    op.create_index("ix_comments_author_id", "comments", ["author_id"])

    schema_version = sa.table("schema_version", sa.column("version", sa.Integer), sa.column("applied_at", UTCDateTime))
    op.execute(schema_version.insert().values(version=3, applied_at=now))


def downgrade() -> None:
    raise NotImplementedError("Callback does not downgrade: restore the backup taken before the upgrade")
