"""Red flags: things in an answer that worry an interviewer whatever else it does well.

`find_red_flags(kind_id, obs, question_text, requirement_names) -> list[RedFlagHit]`. Each flag
is defined in scoring/data/anchors.yaml (what counts, what does not, its cap and its fix), looked
for only on the kinds it applies to, and raised only with a quote from the answer. The grammar
comes from spaCy (`scoring.nlp`): who the insult is about (its subject or the noun it describes),
whether a check is negated ("no time for testing", "I didn't test it") or skipped by someone else,
and whether the speaker owns the failure. The word lists are in `scoring.cues`.

Rules (anchors.yaml, red_flag_rules): a cap is a ceiling, never a floor; with several flags the
lowest cap applies and every flag is shown; a conduct flag (insult, swearing, blame, dishonesty)
always costs points, so a rude answer never beats the same answer without the rude words.
"""
from __future__ import annotations

from dataclasses import dataclass

from question_bank.kinds import load_anchors
from scoring import cues as _cues
from scoring import nlp
from scoring.observe import Observation, Span, clip, token_at

CONDUCT_FLAGS = ("disparaging", "profanity", "blame", "dishonesty")


@dataclass
class RedFlagHit:
    flag: str          # the red flag's id in anchors.yaml
    label: str
    quote: str         # the user's words that raised it
    fix: str
    cap: int
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict:
        return {"flag": self.flag, "label": self.label, "quote": self.quote, "fix": self.fix,
                "cap": self.cap, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict) -> "RedFlagHit":
        return cls(str(d.get("flag", "")), str(d.get("label", d.get("flag", ""))),
                   str(d.get("quote", "")), str(d.get("fix", "")), int(d.get("cap", 100)),
                   int(d.get("start", 0)), int(d.get("end", 0)))


def _hit(flag_id: str, obs: Observation, start: int, end: int) -> RedFlagHit:
    flag = next(f for f in load_anchors().red_flags if f.id == flag_id)
    quote = obs.quote_at(start, 100)
    return RedFlagHit(flag.id, flag.label, quote, flag.fix, flag.cap, start, end)


def _person(tok) -> bool:
    """A person or an organisation: 'my manager', 'the team', 'they', 'customers'."""
    low = tok.lower_
    if low in ("i", "me", "we", "us", "it", "this", "that", "there", "which"):
        return False
    if low in _cues.PERSON_NOUNS or tok.lemma_.lower() in _cues.PERSON_NOUNS:
        return True
    return tok.pos_ == "PROPN" and tok.dep_ in ("nsubj", "nsubjpass")


# --- the flags ---------------------------------------------------------------------------------

def _profanity(obs: Observation, doc) -> list[RedFlagHit]:
    out = []
    for tok in doc:
        low = tok.lower_
        starred = low.count("*") >= _cues.STARRED_SWEAR_MIN_STARS and any(c.isalpha() for c in low)
        if low in _cues.PROFANITY or starred or (low.startswith("fuck") and len(low) <= 12):
            out.append(_hit("profanity", obs, tok.idx, tok.idx + len(tok.text)))
            break
    return out


def _own_workplace(target) -> bool:
    """'my old boss', 'our management', 'the team there', 'they' - the speaker's own employer or
    colleagues, past or present."""
    if target.lower_ in ("they", "them", "he", "she", "him", "her", "everyone", "everybody"):
        return True
    if any(c.lower_ in ("my", "our") for c in target.children):
        return True
    return any(c.lower_ in ("there", "then") for c in target.children) or target.lemma_.lower() in (
        "management", "boss", "manager", "colleague", "coworker", "employer", "company", "team")


def _disparaging(obs: Observation, doc) -> list[RedFlagHit]:
    for tok in doc:
        low = tok.lower_
        if low not in _cues.INSULTS or nlp.is_negated(tok):
            continue
        target = None
        if tok.dep_ in ("acomp", "attr", "oprd") or (tok.dep_ == "conj" and tok.head.dep_ in (
                "acomp", "attr")):
            head = tok.head if tok.dep_ != "conj" else tok.head.head
            target = nlp.subject(head) if head.pos_ in ("AUX", "VERB") else None
            if target is None or not _person(target):
                # "the team there was useless": the parser may hang the subject elsewhere;
                # take the nearest person noun before it in the clause
                for k in range(tok.i - 1, max(tok.sent.start, tok.i - 7) - 1, -1):
                    if _person(doc[k]):
                        target = doc[k]
                        break
        elif tok.dep_ == "amod" or tok.dep_ == "compound":
            target = tok.head
        elif tok.pos_ in ("NOUN", "PROPN") and low in _cues.PERSON_ONLY_INSULTS:
            target = tok      # "a bunch of idiots", "clowns"
        if target is not None and (_person(target) or (target.i == tok.i)):
            if target.lower_ in ("i", "me"):
                continue
            if low in _cues.MILD_INSULTS and not _own_workplace(target):
                continue     # "the customer was awful to my team": a hard situation, told
            return [_hit("disparaging", obs, tok.idx, tok.idx + len(tok.text))]
    return []


