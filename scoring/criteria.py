"""Each answer kind judged on its own criteria (scoring/data/anchors.yaml), from what the answer
observably does (`scoring.observe`).

`judge(kind_id, obs, ctx) -> KindJudgement`: one `CriterionResult` per criterion of the kind, in
the file's order, each with a level from 0 to 1 (how far the answer meets it), the words that
show it (quoted) or what is missing, and the content score: the weighted mean of the levels
(weights in `WEIGHTS`, most important criterion first, as the anchors list them).

The checks are the anchors' observable terms: for a past story, one real occasion, actions told
in the first person and in the past ("I did", not "we" or "I would"), a result with a measure;
for a process, ordered steps, checks, reasons, a real example; for questions to the employer, how
many real questions and what they target. docs/scoring.md lists every check.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from question_bank.kinds import load_anchors
from scoring import cues as _cues
from scoring import nlp
from scoring.observe import Observation, Span, clip, token_at, tokens_in

# Criterion weights per kind (relative; missing criteria weigh 1). Most important first.
WEIGHTS: dict[str, dict[str, float]] = {
    "past_story": {"occasion": 15, "own_actions": 30, "result": 25, "specifics": 20, "reflection": 10},
    "hypothetical": {"clarify": 15, "steps": 35, "people": 15, "safeguards": 20, "experience": 15},
    "process": {"steps": 35, "checks": 25, "reasons": 10, "example": 20, "adapts": 10},
    "motivation": {"company_specific": 30, "role_specific": 15, "own_experience": 25,
                   "forward": 15, "towards": 15},
    "company_knowledge": {"facts": 40, "source": 20, "view": 20, "role_link": 20},
    "pitch": {"differentiators": 20, "evidence": 35, "requirements": 25, "value": 10,
              "confident_close": 10},
    "self_summary": {"present": 15, "highlights": 35, "thread": 15, "bridge": 20, "focus": 15},
    "self_assessment": {"real": 25, "ownership": 15, "instance": 20, "action": 25, "progress": 15},
    "work_style": {"clear_preference": 30, "example": 30, "adapts": 25, "team_link": 15},
    "negotiation": {"clear_position": 35, "grounded": 30, "flexibility": 20, "commitment": 15},
    "candidate_questions": {"real_questions": 35, "targets": 35, "tied_to_today": 20,
                            "right_person": 10},
    "small_talk": {"direct": 20, "positive": 25, "engages": 40, "practical": 15},
}


@dataclass
class CriterionResult:
    id: str
    label: str
    level: float                 # 0..1
    evidence: str = ""           # the user's words that show it, quoted
    missing: str = ""            # what would meet it, when it is not met
    weight: float = 1.0
    applies: bool = True         # False: not asked for by this question (e.g. practical facts)

    @property
    def met(self) -> bool:
        return self.level >= 0.75

    def to_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "level": round(self.level, 2),
                "evidence": self.evidence, "missing": self.missing, "weight": self.weight,
                "applies": self.applies}

    @classmethod
    def from_dict(cls, d: dict) -> "CriterionResult":
        return cls(str(d.get("id", "")), str(d.get("label", "")), float(d.get("level", 0.0)),
                   str(d.get("evidence", "")), str(d.get("missing", "")),
                   float(d.get("weight", 1.0)), bool(d.get("applies", True)))


@dataclass
class KindContext:
    """What the criteria need besides the answer itself."""
    question: str
    expected_seconds: tuple[int, int] = (60, 120)
    company: str | None = None
    facts_used: list[str] = field(default_factory=list)
    requirement_hits: list = field(default_factory=list)   # answer.KeywordHit shown in use
    requirement_claims: int = 0                             # requirements only claimed


@dataclass
class KindJudgement:
    kind: str
    criteria: list[CriterionResult]
    score: int                    # 0..100, the weighted mean of the levels (after adjustments)
    adjustments: list[str] = field(default_factory=list)   # why the score was scaled, if it was
    grade_one: list[str] = field(default_factory=list)     # grade-1 anchor conditions met

    def apply_gate(self, reason: str) -> None:
        """The answer meets the kind's grade-1 anchor: content at most GATE_SCORE."""
        self.grade_one.append(reason)
        if self.score > GATE_SCORE:
            self.score = GATE_SCORE
        self.adjustments.append(f"Meets the grade 1 anchor: {reason} (at most {GATE_SCORE})")


# An answer of this many words or more with no concrete detail at all - no figure, no name, no
# action taken, no requirement shown - reads as fluent but empty: the content scales down.
EMPTY_MIN_WORDS = 40
EMPTY_FACTOR = 0.7
CLICHE_PER_100 = 3.0          # this many stock phrases per 100 words, with little detail ...
CLICHE_FACTOR = 0.8           # ... scales the content down again
# The grade-1 anchor of some kinds is an observable condition: when it holds, the content is at
# most this (e.g. small talk that complains, a motivation that is only about leaving).
GATE_SCORE = 20
# An answer much shorter than the question's expected length cannot carry much: below the
# shortest expected length (spoken at 140 words a minute) the content scales towards 75 %.
SHORT_FLOOR = 0.75
WORDS_PER_SECOND = 140 / 60
BRIEF_KINDS = {"small_talk", "negotiation"}     # brevity is part of a good answer here
ELABORATION_WEIGHT = 0.2
INFORMATIVE_SHARE = 0.3      # distinct content words in a full, specific answer, per word spoken


