"""Load the held-out labelled answers (tests/heldout/*.yaml, postings in tests/heldout/postings/).

Written by a reviewer who did not tune the scorer on them, in the same format as
tests/calibration/: each YAML names a posting, a few questions and answers labelled strong /
medium / weak / keyword_list / off_topic / one_word with the rubric keywords each one really
evidences. The postings are in fields the calibration set does not cover, in messy real formats.
"""
from __future__ import annotations

from pathlib import Path

from calibration.corpus import LABELS, load_cases as _load_cases

HERE = Path(__file__).parent
POSTINGS = HERE / "postings"

__all__ = ["LABELS", "load_cases"]


def load_cases(folder: Path = HERE):
    return _load_cases(folder, POSTINGS)