def _blamed_causes(obs: Observation, doc) -> list:
    """'... failed because my manager gave me bad data': a cause clause ('because', 'since')
    whose subject is another person or group."""
    out = []
    for tok in doc:
        if tok.lower_ not in ("because", "cause", "'cause") or tok.dep_ not in ("mark", "prep", "advmod"):
            continue
        verb = tok.head
        subj = nlp.subject(verb) if verb.pos_ in ("VERB", "AUX") else None
        if subj is None or not _person(subj) or subj.lower_ in ("i", "we"):
            continue
        # the other party did something wrong: a negated verb ("didn't support me"), a failing
        # verb ("refused", "kept changing"), or a bad thing in the clause ("gave me bad data")
        faulty = nlp.is_negated(verb) or verb.lemma_.lower() in _FAULT_VERBS or any(
            t.lemma_.lower() in _FAULT_WORDS for t in verb.subtree)
        if faulty:
            out.append(tok)
    return out


_FAULT_VERBS = frozenset("fail refuse ignore forget miss lose drop mess screw blame abandon "
                         "withhold delay".split())
_FAULT_WORDS = frozenset("bad wrong late poor useless incompetent unrealistic impossible "
                         "lazy unclear nothing never".split())


def _blame(obs: Observation, doc) -> list[RedFlagHit]:
    weak = {tuple(nlp.load().tokenizer(p).text.lower().split()) for p in _cues.BLAME_NEEDS_FAILURE}
    failed = obs.has("cost")
    # "they didn't ..." is blame only in a story of failure; "it wasn't my fault" always is
    spans = [s for s in obs.cue("blame") if failed or tuple(s.quote.lower().split()) not in weak]
    if failed and not spans:
        spans = [Span("blame", t.text, t.idx, t.idx + len(t.text), obs.sentence_index(t.idx) or 0)
                 for t in _blamed_causes(obs, doc)]
    if not spans:
        return []
    blamed = {(b.start, b.end) for b in spans}
    owned = [o for o in obs.cue("ownership")
             if not any(o.start >= a and o.end <= b for a, b in blamed)] or obs.cue("reflection")
    # owning a part, or saying what you did about it, is not blame
    after = [a for a in obs.actions("I", ("past", "perfect")) if a.start > spans[0].start]
    if owned or len(after) >= 2:
        return []
    return [_hit("blame", obs, spans[0].start, spans[0].end)]


def _non_answer(kind_id: str, obs: Observation, question: str) -> list[RedFlagHit]:
    if obs.words == 0:
        return []
    from scoring.criteria import answers_yes_or_no, is_yes_no_question

    decline = obs.cue("decline")
    yes_no = is_yes_no_question(question)
    substance = len(obs.numbers) + len(obs.actions("I", ("past", "perfect", "present", "hypothetical",
                                                        "future")))
    if kind_id == "candidate_questions" and not obs.questions and (decline or obs.words <= 12):
        sp = decline[0] if decline else None
        return [_hit("non_answer", obs, sp.start if sp else 0, sp.end if sp else obs.words)]
    if yes_no and (obs.words <= 6 or answers_yes_or_no(obs)):
        return []      # "No, nothing." fully answers a yes-or-no check
    if decline and _attempt_follows(obs, decline[0]):
        return []      # "I'm not sure of the exact number, but roughly a third..."
    # "not really", "nope", "not much" decline only as (nearly) the whole answer; "I don't know",
    # "I can't think of anything" in a short answer with nothing else to assess
    strong = [d for d in decline if d.quote.lower().replace("’", "'") not in _WEAK_DECLINES]
    if strong and obs.words <= 20 and substance <= 1 and len(obs.content_lemmas) <= 8:
        return [_hit("non_answer", obs, strong[0].start, strong[0].end)]
    if decline and obs.words <= 8 and substance <= 1:
        return [_hit("non_answer", obs, decline[0].start, decline[0].end)]
    return []


_WEAK_DECLINES = frozenset({"not really", "nope", "no,", "no.", "not much", "nothing", "whenever",
                            "not at the moment", "all good", "i'm good", "i 'm good"})


