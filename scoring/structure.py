"""Evidence and structure: does the answer tell a story an interviewer can check?

For behavioural questions (`star=True`) we look for the four STAR parts with cue phrases and
position (a result must come after an action), concrete specifics (numbers, money, time spans,
scale, named tools) and ownership (what *I* did, not only "we"). For other questions we judge
clarity instead: a direct answer, a reason, an example.

Sentences, and who did what when ("I called", "we shipped", "I would call"), come from the
spaCy parse (`scoring/nlp.py`); the STAR cue phrases are Callback's own lists of regular
expressions over those sentences. Deterministic. See docs/scoring.md for what each part looks
for and its known limits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from scoring import nlp
from scoring.text import stem, tokenize

# --- sentences and words -------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")

Sentence = nlp.Sentence


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their character offsets into text (spaCy's; a line break ends one)."""
    return nlp.sentences(text)


def count_words(text: str) -> int:
    return len(_WORD_RE.findall(text))


# --- cue vocabularies ---------------------------------------------------------------------

_I_WORD_RE = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|myself)\b")
_WE_WORD_RE = re.compile(r"\b(?:we|we're|we've|we'd|we'll|us|our|ours|ourselves)\b", re.IGNORECASE)

_SITUATION_RE = re.compile(
    r"\b(?:when I (?:was|worked|joined|started|became|took over|moved|got)|while I was|at my (?:last|previous|current|old|"
    r"first) (?:job|role|company|employer|position|school|store|clinic|hospital|team|firm)|"
    r"in my (?:last|previous|current|old|first) (?:job|role|position|team)|I was working|"
    r"I worked (?:as|at|in|for)|back (?:in|when)|(?:a few|two|three|\d+) (?:years|months) ago|"
    r"last (?:year|month|quarter|summer|spring|winter|fall|autumn|week|january|february|"
    r"march|april|may|june|july|august|september|october|november|december)|"
    r"(?:in|during) (?:19|20)\d\d|(?:in|during) two thousand|in twenty (?:nineteen|twenty)|the situation|there was (?:a|an|this)|we had (?:a|an|this)|"
    r"one (?:time|day|morning|evening|night)|at the time|I was (?:a|an|the) [\w\- ]{2,40}? "
    r"(?:at|in|for|on)|we were|our (?:team|company|store|clinic|ward|school|department|"
    r"client|customer)s? (?:was|were|had)|(?:during|in) my time (?:at|as))",
    re.IGNORECASE,
)
# "At Brightpay ...", "On a night shift ...": a named place or a shift sets the scene too.
_PLACE_RE = re.compile(r"\b(?:[Aa]t|[Ww]hile at|[Ww]hen I was at|[Dd]uring my time at) "
                       r"[A-Z][\w&'-]+|\b[Oo]n (?:a|one) (?:busy |quiet )?(?:night |day |"
                       r"weekend |holiday )?shift\b|\b[Ii]n my [\w-]+(?: grade)? class\b")
_TASK_RE = re.compile(
    r"\b(?:my (?:job|task|role|responsibility|goal|brief|mandate) was|I was (?:responsible|"
    r"tasked|asked|assigned|in charge|brought in|hired|the one)|I (?:needed|had|wanted|was "
    r"supposed) to|we (?:needed|had|wanted) to|the (?:goal|task|challenge|problem|issue|aim|"
    r"objective|deadline|risk|ask) was|it was (?:up to|on) me|I volunteered|I took (?:on|over|"
    r"ownership)|I owned|my (?:manager|boss|director|lead) asked me|so that we could|in order to)",
    re.IGNORECASE,
)
_NUMBER_WORDS_EARLY = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
                       r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|half")