def _q(span: Span | None, obs: Observation, limit: int = 120) -> str:
    if span is None:
        return ""
    return obs.quote_at(span.start, limit)


def _first(spans, after: int = -1) -> Span | None:
    return next((s for s in spans if s.start > after), None)


def _steps(n: int, table: tuple[float, ...]) -> float:
    return table[min(n, len(table) - 1)]


def _cliche_only(obs: Observation) -> bool:
    return len(obs.cue("cliche")) >= 2 and not obs.numbers and not obs.actions("I")


def _time_anchor(obs: Observation) -> list[Span]:
    """'last year', 'in 2022', 'two years ago', 'at my last job', 'one night' - a real occasion."""
    return obs.cue("occasion")


_COMPARISON = frozenset("from to instead down up now within only zero no under over since back "
                        "fewer less more".split())


def _sentence_words(obs: Observation, index: int) -> set[str]:
    if not 0 <= index < len(obs.sentences):
        return set()
    s = obs.sentences[index]
    return {t.lower_ for t in tokens_in(nlp.parse(obs.text), s.start, s.end)}


def _result_sentence(obs: Observation, after: int) -> tuple[Span | None, bool]:
    """The result, after the first action: a sentence with an outcome ('they renewed', 'cut the
    queue', 'went from 22 to 14 percent'), preferring one with a figure; a linking phrase ('in the
    end', 'as a result') counts only with a figure. The last measured one wins: a story ends with
    its result, and an early figure is usually the problem."""
    best, measured = None, False
    outcome_sents = {sp.sent for sp in obs.cue("result") if sp.start > after}
    link_sents = {sp.sent for sp in obs.cue("result_link") if sp.start > after}
    number_sents = {n.sent for n in obs.numbers if n.start > after}
    for sp in obs.cue("result") + obs.cue("result_link"):
        if sp.start <= after:
            continue
        has_num = sp.sent in number_sents
        if sp.label == "result_link" and not has_num:
            continue
        if best is None or (has_num and not measured) or (has_num == measured and sp.start > best.start):
            best, measured = sp, has_num
    if best is None or not measured:
        for n in obs.numbers:
            if n.start > after and (_sentence_words(obs, n.sent) & _COMPARISON
                                    or n.sent in outcome_sents | link_sents):
                return n, True
    return best, measured


_NOT_COMPANY_HEADS = frozenset("own job time best way question questions career experience "
                               "cv resume interview".split())
_YOU_VERBS = frozenset("serve mention say make sell run offer build have launch open use teach "
                       "plan move do work focus describe tell expand grow invest hire".split())


def _company_refs(obs: Observation, ctx: KindContext) -> list[Span]:
    """Things only true of this employer: its name, 'your <noun>' / 'you serve', names, figures
    about it, and the research notes the answer uses."""
    doc = nlp.parse(obs.text)
    out: list[Span] = []
    if ctx.company:
        name = [t.lower_ for t in nlp.load().tokenizer(ctx.company)]
        toks = list(doc)
        for i in range(len(toks) - len(name) + 1):
            if [t.lower_ for t in toks[i:i + len(name)]] == name:
                a, b = toks[i].idx, toks[i + len(name) - 1].idx + len(toks[i + len(name) - 1])
                out.append(Span("company", obs.text[a:b], a, b, obs.sentence_index(a) or 0))
                break
    for tok in doc:
        if tok.lower_ == "your" and tok.dep_ == "poss" and tok.head.lemma_.lower() not in _NOT_COMPANY_HEADS:
            head = tok.head
            a, b = tok.idx, head.idx + len(head.text)
            out.append(Span("your", obs.text[a:b], a, b, obs.sentence_index(a) or 0))
        elif tok.lower_ == "you" and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in _YOU_VERBS:
            a, b = tok.idx, tok.head.idx + len(tok.head.text)
            if b > a:
                out.append(Span("you", obs.text[a:b], a, b, obs.sentence_index(a) or 0))
    out += obs.names
    for fact in ctx.facts_used:
        out.append(Span("fact", clip(fact, 60), -1, -1, -1))
    # one reference per sentence (a sentence full of "your" is one reason)
    seen, uniq = set(), []
    for sp in sorted(out, key=lambda s: s.start):
        key = ("fact", sp.quote) if sp.label == "fact" else ("sent", sp.sent)
        if key not in seen:
            seen.add(key)
            uniq.append(sp)
    return uniq


def concrete_steps(obs: Observation, moods: tuple[str, ...],
                   who: tuple = ("I", None)) -> list:
    """First-person actions that are concrete steps: a specific verb with its own object ("write
    down what each asked for", "page the registrar"), not "communicate with the team"."""
    doc = nlp.parse(obs.text)
    out = []
    for c in obs.clauses:
        if not c.action or c.negated or c.mood not in moods or c.who not in who:
            continue
        if c.lemma in _cues.GENERIC_VERBS:
            continue
        tok = token_at(doc, c.start)
        if tok is None:
            continue
        objects = [t for t in tok.children if t.dep_ in ("dobj", "dative", "prt", "attr", "oprd")]
        objects += [g for p in tok.children if p.dep_ == "prep" for g in p.children
                    if g.dep_ == "pobj"]
        if any(o.lemma_.lower() not in _cues.GENERIC_OBJECTS for o in objects):
            out.append(c)
    return out


