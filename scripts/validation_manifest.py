"""Write or check tests/validation/MANIFEST.sha256, the fingerprint of the frozen validation set.

    python scripts/validation_manifest.py          # check: lists any file added, removed or changed
    python scripts/validation_manifest.py --write  # (re)write the manifest

The set is frozen (tests/test_validation_frozen.py fails on any change); rewriting the manifest is
for the independent grader only, when the lead has agreed to a change and the README says why.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

SET_DIR = Path(__file__).resolve().parent.parent / "tests" / "validation"
MANIFEST = SET_DIR / "MANIFEST.sha256"


def set_files(folder: Path = SET_DIR) -> list[Path]:
    """Every file of the set except the manifest itself (and Python caches)."""
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and p != folder / MANIFEST.name and "__pycache__" not in p.parts)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def current(folder: Path = SET_DIR) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): digest(p) for p in set_files(folder)}


def recorded(manifest: Path = MANIFEST) -> dict[str, str]:
    entries = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if line.strip():
            hexdigest, name = line.split(maxsplit=1)
            entries[name.strip()] = hexdigest
    return entries


def differences(folder: Path = SET_DIR, manifest: Path = MANIFEST) -> list[str]:
    now, then = current(folder), recorded(manifest)
    problems = [f"changed: {n}" for n in sorted(now.keys() & then.keys()) if now[n] != then[n]]
    problems += [f"added: {n}" for n in sorted(now.keys() - then.keys())]
    problems += [f"removed: {n}" for n in sorted(then.keys() - now.keys())]
    return problems


def main(argv: list[str]) -> int:
    if "--write" in argv:
        MANIFEST.write_text("".join(f"{h}  {n}\n" for n, h in current().items()), encoding="utf-8")
        print(f"wrote {MANIFEST} ({len(current())} files)")
        return 0
    problems = differences()
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
