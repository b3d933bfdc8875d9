"""What an answer observably does, read once with spaCy: the facts every kind's criteria use.

`observe(text) -> Observation` parses the answer (`scoring.nlp`) and records, with character
offsets for quoting:

- sentences and words; content words; how much of the answer repeats itself;
- clauses with who acts ("I", "we", someone else), their time and mood ("I did", "I do", "I would")
  and whether they are negated - the parser's subject, auxiliaries and negation, not word lists;
- numbers and measures ("40 percent", "three weeks", "$180k"), and names;
- questions the answer asks (a "?" or an interrogative clause: "how does the team...");
- cue phrases from `scoring.cues`, matched on spaCy tokens (word or lemma).

Deterministic and cached by text; nothing here decides a score.
"""
from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field

from scoring import cues as _cues
from scoring import nlp

# Verbs that report a state of mind or a state, not an action taken.
NON_ACTIONS = nlp.NON_ACTION_LEMMAS | frozenset(
    "seem appear become remain stay sound look_like hear see".split())

_UNITS_TIME = frozenset("second seconds minute minutes hour hours day days week weeks month months "
                        "quarter quarters year years shift shifts sprint sprints term terms "
                        "semester semesters night nights".split())
_UNITS_MEASURE = frozenset("percent per cent % k thousand million billion dollars pounds euros "
                           "points point x times".split())
_CURRENCY = frozenset("$ £ € ¥".split())
_WH = frozenset("what how who when where which why whose whom".split())
_QUESTION_AUX = frozenset("is are was were do does did can could would will should have has "
                          "may might shall am".split())
_LEADING_SKIP = frozenset("and so also then but or well okay ok um uh er yes yeah please second "
                          "secondly third thirdly finally first firstly lastly last next "
                          "and also just sorry".split())
_INDIRECT_Q = frozenset("wonder wondering curious ask know understand hear".split())
# Fillers that do not count as words of content.
_FILLERS = frozenset("um umm uh uhh erm er ah hmm mm".split())


@dataclass(frozen=True)
class Span:
    """A piece of the answer, quoted back to the user."""
    label: str
    quote: str
    start: int
    end: int
    sent: int = 0        # index of the sentence it is in


@dataclass(frozen=True)
class Clause:
    verb: str
    lemma: str
    start: int
    end: int
    who: str | None      # "I", "we", "you", "other" or None (no subject)
    mood: str            # "past", "present", "future", "hypothetical", "none"
    negated: bool
    sent: int
    action: bool         # an action verb (not a state of mind)


@dataclass
class Observation:
    text: str
    words: int                                   # word tokens, fillers excluded
    sentences: list                              # nlp.Sentence
    content_lemmas: list[str]                    # nouns, verbs, adjectives, numbers (lemmas)
    clauses: list[Clause] = field(default_factory=list)
    numbers: list[Span] = field(default_factory=list)      # figures with their unit
    names: list[Span] = field(default_factory=list)
    questions: list[Span] = field(default_factory=list)
    hits: dict[str, list[Span]] = field(default_factory=dict)   # cue group -> matches
    repeated_share: float = 0.0                  # share of word 5-grams said before
    distinct_words: int = 0

    # --- convenience -----------------------------------------------------------------------
    def cue(self, group: str) -> list[Span]:
        return self.hits.get(group, [])

    def has(self, group: str) -> bool:
        return bool(self.hits.get(group))

    def actions(self, who: str = "I", moods: tuple[str, ...] = ("past",)) -> list[Clause]:
        return [c for c in self.clauses if c.action and c.who == who and c.mood in moods
                and not c.negated]

    def sentence_quote(self, index: int, limit: int = 110) -> str:
        if not 0 <= index < len(self.sentences):
            return ""
        return clip(self.sentences[index].text, limit)

    def quote_at(self, start: int, limit: int = 90) -> str:
        """The sentence around character `start`, or for a long one the stretch around it."""
        i = self.sentence_index(start)
        if i is None:
            return clip(self.text[start:start + limit], limit)
        s = self.sentences[i]
        if len(s.text) <= limit:
            return clip(s.text, limit)
        a = max(s.start, start - 30)
        while a > s.start and self.text[a - 1].isalnum():
            a -= 1
        piece = " ".join(self.text[a:s.end].split())
        return ("…" if a > s.start else "") + clip(piece, limit)

    def sentence_index(self, pos: int) -> int | None:
        starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return 0 if self.sentences else None
        return i


