"""Everything Callback keeps on disk: the data folder, the database and its schema versions.

Public functions take and return plain dataclasses (records.py); each takes an optional `db=`
(a `Database`) and otherwise uses the user's database (`CALLBACK_DATABASE_URL`, else
`data_dir()/callback.db`). Bad input or an unusable database raises `StorageError` (a ValueError).
"""
from storage.answers import (
    add_answer, attempts_of, delete_answer, get_answer, list_answers, mark_failed, read_audio,
    save_result, unprocessed_answers,
)
from storage.db import Database
from storage.errors import NotFoundError, StorageError
from storage.export import delete_everything, export_all
from storage.paths import cache_dir, data_dir
from storage.progress import practice_history, progress_rows
from storage.records import FAILED, SCORED, UNPROCESSED, AnswerRecord, SessionRecord, TargetRecord
from storage.recordings import AUDIO_EXTENSIONS
from storage.schema import CURRENT_VERSION
from storage.sessions import delete_session, finish_session, get_session, list_sessions, start_session
from storage.targets import (
    create_target, delete_prep, delete_target, get_target, list_targets, load_prep, save_prep,
    update_target,
)

__all__ = [
    "AUDIO_EXTENSIONS", "CURRENT_VERSION", "FAILED", "SCORED", "UNPROCESSED",
    "AnswerRecord", "Database", "NotFoundError", "SessionRecord", "StorageError", "TargetRecord",
    "add_answer", "attempts_of", "cache_dir", "create_target", "data_dir", "delete_answer",
    "delete_everything", "delete_prep", "delete_session", "delete_target", "export_all",
    "finish_session", "get_answer", "get_session", "get_target", "list_answers", "list_sessions",
    "list_targets", "load_prep", "mark_failed", "practice_history", "progress_rows", "read_audio",
    "save_prep", "save_result", "start_session", "unprocessed_answers", "update_target",
]
