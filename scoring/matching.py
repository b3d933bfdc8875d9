"""Find where an answer mentions a rubric item.

`find_mentions(text, item)` accepts, in order of confidence:

1. the item or one of its variants word for word, with inflections folded by `text.stem()`
   ("managed stakeholders" ~ "manage stakeholders"); tools, acronyms and certifications are
   compared exactly apart from a plural "s" so "Excel" is not found in "excelled";
2. the same words written together or apart ("follow-up" ~ "followup", "Sales Force" ~
   "Salesforce", "Power BI" ~ "PowerBI");
3. known speech-recognition slips from the lexicon ("tablo" ~ Tableau, "sequel" ~ SQL);
4. a small edit distance on longer words, compared by sound ("post gress" ~ "Postgres",
   "differenciated" ~ "differentiated"): none up to 6 letters, 1 edit for 7-9, 2 for 10 or
   more; the first letter must agree and the length may differ by one letter at most, so
   "table" is not "Tableau" and "docket" is not "Docker";
5. for "<object> <action>" skills, the verb-object form within a sentence, at most two words
   apart: "managed our key stakeholders" ~ "stakeholder management", "solved the problem" ~
   "problem solving", "prevented losses" ~ "loss prevention" (but "time for management" is not
   time management).

Words are never matched inside other words: "SQL" is not found in "NoSQL", "Java" not in
"JavaScript". Single-letter items ("R", "C") are never matched: they are too ambiguous in speech.
Products that are also everyday words ("Epic", "Go", "Canvas", "Spring") count when capitalised,
but not as the first word of a sentence ("Go ahead and ..."); written in lower case, as speech
recognition writes them, they count when the context says it is the product ("charted in epic",
"used epic to page", "epic charting"), not in "an epic journey".
Everything computed from the answer is cached per text, everything from the item per item, so
matching a 25-item rubric against a 300-word answer takes a few milliseconds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Protocol

from .lexicon import ASR_SLIPS, CASE_SENSITIVE, LEXICON_BY_KEY, SENTENCE_START_AMBIGUOUS
from . import nlp
from .text import STOPWORDS, Token, levenshtein, sound_key, stem, tokenize_cached

QUOTE_WORDS_EACH_SIDE = 6
_MAX_WINDOW = 4
_REVERSED_GAP = 2   # words allowed between the verb and its object ("managed our key stakeholders")
# Stems of nouns that name an action, so "<object> <noun>" may be said as "<verb> <object>".
_ACTION_HEADS = frozenset(
    stem(w) for w in
    """management planning review reviews solving analysis development design testing training
    scheduling forecasting budgeting reporting administration assessment handling building
    resolution improvement prevention control education negotiation engagement tracking
    generation onboarding documentation coordination monitoring writing leadership""".split()
)
_JOINER_RE = re.compile(r"^[\s\-/]*$")
_SENTENCE_BREAK_RE = re.compile(r"[.!?;\n]")


class ItemLike(Protocol):
    keyword: str
    kind: str
    variants: list[str]


@dataclass(frozen=True)
class Mention:
    start: int   # character offsets of the matched words in the answer text
    end: int
    quote: str   # the clause around the match (a few words either side), for the feedback
    matched: str = ""  # which form of the item was found (a variant or an ASR slip)

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "quote": self.quote, "matched": self.matched}

    @classmethod
    def from_dict(cls, d: dict) -> "Mention":
        return cls(int(d["start"]), int(d["end"]), str(d["quote"]), str(d.get("matched", "")))


# --- the answer side ---------------------------------------------------------------------------


@dataclass
class _Doc:
    text: str
    tokens: tuple[Token, ...]
    stems: list[str]
    sentence: list[int]                  # sentence number of each token
    stem_positions: dict[str, list[int]]
    windows: dict[tuple[str, int], list[tuple[int, int, str]]]  # (first letter, length) -> (start, k, compact)
    joined_ok: list[bool]                # token i and i+1 written together / hyphen / space


@lru_cache(maxsize=32)
def _doc(text: str) -> _Doc:
    tokens = tokenize_cached(text)
    stems = [stem(t.text) for t in tokens]
    sentence, joined_ok = [], []
    current = 0
    prev_end = None
    for tok in tokens:
        if prev_end is not None:
            gap = text[prev_end:tok.start]
            if gap == " ":
                joined_ok.append(True)
            else:
                joined_ok.append(bool(_JOINER_RE.match(gap)))
                if _SENTENCE_BREAK_RE.search(gap):
                    current += 1
        sentence.append(current)
        prev_end = tok.end
    joined_ok.append(False)
    stem_positions: dict[str, list[int]] = {}
    for i, s in enumerate(stems):
        stem_positions.setdefault(s, []).append(i)
    windows: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
    n_tokens = len(tokens)
    for i in range(n_tokens):
        compact = tokens[i].text
        if not compact:
            continue
        first = compact[0]
        windows.setdefault((first, len(compact)), []).append((i, 1, compact))
        for k in range(2, _MAX_WINDOW + 1):
            j = i + k - 1
            if j >= n_tokens or not joined_ok[j - 1]:
                break
            compact += tokens[j].text
            windows.setdefault((first, len(compact)), []).append((i, k, compact))
    return _Doc(text, tokens, stems, sentence, stem_positions, windows, joined_ok)


# --- the item side -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Variant:
    form: str
    words: tuple[str, ...]       # normalised tokens
    keys: tuple[str, ...]        # what each answer token is compared with (stem or exact word)
    exact: tuple[bool, ...]      # compare exactly (plus plural) instead of by stem
    case_sensitive: bool
    compact: str
    fuzzy_limit: int             # allowed edits on the compact form (0 = none)
    content: tuple[str, ...]     # content-word stems for the verb-object rule (empty = off)
    hidden: bool                 # an ASR slip, not a real synonym
    plural_ok: bool = True       # "KPI"/"KPIs" yes; "Canva"/"Canvas" no (product names keep their spelling)


@dataclass(frozen=True)
class _CompiledItem:
    variants: tuple[_Variant, ...]


def _fuzzy_limit(n_letters: int) -> int:
    if n_letters <= 6:
        return 0
    if n_letters <= 9:
        return 1
    return 2


def _is_acronymish(word_raw: str) -> bool:
    letters = [c for c in word_raw if c.isalpha()]
    return bool(letters) and (sum(c.isupper() for c in letters) >= 2 or not word_raw.isalpha())


def _compile_variant(form: str, kind: str, hidden: bool) -> _Variant | None:
    toks = [t for t in tokenize_cached(form)]
    if not toks:
        return None
    words = tuple(t.text for t in toks)
    if len(words) == 1 and len(words[0]) == 1:
        return None  # "R", "C": too ambiguous to find in speech
    exact = tuple(
        kind == "tool" or _is_acronymish(t.raw) or not t.text.isalpha() or len(t.text) <= 3
        for t in toks
    )
    keys = tuple(w if ex else stem(w) for w, ex in zip(words, exact))
    case_sensitive = form in CASE_SENSITIVE
    compact = "".join(words)
    letters = sum(c.isalpha() for c in compact)
    fuzzy = 0 if (case_sensitive or hidden or not compact.isalnum()) else _fuzzy_limit(letters)
    content = tuple(stem(w) for w in words if w not in STOPWORDS)
    verb_object = (kind != "tool" and 2 <= len(content) <= 3 and not hidden
                 and content[-1] in _ACTION_HEADS and content[0] != content[-1])
    plural_ok = kind != "tool" or _is_acronymish(form)
    return _Variant(form, words, keys, exact, case_sensitive, compact, fuzzy,
                    content if verb_object else (), hidden, plural_ok)


@lru_cache(maxsize=4096)
def _compile(keyword: str, kind: str, variants: tuple[str, ...]) -> _CompiledItem:
    forms: list[tuple[str, bool]] = []
    seen: set[str] = set()
    for form in (keyword, *variants):
        if form and form.lower() not in seen:
            seen.add(form.lower())
            forms.append((form, False))
    for slip in ASR_SLIPS.get(keyword.lower(), ()):
        if slip not in seen:
            seen.add(slip)
            forms.append((slip, True))
    compiled = [v for f, hidden in forms if (v := _compile_variant(f, kind, hidden))]
    return _CompiledItem(tuple(compiled))


def _token_matches(tok: Token, tok_stem: str, v: _Variant, j: int) -> bool:
    if v.exact[j]:
        w = v.words[j]
        if not (tok.text == w or (v.plural_ok and (tok.text == w + "s" or tok.text == w + "es"))):
            return False
    elif tok_stem != v.keys[j]:
        return False
    if v.case_sensitive:
        raw_word = v.form.split()[j] if len(v.form.split()) == len(v.words) else ""
        if raw_word.isupper() and len(raw_word) > 1:
            return tok.raw.upper() == tok.raw  # acronym: "AP" yes, "ap" no
        return tok.raw[:1].isupper()
    return True


# Words around a lower-case product name that say it is the product: "charted in epic", "used
# epic to page", "epic charting", "our epic inbox". Speech recognition writes "Epic" as "epic".
_TOOL_PREPOSITIONS = frozenset("in into on with through via using from onto inside".split())
_TOOL_VERBS = frozenset(
    """use used uses using open opened opens chart charted document documented enter entered log
    logged update updated build built configure configured migrate migrated learn learned learnt
    implement implemented know knew train trained pull pulled run ran deploy deployed write wrote
    switch switched moved move""".split())
_TOOL_NOUNS = frozenset(
    """charting chart charts notes note documentation system systems record records module modules
    inbox account accounts dashboard dashboards report reports template templates workflow
    workflows order orders queue queues build builds training certification go-live rollout
    migration instance integration cluster clusters job jobs pipeline pipelines code app apps
    course courses page pages board boards sequence sequences""".split())


def _spoken_product(doc: _Doc, i: int, v: _Variant) -> bool:
    """A product name that is also an ordinary word ("Epic", "Spark", "Canvas") written in lower
    case, as speech recognition writes it, counts when its context says it is the product: a
    preposition or a verb of use before it ("in epic", "used epic"), a noun of the product after
    it ("epic charting"), or the parse makes it the object of such a verb. "An epic journey" and
    "it was epic" do not."""
    if not v.case_sensitive or len(v.words) != 1 or v.form.isupper() or v.form.lower() != v.words[0]:
        return False
    tok = doc.tokens[i]
    if tok.text != v.words[0] or tok.raw[:1].isupper():
        return False
    prev = doc.tokens[i - 1].text if i > 0 and doc.sentence[i - 1] == doc.sentence[i] else ""
    nxt = doc.tokens[i + 1].text if i + 1 < len(doc.tokens) and doc.sentence[i + 1] == doc.sentence[i] else ""
    if nxt in _TOOL_NOUNS:
        return True
    if prev in _TOOL_PREPOSITIONS or prev in _TOOL_VERBS:
        return True
    parsed = nlp.token_at(nlp.parse(doc.text), tok.start)
    if parsed is None or parsed.pos_ in ("ADJ", "ADV", "VERB"):
        return False
    # a product takes no article: "used the new epic build" names it by the noun after it
    return (parsed.dep_ == "dobj" and parsed.head.lemma_.lower() in _TOOL_VERBS
            and not any(c.dep_ == "det" for c in parsed.children))


def _sentence_start(doc: _Doc, i: int) -> bool:
    return i == 0 or doc.sentence[i - 1] != doc.sentence[i]


def _spans_for_variant(doc: _Doc, v: _Variant) -> Iterable[tuple[int, int]]:
    n = len(v.words)
    toks, stems = doc.tokens, doc.stems
    # 1. word for word (stems / exact)
    first_candidates: Iterable[int]
    if not v.exact[0]:
        first_candidates = doc.stem_positions.get(v.keys[0], ())
    else:
        w = v.words[0]
        first_candidates = sorted(
            {*doc.stem_positions.get(stem(w), ()), *doc.stem_positions.get(stem(w + "s"), ()),
             *doc.stem_positions.get(w, ())}
        )
    for i in first_candidates:
        if i + n > len(toks):
            continue
        if all(_token_matches(toks[i + j], stems[i + j], v, j) for j in range(n)) or (
                n == 1 and _spoken_product(doc, i, v)):
            if v.form in SENTENCE_START_AMBIGUOUS and _sentence_start(doc, i):
                continue  # "Go ahead", "Spring came": not the product
            if n > 1 and doc.sentence[i] != doc.sentence[i + n - 1]:
                continue
            yield i, i + n
    if v.case_sensitive:
        return
    # 2-4. written together/apart, ASR slips (exact), and small edit distances (sound-alike)
    c = v.compact
    if not c:
        return
    lengths = (len(c) - 1, len(c), len(c) + 1) if v.fuzzy_limit else (len(c), len(c) + 1)
    for length in lengths:  # "table" is not a slip of "tableau": slips keep the length
        for i, k, w in doc.windows.get((c[0], length), ()):
            if w == c or (v.plural_ok and w == c + "s"):
                yield i, i + k
                continue
            if not v.fuzzy_limit:
                continue
            if toks[i].text in STOPWORDS or toks[i + k - 1].text in STOPWORDS:
                continue
            if _close(w, c, v.fuzzy_limit):
                yield i, i + k
    # 5. the verb-object form of a "<object> <action>" skill: "managed our key stakeholders"
    #    for "stakeholder management", "solved the problem" for "problem solving"
    if v.content:
        head, objects = v.content[-1], v.content[:-1]
        for i in doc.stem_positions.get(head, ()):
            pos, ok = i, True
            for obj in objects:
                nxt = [p for p in doc.stem_positions.get(obj, ()) if pos < p <= pos + _REVERSED_GAP + 1
                       and doc.sentence[p] == doc.sentence[i]]
                if not nxt:
                    ok = False
                    break
                pos = nxt[0]
            if ok:
                yield i, pos + 1


@lru_cache(maxsize=65536)
def _close(heard: str, target: str, limit: int) -> bool:
    """Is `heard` within `limit` edits of `target` once both are spelled by sound?"""
    return levenshtein(sound_key(heard), sound_key(target), limit) <= limit


def _quote(doc: _Doc, first: int, last: int) -> str:
    """The words around tokens first..last-1, up to a few each side, within the sentence."""
    sent_first, sent_last = doc.sentence[first], doc.sentence[last - 1]
    left = first
    while left > 0 and first - left < QUOTE_WORDS_EACH_SIDE and doc.sentence[left - 1] == sent_first:
        left -= 1
    right = last - 1
    while (right + 1 < len(doc.tokens) and right - (last - 1) < QUOTE_WORDS_EACH_SIDE
           and doc.sentence[right + 1] == sent_last):
        right += 1
    start, end = doc.tokens[left].start, doc.tokens[right].end
    quote = doc.text[start:end].strip()
    if left > 0 and doc.sentence[left - 1] == sent_first:
        quote = "…" + quote
    if right + 1 < len(doc.tokens) and doc.sentence[right + 1] == sent_last:
        quote = quote + "…"
    return " ".join(quote.split())


def find_mentions(text: str, item: ItemLike) -> list[Mention]:
    """Every place `text` mentions `item` (its keyword, a variant, an inflection or a slip).

    Mentions are in text order and never overlap; each has the character span of the matched
    words and a short quote of the clause around them.
    """
    if not text or not text.strip():
        return []
    compiled = _compile(item.keyword, getattr(item, "kind", "skill"), tuple(item.variants or ()))
    doc = _doc(text)
    found: dict[tuple[int, int], str] = {}
    for v in compiled.variants:
        for span in _spans_for_variant(doc, v):
            found.setdefault(span, v.form)
    # keep the longest of overlapping spans, then text order
    chosen: list[tuple[int, int, str]] = []
    for (a, b), form in sorted(found.items(), key=lambda kv: (-(kv[0][1] - kv[0][0]), kv[0][0])):
        if all(b <= x or a >= y for x, y, _ in chosen):
            chosen.append((a, b, form))
    chosen.sort()
    return [
        Mention(doc.tokens[a].start, doc.tokens[b - 1].end, _quote(doc, a, b), form)
        for a, b, form in chosen
    ]


def lexicon_variants(keyword: str) -> list[str]:
    """The lexicon's synonyms for a keyword (empty when the lexicon does not know it)."""
    entry = LEXICON_BY_KEY.get(keyword.lower())
    return list(entry.synonyms) if entry else []
