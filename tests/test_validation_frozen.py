"""The graded validation set (tests/validation/) is frozen: it was written and graded by an
independent grader before the scorer was tuned, and no change may slip in afterwards (a changed
grade or answer would move the figures the scorer is judged on). Any edit, addition or removal
makes this test fail; see tests/validation/README.md."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import validation_manifest  # noqa: E402


def test_every_file_of_the_validation_set_is_unchanged():
    problems = validation_manifest.differences()
    assert not problems, (
        "the validation set is frozen and must not change (" + "; ".join(problems) + ")")


def test_the_manifest_covers_the_whole_set():
    listed = validation_manifest.recorded()
    # The set's own parts: postings, requirement annotations, graded answers, pairs, baseline.
    for needed in ("README.md", "pairs.yaml", "published_pairs.yaml",
                   "baseline_previous_scorer.json"):
        assert needed in listed, f"{needed} is not in the manifest"
    assert sum(n.startswith("postings/") for n in listed) >= 12
    assert sum(n.startswith("requirements/") for n in listed) >= 12
    assert sum(n.startswith("answers/") for n in listed) >= 12


def test_a_changed_grade_is_refused(tmp_path):
    # The check itself works: copy the set, change one character of one answer file, compare.
    import shutil

    copy = tmp_path / "validation"
    shutil.copytree(validation_manifest.SET_DIR, copy)
    answers = sorted((copy / "answers").glob("*.yaml"))[0]
    text = answers.read_text(encoding="utf-8")
    answers.write_text(text.replace("grade: 5", "grade: 4", 1), encoding="utf-8")
    problems = validation_manifest.differences(copy, copy / "MANIFEST.sha256")
    assert problems == [f"changed: answers/{answers.name}"]
