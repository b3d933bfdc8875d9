"""Schema migrations (Alembic): a database made by an earlier Callback opens in this one with nothing
lost, and belongs to the local user; the migrations build exactly the tables storage.models
describes, on SQLite and PostgreSQL; a damaged file, another program's database or a newer
Callback's database are refused clearly and left alone."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text

import storage
from storage import StorageError
from storage.db import forget
from storage.engine import get_engine
from storage.migrations.frozen import v1_metadata, v2_metadata
from storage.models import Base
from storage.schema import CURRENT_VERSION, HEAD, alembic_config, ensure_schema, read_state

REPO = Path(__file__).resolve().parents[1]
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
OLD_SCORE = {
    "overall": 68,
    "dimensions": {"content": {"score": 75, "reasons": ["named SQL"]}, "delivery": {"score": 60, "reasons": []}},
    "matched": [{"keyword": "sql", "kind": "tool", "weight": 1.0, "quote": "SQL", "start": 4, "end": 7}],
    "missed": ["kafka"],
    "metrics": {"words": 200, "duration_s": 90.0, "wpm": 133.3, "fillers": 2, "fillers_per_min": 1.3},
}


def fill_version_1(url: str, folder: Path | None) -> None:
    """A database exactly as Callback's first schema (version 1) wrote it, with some history."""
    engine = create_engine(url)
    md = v1_metadata()
    t = md.tables
    with engine.begin() as conn:
        md.create_all(conn)
        conn.execute(t["schema_version"].insert().values(version=1, applied_at=T0))
        conn.execute(t["targets"].insert().values(
            id=1, company="Acme", role="Data Engineer", posting_text="We need SQL and Kafka.",
            rubric={"items": [{"keyword": "SQL"}]}, interviewers=[{"name": "Ann Lee", "title": "CTO"}],
            notes="met Ann", created_at=T0, updated_at=T0))
        conn.execute(t["practice_sessions"].insert().values(
            id=1, target_id=1, mode="realistic", question_ids=["beh-1", "why-1"], started_at=T0,
            finished_at=T0 + timedelta(minutes=20)))
        conn.execute(t["answers"].insert(), [
            dict(id=1, session_id=1, question_id="beh-1", category="behavioural", attempt=1,
                 question={"id": "beh-1", "text": "A conflict?", "competencies": ["teamwork"]},
                 audio_path="recordings/old.wav", audio_format="wav", typed_text=None,
                 transcript={"text": "I used SQL", "words": []}, score=OLD_SCORE, overall=68,
                 status="scored", error=None, created_at=T0 + timedelta(minutes=1), updated_at=T0),
            dict(id=2, session_id=1, question_id="why-1", category="motivation", attempt=1,
                 question={"id": "why-1", "text": "Why us?"}, audio_path=None, audio_format=None,
                 typed_text="Because.", transcript=None, score=None, overall=None, status="unprocessed",
                 error=None, created_at=T0 + timedelta(minutes=5), updated_at=T0),
        ])
        if engine.dialect.name == "postgresql":  # ids were given: move the sequences past them
            for table in ("targets", "practice_sessions", "answers"):
                conn.execute(text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))"))
    engine.dispose()
    if folder is not None:
        (folder / "recordings").mkdir(exist_ok=True)
        (folder / "recordings" / "old.wav").write_bytes(b"RIFF old recording")


def fill_version_2(url: str, folder: Path) -> None:
    """A database as the last release before Alembic (schema version 2) left it: preparation
    items and chart figures too."""
    engine = create_engine(url)
    md = v2_metadata()
    t = md.tables
    fill_version_1(url, folder)
    with engine.begin() as conn:
        t["prep_items"].create(conn)
        t["answer_figures"].create(conn)
        conn.execute(t["schema_version"].insert().values(version=2, applied_at=T0))
        conn.execute(t["prep_items"].insert().values(target_id=1, kind="thank_you", key="ann",
                                                     data={"draft": "Thank you, Ann"}, updated_at=T0))
        conn.execute(t["answer_figures"].insert().values(
            answer_id=1, session_id=1, question_id="beh-1", category="behavioural",
            answered_at=T0 + timedelta(minutes=1), overall=68, wpm=133.3, fillers_per_min=1.3,
            figures={"dimensions": {"content": 75, "delivery": 60}, "matched": ["sql"], "missed": ["kafka"],
                     "competencies": ["teamwork"]}))
    engine.dispose()


