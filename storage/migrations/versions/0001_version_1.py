"""Version 1, the first release: targets, practice sessions, answers.

Revision ID: 0001
Revises:
Databases made by that release (schema_version 1, no alembic_version) are stamped at this
revision when they are first opened, then upgraded; a new database is built from storage.models
and stamped at head instead of replaying these steps.
"""
from datetime import datetime, timezone

from alembic import op

from storage.migrations.frozen import v1_metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    md = v1_metadata()
    md.create_all(op.get_bind())
    op.execute(md.tables["schema_version"].insert().values(version=1, applied_at=datetime.now(timezone.utc)))


def downgrade() -> None:
    raise NotImplementedError("Callback does not downgrade: restore the backup taken before the upgrade")
