"""Where Callback keeps its files on this machine, and keeping them private to the user.

One folder holds everything the user owns (database, recordings, caches), so that export,
backup and "delete everything" are about one place. `CALLBACK_DATA_DIR` overrides the
per-user platform folder; tests point it at a temporary directory.

Interview recordings and transcripts are personal: on a shared computer another account must not
be able to read them. Folders are 0700 and files 0600. Files are created with those modes (a
process umask would not cover files that SQLite or other libraries create), and the first use of
a data folder in a process tightens whatever an older Callback, or another program, left looser.
"""
from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

from platformdirs import user_data_dir

QUESTION_SETS = "questions"   # the user's imported question sets, a subfolder of the data folder
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600

_tightened: set[str] = set()  # data folders already tightened in this process
_tighten_lock = threading.Lock()


def data_dir() -> Path:
    """The user's Callback folder, created on first use, private to the user."""
    override = os.environ.get("CALLBACK_DATA_DIR")
    path = Path(override).expanduser() if override else Path(user_data_dir("callback", appauthor=False))
    private_dir(path)
    tighten_once(path)
    return path


def cache_dir(name: str) -> Path:
    """A cache folder inside the data folder (synthesized speech, converted models, ...)."""
    return private_dir(data_dir() / "cache" / name)


def private_dir(path: str | os.PathLike) -> Path:
    """Create `path` and its missing parents as 0700 folders; an existing `path` is made 0700.

    Parents that already exist are left alone: they are not Callback's to change.
    """
    path = Path(path)
    missing = []
    for folder in (path, *path.parents):
        if folder.is_dir():
            break
        missing.append(folder)
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
    _chmod(path, PRIVATE_DIR_MODE)
    return path


def private_file(path: str | os.PathLike, *, exclusive: bool = False) -> int:
    """Open `path` for writing as a 0600 file (created if missing, truncated if not); returns an
    OS file descriptor. `exclusive`: fail if it exists. Wrap it with os.fdopen(fd, "wb")."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    if exclusive:
        flags |= os.O_EXCL
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    try:
        if os.name == "posix":
            os.fchmod(fd, PRIVATE_FILE_MODE)  # an existing file keeps its mode through O_CREAT
    except OSError:
        os.close(fd)
        raise
    return fd


def make_private(path: str | os.PathLike) -> None:
    """Make a file 0600 or a folder 0700 (for files another library has just written)."""
    path = Path(path)
    _chmod(path, PRIVATE_DIR_MODE if path.is_dir() else PRIVATE_FILE_MODE)


def tighten_once(folder: str | os.PathLike) -> None:
    """Tighten `folder` and everything in it, once per folder per process (see tighten)."""
    key = os.path.abspath(folder)
    if key in _tightened:
        return
    with _tighten_lock:
        if key not in _tightened:
            tighten(Path(folder))
            _tightened.add(key)


def tighten(folder: Path) -> int:
    """Take group and other access away from `folder` and everything below it; returns how many
    modes changed. Folders end 0700; files 0600 (0700 if the owner could run it), never gaining a
    permission they lacked. Symbolic links are not followed; what may not be changed is skipped."""
    if os.name != "posix":
        return 0  # Windows: the user's profile folder is private already; chmod means little there
    changed = 0
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                continue
            if stat.S_ISDIR(mode):
                changed += _narrow(entry.path, mode, PRIVATE_DIR_MODE)
                stack.append(Path(entry.path))
            elif stat.S_ISREG(mode):
                changed += _narrow(entry.path, mode, PRIVATE_FILE_MODE | (mode & stat.S_IXUSR))
    try:
        changed += _narrow(str(folder), os.stat(folder).st_mode, PRIVATE_DIR_MODE)
    except OSError:
        pass
    return changed


def _narrow(path: str, mode: int, wanted: int) -> int:
    current = stat.S_IMODE(mode)
    target = current & wanted if stat.S_ISREG(mode) else wanted
    if current == target:
        return 0
    try:
        os.chmod(path, target)  # lstat said: not a symbolic link
    except OSError:
        return 0  # not ours (another account's file), or a file system without modes
    return 1


def _chmod(path: Path, mode: int) -> None:
    if os.name != "posix":
        return
    try:
        if stat.S_IMODE(path.stat().st_mode) != mode:
            os.chmod(path, mode)
    except OSError:
        pass  # a folder we do not own: still usable, just not ours to tighten
