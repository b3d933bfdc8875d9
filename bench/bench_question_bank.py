"""Question bank: loading the packaged YAML (validated) and planning a mock interview."""
from __future__ import annotations

from bench.common import Row, median_time

POSTING = """Customer Success Manager
Requirements:
- 3+ years of experience with Salesforce (must have)
- Excellent stakeholder management and communication skills
- Experience in healthcare
Nice to have: SQL, Jira
"""


def run() -> list[Row]:
    from question_bank import load, plan_interview, select
    from scoring import build_rubric

    def first_load():  # what a new process pays: lru_cache empty, compiled JSON present
        load._bank.cache_clear()
        load.load_bank()

    load.load_bank()  # makes sure the compiled copy exists
    load_s = median_time(first_load, runs=7)
    validate_s = median_time(load.validate_bank_file, runs=5)
    rubric = build_rubric(POSTING)

    def plan(mode, category=None):
        def once():
            select.similar.cache_clear()
            load.normalize_text.cache_clear()
            plan_interview(rubric, [], n=10, mode=mode, seed=1, category=category)
        return median_time(once, runs=7)

    rows = [Row("question_bank", "first load_bank() in a process (compiled copy)", load_s * 1000, "ms",
                "< 50 ms", load_s < 0.050),
            Row("question_bank", "parse + validate questions.yaml (after an edit)", validate_s * 1000, "ms")]
    for mode, category in (("realistic", None), ("weak_areas", None), ("category", "behavioural")):
        seconds = plan(mode, category)
        rows.append(Row("question_bank", f"plan_interview n=10, {mode}", seconds * 1000, "ms",
                        "< 100 ms", seconds < 0.100))
    return rows
