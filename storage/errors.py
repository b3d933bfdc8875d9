"""The errors storage raises for bad input, missing rights or an unusable database."""
from __future__ import annotations


class StorageError(ValueError):
    """A one-line, user-readable reason why something could not be saved, found or opened."""


class NotFoundError(StorageError):
    """The target, session, answer or user asked for is not (or no longer) in the database — or
    belongs to someone the acting user may not see, which looks exactly the same."""


class ForbiddenError(StorageError):
    """The acting user's role does not allow this (e.g. only an admin creates cohorts)."""
