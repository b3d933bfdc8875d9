"""The optional embeddings signal (scoring/embeddings.py): what it costs and what it buys.

Printed only when the `embeddings` extra is installed. Measured on the calibration set (where the
threshold was chosen) and the held-out set: the Spearman correlation of the overall score with
the answer's label (strong 3, medium 2, weak 1, keyword list / off topic / one word 0), and the
precision / recall of the matched requirements against the annotated evidence, each without and
with the paraphrase signal; then install size, memory and encode time. Issue 9's rule: the
default install stays torch-free unless validation Spearman rises by at least 0.05.
"""
from __future__ import annotations

import importlib.util
import resource
import sys
import time
from pathlib import Path

from bench.common import Row

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from calibration.corpus import load_cases, resolve_annotation, rubric_for, score_cases  # noqa: E402
from heldout.corpus import load_cases as load_heldout  # noqa: E402

from scoring import embeddings  # noqa: E402

RANK = {"strong": 3, "medium": 2, "weak": 1, "keyword_list": 0, "off_topic": 0, "one_word": 0}


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(x: list[float], y: list[float]) -> float:
    rx, ry = _ranks(x), _ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0


def evaluate(cases) -> tuple[float, float, float]:
    """(Spearman with the labels, evidence precision, evidence recall)."""
    scored = score_cases(cases)
    spear = spearman([s.overall for _, _, s in scored], [RANK[a.label] for _, a, _ in scored])
    tp = fp = fn = 0
    for case, answer, score in scored:
        rubric = rubric_for(case.posting_text)
        wanted = {k for n in answer.evidences if (k := resolve_annotation(n, rubric))}
        got = {h.keyword for h in score.matched}
        tp, fp, fn = tp + len(got & wanted), fp + len(got - wanted), fn + len(wanted - got)
    return spear, tp / max(1, tp + fp), tp / max(1, tp + fn)


def _installed_mb(*packages: str) -> float:
    total = 0
    for name in packages:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            total += sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())
    return total / 1e6


def run() -> list[Row]:
    if not embeddings.available():
        return [Row("embeddings", "not installed (pip install 'callback[embeddings]')", 0, "")]
    rows: list[Row] = []
    before_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    embeddings.load()
    load_s = time.perf_counter() - start
    rows.append(Row("embeddings", "import and load all-MiniLM-L6-v2 (once per process)", load_s, "s"))
    sentences = [f"I reconciled {n} bank statements and closed the month two days early." for n in range(10)]
    embeddings.encode(["warm-up"])
    start = time.perf_counter()
    embeddings.encode(sentences)
    rows.append(Row("embeddings", "encode ten sentences", (time.perf_counter() - start) * 1000, "ms"))
    after_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(Row("embeddings", "peak memory added by loading the model", after_rss - before_rss, "MB"))
    rows.append(Row("embeddings", "installed size: torch + transformers + sentence-transformers + weights",
                    _installed_mb("torch", "transformers", "sentence_transformers", "tokenizers",
                                  embeddings.MODEL_PACKAGE), "MB"))
    for name, cases in (("calibration", load_cases()), ("held-out", load_heldout())):
        embeddings.enable(False)
        off = evaluate(cases)
        embeddings.enable(True)
        on = evaluate(cases)
        embeddings.enable(None)
        rows.append(Row("embeddings", f"{name}: Spearman with labels, off -> on",
                        on[0] - off[0], "", f"off {off[0]:.3f}, on {on[0]:.3f}"))
        rows.append(Row("embeddings", f"{name}: evidence precision / recall, off -> on",
                        on[2] - off[2], "recall",
                        f"off {off[1]:.2f}/{off[2]:.2f}, on {on[1]:.2f}/{on[2]:.2f}"))
    return rows