def _doc_length(doc) -> int:
    # doc.text joins every token on each access: take the length from the last token instead
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def token_at(doc, pos: int):
    """The token covering character `pos` (spaCy's own character index: no walk over the doc)."""
    if not len(doc) or not 0 <= pos < _doc_length(doc):
        return None
    span = doc.char_span(pos, pos + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def tokens_in(doc, start: int, end: int) -> list:
    """The tokens overlapping characters start..end."""
    start, end = max(0, start), min(_doc_length(doc), end) if len(doc) else 0
    if end <= start:
        return []
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def clip(text: str, limit: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;:") + "…"


# --- phrase matching on spaCy tokens ----------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _phrase_index() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """first token -> [(group, phrase tokens)], phrases split by spaCy's own tokenizer."""
    tokenizer = nlp.load().tokenizer
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    groups = dict(_cues.LEMMA_GROUPS)
    groups.update(_cues.WORD_GROUPS)
    groups.update(_cues.EVIDENCE_GROUPS)
    groups.update({"humblebrag": _cues.HUMBLEBRAG, "disqualifying": _cues.DISQUALIFYING,
                   "unchanged": _cues.UNCHANGED, "overshare": _cues.OVERSHARE,
                   "dishonesty": _cues.DISHONESTY, "blame": _cues.BLAME,
                   "aggressive_salary": _cues.AGGRESSIVE_SALARY})
    for group, phrases in groups.items():
        for phrase in phrases:
            toks = tuple(t.lower_ for t in tokenizer(phrase) if not t.is_space)
            if toks:
                index.setdefault(toks[0], []).append((group, toks))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[1]))
    return index


def _token_forms(tok) -> tuple[str, ...]:
    low = tok.lower_.replace("’", "'")
    lem = tok.lemma_.lower()
    forms = (low, lem) if lem != low else (low,)
    if tok.like_num or any(c.isdigit() for c in low):
        forms = forms + ("#",)
    return forms


def _match_cues(doc, text: str, sent_of) -> dict[str, list[Span]]:
    index = _phrase_index()
    toks = [t for t in doc if not t.is_space]
    forms = [_token_forms(t) for t in toks]
    hits: dict[str, list[Span]] = {}
    taken: dict[str, set[int]] = {}
    for i, fs in enumerate(forms):
        candidates = []
        for f in fs:
            candidates.extend(index.get(f, ()))
        for group, phrase in candidates:
            n = len(phrase)
            if i + n > len(toks):
                continue
            if all(phrase[k] in forms[i + k] for k in range(n)):
                used = taken.setdefault(group, set())
                if i in used:
                    continue
                used.update(range(i, i + n))
                a, b = toks[i].idx, toks[i + n - 1].idx + len(toks[i + n - 1].text)
                hits.setdefault(group, []).append(
                    Span(group, text[a:b], a, b, sent_of(a)))
    return hits


# --- numbers, names, questions -----------------------------------------------------------------

_ORDINALS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth last "
                      "next".split())


def _is_number(tok) -> bool:
    low = tok.lower_
    prev = tok.nbor(-1).lower_ if tok.i > 0 else ""
    if low in ("third", "quarter", "fifth", "tenth") and prev in ("a", "one", "two", "three"):
        return True      # "a third of our orders": a fraction
    if low in ("one", "a", "an") or low in _ORDINALS:   # "one of my", "first": not figures
        return False
    return tok.like_num or (any(c.isdigit() for c in low) and any(c.isalnum() for c in low)) \
        or low in ("half", "dozen", "twice", "double")