def _attempt_follows(obs: Observation, decline) -> bool:
    """A real attempt after the hedge: 'but' or 'though' and five more words of content."""
    doc = nlp.parse(obs.text)
    after = [t for t in doc if t.idx >= decline.end]
    for k, t in enumerate(after):
        if t.lower_ in ("but", "though", "although", "however"):
            rest = [x for x in after[k + 1:] if x.is_alpha]
            return len(rest) >= 5
    return False


def _pay_only(obs: Observation, requirement_names: list[str]) -> list[RedFlagHit]:
    # pay as the speaker's reason: in a sentence where the speaker speaks of themselves
    mine = {c.sent for c in obs.clauses if c.who in ("I", "we")}
    doc = nlp.parse(obs.text)

    def speakers(span) -> bool:
        # "get paid" about someone else is not the speaker's pay: a pay verb needs "I" or "we"
        tok = token_at(doc, span.start)
        if tok is not None and tok.pos_ == "VERB":
            return nlp.actor(tok) in ("I", "we")
        return True

    pay = [p for p in obs.cue("pay") if speakers(p) and (
        p.sent in mine or "need a job" in p.quote.lower() or len(obs.sentences) <= 2)]
    if not pay:
        return []
    pay_words = {w.lower() for p in pay for w in p.quote.split()}
    # any reason about the work itself - the work, the product, the team, the customers, the
    # speaker's own experience or plans - means pay is not the only motivation
    work = [w for w in obs.content_lemmas if w in _cues.WORK_WORDS and w not in pay_words
            and w not in ("job",)]
    reasons = obs.cue("forward") + obs.cue("experience") + obs.cue("preference")
    if len(work) >= 2 or reasons or requirement_names:
        return []
    return [_hit("pay_only", obs, pay[0].start, pay[0].end)]


def _aggressive_salary(obs: Observation, doc) -> list[RedFlagHit]:
    spans = obs.cue("aggressive_salary")
    if spans:
        return [_hit("aggressive_salary", obs, spans[0].start, spans[0].end)]
    # "at least 120k" with nothing it is based on: a floor put as a demand
    if not obs.cue("grounded"):
        money = [n for n in obs.numbers if n.label == "money"]
        for tok in doc:
            if tok.lower_ == "least" and tok.i > 0 and doc[tok.i - 1].lower_ == "at" and any(
                    tok.idx < n.start <= tok.idx + 30 for n in money):
                return [_hit("aggressive_salary", obs, doc[tok.i - 1].idx, tok.idx + len(tok.text))]
    # "I won't take anything under 80", "not a penny less than": a negated acceptance with a floor
    for tok in doc:
        if tok.lower_ in ("under", "below", "less") and nlp.is_negated(tok) and any(
                t.like_num for t in doc[tok.i:tok.i + 4]):
            return [_hit("aggressive_salary", obs, tok.idx, tok.idx + len(tok.text))]
    return []


def _skipped_checks(obs: Observation, doc) -> list[RedFlagHit]:
    mine_sents = {c.sent for c in obs.clauses if c.who in ("I", "we")}
    for tok in doc:
        lem = tok.lemma_.lower()
        low = tok.lower_
        is_check = lem in _cues.CHECK_NOUNS or low in _cues.CHECK_NOUNS
        sent = obs.sentence_index(tok.idx) or 0
        # "no time for testing", "no time to test, so I sent it": the speaker's own work
        if low == "time" and any(c.lower_ == "no" and c.dep_ == "det" for c in tok.children):
            if any(t.lemma_.lower() in _cues.CHECK_NOUNS or t.lower_ in _cues.CHECK_NOUNS
                   for t in tok.subtree) and {sent, sent + 1} & mine_sents:
                return [_hit("skipped_checks", obs, tok.idx, tok.idx + len(tok.text))]
        # "I didn't test it", "we never reviewed it" - not "people don't test the edge cases"
        if is_check and nlp.is_negated(tok):
            who = nlp.actor(tok)
            if who in ("I", "we") or (who in (None, "thing") and sent in mine_sents):
                verb = nlp.clause_verb(tok)
                # "I never skip the test": the skipping is what is negated - a good sign
                if verb.lemma_.lower() in _cues.SKIP_VERBS:
                    continue
                return [_hit("skipped_checks", obs, tok.idx, tok.idx + len(tok.text))]
        if lem in _cues.SKIP_VERBS and tok.pos_ == "VERB" and not nlp.is_negated(tok):
            objs = [c for c in tok.subtree if c.lemma_.lower() in _cues.CHECK_NOUNS
                    or c.lower_ in _cues.CHECK_NOUNS]
            if objs and nlp.actor(tok) in ("I", "we", None) and nlp.mood(tok) != "none" and (
                    nlp.actor(tok) is not None or sent in mine_sents):
                return [_hit("skipped_checks", obs, tok.idx, tok.idx + len(tok.text))]
    later = obs.cue("skip_later")
    if later:
        return [_hit("skipped_checks", obs, later[0].start, later[0].end)]
    return []


