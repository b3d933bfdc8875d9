"""Load the held-out labelled answers (tests/heldout/*.yaml, postings in tests/heldout/postings/).

Written by a reviewer who did not tune the scorer on them, in the same format as
tests/calibration/: each YAML names a posting, a few questions and answers labelled strong /
medium / weak / keyword_list / off_topic / one_word with the rubric keywords each one really
evidences. The postings are in fields the calibration set does not cover, in messy real formats.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from calibration.corpus import LABELS, CalAnswer, CalCase, CalQuestion

HERE = Path(__file__).parent
POSTINGS = HERE / "postings"

__all__ = ["LABELS", "load_cases"]


def load_cases(folder: Path = HERE) -> list[CalCase]:
    cases = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        posting = (POSTINGS / data["posting"]).read_text(encoding="utf-8")
        for q in data["questions"]:
            question = CalQuestion(
                q["id"], " ".join(q["text"].split()), q["category"], bool(q["star"]),
                tuple(q.get("competencies", ())), tuple(q.get("expected_seconds", (60, 120))),
                " ".join(str(q.get("looking_for", "")).split()), q.get("requirement"))
            answers = [CalAnswer(a["label"], " ".join(str(a["text"]).split()),
                                 list(a.get("evidences") or []), a.get("mode", "typed"),
                                 float(a.get("wpm", 150)))
                       for a in q["answers"]]
            cases.append(CalCase(data["posting"], posting, list(data.get("company_facts") or []),
                                 question, answers))
    return cases
