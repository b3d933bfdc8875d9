"""Alembic's entry point for Callback's migrations.

Callback runs it itself (storage/schema.py) on the connection it has opened and locked, inside
its own transaction: `config.attributes["connection"]`. A developer can also run the `alembic`
command from the repository root (alembic.ini): the database is then CALLBACK_DATABASE_URL, or
the personal database in the data folder.
"""
from __future__ import annotations

from alembic import context

from storage.models import Base


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
elif context.is_offline_mode():
    raise SystemExit("Callback's migrations run against a database, not as SQL scripts")
else:
    from sqlalchemy import create_engine

    from storage.db import default_url

    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or default_url())
    with engine.begin() as conn:
        run(conn)
    engine.dispose()
