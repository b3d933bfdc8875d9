"""Reading what the user hands us (a posting, an answer, a resume) with clear one-line refusals."""
from __future__ import annotations

from pathlib import Path


class InputError(ValueError):
    """Bad user input; str(err) is one line a person can act on."""


def read_text(path: str | Path, what: str, max_bytes: int = 200_000) -> str:
    """Read a UTF-8 (or Latin-1) text file, refusing empty, binary and oversized files."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{what} file not found: {path}") from None
    except OSError as err:
        raise InputError(f"cannot read {what} file {path}: {err.strerror}") from None
    if path.is_dir():
        raise InputError(f"{what} path is a folder, not a file: {path}")
    if size > max_bytes:
        raise InputError(f"{what} file is too large ({size // 1000} KB; the limit is {max_bytes // 1000} KB): {path}")
    return decode_text(path.read_bytes(), what, name=str(path), max_bytes=max_bytes)


def decode_text(data: bytes, what: str, name: str = "", max_bytes: int = 200_000) -> str:
    """Bytes from a file or an upload → text; refuses binary, empty and oversized data."""
    from question_bank.io import utf16_encoding

    where = f": {name}" if name else ""
    if len(data) > max_bytes:
        raise InputError(f"{what} is too large ({len(data) // 1000} KB; the limit is {max_bytes // 1000} KB){where}")
    encoding = utf16_encoding(data)
    if encoding:  # Windows editors' "Unicode": read it rather than call it binary
        try:
            data = data.decode(encoding).lstrip("\ufeff").encode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{what} is UTF-16 text that is damaged or cut short: save it again as UTF-8{where}") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{what} looks like a binary file, not text (paste or upload plain text){where}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text[:8192])
    if text and printable / min(len(text), 8192) < 0.9:
        raise InputError(f"{what} looks like a binary file, not text (paste or upload plain text){where}")
    if not text.strip():
        raise InputError(f"{what} is empty{where}")
    return text