_RESULT_RE = re.compile(
    r"\b(?:as a result|which (?:led|meant|resulted|helped|cut|reduced|saved|brought|got|gave|"
    r"made|means)|that (?:led|meant|resulted|helped)|result(?:ed|ing)? in|the result was|"
    r"in the end|by the end|ended up|eventually|outcome|so now|since then|today (?:we|the|it)|"
    r"we (?:hit|met|exceeded|beat|won|saved|closed|delivered|shipped|launched|finished|"
    r"retained|passed)|(?:(?:went|dropped|fell|rose|grew|climbed) (?:down |up |back )?|came (?:down|up|"
    r"back) |(?:was|were|is|are) back )(?:from|to|by) (?:about |around |roughly |just |over |under |nearly |almost )?(?:[$£€]?\d|" + _NUMBER_WORDS_EARLY + r")|(?:reduced|increased|cut|improved|grew|raised|lowered|saved|boosted|doubled|tripled|"
    r"halved|shortened|sped up|brought down|decreased|lifted)\b[^.!?;]{0,60}?\b(?:by|from|to|"
    r"in half)\b|I learned|I learnt|the lesson|the feedback (?:was|from)|got (?:promoted|an award"
    r"|praised|recogni[sz]ed|thanked)|thanked me|renewed|signed|on time|under budget|ahead of "
    r"schedule|no (?:more )?(?:complaints|incidents|errors|defects|escalations)|never (?:came "
    r"back|happened again)|it worked|successful(?:ly)?|improved|got better|went (?:well|better|"
    r"smoothly|fine)|(?:was|were|felt) (?:happier|happy|pleased|relieved|resolved|fixed)|"
    r"worked out|paid off|turned (?:around|out (?:well|fine|great|better))|(?:solved|fixed|resolved) (?:it|the)|"
    r"(?:doing|performing|working|running|going) better|better than (?:before|it was|ever)|"
    r"back on track|within (?:about |around |just )?(?:\d+|" + _NUMBER_WORDS_EARLY + r") (?:minutes|hours|"
    r"days|weeks|months))",
    re.IGNORECASE,
)

# Specifics: things an interviewer could check or picture.
_NUMBER_WORDS = (r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
                 r"thirty|forty|fifty|sixty|hundred|thousand|million|billion|dozen|half")
_SPECIFIC_RES: tuple[tuple[str, re.Pattern], ...] = (
    ("money", re.compile(r"[$£€]\s?\d[\d,.]*\s?(?:k|m|bn|million|billion|thousand)?\b|"
                         r"\b\d[\d,.]*\s?(?:k|m|million|thousand|billion)?\s?(?:dollars|pounds|"
                         r"euros|usd|gbp|eur)\b", re.IGNORECASE)),
    ("percent", re.compile(r"\b\d[\d,.]*\s?(?:%|percent\b|per cent\b|percentage points?\b)",
                           re.IGNORECASE)),
    ("time span", re.compile(r"\b(?:\d[\d,.]*|" + _NUMBER_WORDS + r"|a|one)[\s\-]+(?:business )?"
                             r"(?:minutes?|hours?|days?|weeks?|months?|quarters?|years?|"
                             r"shifts?|sprints?)\b", re.IGNORECASE)),
    ("scale", re.compile(r"\b(?:\d[\d,.]*|" + _NUMBER_WORDS + r")\s+(?:\w+\s+)?(?:people|"
                         r"users|customers|clients|patients|stores|sites|students|engineers|"
                         r"staff|nurses|reps|accounts|tickets|beds|branches|employees|members|"
                         r"reports|countries|locations|calls|orders|projects|kids|families|"
                         r"servers|services|teams|classes|leads|deals|units|items|claims)\b",
                         re.IGNORECASE)),
    ("number", re.compile(r"\b\d[\d,.]*\b|\b(?:" + _NUMBER_WORDS + r")\b", re.IGNORECASE)),
)
# Capitalised words inside a sentence often name a tool, product, client or place.
_PROPER_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zA-Z0-9]+(?:[A-Z][a-z0-9]+)*)\b")
_NOT_PROPER = {"I", "I'm", "I'd", "I've", "I'll", "Monday", "Tuesday", "Wednesday", "Thursday",
               "Friday", "Saturday", "Sunday", "So", "And", "But", "Then", "Um", "Uh", "OK",
               "Okay", "The", "We", "My", "It", "That", "This", "Yes", "No", "Well"}

