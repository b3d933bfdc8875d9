"""Everything Callback keeps on disk: the data folder, the database and its schema versions.

Public functions take and return plain dataclasses (records.py); each takes an optional `db=`
(a `Database`) and otherwise uses the user's database (`CALLBACK_DATABASE_URL`, else
`data_dir()/callback.db`). Bad input or an unusable database raises `StorageError` (a ValueError).
"""
from __future__ import annotations

import importlib

# Names are loaded on first use (PEP 562): `storage.paths` is imported by the speech layer for
# its cache folder, and must not pull in SQLAlchemy (0.4 s) just for that.
_EXPORTS = {
    "storage.answers": ("add_answer", "attempts_of", "delete_answer", "dismiss_answer", "get_answer",
                        "list_answers", "mark_failed", "read_audio", "save_result", "unprocessed_answers"),
    "storage.db": ("Database",),
    "storage.errors": ("NotFoundError", "StorageError"),
    "storage.export": ("delete_everything", "export_all"),
    "storage.paths": ("cache_dir", "data_dir"),
    "storage.progress": ("practice_history", "progress_rows"),
    "storage.records": ("DISMISSED", "FAILED", "SCORED", "UNPROCESSED", "AnswerRecord", "SessionRecord", "TargetRecord"),
    "storage.recordings": ("AUDIO_EXTENSIONS",),
    "storage.schema": ("CURRENT_VERSION",),
    "storage.sessions": ("delete_session", "finish_session", "get_session", "list_sessions", "start_session"),
    "storage.targets": ("create_target", "delete_prep", "delete_target", "get_target", "list_targets",
                        "load_prep", "save_prep", "update_target"),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'storage' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
