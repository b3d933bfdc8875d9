"""Everything Callback keeps: the data folder, the database, its migrations, and who may see what.

Public functions take and return plain dataclasses (records.py); each takes an optional `db=`
(a `Database`) and otherwise uses the user's database (`CALLBACK_DATABASE_URL`, else
`data_dir()/callback.db`). Every function that reads or writes a user's data takes the acting user
as a required `owner=` (a UserRecord: `local_user()` in personal mode, `sign_in(...)` in team mode)
and only ever touches that user's rows: anyone else's id is NotFoundError. Coaches read their
cohorts' students through the coach_* functions. Bad input or an unusable database raises
`StorageError` (a ValueError).
"""
from __future__ import annotations

import importlib

# Names are loaded on first use (PEP 562): `storage.paths` is imported by the speech layer for
# its cache folder, and must not pull in SQLAlchemy (0.4 s) just for that.
_EXPORTS = {
    "storage.answers": ("add_answer", "answer_owner", "answers_to_enqueue", "attempts_of", "claim_answer",
                        "delete_answer", "get_answer", "list_answers", "mark_failed", "mark_queued",
                        "queue_position", "read_audio", "read_audio_for_job", "replace_score", "save_result",
                        "unprocessed_answers"),
    "storage.coaching": ("add_comment", "coach_answer", "coach_answers", "coach_progress_rows",
                         "coach_read_audio", "coach_sessions", "coach_students", "coach_targets",
                         "delete_comment", "list_comments"),
    "storage.cohorts": ("add_to_cohort", "add_to_cohort_by_email", "create_cohort", "delete_cohort",
                        "find_cohort", "list_cohorts", "remove_from_cohort"),
    "storage.db": ("Database",),
    "storage.errors": ("ForbiddenError", "NotFoundError", "StorageError"),
    "storage.export": ("delete_everything", "delete_user_data", "export_all"),
    "storage.paths": ("cache_dir", "data_dir"),
    "storage.progress": ("practice_history", "progress_rows"),
    "storage.records": ("ADMIN", "COACH", "FAILED", "PROCESSING", "QUEUED", "ROLES", "SCORED", "STATUSES",
                        "STUDENT", "UNPROCESSED", "WAITING", "AnswerRecord", "CohortRecord", "CommentRecord",
                        "SessionRecord", "StudentSummary", "TargetRecord", "UserRecord"),
    "storage.recordings": ("AUDIO_EXTENSIONS",),
    "storage.schema": ("CURRENT_VERSION", "HEAD"),
    "storage.sessions": ("delete_session", "finish_session", "get_session", "list_sessions", "start_session"),
    "storage.targets": ("create_target", "delete_prep", "delete_target", "get_target", "list_targets",
                        "load_prep", "save_prep", "update_target"),
    "storage.users": ("find_users", "get_user", "grant_role", "list_users", "local_user", "operator",
                      "set_role", "sign_in"),
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