def _numbers(doc, text: str, sent_of) -> list[Span]:
    out: list[Span] = []
    toks = list(doc)
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not _is_number(tok) and not (tok.text in _CURRENCY and i + 1 < len(toks)
                                        and _is_number(toks[i + 1])):
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and (_is_number(toks[j + 1]) or toks[j + 1].text in _CURRENCY
                                     or toks[j + 1].lower_ in ("and", "point", "-", ".")
                                     and j + 2 < len(toks) and _is_number(toks[j + 2])):
            j += 1
        # the unit: "percent", "%", "k", "weeks", "patients" - the head noun or next word
        unit = ""
        if j + 1 < len(toks):
            nxt = toks[j + 1]
            low = nxt.lower_
            if low in _UNITS_MEASURE or low in _UNITS_TIME:
                unit = low
                j += 1
            elif nxt.pos_ in ("NOUN", "PROPN") or (nxt.pos_ == "ADJ" and j + 2 < len(toks)
                                                    and toks[j + 2].pos_ == "NOUN"):
                unit = nxt.lemma_.lower()
                j += 1 if nxt.pos_ != "ADJ" else 2
        a, b = toks[i].idx, toks[j].idx + len(toks[j].text)
        label = ("percent" if unit in ("percent", "%", "cent", "points", "point")
                 else "money" if tok.text in _CURRENCY or unit in ("k", "thousand", "million",
                                                                   "billion", "dollars",
                                                                   "pounds", "euros")
                 else "time" if unit in _UNITS_TIME else "count" if unit else "number")
        out.append(Span(label, text[a:b], a, b, sent_of(a)))
        i = j + 1
    return out


def _names(doc, sent_of) -> list[Span]:
    """Names of people, places, products and firms: capitalised proper nouns - at the start of a
    sentence only when the word is not an ordinary English word ("Tallyfox", not "Honestly")."""
    from scoring.language import english_words

    vocab = english_words()
    out = []
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.lower_ == "i" or len(tok.text) < 2:
            continue
        if not tok.text[0].isupper():
            continue
        if tok.is_sent_start and tok.lower_ in vocab:
            continue
        out.append(Span("name", tok.text, tok.idx, tok.idx + len(tok.text), sent_of(tok.idx)))
    return out


def _clause_start(tok) -> bool:
    """Does `tok` open a clause: the start of a sentence, or after 'and', 'so', 'second', ...?"""
    prev = tok.i - 1
    while prev >= tok.sent.start and tok.doc[prev].lower_ in _LEADING_SKIP | {","}:
        prev -= 1
    if prev < tok.sent.start:
        return True
    p = tok.doc[prev]
    return p.is_punct or p.lower_ in _INDIRECT_Q or (p.lower_ == "is" and prev - 1 >= 0
                                                     and tok.doc[prev - 1].lower_ == "question")


def _questions(doc, text: str, sents, sent_of) -> list[Span]:
    """Questions the answer asks: sentences ending in '?', and (for unpunctuated speech)
    interrogative clauses opened by a wh-word or an inverted auxiliary ('does the team...')."""
    out: list[Span] = []
    seen: set[int] = set()
    for s in sents:
        if s.text.rstrip().endswith("?"):
            out.append(Span("question", s.text, s.start, s.end, s.index))
            seen.add(s.index)
    marked = {sp.sent for sp in out}
    last_end = -1
    for tok in doc:
        if tok.idx < last_end:
            continue
        i = sent_of(tok.idx)
        if i in marked:
            continue
        low = tok.lower_
        nxt = tok.nbor(1) if tok.i + 1 < len(doc) else None
        opens = False
        if nxt is None:
            continue
        if low in _WH and tok.tag_ in ("WP", "WRB", "WDT", "WP$"):
            # "what does success look like", "how long before ...", "what has held the store
            # back": a wh-word with an inverted auxiliary or a degree word; "what she said" and
            # "that's what drives me" are not questions
            prev = doc[tok.i - 1].lower_ if tok.i > 0 else ""
            if nxt.lower_ in _QUESTION_AUX and nxt.pos_ == "AUX" and prev not in ("that", "is", "'s",
                                                                                 "was"):
                opens = True
            elif nxt.lower_ in ("long", "many", "much", "often", "soon", "big", "far", "quickly") \
                    and tok.i + 2 < len(doc) and (doc[tok.i + 2].pos_ in ("AUX", "NOUN")
                                                  or doc[tok.i + 2].lower_ == "before"):
                opens = True
            elif prev in _INDIRECT_Q:
                opens = True
        elif low in _QUESTION_AUX and tok.pos_ == "AUX" and _clause_start(tok):
            opens = nxt.pos_ in ("PRON", "PROPN", "DET", "NOUN") and nxt.lower_ not in ("that",)
        if opens:
            s = sents[i] if sents else None
            end = s.end if s is not None else len(text)
            out.append(Span("question", clip(text[tok.idx:end], 110), tok.idx, end, i))
            last_end = tok.idx + len(tok.text)
    out.sort(key=lambda sp: sp.start)
    # an unpunctuated question runs to where the next one starts
    trimmed = []
    for k, sp in enumerate(out):
        end = min(sp.end, out[k + 1].start) if k + 1 < len(out) else sp.end
        piece = text[sp.start:end].rstrip(" ,;")
        trimmed.append(Span("question", clip(piece, 110), sp.start, sp.start + len(piece), sp.sent))
    return trimmed


