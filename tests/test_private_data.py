"""The data folder holds interview recordings and transcripts: on a shared computer no other account
may read them. Every check here looks at the real modes of real files — the SQLite database and the
-wal/-shm files SQLite makes itself, recordings, the speech cache written by espeak-ng, imported
question sets, settings, export ZIPs and upgrade backups — under an ordinary umask (022), which
would leave them readable by everyone if Callback relied on it."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import storage
from coach import interview, question_sets
from coach.settings import Settings, save_settings

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX matter")
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def ordinary_umask():
    """The usual desktop umask: files 0644 and folders 0755 unless created otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def loose_modes(folder: Path) -> dict[str, str]:
    """Everything under `folder` (itself included) that another account could read or enter."""
    found = {}
    for path in [folder, *folder.rglob("*")]:
        wanted = 0o700 if path.is_dir() else 0o600
        if not path.is_symlink() and mode(path) != wanted:
            found[str(path.relative_to(folder.parent))] = oct(mode(path))
    return found


def test_everything_callback_writes_in_the_data_folder_is_private_to_the_user(data_dir, spoken_answer_wav, tmp_path, me):
    from speech.tts import synthesize

    target = interview.ensure_sample_target(user=me)
    mock = interview.start_mock_interview(target.id, n=3, seed=1, user=me)
    spoken = interview.submit_answer(mock.session_id, mock.questions[0].question, audio=spoken_answer_wav, user=me)
    interview.process_answer(spoken.id, user=me)
    interview.process_answer(interview.submit_answer(mock.session_id, mock.questions[1].question,
                                                     typed_text="I ran QBRs in Gainsight.", user=me).id, user=me)
    save_settings(Settings(rate_wpm=150))
    upload = tmp_path / "mine.csv"
    upload.write_text("id,text,category\nmy-001,Why this team?,motivation\n", encoding="utf-8")
    question_sets.import_question_set(upload)
    synthesize("Tell me about a time you changed your mind.", rate_wpm=171)  # a new cache entry
    exports = data_dir / "exports"
    exports.mkdir()
    export = storage.export_all(exports / "callback-export.zip", owner=me)

    # SQLite made its -wal and -shm files itself while the database was in use.
    assert (data_dir / "callback.db-wal").is_file() and (data_dir / "callback.db-shm").is_file()
    assert list((data_dir / "recordings").iterdir()) and list((data_dir / "cache" / "tts").iterdir())
    assert (data_dir / "questions").is_dir() and (data_dir / "settings.json").is_file()
    assert mode(export) == 0o600
    exports.chmod(0o700)  # the user's own folder: what matters is the ZIP in it
    assert loose_modes(data_dir) == {}


def test_an_export_outside_the_data_folder_is_private_too(data_dir, tmp_path, me):
    interview.ensure_sample_target(user=me)
    assert mode(storage.export_all(tmp_path, owner=me)) == 0o600


def test_a_data_folder_left_readable_is_tightened_when_callback_starts(tmp_path):
    folder = tmp_path / "callback"
    (folder / "recordings").mkdir(parents=True)
    (folder / "cache" / "tts").mkdir(parents=True)
    for name in ("callback.db-wal", "recordings/old.webm", "cache/tts/q.wav", "settings.json"):
        (folder / name).write_bytes(b"private")
    elsewhere = tmp_path / "not-callbacks.txt"
    elsewhere.write_text("someone else's file")
    (folder / "link").symlink_to(elsewhere)
    assert mode(folder) == 0o755 and mode(folder / "recordings" / "old.webm") == 0o644

    # A new process, as when the app or the CLI starts.
    env = dict(os.environ, CALLBACK_DATA_DIR=str(folder))
    env.pop("CALLBACK_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "coach.cli", "questions", "--category", "closing"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr

    assert loose_modes(folder) == {}
    assert mode(elsewhere) == 0o644, "a link leads outside the data folder: what it points to is left alone"


def test_the_database_file_is_created_private_and_its_upgrade_backup_too(data_dir):
    from test_storage_schema import fill_version_1

    fill_version_1(f"sqlite:///{data_dir / 'callback.db'}", data_dir)  # an old Callback's database, world-readable
    assert mode(data_dir / "callback.db") == 0o644
    storage.local_user()  # opens it: upgraded after a backup copy
    [backup] = data_dir.glob("callback.db.v1-backup-*")
    assert mode(backup) == 0o600 and mode(data_dir / "callback.db") == 0o600


def test_a_new_database_is_private_from_its_first_byte(tmp_path, monkeypatch):
    from storage.engine import forget_engine

    monkeypatch.delenv("CALLBACK_DATABASE_URL", raising=False)
    db = storage.Database(folder=tmp_path / "fresh")
    try:
        storage.create_target("Acme", "Analyst", db=db, owner=storage.local_user(db=db))
        assert mode(tmp_path / "fresh" / "callback.db") == 0o600
        assert mode(tmp_path / "fresh" / "callback.db-wal") == 0o600
        assert mode(tmp_path / "fresh") == 0o700
    finally:
        forget_engine(db.url)