_YES_NO_OPENERS = frozenset("is are do does did can could have has will would was were shall "
                            "should may".split())
_YES_NO_WORDS = frozenset("yes yeah yep no nope not sure absolutely definitely certainly "
                          "of course".split())


def is_yes_no_question(question: str) -> bool:
    """'Is there anything that would stop you...?', 'Has anything changed...?': a sentence of
    the question that asks (ends in '?', or the last one) opens with an auxiliary."""
    sents = nlp.sentences(question)
    if not sents:
        return False
    asking = [s for s in sents if s.text.rstrip().endswith("?")] or sents[-1:]
    doc = nlp.parse(question)
    for s in asking:
        first = [t for t in doc if s.start <= t.idx < s.end and not t.is_punct][:1]
        if first and first[0].lower_ in _YES_NO_OPENERS:
            return True
    return False


def answers_yes_or_no(obs: Observation) -> bool:
    doc = nlp.parse(obs.text)
    first = [t for t in doc if not t.is_punct and t.lower_ not in ("um", "uh", "well", "so")][:1]
    return bool(first) and first[0].lower_ in _YES_NO_WORDS


_LIST_NOUNS = frozenset("thing step way check part stage question pass phase area metric measure "
                        "reason rule habit principle".split())


def enumerated(obs: Observation) -> int:
    """'I'd look at three things', 'I work in three passes': the number of items announced."""
    doc = nlp.parse(obs.text)
    best = 0
    for tok in doc:
        if tok.like_num and tok.i + 1 < len(doc) and doc[tok.i + 1].lemma_.lower() in _LIST_NOUNS:
            value = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4,
                     "5": 5}.get(tok.lower_, 0)
            best = max(best, value)
    return best


# --- the kinds ---------------------------------------------------------------------------------