# --- clauses -----------------------------------------------------------------------------------

def _clauses(doc, sent_of) -> list[Clause]:
    out = []
    for tok in doc:
        if tok.pos_ != "VERB" and not (tok.pos_ == "AUX" and tok.dep_ in ("ROOT", "conj", "ccomp")
                                        and any(c.dep_ in ("acomp", "attr") for c in tok.children)):
            continue
        if tok.dep_ in ("amod", "compound", "aux", "auxpass"):
            continue
        if tok.tag_ == "VBG" and tok.dep_ in ("pcomp", "acl", "csubj", "pobj"):
            continue
        verb = nlp.clause_verb(tok) if tok.pos_ != "VERB" else tok
        who = _who(tok)
        out.append(Clause(tok.text, tok.lemma_.lower(), tok.idx, tok.idx + len(tok.text), who,
                          nlp.mood(verb), nlp.is_negated(tok), sent_of(tok.idx),
                          tok.pos_ == "VERB" and tok.lemma_.lower() not in NON_ACTIONS))
    return out


def _who(verb) -> str | None:
    subj = nlp.subject(verb)
    v = verb
    for _ in range(3):
        # "first I check the order ... then scan the patient": the step shares its head's subject
        if subj is not None or v.dep_ not in ("advcl", "conj", "xcomp") or v.head.i == v.i:
            break
        v = v.head
        subj = nlp.subject(v)
    if subj is None:
        return None
    word = subj.lower_
    if word in ("i", "me", "myself"):
        return "I"
    if word in ("we", "us", "ourselves"):
        return "we"
    if word == "you":
        return "you"     # "you check the line": a generic you, as in a method
    if any(c.dep_ == "conj" and c.lower_ in ("i", "me") for c in subj.children):
        return "we"   # "my manager and I decided"
    if word == "team" and any(c.lower_ in ("our", "my", "the") for c in subj.children):
        return "we"
    return "other"


# --- repetition --------------------------------------------------------------------------------

REPEAT_N = 5


def _repetition(words: list[str]) -> float:
    """Share of the answer's word 5-grams that it already said earlier (0 = no repetition)."""
    if len(words) < REPEAT_N * 2:
        return 0.0
    seen: set[tuple[str, ...]] = set()
    repeated = 0
    grams = [tuple(words[i:i + REPEAT_N]) for i in range(len(words) - REPEAT_N + 1)]
    for g in grams:
        if g in seen:
            repeated += 1
        else:
            seen.add(g)
    return repeated / len(grams)


# --- the whole -----------------------------------------------------------------------------------

@functools.lru_cache(maxsize=256)
def observe(text: str) -> Observation:
    """Everything the criteria need to know about `text` (cached; treat it as read-only)."""
    if not text or not text.strip():
        return Observation(text or "", 0, [], [])
    doc = nlp.parse(text)
    sents = nlp.sentences(text)
    starts = [s.start for s in sents]

    def sent_of(pos: int) -> int:
        i = bisect.bisect_right(starts, pos) - 1
        return max(0, i)

    word_toks = [t for t in doc if not (t.is_punct or t.is_space) and t.lower_ not in _FILLERS]
    words = [t.lower_ for t in word_toks]
    content = [t.lemma_.lower() for t in word_toks
               if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV") and not t.is_stop]
    obs = Observation(text=text, words=len(word_toks), sentences=sents, content_lemmas=content)
    obs.clauses = _clauses(doc, sent_of)
    obs.numbers = _numbers(doc, text, sent_of)
    obs.names = _names(doc, sent_of)
    obs.questions = _questions(doc, text, sents, sent_of)
    obs.hits = _match_cues(doc, text, sent_of)
    obs.repeated_share = _repetition(words)
    obs.distinct_words = len(set(words))
    return obs
