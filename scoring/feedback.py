"""Feedback lines and the stronger-answer sketch.

Every line is tied to this answer: it quotes the user's words, a number measured from the answer,
or a requirement from the rubric. Candidates carry an estimated impact (roughly the overall
points fixing it would be worth) and the two to four biggest are kept: red flags first (quoted,
with their fix), then the criteria of the answer's kind that were missed (most important first),
then job fit, length and repetition, then delivery - whose lines come from the same verdicts as
the delivery score, so the two cannot disagree. Praise appears only to reach two lines, and only
when it can quote what earned it - never invented strengths.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from scoring.observe import clip
from scoring.relevance import short_fact

MAX_LINES = 4
MIN_LINES = 2
SKETCH_PREFIX = "Sketch — a stronger answer would: "
TYPED_WPM = 140   # to say how long a typed answer would take aloud

# Kinds for which the posting's must-haves are worth a feedback line.
_JOB_FIT_KINDS = {"past_story", "pitch", "process", "self_summary", "hypothetical"}


@dataclass
class FeedbackInputs:
    question: object              # answer.QuestionView
    kind: object                  # question_bank.kinds.AnswerKind
    text: str
    words: int
    spoken: bool
    obs: object                   # observe.Observation
    job: object                   # answer.JobFit
    judged: object                # criteria.KindJudgement
    flags: list                   # red_flags.RedFlagHit
    relevance: object             # relevance.RelevanceResult
    delivery: object | None       # delivery.DeliveryVerdict (spoken answers with timings)
    caps: list[str] = field(default_factory=list)
    keyword_list: bool = False
    facts: list[str] = field(default_factory=list)
    repeated: float = 0.0
    long_factor: float = 1.0
    dims: dict = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)

    @property
    def expected_seconds(self) -> tuple[int, int]:
        return self.question.expected_seconds


def _names(names: list[str], limit: int = 3) -> str:
    quoted = [f"'{n}'" for n in names[:limit]]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


# Criteria about how an answer ends or opens: quote its last or first sentence when nothing
# else shows the criterion.
_ENDING = {"result", "reflection", "bridge", "value", "forward", "role_link", "progress",
           "confident_close", "commitment", "team_link", "tied_to_today"}
_OPENING = {"occasion", "present", "clarify", "direct", "clear_position", "real",
            "clear_preference", "company_specific", "differentiators", "facts"}


def _criterion_line(c, kind_id: str, obs) -> str:
    """One line for a criterion the answer fell short on, quoting what it did say."""
    missing = c.missing or "see what a 5 looks like"
    missing = missing[0].upper() + missing[1:]
    if c.evidence:
        said = c.evidence if c.evidence.startswith("'") else f"'{clip(c.evidence, 70)}'"
        return f"{c.label}: {missing}. You said {said}."
    if c.id in _ENDING and obs.sentences:
        return f"{c.label}: {missing}. You end with '{clip(obs.sentences[-1].text, 60)}'."
    if c.id in _OPENING and obs.sentences:
        return f"{c.label}: {missing}. You open with '{clip(obs.sentences[0].text, 60)}'."
    return f"{c.label}: {missing} - none of it in your {obs.words} words."


def _candidates(c: FeedbackInputs) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    q, job, obs = c.question, c.job, c.obs
    add = lambda impact, line: out.append((impact, line))  # noqa: E731
    lo_s, hi_s = c.expected_seconds

    if c.words == 0:
        add(100, f"No answer was recorded: try again and speak for at least {lo_s} seconds.")
        return out
    for f in c.flags:
        add(95, f"'{clip(f.quote, 70)}' — {f.label.lower()}. {f.fix}")
    if c.words < 5:
        add(90, f"Only {c.words} word{'s' if c.words != 1 else ''} ('{clip(c.text, 40)}'): "
                f"{_short_advice(c.kind.id)}")
    if c.keyword_list:
        listed = job.list_quotes[0] if job.list_quotes else ", ".join(job.listed[:4])
        add(85, f"You listed '{clip(listed, 60)}' without showing any of it in use: pick one and "
                f"say what you did with it and what changed.")
    if c.relevance.off_topic and any("Off topic" in cap for cap in c.caps):
        add(80, f"This doesn't answer '{clip(q.text, 60)}': start with a direct answer to it.")
    if c.repeated:
        add(60, f"{c.repeated:.0%} of your answer repeats what you had already said: say each "
                f"point once.")
    if c.long_factor < 1.0:
        add(50, f"At {c.words} words this runs far past the {lo_s}–{hi_s} s this question needs: "
                f"keep what answers it and cut the rest.")

    # The kind's criteria, most important shortfall first.
    for crit in c.judged.criteria:
        if not crit.applies or crit.met:
            continue
        gap = crit.weight * (1.0 - crit.level)
        add(10 + gap * 0.8, _criterion_line(crit, c.kind.id, obs))

    # The posting's requirements, where the kind makes them matter.
    if c.kind.id in _JOB_FIT_KINDS and not c.keyword_list:
        negated = set(getattr(job, "negated", ()) or ())
        said = set(job.listed) | negated
        if job.requirement and not job.requirement_hit:
            if job.requirement in negated:
                add(45, f"You said you haven't used '{job.requirement}', and the question is "
                        f"about it: say what you used instead and what you did with it.")
            elif job.requirement in said:
                add(45, f"You named '{job.requirement}' but never said what you did with it: "
                        f"describe one time you used it and what changed.")
            else:
                add(45, f"The posting's must-have '{job.requirement}' never came up: the question "
                        f"is about it - say where you used it and what it changed.")
        others = [m for m in c.missed if m != job.requirement]
        unsaid = [m for m in others if m not in said]
        named = [m for m in others if m in said and m not in negated]
        fit = c.dims.get("job_fit") or 0
        if named:
            add(18 + (100 - fit) * 0.12, f"You named {_names(named, 2)} without saying what you "
                                         f"did with {'it' if len(named[:2]) == 1 else 'them'}.")
        if unsaid:
            plural = "must-have" if len(unsaid[:2]) == 1 else "must-haves"
            add(16 + (100 - fit) * 0.12, f"The posting's {plural} {_names(unsaid, 2)} never came "
                                         f"up: the question invites "
                                         f"{'it' if len(unsaid[:2]) == 1 else 'them'}.")
        if job.claims:
            add(14, f"'{job.claims[0]}' is claimed, not shown: describe a moment you used it.")

    # Research notes the motivation and knowledge kinds should use.
    if c.facts and c.kind.id in ("motivation", "company_knowledge", "pitch", "work_style") \
            and not c.relevance.facts_used:
        add(20, f"You didn't use your research - e.g. '{short_fact(c.facts[0])}': tie it to why "
                f"you want this job.")

    # Delivery: the same problems the delivery score counted.
    if c.delivery is not None:
        for impact, line in c.delivery.problems:
            add(impact, line)
    elif not c.spoken and c.words >= 15:
        said_s = c.words / TYPED_WPM * 60
        if said_s < lo_s * 0.6:
            add(10, f"At {c.words} words this takes about {int(said_s)} s to say; aim for "
                    f"{lo_s}–{hi_s} s (about {lo_s * TYPED_WPM // 60}–{hi_s * TYPED_WPM // 60} "
                    f"words).")
        elif said_s > hi_s * 1.3 and c.long_factor >= 1.0:
            add(8, f"At {c.words} words this takes about {int(said_s)} s to say; aim for "
                   f"{lo_s}–{hi_s} s: keep what answers the question, cut the rest.")
    return out


def _short_advice(kind_id: str) -> str:
    return {
        "small_talk": "answer warmly in a sentence or two and ask something back.",
        "negotiation": "give a concrete answer and what it is based on.",
        "candidate_questions": "ask two real questions about the role, the team or next steps.",
    }.get(kind_id, "give one real example - what happened, what you did, what changed.")


def _strengths(c: FeedbackInputs) -> list[str]:
    """Things the answer really did well, each with its quote (used only to reach two lines)."""
    out = []
    for crit in c.judged.criteria:
        if crit.applies and crit.met and crit.evidence:
            ev = crit.evidence if crit.evidence.startswith("'") else f"'{clip(crit.evidence, 70)}'"
            out.append(f"Keep this - {crit.label.lower()}: {ev}.")
    shown = [h for h in c.job.hits if h.credit >= 1]
    if shown and c.kind.id in _JOB_FIT_KINDS:
        h = shown[0]
        out.append(f"Good evidence for '{h.keyword}': '{clip(h.quote, 60)}'.")
    if c.relevance.facts_used:
        out.append(f"Your research shows: '{short_fact(c.relevance.facts_used[0])}'.")
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
        if line not in lines:
            lines.append(line)
    if len(lines) < MIN_LINES and c.words:
        lines.append(f"Compare your answer with 'what a 5 looks like' for "
                     f"{c.kind.label.lower()} questions, then practise it aloud once more within "
                     f"{c.expected_seconds[0]}–{c.expected_seconds[1]} s.")
    return lines


def build_sketch(c: FeedbackInputs) -> str:
    """What a stronger answer would add: the kind's unmet criteria, most important first, the
    must-haves the question invites and what the interviewer listens for. Labelled as a sketch:
    it is guidance, not a script."""
    steps: list[str] = []
    unmet = sorted((cr for cr in c.judged.criteria if cr.applies and not cr.met and cr.missing),
                   key=lambda cr: -cr.weight * (1 - cr.level))
    steps += [cr.missing for cr in unmet[:3]]
    for f in c.flags[:1]:
        steps.insert(0, f"leave out '{clip(f.quote, 40)}'")
    if c.missed and c.kind.id in _JOB_FIT_KINDS:
        wanted = c.missed[:2]
        steps.append(f"show {_names(wanted, 2)} in use - where you applied "
                     f"{'it' if len(wanted) == 1 else 'them'} and what changed")
    if c.question.looking_for:
        steps.append(f"cover what the interviewer is listening for: "
                     f"{clip(c.question.looking_for, 120)}")
    if not steps:
        steps.append("keep this shape and tighten it")
    return SKETCH_PREFIX + "; ".join(steps[:5]).rstrip(" .") + "."
