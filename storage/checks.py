"""Input checks shared by the storage modules: each failure is one StorageError line."""
from __future__ import annotations

import json
from typing import Any

from storage.errors import StorageError


def json_safe(value: Any, what: str) -> Any:
    """`value` unchanged if it can be stored as JSON; a clear error otherwise."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise StorageError(f"the {what} cannot be saved as JSON ({exc}); pass its to_dict()") from exc
    return value


def text_field(value: Any, what: str, max_chars: int, required: bool = False, strip: bool = True) -> str:
    """Checked text; names are trimmed, long texts (strip=False) are kept exactly as typed."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise StorageError(f"the {what} must be text, not {type(value).__name__}")
    if strip:
        value = value.strip()
    if required and not value.strip():
        raise StorageError(f"the {what} is empty")
    if len(value) > max_chars:
        raise StorageError(f"the {what} is too long ({len(value):,} characters; the limit is {max_chars:,})")
    return value


def record_id(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise StorageError(f"the {what} id must be a whole number, not {value!r}")
    return value


def owner_id(user: Any, what: str = "owner") -> int:
    """The id of the acting user; every scoped function asks for a UserRecord, not a bare id,
    so that a number from a URL cannot stand in for a signed-in user by mistake."""
    from storage.records import UserRecord

    if not isinstance(user, UserRecord):
        raise StorageError(f"the {what} must be a signed-in user (UserRecord), not {type(user).__name__}")
    return user.id


def email_key(email: Any) -> str:
    """An e-mail address as stored and compared: trimmed, lower-case, checked for one @."""
    value = text_field(email, "e-mail address", 320, required=True).lower()
    local, at, domain = value.partition("@")
    if not at or not local or "." not in domain or " " in value or "@" in domain:
        raise StorageError(f"{value!r} is not an e-mail address")
    return value
