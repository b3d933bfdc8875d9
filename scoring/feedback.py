"""Feedback lines and the stronger-answer sketch.

Every line is tied to this answer: it quotes the user's words, a number measured from the answer,
or a keyword from the rubric. Candidate lines carry an estimated impact (roughly the overall points
fixing it would be worth) and the two to four biggest are kept. Praise appears only to reach two
lines, and only when it can quote what earned it - never invented strengths.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from scoring.delivery import (FILLERS_FREE_PER_MIN, LONG_PAUSE_S, PACE_FLAG, PACE_FULL,
                              DeliveryFacts, fmt_seconds)
from scoring.relevance import FACT_CATEGORIES, short_fact

MAX_LINES = 4
MIN_LINES = 2
SKETCH_PREFIX = "Sketch — a stronger answer would: "
TYPED_WPM = 140   # to say how long a typed answer would take aloud


@dataclass
class FeedbackInputs:
    question: object              # answer.QuestionView
    text: str
    words: int
    spoken: bool
    job: object                   # answer.JobFit
    findings: object              # structure.StructureFindings
    relevance: object             # relevance.RelevanceResult
    delivery: DeliveryFacts | None
    expected_seconds: tuple[int, int]
    caps: list[str] = field(default_factory=list)
    keyword_list: bool = False
    facts: list[str] = field(default_factory=list)
    dims: dict = field(default_factory=dict)


def _clip(s: str, limit: int = 70) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def _names(names: list[str], limit: int = 3) -> str:
    quoted = [f"'{n}'" for n in names[:limit]]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _candidates(c: FeedbackInputs) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    q, f, job, rel = c.question, c.findings, c.job, c.relevance
    add = lambda impact, line: out.append((impact, line))  # noqa: E731

    if c.words == 0:
        add(100, "No answer was recorded: try again and speak for at least "
                 f"{c.expected_seconds[0]} seconds.")
        return out
    if c.words < 15:
        add(95, f"Only {c.words} word{'s' if c.words != 1 else ''} ('{_clip(c.text, 40)}'): give "
                f"one real example - what happened, what you did, what changed.")
    if rel.off_topic and c.words >= 15:
        add(90, f"This doesn't answer '{_clip(q.text, 60)}': start with a direct answer to it, "
                f"then give an example.")
    if c.keyword_list:
        listed = job.list_quotes[0] if job.list_quotes else ", ".join(job.listed[:4])
        add(85, f"You listed '{_clip(listed, 60)}' without showing any of it in use: pick one and "
                f"say what you did with it and what changed.")
    elif job.list_quotes:
        add(22, f"'{_clip(job.list_quotes[0], 60)}' is a list - it counts once: show one of them "
                f"in action instead.")

    # Requirements the question invites. One the answer named without showing it in use, or
    # said it lacks, did come up: say so rather than "never came up".
    negated = set(getattr(job, "negated", ()) or ())
    said = set(job.listed) | negated
    if job.requirement and not job.requirement_hit:
        if job.requirement in negated:
            add(45, f"You said you haven't used '{job.requirement}', and the question is about "
                    f"it: say what you used instead and what you did with it.")
        elif job.requirement in said:
            add(45, f"You named '{job.requirement}' but never said what you did with it: the "
                    f"question is about it - describe one time you used it and what changed.")
        else:
            add(45, f"The posting's must-have '{job.requirement}' never came up: the question is "
                    f"about it - say where you used it and what it changed.")
    others = [m for m in job.missed if m != job.requirement]
    unsaid = [m for m in others if m not in said]
    named = [m for m in others if m in said and m not in negated]
    if (unsaid or named) and (c.dims.get("job_fit") or 0) < 100 and not c.keyword_list:
        gap = 18 + (100 - (c.dims.get("job_fit") or 0)) * 0.15
        if named:
            add(gap + 1, f"You named {_names(named, 2)} without saying what you did with "
                         f"{'it' if len(named[:2]) == 1 else 'them'}: add the step where you "
                         f"used {'it' if len(named[:2]) == 1 else 'them'}.")
        if unsaid:
            plural = "must-have" if len(unsaid[:2]) == 1 else "must-haves"
            add(gap, f"The posting's {plural} {_names(unsaid, 2)} never came up: the question "
                     f"invites {'it' if len(unsaid[:2]) == 1 else 'them'}.")
    if job.claims and not c.keyword_list:
        add(14, f"'{job.claims[0]}' is claimed, not shown: describe a moment you used it.")

    if c.caps:
        # A capped answer needs the basics first; the finer points would only be noise.
        return out

    # Evidence and structure.
    if q.star:
        if f.action is None:
            add(30, "You never said what you did: add two or three steps in the first person "
                    "('I called…', 'I rebuilt…').")
        elif f.we_words >= 3 and f.we_words > 2 * max(1, f.i_words) and len(f.i_actions) <= 1:
            add(24, f"You said 'we' {f.we_words} times and 'I' {f.i_words} "
                    f"time{'s' if f.i_words != 1 else ''}: say what you did.")
        if f.result is None:
            add(28, "You never stated the result: add what changed, with a number.")
        elif not f.result_measured:
            add(16, f"Your result ('{_clip(f.result.quote, 60)}') has no number: say by how much "
                    f"or how many.")
        if f.situation is None and c.words >= 15:
            first = c.text.strip().split(".")[0]
            add(9, f"You open with '{_clip(first, 45)}': first set the scene in one sentence - "
                   f"where you were and what was at stake.")
    else:
        if f.direct is None and c.words >= 15:
            first = c.text.strip().split(".")[0]
            add(20, f"Your first sentence ('{_clip(first, 50)}') doesn't answer the question: "
                    f"lead with your answer in one sentence.")
        # Only where a reason is what the question asks for: "how have you used X" needs none.
        if f.reason is None and c.words >= 15 and _asks_why(q):
            add(16, "You never said why: add your real reason ('because …').")
        if f.example is None and c.words >= 15:
            add(16, "Back it up with one example from your work: when, what you did, what "
                    "happened.")
    if not f.specifics and c.words >= 15:
        add(15, f"No numbers, names or time spans in {c.words} words: add one concrete figure "
                f"(team size, volume, time saved, money).")

    # Company research.
    if c.facts and q.category in FACT_CATEGORIES and not rel.facts_used:
        add(20, f"You didn't use your research - e.g. '{short_fact(c.facts[0])}': tie it to why "
                f"you want this job.")

    # Delivery (spoken) or length (typed).
    d = c.delivery
    lo_s, hi_s = c.expected_seconds
    if d is not None and d.wpm is not None and c.words >= 15:
        if d.wpm > PACE_FLAG[1]:
            add(8 + (d.wpm - PACE_FLAG[1]) / 4,
                f"{d.wpm:.0f} words per minute — slow down to {PACE_FULL[0]}–{PACE_FULL[1]}.")
        elif d.wpm < PACE_FLAG[0]:
            add(8 + (PACE_FLAG[0] - d.wpm) / 4,
                f"{d.wpm:.0f} words per minute — speed up to {PACE_FULL[0]}–{PACE_FULL[1]}.")
        per_min = d.fillers_per_min or 0.0
        if per_min > FILLERS_FREE_PER_MIN:
            top = ", ".join(f"'{k}' ×{v}" for k, v in sorted(d.filler_counts.items(),
                                                              key=lambda kv: -kv[1])[:2])
            add(6 + (per_min - FILLERS_FREE_PER_MIN) * 1.5,
                f"{d.fillers} fillers in {fmt_seconds(d.speaking_s or 0)} ({per_min:.0f} a "
                f"minute: {top}) — pause silently instead.")
        allowed = int((d.speaking_s or 0) // 60)
        if len(d.pauses) > allowed:
            longest = max(d.pauses, key=lambda p: p.length_s)
            add(6 + 3 * (len(d.pauses) - allowed),
                f"{len(d.pauses)} silence{'s' if len(d.pauses) != 1 else ''} of "
                f"{LONG_PAUSE_S:.0f} s or more (longest {longest.length_s:.1f} s after "
                f"'{longest.after}'): plan the next step before you start.")
        speaking = d.speaking_s or 0.0
        if speaking > hi_s * 1.15:
            add(6 + 10 * (speaking - hi_s) / hi_s,
                f"Your answer ran {fmt_seconds(speaking)} — aim for {lo_s}–{hi_s} s: cut the "
                f"background, keep the action and the result.")
        elif speaking < lo_s * 0.85 and c.words >= 15:
            add(6 + 10 * (lo_s - speaking) / lo_s,
                f"{fmt_seconds(speaking)} is short for this question — aim for {lo_s}–{hi_s} s.")
    elif not c.spoken and 15 <= c.words:
        said_s = c.words / TYPED_WPM * 60
        if said_s < lo_s * 0.7:
            add(10, f"At {c.words} words this takes about {fmt_seconds(said_s)} to say; aim for "
                    f"{lo_s}–{hi_s} s (about {lo_s * TYPED_WPM // 60}–{hi_s * TYPED_WPM // 60} "
                    f"words).")
        elif said_s > hi_s * 1.3:
            add(8, f"At {c.words} words this takes about {fmt_seconds(said_s)} to say; aim for "
                   f"{lo_s}–{hi_s} s: keep the action and the result, cut the rest.")
    return out


_WHY_CATEGORIES = {"motivation", "why_you", "culture_fit", "company_knowledge"}


def _asks_why(q) -> bool:
    return q.category in _WHY_CATEGORIES or "why" in q.text.lower().split()


def _strengths(c: FeedbackInputs) -> list[str]:
    """Things the answer really did well, each with its quote (used only to reach two lines)."""
    f, job = c.findings, c.job
    out = []
    if f.result is not None and f.result_measured:
        out.append(f"Keep the measurable result: '{_clip(f.result.quote, 70)}'.")
    shown = [h for h in job.hits if h.credit >= 1]
    if shown:
        h = shown[0]
        out.append(f"Good evidence for '{h.keyword}': '{_clip(h.quote, 60)}' - keep showing "
                   f"requirements in use like this.")
    if c.relevance.facts_used:
        out.append(f"Your research shows: '{short_fact(c.relevance.facts_used[0])}'.")
    if len(f.i_actions) >= 2:
        out.append(f"Clear ownership: '{_clip(f.i_actions[0].quote, 30)}', "
                   f"'{_clip(f.i_actions[1].quote, 30)}'.")
    return out


def build_feedback(c: FeedbackInputs) -> list[str]:
    """Two to four lines, most useful first."""
    ranked = sorted(_candidates(c), key=lambda t: -t[0])
    lines: list[str] = []
    for _impact, line in ranked:
        if line not in lines:
            lines.append(line)
        if len(lines) >= MAX_LINES:
            break
    for line in _strengths(c):
        if len(lines) >= MIN_LINES:
            break
        lines.append(line)
    if len(lines) < MIN_LINES and c.words and c.job.missed:
        lines.append(f"Pick one requirement - e.g. '{c.job.missed[0]}' - and tell one story about "
                     f"using it: the situation, what you did, the result.")
    q = c.question
    if len(lines) < MIN_LINES and c.words and c.facts and q.category in FACT_CATEGORIES \
            and not c.relevance.facts_used:
        lines.append(f"Use your research - e.g. '{short_fact(c.facts[0])}' - to show why this "
                     f"job and not another.")
    if len(lines) < MIN_LINES and c.words and q.looking_for:
        lines.append(f"The interviewer is listening for: {_clip(q.looking_for, 90)} - build the "
                     f"answer around one of these.")
    if len(lines) < MIN_LINES and c.words:
        lo, hi = c.expected_seconds
        lines.append(f"Practise it aloud once more within {lo}–{hi} s and compare the score.")
    return lines


def build_sketch(c: FeedbackInputs) -> str:
    """What a stronger answer would add, from the rubric, the question's looking_for and the gaps
    found. Clearly labelled as a sketch: it is guidance, not a script."""
    q, f, job = c.question, c.findings, c.job
    steps: list[str] = []
    if q.star:
        if f.situation is None or f.task is None:
            steps.append("open with one or two sentences of context - where you were, what was "
                         "at stake and what you had to do")
        if f.action is None or len(f.i_actions) < 2:
            steps.append("spend about half the answer on what you did, step by step, in the "
                         "first person")
    else:
        if f.direct is None:
            steps.append("lead with a one-sentence answer")
        if f.reason is None:
            steps.append("give your real reason ('because …')")
        if f.example is None:
            steps.append("back it with one short example from your work")
    wanted = [m for m in job.missed][:2]
    if wanted:
        steps.append(f"show {_names(wanted, 2)} in use - where you applied "
                     f"{'it' if len(wanted) == 1 else 'them'} and what changed")
    if c.facts and q.category in FACT_CATEGORIES and not c.relevance.facts_used:
        steps.append(f"tie in your research, e.g. '{short_fact(c.facts[0], 50)}'")
    if q.looking_for:
        steps.append(f"cover what the interviewer is listening for: {_clip(q.looking_for, 120)}")
    if q.star and (f.result is None or not f.result_measured):
        steps.append("end with the result and a number (time saved, % change, customers kept)")
    elif not f.specifics:
        steps.append("name one concrete figure (team size, volume, time or money)")
    if not steps:
        steps.append("keep this shape and tighten it: one sentence of context, the actions you "
                     "took, the measured result")
    # Steps may quote text that ends in its own full stop (looking_for): end with exactly one.
    return SKETCH_PREFIX + "; ".join(steps[:5]).rstrip(" .") + "."
