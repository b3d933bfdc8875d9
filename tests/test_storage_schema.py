"""Schema versions: a database made by an earlier Callback opens in this one with nothing lost;
a damaged file, another program's database or a newer Callback's database are refused clearly."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select

import storage
from storage import StorageError
from storage.engine import forget_engine, get_engine
from storage.schema import CURRENT_VERSION, ensure_schema, read_version, upgrade_1_to_2, v1_metadata




T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
OLD_SCORE = {
    "overall": 68,
    "dimensions": {"content": {"score": 75, "reasons": ["named SQL"]}, "delivery": {"score": 60, "reasons": []}},
    "matched": [{"keyword": "sql", "kind": "tool", "weight": 1.0, "quote": "SQL", "start": 4, "end": 7}],
    "missed": ["kafka"],
    "metrics": {"words": 200, "duration_s": 90.0, "wpm": 133.3, "fillers": 2, "fillers_per_min": 1.3},
}


def make_version_1_database(path: Path) -> None:
    """A database exactly as Callback's first schema (version 1) wrote it, with some history."""
    engine = create_engine(f"sqlite:///{path}")
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
    engine.dispose()
    (path.parent / "recordings").mkdir(exist_ok=True)
    (path.parent / "recordings" / "old.wav").write_bytes(b"RIFF old recording")


def tables_and_columns(path: Path) -> dict[str, set[str]]:
    engine = create_engine(f"sqlite:///{path}")
    found = inspect(engine)
    shape = {name: {c["name"] for c in found.get_columns(name)} for name in found.get_table_names()}
    engine.dispose()
    return shape


def test_a_version_1_database_opens_upgraded_with_nothing_lost(folder):
    make_version_1_database(folder / "callback.db")

    target = storage.get_target(1)  # the first call opens and upgrades the database

    assert (target.company, target.role, target.notes) == ("Acme", "Data Engineer", "met Ann")
    assert target.rubric == {"items": [{"keyword": "SQL"}]}
    assert target.interviewers == [{"name": "Ann Lee", "title": "CTO"}]
    session = storage.get_session(1)
    assert (session.question_ids, session.answer_count, session.average_score) == (["beh-1", "why-1"], 2, 68.0)
    old = storage.get_answer(1)
    assert old.score == OLD_SCORE and old.transcript["text"] == "I used SQL"
    assert old.created_at == T0 + timedelta(minutes=1)
    assert storage.read_audio(old) == b"RIFF old recording"
    assert [a.id for a in storage.unprocessed_answers()] == [2]
    # The new chart figures were filled in from the old scores.
    [row] = storage.progress_rows()
    assert (row["answer_id"], row["overall"], row["wpm"], row["fillers_per_min"]) == (1, 68, 133.3, 1.3)
    assert row["dimensions"] == {"content": 75, "delivery": 60}
    assert (row["matched_keywords"], row["missed_keywords"]) == (["sql"], ["kafka"])
    assert storage.practice_history(1)[0]["competencies"] == ("teamwork",)
    # What version 2 added works, and the version is recorded.
    storage.save_prep(1, "thank_you", "ann", {"draft": "Thank you"})
    assert storage.load_prep(1, "thank_you") == {"ann": {"draft": "Thank you"}}
    with get_engine(f"sqlite:///{folder / 'callback.db'}").connect() as conn:
        assert read_version(conn) == CURRENT_VERSION == 2
    # A copy of the version-1 file was kept before upgrading.
    [backup] = folder.glob("callback.db.v1-backup-*")
    assert "prep_items" not in tables_and_columns(backup)
    assert "targets" in tables_and_columns(backup)


def test_an_upgraded_database_has_the_same_tables_and_columns_as_a_new_one(folder, tmp_path_factory):
    make_version_1_database(folder / "callback.db")
    storage.list_targets()
    fresh_folder = tmp_path_factory.mktemp("fresh")
    storage.Database(folder=fresh_folder)

    assert tables_and_columns(folder / "callback.db") == tables_and_columns(fresh_folder / "callback.db")
    forget_engine(f"sqlite:///{fresh_folder / 'callback.db'}")


def test_a_failed_upgrade_leaves_the_old_database_as_it_was(folder):
    path = folder / "callback.db"
    make_version_1_database(path)
    before = tables_and_columns(path)

    def upgrade_that_fails_half_way(conn):
        upgrade_1_to_2(conn)  # tables created and filled ...
        raise RuntimeError("disk full")  # ... then something goes wrong

    engine = get_engine(f"sqlite:///{path}")
    with pytest.raises(StorageError, match="could not upgrade the database from version 1 to 2 .*disk full"):
        ensure_schema(engine, path, upgrades={1: upgrade_that_fails_half_way})

    assert tables_and_columns(path) == before  # no half-made tables
    with engine.connect() as conn:
        assert read_version(conn) == 1
        answers = v1_metadata().tables["answers"]
        assert conn.execute(select(answers.c.id, answers.c.overall).order_by(answers.c.id)).all() == [(1, 68), (2, None)]
    # Opening it normally afterwards upgrades it fine.
    assert storage.get_answer(1).overall == 68


def test_a_database_from_a_newer_callback_is_refused(folder):
    storage.list_targets()
    engine = get_engine(f"sqlite:///{folder / 'callback.db'}")
    with engine.begin() as conn:
        conn.execute(v1_metadata().tables["schema_version"].insert().values(version=99, applied_at=T0))
    with pytest.raises(StorageError, match="newer Callback .*version 99"):
        ensure_schema(engine, folder / "callback.db")


def test_a_damaged_file_gets_a_one_line_message_and_is_never_overwritten(folder):
    path = folder / "callback.db"
    damaged = b"My CV draft, saved here by mistake.\n" * 200
    path.write_bytes(damaged)

    with pytest.raises(StorageError) as caught:
        storage.list_targets()

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
        storage.list_targets()
    assert set(tables_and_columns(path)) == {"photos"}


def test_a_mistyped_database_url_gets_a_clear_message(folder, monkeypatch):
    monkeypatch.setenv("CALLBACK_DATABASE_URL", "postgresq://callback:secret@db.example/callback")
    with pytest.raises(StorageError, match="check CALLBACK_DATABASE_URL") as caught:
        storage.list_targets()
    assert "secret" not in str(caught.value)


def test_the_database_uses_wal_and_enforces_foreign_keys(folder):
    db = storage.Database()
    with db.read() as session:
        assert session.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