def _past_story(obs: Observation, ctx: KindContext) -> dict[str, tuple[float, str, str]]:
    mine = obs.actions("I", ("past",))
    ours = obs.actions("we", ("past",))
    would = obs.actions("I", ("hypothetical", "future"))
    habit = obs.actions("I", ("present",))
    anchors = _time_anchor(obs)
    out = {}
    early = [a for a in anchors if a.sent <= max(1, len(obs.sentences) // 2)]
    if early and (mine or ours):
        out["occasion"] = (1.0, _q(early[0], obs), "")
    elif (mine or ours) and len(mine) + len(ours) >= 2:
        out["occasion"] = (0.6, obs.sentence_quote(0), "say when and where it happened, in one sentence")
    else:
        out["occasion"] = (0.0, "", "tell one real occasion - when, where, what was at stake - "
                                    "not what you usually do")
    n_i, n_we = len(mine), len(ours)
    if n_i:
        level = _steps(n_i, (0, 0.45, 0.7, 0.85, 1.0))
        if n_we > n_i:
            level *= 0.75
        out["own_actions"] = (level, ", ".join(f"'{clip(obs.quote_at(a.start, 60), 60)}'" for a in mine[:2]),
                              "" if level >= 0.75 else "tell more of what you yourself did, step by step")
    elif n_we:
        i_words = sum(1 for c in obs.clauses if c.who == "I")
        we_words = sum(1 for c in obs.clauses if c.who == "we")
        out["own_actions"] = (0.3, obs.quote_at(ours[0].start, 70),
                              f"you said 'we' {we_words} time{'s' if we_words != 1 else ''} and "
                              f"'I' {i_words} time{'s' if i_words != 1 else ''}: say what you did "
                              f"yourself ('I called…, I rebuilt…')")
    elif would or habit:
        out["own_actions"] = (0.1, obs.quote_at((would or habit)[0].start, 70),
                              "that is what you would do or usually do: tell what you did, once")
    else:
        out["own_actions"] = (0.0, "", "say what you did, in the first person")
    first_action = min([a.start for a in mine + ours], default=-1)
    res, measured = _result_sentence(obs, first_action)
    if res is not None and (mine or ours):
        out["result"] = (1.0 if measured else 0.55, _q(res, obs),
                         "" if measured else "say by how much: a number, a before and after")
    else:
        out["result"] = (0.0, "", "end with what changed, with a figure")
    specifics = obs.numbers + obs.names + [Span("tool", h.keyword, h.start, h.end)
                                           for h in ctx.requirement_hits]
    out["specifics"] = (_steps(len({s.start for s in specifics}), (0, 0.35, 0.6, 0.8, 1.0)),
                        ", ".join(f"'{s.quote}'" for s in specifics[:4]),
                        "add names, figures and time spans")
    refl = [s for s in obs.cue("reflection") if s.start > first_action >= 0]
    out["reflection"] = (1.0 if refl else 0.0, _q(refl[0], obs) if refl else "",
                         "end with what you learned or why it matters here")
    return out


def _hypothetical(obs: Observation, ctx: KindContext) -> dict[str, tuple[float, str, str]]:
    steps = obs.actions("I", ("hypothetical", "future", "present"))
    past = obs.actions("I", ("past", "perfect"))
    seq = obs.cue("sequence")
    out = {}
    half = len(obs.text) * 0.5
    clar = [s for s in obs.cue("clarify") if s.start < half]
    out["clarify"] = (1.0 if clar else 0.0, _q(clar[0], obs) if clar else "",
                      "find out the facts or the goal before acting")
    concrete = concrete_steps(obs, ("hypothetical", "future", "present"))
    ordered = min(2, len([s for s in seq if s.quote.lower() not in ("last", "once")]))
    n = len(concrete) + 0.5 * max(0, len(steps) - len(concrete)) + ordered + enumerated(obs)
    level = _steps(int(n), (0, 0.2, 0.4, 0.6, 0.75, 0.9, 1.0))
    if obs.has("passes") and len(concrete) <= 1:
        level = 0.0       # "not my job", "I'd leave it": no plan of one's own
    out["steps"] = (level, ", ".join(f"'{clip(obs.quote_at(a.start, 50), 50)}'"
                                     for a in (concrete or steps)[:2]),
                    "" if level >= 0.75 else "lay out three or more concrete steps in order")
    people = {s.quote.lower() for s in obs.cue("people")}
    if obs.has("passes") and len(concrete) <= 1:
        people = set()
    out["people"] = (_steps(len(people), (0, 0.6, 1.0)),
                     ", ".join(f"'{p}'" for p in sorted(people)[:3]),
                     "say who you would involve or keep informed, and when")
    safe = obs.cue("check") + obs.cue("safeguard")
    out["safeguards"] = (_steps(len(safe), (0, 0.7, 1.0)), _q(safe[0], obs) if safe else "",
                         "say how you would check it worked or contain the risk")
    anchors = _time_anchor(obs)
    told = [c for c in obs.clauses if c.mood == "past" and not c.negated
            and any(abs(c.sent - a.sent) <= 1 for a in anchors)]
    exp = past or told or anchors
    out["experience"] = (1.0 if past or told else 0.5 if exp else 0.0,
                         obs.quote_at(exp[0].start, 80) if exp else "",
                         "back it with a time you did something similar")
    return out


def _process(obs: Observation, ctx: KindContext) -> dict[str, tuple[float, str, str]]:
    moods = ("present", "hypothetical", "future", "past")
    steps = obs.actions("I", moods) + obs.actions("you", ("present", "hypothetical", "future"))
    imperative = [c for c in obs.clauses if c.action and c.who is None and c.mood in ("present",)]
    seq = [s for s in obs.cue("sequence") if s.quote.lower() not in ("last", "once")]
    out = {}
    concrete = concrete_steps(obs, moods, ("I", None, "you"))
    n = len(concrete) + 0.5 * max(0, len(steps) + len(imperative) // 2 - len(concrete)) \
        + min(2, len(seq)) + enumerated(obs)
    level = _steps(int(n), (0, 0.35, 0.5, 0.62, 0.72, 0.82, 0.9, 1.0))
    out["steps"] = (level, ", ".join(f"'{clip(obs.quote_at(a.start, 50), 50)}'"
                                     for a in (concrete or steps)[:2]),
                    "" if level >= 0.75 else "describe the method as three or more concrete steps")
    checks = [s for s in obs.cue("check")]
    kinds = {s.quote.lower() for s in checks}
    out["checks"] = (_steps(len(kinds), (0, 0.55, 0.85, 1.0)), _q(checks[0], obs) if checks else "",
                     "say how you check the work: test, review, measure, verify")
    reasons = obs.cue("reason")
    out["reasons"] = (_steps(len(reasons), (0, 0.7, 1.0)), _q(reasons[0], obs) if reasons else "",
                      "say why you do the key steps that way")
    past = obs.actions("I", ("past",)) + obs.actions("we", ("past",))
    anchors = _time_anchor(obs)
    told = [c for c in obs.clauses if c.mood == "past" and not c.negated
            and (any(abs(c.sent - a.sent) <= 1 for a in anchors)
                 or any(abs(c.sent - n.sent) <= 1 for n in obs.numbers))]
    if (past or told) and (anchors or obs.numbers):
        ex = (1.0, obs.quote_at((anchors or past or told)[0].start, 80), "")
    elif past:
        ex = (0.6, obs.quote_at(past[0].start, 80), "give the occasion and what came of it")
    else:
        ex = (0.0, "", "give one real example of using the method, with its outcome")
    out["example"] = ex
    adapt = obs.cue("adapt")
    out["adapts"] = (1.0 if adapt else 0.0, _q(adapt[0], obs) if adapt else "",
                     "say what you change under pressure or when the usual way fails")
    return out


def _motivation(obs: Observation, ctx: KindContext) -> dict[str, tuple[float, str, str]]:
    out = {}
    refs = _company_refs(obs, ctx)
    cliche = obs.cue("cliche")
    level = _steps(len(refs), (0, 0.5, 0.8, 1.0))
    if not refs and cliche:
        level = 0.2
    out["company_specific"] = (level, ", ".join(f"'{r.quote}'" for r in refs[:3]) or (
        f"'{cliche[0].quote}' (true of any employer)" if cliche else ""),
        "give reasons only true of this company: a product, a customer group, a plan, your research")
    hits = ctx.requirement_hits
    work = [s for s in obs.cue("people")] + [Span("req", h.keyword, h.start, h.end) for h in hits]
    out["role_specific"] = (_steps(len({w.quote.lower() for w in work}), (0, 0.5, 0.8, 1.0)),
                            ", ".join(f"'{w.quote}'" for w in work[:3]),
                            "say what in the work itself draws you")
    exp = obs.cue("experience") + [Span("a", a.verb, a.start, a.end, a.sent)
                                   for a in obs.actions("I", ("past", "perfect"))]
    out["own_experience"] = (_steps(len({e.sent for e in exp}), (0, 0.55, 0.85, 1.0)),
                             _q(exp[0], obs) if exp else "",
                             "tie each reason to your own experience")
    fwd = obs.cue("forward")
    out["forward"] = (_steps(len(fwd), (0, 0.7, 1.0)), _q(fwd[0], obs) if fwd else "",
                      "say what you want to contribute or build here")
    away = obs.cue("away")
    if away:
        out["towards"] = (0.0, _q(away[0], obs), "frame the move as towards this job, not away")
    else:
        out["towards"] = (1.0 if obs.words >= 25 else 0.5, "", "")
    return out


def _company_knowledge(obs: Observation, ctx: KindContext) -> dict[str, tuple[float, str, str]]:
    out = {}
    refs = _company_refs(obs, ctx) + [n for n in obs.numbers]
    uniq = {(r.quote.lower()) for r in refs}
    level = _steps(len(uniq), (0, 0.35, 0.55, 0.75, 0.9, 1.0))
    if obs.has("decline") and obs.words < 30:
        level = min(level, 0.1)
    out["facts"] = (level, ", ".join(f"'{r.quote}'" for r in refs[:4]),
                    "cite specific facts beyond the homepage: products, customers, plans, figures")
    src = obs.cue("source")
    out["source"] = (_steps(len(src), (0, 0.7, 1.0)), _q(src[0], obs) if src else "",
                     "say where you learned it")
    view = obs.cue("view") + obs.cue("reason")
    out["view"] = (_steps(len(view), (0, 0.7, 1.0)), _q(view[0], obs) if view else "",
                   "say what the facts mean: a challenge, an opportunity")
    link = obs.cue("role_link") + obs.cue("experience")
    out["role_link"] = (_steps(len(link), (0, 0.7, 1.0)), _q(link[0], obs) if link else "",
                        "connect it to this role and what you would contribute")
    return out


def _pitch(obs: Observation, ctx: KindContext) -> dict[str, tuple[float, str, str]]:
    out = {}
    claims = {c.sent for c in obs.clauses if c.who == "I" and not c.negated}
    ordered = [s for s in obs.cue("sequence") if s.quote.lower() in (
        "first", "second", "third", "firstly", "secondly", "thirdly", "finally")]
    n = max(len(ordered), min(3, len(claims) // 2))
    level = _steps(n, (0, 0.4, 0.7, 1.0))
    if _cliche_only(obs):
        level = min(level, 0.3)
    out["differentiators"] = (level, ", ".join(f"'{s.quote}'" for s in ordered[:3]),
                              "name two or three distinct strengths")
    achievements = concrete_steps(obs, ("past", "perfect"))
    outcomes = [r for r in obs.cue("result") if any(a.start < r.start for a in achievements)]
    ev = len(obs.numbers) + min(3, len(achievements)) * 0.6 + min(2, len(outcomes)) * 0.5
    out["evidence"] = (_steps(int(ev + 0.5), (0, 0.45, 0.7, 0.85, 1.0)),
                       ", ".join(f"'{n.quote}'" for n in obs.numbers[:3]) or (
                           obs.quote_at(achievements[0].start, 80) if achievements else ""),
                       "back each strength with an achievement and a figure")
    ties = obs.cue("ties_to_role")
    req = len({h.keyword for h in ctx.requirement_hits}) + (1 if obs.has("tied_today") else 0) \
        + 0.5 * min(2, ctx.requirement_claims) + 0.5 * min(3, len({t.sent for t in ties}))
    out["requirements"] = (_steps(int(req + 0.5), (0, 0.45, 0.75, 1.0)),
                           ", ".join(f"'{h.keyword}'" for h in ctx.requirement_hits[:3]),
                           "tie each strength to a requirement of the posting")
    fwd = obs.cue("forward") + obs.cue("role_link")
    out["value"] = (1.0 if fwd else 0.0, _q(fwd[0], obs) if fwd else "",
                    "end with what you would deliver for the team")
    boast = obs.cue("boast")
    if boast:
        out["confident_close"] = (0.0, _q(boast[0], obs), "make your case without running anyone down")
    else:
        out["confident_close"] = (1.0 if obs.words >= 30 else 0.4, "",
                                  "close clearly and confidently")
    return out


def _self_summary(obs: Observation, ctx: KindContext) -> dict[str, tuple[float, str, str]]:
    out = {}
    first = obs.sentences[:2]
    limit = first[-1].end if first else 0
    present = [c for c in obs.clauses if c.start <= limit and c.who == "I"
               and c.mood in ("present", "past") and (c.lemma in ("be", "work", "run", "lead",
                                                                  "manage", "teach", "look")
                                                      or c.verb.lower() in ("'m", "am"))]
    out["present"] = (1.0 if present else 0.0, obs.quote_at(present[0].start, 90) if present else "",
                      "open with who you are professionally now")
    past = obs.actions("I", ("past", "perfect", "present"))
    nums = obs.numbers
    level = min(1.0, 0.2 * len(nums) + 0.1 * len(past))
    out["highlights"] = (level, ", ".join(f"'{n.quote}'" for n in nums[:3]),
                         "pick two or three experiences for this job, each with a concrete detail")
    thread = obs.cue("reason") + [s for s in obs.cue("sequence") if s.quote.lower() in ("before",)]
    out["thread"] = (1.0 if thread else 0.0, _q(thread[0], obs) if thread else "",
                     "show why you made your moves")
    bridge = obs.cue("forward") + obs.cue("role_link")
    out["bridge"] = (1.0 if bridge else 0.0, _q(bridge[0], obs) if bridge else "",
                     "end with why this role is the next step")
    private = obs.cue("overshare") + obs.cue("private_health")
    life = len({s.quote.lower() for s in obs.cue("private_life")})
    long_ = obs.words > ctx.expected_seconds[1] * 2.6
    out["focus"] = (0.0 if private or life >= 2 else 0.5 if long_ or life else 1.0, "",
                    "stay professional and brief")
    return out


def _self_assessment(obs: Observation, ctx: KindContext) -> dict[str, tuple[float, str, str]]:
    out = {}
    brag = obs.cue("humblebrag")
    cost = obs.cue("cost")
    disq = obs.cue("disqualifying")
    minimize = obs.cue("minimize")
    boast = obs.cue("boast")
    if boast:
        out["real"] = (0.0, _q(boast[0], obs), "say honestly what went less well and what you'd add")
    elif minimize and not obs.cue("weak_action"):
        out["real"] = (0.2, _q(minimize[0], obs), "name a real weakness or failure and what it cost")
    elif brag and not cost:
        out["real"] = (0.0, _q(brag[0], obs), "pick a real weakness, not a disguised strength")
    elif disq:
        out["real"] = (0.2, _q(disq[0], obs), "pick a weakness away from the core of this job")
    elif cost:
        out["real"] = (1.0, _q(cost[0], obs), "")
    elif obs.words >= 8 and not obs.has("decline"):
        out["real"] = (0.5, obs.sentence_quote(0), "say what it cost, once")
    else:
        out["real"] = (0.0, "", "name a real weakness or failure")
    blame = obs.cue("blame")
    own = obs.cue("ownership")
    mine = [c for c in obs.clauses if c.who == "I"]
    spread = obs.cue("spread_cause")
    if blame and not own:
        out["ownership"] = (0.0, _q(blame[0], obs), "own your part first ('I should have…')")
    elif spread:
        out["ownership"] = (0.5, _q(spread[0], obs), "own your part plainly, without sharing it out")
    else:
        out["ownership"] = (1.0 if own else 0.7 if len(mine) >= 2 else 0.3 if mine else 0.0,
                            _q(own[0], obs) if own else "", "own it plainly, in the first person")
    past = obs.actions("I", ("past",)) + [c for c in obs.clauses if c.mood == "past"
                                          and c.who in ("I", "we", "other")]
    anchors = _time_anchor(obs)
    out["instance"] = (1.0 if past and (anchors or obs.numbers) else 0.5 if past else 0.0,
                       obs.quote_at(past[0].start, 80) if past else "",
                       "give one moment when it showed and what it cost")
    vague = obs.cue("vague_action")
    steps = [c for c in concrete_steps(obs, ("past", "perfect", "present"))
             if not any(v.start <= c.start < v.end + 12 for v in vague)]
    act = [s for s in obs.cue("weak_action")
           if not any(v.start <= s.start < v.end for v in vague)]
    level = min(1.0, (0, 0.5, 0.8, 1.0)[min(3, len(steps))] + 0.1 * min(2, len(act)))
    if vague and not steps:
        level = min(level, 0.3)
    if brag and not cost:
        level = min(level, 0.2)
    out["action"] = (level, obs.quote_at(steps[0].start, 80) if steps else _q(act[0], obs) if act else "",
                     "describe the concrete steps you took")
    first_step = steps[0].start if steps else (act[0].start if act else 0)
    prog = [s for s in obs.cue("weak_progress") + obs.cue("result") if s.start > first_step]
    measured = any(n.start > first_step for n in obs.numbers)
    level = 1.0 if prog and measured else 0.6 if prog and steps else 0.3 if prog else 0.0
    if brag and not cost:
        level = 0.0
    out["progress"] = (level, _q(prog[0], obs) if prog else "",
                       "show it is improving: a result, a change others noticed")
    return out


def _work_style(obs: Observation, ctx: KindContext) -> dict[str, tuple[float, str, str]]:
    out = {}
    pref = obs.cue("preference")
    if pref:
        level = 1.0 if len(pref) >= 2 or obs.words >= 30 else 0.7
    elif _cliche_only(obs) or obs.has("cliche"):
        level = 0.3
    else:
        level = 0.2 if obs.words >= 10 else 0.0
    if obs.has("decline") and obs.words < 20:
        level = 0.0
    out["clear_preference"] = (level, _q(pref[0], obs) if pref else "",
                               "state a clear, specific preference or value")
    past = obs.actions("I", ("past", "perfect")) + obs.actions("we", ("present", "past", "perfect"))
    anchors = _time_anchor(obs)
    level = 1.0 if len(past) >= 2 and (anchors or obs.numbers) else 0.7 if len(past) >= 2 else \
        0.4 if past else 0.0
    out["example"] = (level, obs.quote_at(past[0].start, 80) if past else "",
                      "show it with a real example from work")
    adapt = obs.cue("adapt")
    out["adapts"] = (1.0 if adapt else 0.0, _q(adapt[0], obs) if adapt else "",
                     "say how you adapt when others work differently")
    link = obs.cue("tied_today") + [r for r in _company_refs(obs, ctx) if r.label != "fact"]
    out["team_link"] = (1.0 if link else 0.0, _q(link[0], obs) if link else "",
                        "connect it to how this team works")
    return out


def _negotiation(obs: Observation, ctx: KindContext) -> dict[str, tuple[float, str, str]]:
    out = {}
    nums = obs.numbers
    when = obs.cue("when")
    decline = obs.cue("decline")
    vague = obs.cue("vague_terms")
    q = ctx.question.strip().lower()
    yes_no = is_yes_no_question(ctx.question)
    answered = yes_no and answers_yes_or_no(obs)
    concrete = nums + when
    if answered and not concrete:
        level, ev = 0.7, obs.sentence_quote(0, 70)
    elif len(nums) >= 2 or (nums and when):
        level, ev = 1.0, ", ".join(f"'{n.quote}'" for n in concrete[:2])
    elif concrete:
        level, ev = 0.8, f"'{concrete[0].quote}'"
    elif yes_no and obs.words >= 3 and not decline:
        level, ev = 0.7, obs.sentence_quote(0, 70)
    elif vague:
        level, ev = 0.25, _q(vague[0], obs)
    elif obs.words >= 12 and not decline:
        level, ev = 0.35, obs.sentence_quote(0, 70)
    else:
        level, ev = 0.1 if decline else 0.2, ""
    if decline and not concrete and not answered:
        level = min(level, 0.15)
    evasive = obs.cue("evasive")
    if evasive:
        level, ev = 0.0, _q(evasive[0], obs)
    out["clear_position"] = (level, ev, "give a concrete answer: a range, a date, a notice period")
    g = obs.cue("grounded") + obs.cue("reason")
    out["grounded"] = (_steps(len(g), (0, 0.7, 1.0)), _q(g[0], obs) if g else "",
                       "say what it is based on: research, your contract, a commitment")
    f = [x for x in obs.cue("flexible") if x.quote.lower() != "negotiable" or concrete]
    out["flexibility"] = (_steps(len(f), (0, 0.75, 1.0)), _q(f[0], obs) if f else "",
                          "show realistic flexibility: the package, a negotiable date")
    c = obs.cue("committed")
    out["commitment"] = (1.0 if c else 0.5, _q(c[0], obs) if c else "",
                         "keep your interest in the role in view")
    return out


def _candidate_questions(obs: Observation, ctx: KindContext) -> dict[str, tuple[float, str, str]]:
    out = {}
    qs = obs.questions
    tagged = []
    for q in qs:
        sub = q.quote.lower()
        groups = {g for g in ("q_success", "q_team", "q_challenge", "q_next", "q_pay", "q_generic")
                  if any(sp.start >= q.start and sp.end <= q.end + 1 for sp in obs.cue(g))}
        tagged.append((q, groups, sub))
    real = [t for t in tagged if t[1] != {"q_pay"}]
    pay_only = bool(tagged) and all(g & {"q_pay"} and not g & {"q_success", "q_team",
                                                                "q_challenge"} for _, g, _ in tagged)
    n_real = 0 if pay_only else len(real)
    out["real_questions"] = (_steps(n_real, (0, 0.45, 0.8, 1.0)),
                             ", ".join(f"'{clip(q.quote, 60)}'" for q, _, _ in tagged[:3]),
                             "ask two or more genuine, open questions")
    targeted = [t for t in tagged if t[1] & {"q_success", "q_team", "q_challenge", "q_next"}
                and "q_generic" not in t[1]]
    generic = [t for t in tagged if "q_generic" in t[1]]
    if pay_only:
        level = 0.0
    else:
        level = _steps(len(targeted), (0.25 if real else 0.0, 0.6, 0.9, 1.0))
        if not targeted and generic:
            level = 0.3
    out["targets"] = (level, ", ".join(f"'{clip(q.quote, 60)}'" for q, _, _ in targeted[:2]),
                      "ask about success in the role, the team, its challenges or next steps")
    tied = obs.cue("tied_today")
    out["tied_to_today"] = (1.0 if tied and qs else 0.0, _q(tied[0], obs) if tied else "",
                            "tie one question to something said today")
    out["right_person"] = (1.0 if n_real else 0.0, "", "suit each question to the person asked")
    return out


_PRACTICAL_WORDS = ("reference", "document", "contact", "trial day", "send", "start date",
                    "paperwork", "availability", "available", "certificate", "visa", "address")


def _small_talk(obs: Observation, ctx: KindContext) -> dict[str, tuple[float, str, str]]:
    out = {}
    w = obs.words
    out["direct"] = (0.2 if w <= 2 else 0.6 if w <= 5 else 1.0 if w <= 80 else 0.5,
                     obs.sentence_quote(0, 60), "answer briefly, in keeping with the moment")
    warm = obs.cue("warm")
    complain = obs.cue("complain") + obs.cue("overshare") + obs.cue("private_health")
    if complain:
        out["positive"] = (0.0, _q(complain[0], obs), "stay positive: no complaints")
    else:
        out["positive"] = (1.0 if warm else 0.55, _q(warm[0], obs) if warm else "",
                           "keep a warm, friendly tone")
    back = obs.questions
    detail = len(obs.sentences) >= 2 and w >= 15 and (obs.names or obs.numbers or len(
        obs.content_lemmas) >= 6)
    level = 1.0 if back and w >= 10 else 0.8 if back else 0.55 if detail else \
        0.25 if w >= 10 else 0.0
    out["engages"] = (level, _q(back[0], obs) if back else "",
                      "add a positive detail or ask a natural question back")
    facts = obs.names + obs.numbers + obs.cue("practical")
    out["practical"] = (_steps(len(facts), (0, 0.4, 0.7, 1.0)),
                        ", ".join(f"'{f.quote}'" for f in facts[:3]),
                        "give the practical facts asked for: names, dates, documents")
    if not any(p in ctx.question.lower() for p in _PRACTICAL_WORDS):
        out["practical"] = (1.0, "", "")
    return out


_JUDGES = {
    "past_story": _past_story, "hypothetical": _hypothetical, "process": _process,
    "motivation": _motivation, "company_knowledge": _company_knowledge, "pitch": _pitch,
    "self_summary": _self_summary, "self_assessment": _self_assessment,
    "work_style": _work_style, "negotiation": _negotiation,
    "candidate_questions": _candidate_questions, "small_talk": _small_talk,
}


def judge(kind_id: str, obs: Observation, ctx: KindContext) -> KindJudgement:
    """Every criterion of `kind_id`, with its level, quote and what is missing; and the score."""
    kind = load_anchors().kind(kind_id)
    found = _JUDGES[kind_id](obs, ctx) if obs.words else {}
    weights = WEIGHTS.get(kind_id, {})
    results = []
    for crit in kind.criteria:
        level, evidence, missing = found.get(crit.id, (0.0, "", crit.description))
        applies = not (kind_id == "small_talk" and crit.id == "practical"
                       and not any(p in ctx.question.lower() for p in _PRACTICAL_WORDS))
        results.append(CriterionResult(crit.id, crit.label, max(0.0, min(1.0, level)),
                                       evidence, "" if level >= 0.75 else missing,
                                       weights.get(crit.id, 1.0), applies))
    total = sum(r.weight for r in results if r.applies)
    score = 100 * sum(r.weight * r.level for r in results if r.applies) / total if total else 0.0
    adjustments = []
    if kind_id not in BRIEF_KINDS and obs.words:
        # Elaboration: how much specific content the answer carries for the time it should take
        # (content words, not stock phrases, not repeated). An interviewer hears more of what
        # a strong answer does in a fuller answer; the criteria above say whether it is there.
        stock = {w.lower() for c in obs.cue("cliche") for w in c.quote.split()}
        informative = len({w for w in obs.content_lemmas if w not in stock})
        target = ctx.expected_seconds[1] * WORDS_PER_SECOND * INFORMATIVE_SHARE
        elaboration = 100 * min(1.0, informative / target) * (1 - obs.repeated_share)
        score = (1 - ELABORATION_WEIGHT) * score + ELABORATION_WEIGHT * elaboration
    concrete = (len(obs.numbers) + len(obs.names) + len(obs.actions("I", ("past", "perfect")))
                + len(obs.actions("we", ("past", "perfect"))) + len(ctx.requirement_hits)
                + len(ctx.facts_used))
    if obs.words >= EMPTY_MIN_WORDS and concrete == 0:
        score *= EMPTY_FACTOR
        adjustments.append(f"{obs.words} words without a figure, a name or anything you did: "
                           f"fluent but not concrete (scaled to {EMPTY_FACTOR:.0%})")
    cliches = obs.cue("cliche")
    if obs.words and 100 * len(cliches) / obs.words >= CLICHE_PER_100 and concrete <= 1:
        score *= CLICHE_FACTOR
        adjustments.append(f"Stock phrases ({', '.join(repr(c.quote) for c in cliches[:3])}) in "
                           f"place of evidence (scaled to {CLICHE_FACTOR:.0%})")
    lo_words = ctx.expected_seconds[0] * WORDS_PER_SECOND
    if kind_id not in BRIEF_KINDS and 0 < obs.words < lo_words:
        factor = SHORT_FLOOR + (1 - SHORT_FLOOR) * obs.words / lo_words
        score *= factor
        adjustments.append(f"{obs.words} words is short for a question that needs "
                           f"{ctx.expected_seconds[0]}-{ctx.expected_seconds[1]} s (about "
                           f"{round(lo_words)} words or more; scaled to {factor:.0%})")
    gate = _gate(kind_id, {r.id: r for r in results})
    judgement = KindJudgement(kind_id, results, round(score), adjustments)
    if gate:
        judgement.apply_gate(gate)
    return judgement


def _gate(kind_id: str, by_id: dict[str, CriterionResult]) -> str:
    """The grade-1 anchor condition of the kind, when the criteria show it."""
    if kind_id == "small_talk" and by_id["positive"].level == 0.0:
        return "complains or overshares"
    if kind_id == "small_talk" and by_id["direct"].level <= 0.2:
        return "a one-word reply"
    if kind_id == "motivation" and by_id["towards"].level == 0.0:
        return "talks about getting away from the current job, with complaints"
    if kind_id == "candidate_questions" and by_id["real_questions"].level == 0.0:
        return "no real question asked"
    if kind_id == "pitch" and by_id["confident_close"].level == 0.0:
        return "boasts or runs down other candidates"
    if kind_id == "self_assessment" and by_id["real"].level == 0.0 and by_id["real"].evidence:
        return "denies or disguises any shortcoming"
    if kind_id == "negotiation" and by_id["clear_position"].level == 0.0:
        return "refuses or evades the question"
    if kind_id == "hypothetical" and by_id["steps"].level == 0.0 and by_id["people"].level == 0.0:
        return "gives no plan"
    return ""