# Clarity (non-STAR questions).
_REASON_RE = re.compile(
    r"\b(?:because|since|that's why|that is why|the reason|which is why|so that|given that|"
    r"what (?:drew|draws|attracts|attracted|excites|excited|appeals|motivates) me|"
    r"I (?:value|care about|believe|love|enjoy|thrive)|it means|matters to me|for me,? )",
    re.IGNORECASE,
)
_EXAMPLE_RE = re.compile(
    r"\b(?:for example|for instance|e\.g\.|such as when|like when|at my (?:last|previous|current)|"
    r"when I (?:was|worked|joined|led|ran)|last (?:year|month|quarter|week)|in my (?:last|"
    r"previous|current) (?:role|job)|one time|recently|a few (?:years|months) ago|"
    r"in (?:19|20)\d\d)",
    re.IGNORECASE,
)
_CLAIM_RE = re.compile(
    r"\b(?:experience (?:with|in)|experienced (?:with|in)|skilled (?:in|at|with)|proficient|"
    r"familiar with|knowledge of|expert (?:in|at)|expertise|strong|excellent|passionate about|"
    r"good at|great at|background in|I know|I am a|I'm a|hard[- ]working|team player|"
    r"detail[- ]oriented|results[- ]driven|self[- ]starter|fast learner|quick learner|"
    r"(?:is|are) my (?:passion|strength|forte|thing|speciality|specialty)|"
    r"my (?:passion|strength|forte) (?:is|are))\b",
    re.IGNORECASE,
)


@dataclass
class Span:
    """A quoted piece of the answer that supports a finding."""
    label: str
    quote: str
    start: int
    end: int


@dataclass
class StructureFindings:
    star: bool
    situation: Span | None = None
    task: Span | None = None
    action: Span | None = None
    result: Span | None = None
    result_measured: bool = False
    specifics: list[Span] = field(default_factory=list)
    i_words: int = 0
    we_words: int = 0
    i_actions: list[Span] = field(default_factory=list)
    we_actions: list[Span] = field(default_factory=list)
    # clarity (star=False)
    direct: Span | None = None
    reason: Span | None = None
    example: Span | None = None
    claims: list[Span] = field(default_factory=list)


def _span(label: str, text: str, m: re.Match) -> Span:
    return Span(label, text[m.start():m.end()], m.start(), m.end())


_sentence_of = nlp.sentence_of