def tables_and_columns(url: str) -> dict[str, set[str]]:
    engine = create_engine(url)
    found = inspect(engine)
    shape = {name: {c["name"] for c in found.get_columns(name)} for name in found.get_table_names()}
    engine.dispose()
    return shape


def differences_from_models(url: str) -> list:
    """What Alembic's autogenerate would change to make the database match storage.models."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = create_engine(url)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    return diffs


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, data_dir):
    """The URL of an empty database, SQLite (the data folder's file) or PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{data_dir / 'callback.db'}"
        return
    server = request.getfixturevalue("postgres")
    url = server.create_database()
    request.getfixturevalue("monkeypatch").setenv("CALLBACK_DATABASE_URL", url)
    yield url
    forget(url)
    server.drop_database(url)


# --- upgrading a personal database in place ---------------------------------------------------

def test_a_version_1_database_opens_upgraded_with_nothing_lost_and_belongs_to_the_local_user(folder):
    fill_version_1(f"sqlite:///{folder / 'callback.db'}", folder)

    me = storage.local_user()  # the first use opens and upgrades the database

    target = storage.get_target(1, owner=me)
    assert (target.company, target.role, target.notes) == ("Acme", "Data Engineer", "met Ann")
    assert target.rubric == {"items": [{"keyword": "SQL"}]}
    assert target.interviewers == [{"name": "Ann Lee", "title": "CTO"}]
    session = storage.get_session(1, owner=me)
    assert (session.question_ids, session.answer_count, session.average_score) == (["beh-1", "why-1"], 2, 68.0)
    old = storage.get_answer(1, owner=me)
    assert old.score == OLD_SCORE and old.transcript["text"] == "I used SQL"
    assert old.created_at == T0 + timedelta(minutes=1) and old.tries == 0
    assert storage.read_audio(old, owner=me) == b"RIFF old recording"
    assert [a.id for a in storage.unprocessed_answers(owner=me)] == [2]
    # Version 2's chart figures were filled in from the old scores.
    [row] = storage.progress_rows(owner=me)
    assert (row["answer_id"], row["overall"], row["wpm"], row["fillers_per_min"]) == (1, 68, 133.3, 1.3)
    assert row["dimensions"] == {"content": 75, "delivery": 60}
    assert (row["matched_keywords"], row["missed_keywords"]) == (["sql"], ["kafka"])
    assert storage.practice_history(1, owner=me)[0]["competencies"] == ("teamwork",)
    # What later versions added works.
    storage.save_prep(1, "thank_you", "ann", {"draft": "Thank you"}, owner=me)
    assert storage.load_prep(1, "thank_you", owner=me) == {"ann": {"draft": "Thank you"}}
    assert (me.issuer, me.role) == ("local", storage.STUDENT)
    with get_engine(f"sqlite:///{folder / 'callback.db'}").connect() as conn:
        assert read_state(conn) == ("alembic", HEAD)
        assert conn.execute(text("SELECT max(version) FROM schema_version")).scalar() == CURRENT_VERSION
    # A copy of the version-1 file was kept before upgrading.
    [backup] = folder.glob("callback.db.v1-backup-*")
    assert "prep_items" not in tables_and_columns(f"sqlite:///{backup}")
    assert "targets" in tables_and_columns(f"sqlite:///{backup}")


def test_a_version_2_database_opens_upgraded_with_nothing_lost(folder):
    fill_version_2(f"sqlite:///{folder / 'callback.db'}", folder)

    me = storage.local_user()

    assert storage.load_prep(1, "thank_you", owner=me) == {"ann": {"draft": "Thank you, Ann"}}
    assert [(r["answer_id"], r["overall"], r["target"]) for r in storage.progress_rows(owner=me)] == [
        (1, 68, "Data Engineer at Acme")]
    assert [t.id for t in storage.list_targets(owner=me)] == [1]
    assert [s.id for s in storage.list_sessions(owner=me)] == [1]
    assert sorted(a.id for a in storage.list_answers(owner=me)) == [1, 2]
    # New rows get new ids after the old ones, and the old answers keep counting attempts.
    again = storage.add_answer(1, {"id": "beh-1", "text": "A conflict?"}, None, None, "second try", owner=me)
    assert (again.id, again.attempt) == (3, 2)
    # A user who signs in to the same database sees none of it.
    stranger = storage.sign_in("https://idp.example", "someone-else")
    assert storage.list_targets(owner=stranger) == [] and storage.progress_rows(owner=stranger) == []
    with pytest.raises(storage.NotFoundError):
        storage.get_answer(1, owner=stranger)
    [backup] = folder.glob("callback.db.v2-backup-*")
    assert "prep_items" in tables_and_columns(f"sqlite:///{backup}")


def test_an_old_postgresql_database_upgrades_in_place_too(empty_url, folder):
    fill_version_1(empty_url, None)

    db = storage.Database(url=empty_url)
    me = storage.local_user(db=db)

    assert storage.get_target(1, owner=me, db=db).company == "Acme"
    assert storage.get_session(1, owner=me, db=db).average_score == 68.0
    assert storage.progress_rows(owner=me, db=db)[0]["dimensions"] == {"content": 75, "delivery": 60}
    assert storage.create_target("Globex", "Analyst", owner=me, db=db).id == 2
    assert differences_from_models(empty_url) == []


def test_migrations_build_exactly_the_tables_the_models_describe(empty_url):
    """Every migration from nothing gives the schema of a new database, which is made from
    storage.models (so a model change without its migration fails here)."""
    from alembic import command

    engine = create_engine(empty_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    engine.dispose()
    assert differences_from_models(empty_url) == []


def test_an_upgraded_database_has_the_same_tables_columns_and_constraints_as_a_new_one(folder, tmp_path_factory):
    fill_version_2(f"sqlite:///{folder / 'callback.db'}", folder)
    storage.local_user()
    fresh_folder = tmp_path_factory.mktemp("fresh")
    storage.Database(folder=fresh_folder)

    upgraded, fresh = f"sqlite:///{folder / 'callback.db'}", f"sqlite:///{fresh_folder / 'callback.db'}"
    assert tables_and_columns(upgraded) == tables_and_columns(fresh)
    assert differences_from_models(upgraded) == differences_from_models(fresh) == []
    forget(fresh)


def test_the_head_revision_is_the_newest_migration():
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD


def test_a_failed_upgrade_leaves_the_old_database_as_it_was(folder, monkeypatch):
    url = f"sqlite:///{folder / 'callback.db'}"
    fill_version_1(url, folder)
    before = tables_and_columns(url)

    def figures_then_disk_full(*args):
        raise RuntimeError("disk full")

    with monkeypatch.context() as patch, pytest.raises(
            StorageError, match=r"could not upgrade the database from version 1 .*disk full.*"
                                r"left as it was; a copy of the old database is at"):
        patch.setattr("storage.models.answer_figures", figures_then_disk_full)  # half-way through 0002
        storage.list_targets(owner=storage.operator())

    assert tables_and_columns(url) == before  # no half-made tables, no stamp
    with get_engine(url).connect() as conn:
        assert read_state(conn) == ("legacy", 1)
        answers = v1_metadata().tables["answers"]
        assert conn.execute(select(answers.c.id, answers.c.overall).order_by(answers.c.id)).all() == [(1, 68), (2, None)]
    # Once the problem is gone, opening it upgrades it fine.
    assert storage.get_answer(1, owner=storage.local_user()).overall == 68


def test_two_processes_opening_an_old_database_at_once_upgrade_it_once(folder):
    fill_version_2(f"sqlite:///{folder / 'callback.db'}", folder)
    script = ("import storage; me = storage.local_user(); "
              "print(me.id, len(storage.list_answers(owner=me)))")
    env = {"CALLBACK_DATA_DIR": str(folder), "PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    procs = [subprocess.Popen([sys.executable, "-c", script], cwd=REPO, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [p.communicate(timeout=120) for p in procs]

    assert [p.returncode for p in procs] == [0, 0, 0], [err for _, err in results]
    assert {out.strip() for out, _ in results} == {"1 2"}  # one local user, everything kept
    with get_engine(f"sqlite:///{folder / 'callback.db'}").connect() as conn:
        assert conn.execute(text("SELECT version FROM schema_version ORDER BY version")).scalars().all() == [1, 2, 3]
        assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 1


def test_web_servers_and_workers_starting_at_once_on_a_new_database_create_it_once(empty_url):
    """A team deployment's first start: every process opens the empty database at the same time."""
    script = ("import storage; u = storage.sign_in('https://idp.example', 'same-person'); print(u.id)")
    procs = [subprocess.Popen([sys.executable, "-c", script], cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [p.communicate(timeout=120) for p in procs]

    assert [p.returncode for p in procs] == [0] * 4, [err[-1500:] for _, err in results]
    assert {out.strip() for out, _ in results} == {"1"}
    assert differences_from_models(empty_url) == []
    with get_engine(empty_url).connect() as conn:
        assert read_state(conn) == ("alembic", HEAD)
        assert conn.execute(text("SELECT count(*) FROM schema_version")).scalar() == 1


def test_opening_a_current_database_does_not_load_alembic(folder):
    """Personal mode stays quick to start: the migrations machinery is only loaded to upgrade."""
    storage.local_user()
    script = ("import sys, storage; me = storage.local_user(); storage.list_targets(owner=me); "
              "print('alembic' in sys.modules)")
    env = {"CALLBACK_DATA_DIR": str(folder), "PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.slow
def test_the_migrations_ship_in_the_package(tmp_path):
    """Personal users never run a command: the wheel must carry the migrations Callback runs."""
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                             "-w", str(tmp_path), str(REPO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    [wheel] = tmp_path.glob("callback-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    versions = {p.name for p in (REPO / "storage" / "migrations" / "versions").glob("*.py")}
    assert {"storage/migrations/env.py", "storage/migrations/script.py.mako",
            "storage/migrations/frozen.py"} <= names
    assert {f"storage/migrations/versions/{name}" for name in versions} <= names


# --- refusing what is not ours ----------------------------------------------------------------

def test_a_database_from_a_newer_callback_is_refused(folder):
    storage.local_user()
    engine = get_engine(f"sqlite:///{folder / 'callback.db'}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    with pytest.raises(StorageError, match="newer Callback .*revision 0099"):
        ensure_schema(engine, folder / "callback.db")
    assert not list(folder.glob("callback.db.*-backup-*"))  # refused before copying anything


def test_a_pre_alembic_database_from_a_newer_release_is_refused(folder):
    url = f"sqlite:///{folder / 'callback.db'}"
    fill_version_1(url, folder)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(v1_metadata().tables["schema_version"].insert().values(version=99, applied_at=T0))
    engine.dispose()
    with pytest.raises(StorageError, match="newer Callback .*version 99"):
        storage.list_targets(owner=storage.operator())


def test_a_damaged_file_gets_a_one_line_message_and_is_never_overwritten(folder):
    path = folder / "callback.db"
    damaged = b"My CV draft, saved here by mistake.\n" * 200
    path.write_bytes(damaged)

    with pytest.raises(StorageError) as caught:
        storage.local_user()

    message = str(caught.value)
    assert "\n" not in message and str(path) in message and "not a readable Callback database" in message
    assert path.read_bytes() == damaged
    assert isinstance(caught.value, ValueError)


def test_another_programs_sqlite_database_is_refused_and_left_alone(folder):
    path = folder / "callback.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        conn.exec_driver_sql("INSERT INTO photos (name) VALUES ('beach.jpg')")
    engine.dispose()

    with pytest.raises(StorageError, match="belongs to another program"):
        storage.local_user()
    assert set(tables_and_columns(f"sqlite:///{path}")) == {"photos"}


def test_a_mistyped_database_url_gets_a_clear_message(folder, monkeypatch):
    monkeypatch.setenv("CALLBACK_DATABASE_URL", "postgresq://callback:secret@db.example/callback")
    with pytest.raises(StorageError, match="check CALLBACK_DATABASE_URL") as caught:
        storage.local_user()
    assert "secret" not in str(caught.value)


def test_an_unreachable_database_server_gets_a_clear_message(folder, monkeypatch, tmp_path):
    monkeypatch.setenv("CALLBACK_DATABASE_URL", f"postgresql://callback:secret@/callback?host={tmp_path}")
    with pytest.raises(StorageError, match="cannot open the database") as caught:
        storage.local_user()
    assert "secret" not in str(caught.value) and "\n" not in str(caught.value)


def test_the_database_uses_wal_and_enforces_foreign_keys(folder):
    db = storage.Database()
    with db.read() as session:
        assert session.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
