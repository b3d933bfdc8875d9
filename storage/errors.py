"""The one error storage raises for bad input or an unusable database."""
from __future__ import annotations


class StorageError(ValueError):
    """A one-line, user-readable reason why something could not be saved, found or opened."""


class NotFoundError(StorageError):
    """The target, session or answer asked for is not (or no longer) in the database."""