def _quote(sentence: Sentence, limit: int = 90) -> str:
    text = " ".join(sentence.text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quote_around(text: str, sentence: Sentence, pos: int, limit: int = 90) -> str:
    """The sentence, or for a long one the stretch that starts a little before pos."""
    if len(sentence.text) <= limit:
        return _quote(sentence, limit)
    start = max(sentence.start, pos - 25)
    while start > sentence.start and text[start - 1].isalnum():
        start -= 1
    piece = " ".join(text[start:sentence.end].split())
    piece = piece if len(piece) <= limit else piece[: limit - 1].rstrip() + "…"
    return ("…" if start > sentence.start else "") + piece


def _action_span(text: str, action: nlp.Action) -> Span:
    start = action.subject_start if action.subject_start >= 0 else action.start
    return Span("action", text[start:action.end], start, action.end)


def find_actions(text: str, hypothetical: bool = False) -> tuple[list[Span], list[Span]]:
    """First-person and team actions ("I called the client", "we shipped it"), including the
    verbs that share an "I" ("I pulled the reports and rebuilt the rota"), from the parse:
    the subject is "I" / "we", the verb is in the past (or, when `hypothetical`, "I would" /
    "I'll"), and it is neither negated nor a state of mind ("I felt", "I wanted")."""
    mine, ours = nlp.first_person_actions(text, hypothetical)
    return [_action_span(text, a) for a in mine], [_action_span(text, a) for a in ours]


def find_specifics(text: str, extra: list[Span] = ()) -> list[Span]:
    """Numbers, money, percentages, time spans, scale and proper names (deduplicated by place)."""
    found: list[Span] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for label, pattern in _SPECIFIC_RES:
        for m in pattern.finditer(text):
            if free(m.start(), m.end()):
                found.append(_span(label, text, m))
                taken.append((m.start(), m.end()))
    for m in _PROPER_RE.finditer(text):
        word = m.group(1)
        if word in _NOT_PROPER or not free(m.start(), m.end()):
            continue
        # Sentence-initial capitals are ordinary words, not names.
        before = text[: m.start()].rstrip()
        if not before or before[-1] in ".!?\n":
            continue
        found.append(Span("name", word, m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for span in extra:
        if free(span.start, span.end):
            found.append(span)
            taken.append((span.start, span.end))
    found.sort(key=lambda s: s.start)
    # "one", "a" alone are not specifics; keep "a week" only as a time span.
    return [s for s in found if not (s.label == "number" and s.quote.lower() in {"half"})]


def analyse(text: str, star: bool, hypothetical: bool = False,
            question_terms: frozenset[str] = frozenset(),
            named_tools: list[Span] = ()) -> StructureFindings:
    """Find the STAR parts (or the clarity parts), specifics and ownership in an answer."""
    sentences = split_sentences(text)
    f = StructureFindings(star=star)
    f.i_words = len(_I_WORD_RE.findall(text))
    f.we_words = len(_WE_WORD_RE.findall(text))
    f.i_actions, f.we_actions = find_actions(text, hypothetical)
    f.specifics = find_specifics(text, list(named_tools))
    f.claims = [_span("claim", text, m) for m in _CLAIM_RE.finditer(text)]
    if not sentences:
        return f
    n = len(sentences)

    first_action_pos = min([s.start for s in f.i_actions + f.we_actions], default=None)

    m = _SITUATION_RE.search(text) or _PLACE_RE.search(text)
    if m:
        sent = _sentence_of(sentences, m.start())
        # Scene-setting belongs early: the first half of the answer (or the first sentence).
        if sent is not None and (sent.index == 0 or sent.index < max(1, n) / 2 + 0.5):
            f.situation = Span("situation", _quote(sent), sent.start, sent.end)
    m = _TASK_RE.search(text)
    if m:
        sent = _sentence_of(sentences, m.start())
        if sent is not None:
            f.task = Span("task", _quote(sent), sent.start, sent.end)
    if f.i_actions:
        a = f.i_actions[0]
        sent = _sentence_of(sentences, a.start)
        f.action = Span("action", _quote(sent) if sent else a.quote, a.start, a.end)
    elif f.we_actions:
        a = f.we_actions[0]
        sent = _sentence_of(sentences, a.start)
        f.action = Span("team action", _quote(sent) if sent else a.quote, a.start, a.end)

    # A result comes after the first action (or in the second half when there is no action).
    earliest = first_action_pos if first_action_pos is not None else (
        sentences[n // 2].start if n > 1 else 0)
    first_action_end = min([s.end for s in f.i_actions + f.we_actions], default=0)
    for m in _RESULT_RE.finditer(text):
        if m.start() < max(earliest, first_action_end):
            continue
        sent = _sentence_of(sentences, m.start())
        if sent is None:
            continue
        measured = any(sp.label in {"money", "percent", "time span", "scale", "number"}
                       and sent.start <= sp.start < sent.end for sp in f.specifics)
        # the last one wins, a measured one over an unmeasured one: a story ends with its result,
        # and an early figure ("accuracy had dropped to 97%") is usually the problem
        same_sentence = f.result is not None and f.result.start == sent.start
        if f.result is None or (not same_sentence and (measured or not f.result_measured)):
            f.result = Span("result", _quote_around(text, sent, m.start()), sent.start, sent.end)
            f.result_measured = measured
    if f.result is None and first_action_pos is not None:
        # "numbers after an action": a later sentence with a figure and a change verb.
        for sent in sentences:
            if sent.start <= first_action_pos:
                continue
            if re.search(r"\b(?:from|to|by|down|up|under|over|within|only|every)\b", sent.text,
                         re.IGNORECASE) and any(
                    sp.label in {"money", "percent", "time span", "scale", "number"}
                    and sent.start <= sp.start < sent.end for sp in f.specifics):
                f.result = Span("result", _quote(sent), sent.start, sent.end)
                f.result_measured = True
                break

    if not star:
        first = sentences[0]
        first_stems = {stem(t.text) for t in tokenize(first.text)}
        stance = re.match(r"\s*(?:(?:so|well|honestly|um|uh|yes|yeah|no),?\s+)*(?:I|I'm|I've|"
                          r"I'd|my|what|the (?:main|biggest|short|simple)|because|yes|no|"
                          r"it's|this|three|two)\b", first.text, re.IGNORECASE)
        if count_words(first.text) >= 4 and (stance or first_stems & question_terms):
            f.direct = Span("direct", _quote(first), first.start, first.end)
        m = _REASON_RE.search(text)
        if m:
            sent = _sentence_of(sentences, m.start())
            if sent is not None:
                f.reason = Span("reason", _quote(sent), sent.start, sent.end)
        m = _EXAMPLE_RE.search(text)
        example_pos = m.start() if m else (f.i_actions[0].start if f.i_actions else None)
        if example_pos is not None:
            sent = _sentence_of(sentences, example_pos)
            if sent is not None:
                f.example = Span("example", _quote(sent), sent.start, sent.end)
    return f


# --- scoring --------------------------------------------------------------------------------

# Points per part; each set sums to 100. STAR weights favour action and result, which is where
# coaches say the time should go (about half the answer on the action; see coaching.md).
STAR_POINTS = {"situation": 12, "task": 8, "action": 20, "result": 15, "measured": 10,
               "specifics": 20, "ownership": 15}
CLARITY_POINTS = {"direct": 25, "reason": 25, "example": 25, "specifics": 15, "ownership": 10}


def _specifics_points(count: int, full: int) -> int:
    # 0, 1, 2, 3+ specifics -> 0, 40 %, 70 %, 100 % of the points.
    return round(full * (0, 0.4, 0.7, 1.0)[min(count, 3)])


def _ownership_points(f: StructureFindings, full: int) -> tuple[int, str]:
    mine, ours = len(f.i_actions), len(f.we_actions)
    if mine >= 2 and f.i_words * 2 >= f.we_words:
        return full, f"Says what you did: {len(f.i_actions)} actions in the first person"
    if mine >= 1:
        return round(full * 0.6), (f"One first-person action ('{f.i_actions[0].quote}'); "
                                   f"'we' {f.we_words}×, 'I' {f.i_words}×")
    if ours:
        return round(full * 0.25), (f"Only team actions ('{f.we_actions[0].quote}'): "
                                    f"'we' {f.we_words}×, 'I' {f.i_words}×")
    return 0, "No action of yours described"


def score_structure(f: StructureFindings, words: int) -> tuple[int, list[str]]:
    """Points for the parts found, with a reason per part (found or missing)."""
    reasons: list[str] = []
    points = 0
    numbers = list(f.specifics)
    if f.star:
        p = STAR_POINTS
        for part in ("situation", "task", "action", "result"):
            span = getattr(f, part)
            if span is not None and span.label == "team action":
                # the question asks what *you* did: "we did" earns half the action points
                points += p[part] // 2
                reasons.append(f"Action (team only, half points): '{span.quote}'")
            elif span is not None:
                points += p[part]
                reasons.append(f"{part.capitalize()}: '{span.quote}'")
            else:
                reasons.append(f"{part.capitalize()}: not found")
        if f.result is not None and f.result_measured:
            points += p["measured"]
            reasons.append("The result has a number")
        elif f.result is not None:
            reasons.append("The result has no number")
        spec_pts = _specifics_points(len(numbers), p["specifics"])
        own_pts, own_reason = _ownership_points(f, p["ownership"])
    else:
        p = CLARITY_POINTS
        for part, label in (("direct", "Direct answer"), ("reason", "Reason"),
                            ("example", "Example")):
            span = getattr(f, part)
            if span is not None:
                points += p[part]
                reasons.append(f"{label}: '{span.quote}'")
            else:
                reasons.append(f"{label}: not found")
        spec_pts = _specifics_points(len(numbers), p["specifics"])
        own_pts, own_reason = _ownership_points(f, p["ownership"])
        if own_pts == 0 and f.i_words >= 2:
            own_pts = p["ownership"] // 2  # speaks for themselves, even without a past action
    points += spec_pts + own_pts
    if numbers:
        shown = ", ".join(f"'{s.quote}'" for s in numbers[:4])
        reasons.append(f"Specifics ({len(numbers)}): {shown}")
    else:
        reasons.append("Specifics: no numbers, names, time spans or scale")
    reasons.append(own_reason)
    # Very short answers cannot carry a story whatever cues they contain.
    if words < 40:
        factor = max(0.2, words / 40)
        points = round(points * factor)
        reasons.append(f"Only {words} words: too short to show much (structure scaled down)")
    return max(0, min(100, points)), reasons