def _humblebrag(obs: Observation) -> list[RedFlagHit]:
    brag = obs.cue("humblebrag")
    if brag and not obs.cue("cost"):
        return [_hit("humblebrag_weakness", obs, brag[0].start, brag[0].end)]
    return []


def _disqualifying(obs: Observation) -> list[RedFlagHit]:
    spans = obs.cue("disqualifying")
    if not spans:
        return []
    acted = [s for s in obs.cue("weak_action") if s.start > spans[0].start]
    if acted and not obs.cue("unchanged"):
        return []
    return [_hit("disqualifying_weakness", obs, spans[0].start, spans[0].end)]


def _oversharing(obs: Observation) -> list[RedFlagHit]:
    health = obs.cue("private_health")
    if health:
        return [_hit("oversharing", obs, health[0].start, health[0].end)]
    for sp in obs.cue("overshare"):
        word = sp.quote.lower()
        if word in ("medication", "anxiety", "depression", "diagnosis", "diagnosed", "therapy",
                    "therapist", "politics", "political", "pregnant"):
            continue      # about a patient or a client unless it is "my ..." (above)
        return [_hit("oversharing", obs, sp.start, sp.end)]
    return []


def _dishonesty(obs: Observation) -> list[RedFlagHit]:
    spans = obs.cue("dishonesty")
    if not spans:
        return []
    if obs.cue("put_right"):
        return []
    sp = spans[0]
    # someone else's dishonesty that the speaker dealt with is not the speaker's
    # the speaker's own dishonesty: the verb in the phrase has "I" or "we" as its subject
    # ("I'd just call in sick"), not "two associates called in sick"
    verbs = [c for c in obs.clauses if sp.start <= c.start < sp.end]
    if verbs and not any(c.who in ("I", "we") for c in verbs):
        return []
    if not verbs and not any(c.who in ("I", "we") for c in obs.clauses if c.sent == sp.sent):
        return []
    return [_hit("dishonesty", obs, sp.start, sp.end)]


def find_red_flags(kind_id: str, obs: Observation, question_text: str = "",
                   requirement_names: list[str] | tuple = ()) -> list[RedFlagHit]:
    """The red flags raised by the answer, each quoted, in the order of anchors.yaml."""
    if not obs.words:
        return []
    doc = nlp.parse(obs.text)
    applies = {f.id for f in load_anchors().flags_for(kind_id)}
    found: dict[str, list[RedFlagHit]] = {
        "disparaging": _disparaging(obs, doc),
        "blame": _blame(obs, doc),
        "profanity": _profanity(obs, doc),
        "non_answer": _non_answer(kind_id, obs, question_text),
        "pay_only": _pay_only(obs, list(requirement_names)),
        "aggressive_salary": _aggressive_salary(obs, doc),
        "skipped_checks": _skipped_checks(obs, doc),
        "humblebrag_weakness": _humblebrag(obs),
        "disqualifying_weakness": _disqualifying(obs),
        "oversharing": _oversharing(obs),
        "dishonesty": _dishonesty(obs),
    }
    out = []
    for flag in load_anchors().red_flags:
        if flag.id in applies:
            out.extend(found.get(flag.id, [])[:1])
    return out


def cap_of(flags: list[RedFlagHit]) -> int | None:
    """The lowest cap among the flags (None when there are none)."""
    return min((f.cap for f in flags), default=None)


def conduct(flags: list[RedFlagHit]) -> list[RedFlagHit]:
    return [f for f in flags if f.flag in CONDUCT_FLAGS]


def without_flagged_sentences(obs: Observation, flags: list[RedFlagHit]) -> str:
    """The answer with the sentences that raised conduct flags removed (to check that the rude
    version never scores above the polite one)."""
    drop = {obs.sentence_index(f.start) for f in conduct(flags)}
    kept = [s.text for i, s in enumerate(obs.sentences) if i not in drop]
    return " ".join(kept)


__all__ = ["RedFlagHit", "find_red_flags", "cap_of", "conduct", "without_flagged_sentences",
           "CONDUCT_FLAGS", "clip"]
