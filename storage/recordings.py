"""Recordings on disk (personal mode): written durably under generated names, read back, removed
with their rows. In team mode they are kept in the database instead (models.Recording).

Paths in the database are relative to the data folder ("recordings/<uuid4>.<ext>"), so the folder
can be moved or restored from an export. Names never come from the user.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

from storage.errors import StorageError
from storage.paths import private_dir, private_file

AUDIO_EXTENSIONS = ("wav", "mp3", "m4a", "ogg", "webm")
FALLBACK_EXTENSION = "bin"
SUBFOLDER = "recordings"


def audio_extension(ext: str | None) -> str:
    """A whitelisted lower-case extension ("webm", ".WAV" -> "wav"); anything else is "bin"."""
    cleaned = (ext or "").strip().lower().lstrip(".")
    return cleaned if cleaned in AUDIO_EXTENSIONS else FALLBACK_EXTENSION


def new_recording_name(audio: bytes, ext: str | None) -> tuple[str, str]:
    """A checked recording's generated name ("recordings/<uuid4>.<ext>") and extension. Kept in
    the database too, where it names the file in exports."""
    if not isinstance(audio, (bytes, bytearray, memoryview)):
        raise StorageError(f"the recording must be bytes, not {type(audio).__name__}")
    if len(audio) == 0:
        raise StorageError("the recording is empty (0 bytes): record again")
    extension = audio_extension(ext)
    return f"{SUBFOLDER}/{uuid.uuid4().hex}.{extension}", extension


def write_recording(folder: Path, audio: bytes, ext: str | None) -> tuple[str, str]:
    """Write `audio` under a new name; returns (path relative to folder, extension used).

    Written to a temporary name, flushed to disk, then renamed: after a crash there is either
    the whole file or none under the final name.
    """
    relative, extension = new_recording_name(audio, ext)
    name = relative.split("/", 1)[1]
    directory = folder / SUBFOLDER
    temporary = directory / f".{name}.part"
    try:
        private_dir(directory)
        with os.fdopen(private_file(temporary, exclusive=True), "wb") as handle:
            handle.write(audio)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, directory / name)
        _fsync_directory(directory)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise StorageError(f"could not save the recording in {directory} ({exc.strerror or exc})") from exc
    return relative, extension


def recording_file(folder: Path, relative: str) -> Path:
    """The absolute path of a stored recording; refuses paths that lead outside the folder."""
    path = (folder / relative).resolve()
    if not path.is_relative_to((folder / SUBFOLDER).resolve()):
        raise StorageError(f"the stored recording path {relative!r} is outside the recordings folder")
    return path


def read_recording(folder: Path, relative: str) -> bytes:
    path = recording_file(folder, relative)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise StorageError(f"the recording {relative} is missing from {folder}") from None
    except OSError as exc:
        raise StorageError(f"could not read the recording {relative} ({exc.strerror or exc})") from exc


def remove_recordings(folder: Path, relatives: list[str | None]) -> None:
    """Delete recordings whose rows are gone; already-missing files are fine."""
    for relative in relatives:
        if not relative:
            continue
        try:
            recording_file(folder, relative).unlink(missing_ok=True)
        except (StorageError, OSError):
            # The rows are already deleted; a file we cannot remove must not undo that.
            continue


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); not possible on Windows, where it is skipped."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
