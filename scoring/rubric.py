"""Job posting -> rubric: the requirements as weighted keywords the answers are checked against.

Weight scale (a float; higher = matters more to this employer):

* 3.0 — named in a must-have section ("Requirements", "Qualifications", "What you'll need",
  "Required skills", "Must have", "About you", ...) or on a line with a must cue ("must",
  "required", "3+ years of", "at least", "proven").
* 2.0 — named in the responsibilities ("What you'll do", "Responsibilities", "The role"), in an
  unnamed section or in the opening summary.
* 1.0 — named only as a nice-to-have ("Preferred", "Nice to have", "Bonus points", "a plus").
* +0.5 for every further line that names it, at most +1.5 (so the scale tops out at 4.5).

An item is `must_have` when any mention is in a must-have section or carries a must cue and is
not itself marked as preferred. Benefits, salary, EEO / accommodation statements, "about us"
and "how to apply" text are never read for requirements.

Extraction reads each line three ways: its grammar (spaCy through `nlp.py`: the objects of its
verbs - "reconcile bank statements" -, its other noun phrases, and credentials such as "state
board registration"); a curated lexicon (`lexicon.py`) that names tools, certifications, domain
terms, skills and soft skills with their synonyms; and patterns ("experience with X",
"knowledge of X", "X certification", "3+ years in X"). Acronyms / CamelCase product names on
requirement lines are kept as tools or domain terms. Years of experience are kept on the item
they qualify (`min_years`). The rubric is capped at `MAX_ITEMS` (at most `MAX_SOFT_SKILLS` soft
skills, at least `MIN_NICE_ITEMS` nice-to-haves), best first. docs/scoring.md lists what is not a
requirement.
"""
from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Iterator

from . import matching, nlp
from .lexicon import (
    ACRONYM_STOP, BOILERPLATE_RE, CERT_WORDS_RE, HEADING_PATTERNS, INLINE_HEADING_RE, KINDS,
    LEXICON, LEXICON_BY_KEY, MUST_CUE_RE, NICE_CUE_RE, PHRASE_LEAD_STOP, PHRASE_TAIL_STOP,
    GENERIC_NOUNS, INDUSTRY_WORDS, LEAD_VERBS, POSTING_FALSE_CONTEXTS, POSTING_IGNORED_SYNONYMS, ROLE_CUE_RE,
    SKILL_HEADS, STOP_PHRASES, LexiconEntry,
)
from .text import STOPWORDS, normalize, stem

MUST_WEIGHT = 3.0
RESPONSIBILITY_WEIGHT = 2.0
NICE_WEIGHT = 1.0
REPEAT_BONUS = 0.5
REPEAT_BONUS_CAP = 1.5
MAX_WEIGHT = 10.0
MAX_ITEMS = 30
MIN_NICE_ITEMS = 4     # nice-to-haves keep a few places however long the must-have list is
MAX_SOFT_SKILLS = 6
MAX_POSTING_BYTES = 200 * 1024

_SECTION_WEIGHT = {"must": MUST_WEIGHT, "resp": RESPONSIBILITY_WEIGHT, "general": RESPONSIBILITY_WEIGHT,
                   "intro": RESPONSIBILITY_WEIGHT, "nice": NICE_WEIGHT}


class PostingError(ValueError):
    """The job posting cannot be turned into a rubric (empty, binary, too large, no requirements)."""


class RubricError(ValueError):
    """An edit to a rubric is not possible (unknown keyword, bad kind or weight, bad JSON)."""


@dataclass
class RubricItem:
    keyword: str
    kind: str                      # one of KINDS
    weight: float                  # see the module docstring for the scale
    must_have: bool = False
    variants: list[str] = field(default_factory=list)   # synonyms, abbreviations, other wordings
    source_line: str = ""          # the posting line it came from ("" when added by the user)
    count: int = 1                 # how many posting lines name it
    min_years: float | None = None  # "2+ years of hospital pharmacy experience" -> 2.0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "RubricItem":
        try:
            item = cls(
                keyword=str(d["keyword"]), kind=str(d["kind"]), weight=float(d["weight"]),
                must_have=bool(d.get("must_have", False)),
                variants=[str(v) for v in d.get("variants", [])],
                source_line=str(d.get("source_line", "")), count=int(d.get("count", 1)),
                min_years=None if d.get("min_years") is None else float(d["min_years"]),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise RubricError(f"Rubric item is malformed: {err!s}") from None
        _check_item(item)
        return item


def _check_item(item: RubricItem) -> None:
    if not item.keyword.strip():
        raise RubricError("A rubric keyword cannot be empty.")
    if item.kind not in KINDS:
        raise RubricError(f"Unknown kind {item.kind!r} for {item.keyword!r}; use one of {', '.join(KINDS)}.")
    _check_weight(item.weight, item.keyword)


def _check_weight(weight: float, keyword: str) -> None:
    if not isinstance(weight, (int, float)) or not math.isfinite(weight) or not 0 < weight <= MAX_WEIGHT:
        raise RubricError(f"Weight for {keyword!r} must be a number above 0 and at most {MAX_WEIGHT:g}.")


@dataclass
class Rubric:
    items: list[RubricItem]
    company: str | None = None

    # --- reading -------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[RubricItem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def get(self, keyword: str) -> RubricItem | None:
        key = keyword.strip().lower()
        return next((i for i in self.items if i.keyword.lower() == key), None)

    def keywords(self) -> list[str]:
        return [i.keyword for i in self.items]

    def must_haves(self) -> list[RubricItem]:
        return [i for i in self.items if i.must_have]

    # --- editing (the user is the final judge) --------------------------------------------------
    def _require(self, keyword: str) -> RubricItem:
        item = self.get(keyword)
        if item is None:
            raise RubricError(f"{keyword!r} is not in the rubric.")
        return item

    def add_item(self, keyword: "str | RubricItem", kind: str | None = None,
                 weight: float = RESPONSIBILITY_WEIGHT, must_have: bool = False,
                 variants: list[str] | None = None) -> RubricItem:
        """Add a keyword (or a ready RubricItem). Known lexicon terms get their kind and synonyms."""
        if isinstance(keyword, RubricItem):
            item = keyword
        else:
            keyword = " ".join(str(keyword).split())
            entry = LEXICON_BY_KEY.get(keyword.lower())
            item = RubricItem(
                keyword=keyword,
                kind=kind or (entry.kind if entry else "skill"),
                weight=float(weight) if isinstance(weight, (int, float)) else weight,
                must_have=bool(must_have),
                variants=list(variants) if variants is not None else (list(entry.synonyms) if entry else []),
                source_line="", count=1,
            )
        _check_item(item)
        if self.get(item.keyword) is not None:
            raise RubricError(f"{item.keyword!r} is already in the rubric.")
        self.items.append(item)
        return item

    def remove_item(self, keyword: str) -> RubricItem:
        item = self._require(keyword)
        self.items.remove(item)
        return item

    def reweight(self, keyword: str, weight: float, must_have: bool | None = None) -> RubricItem:
        item = self._require(keyword)
        _check_weight(weight, item.keyword)
        item.weight = float(weight)
        if must_have is not None:
            item.must_have = bool(must_have)
        return item

    def add_synonym(self, keyword: str, synonym: str) -> RubricItem:
        item = self._require(keyword)
        synonym = " ".join(str(synonym).split())
        if not synonym:
            raise RubricError(f"A synonym for {item.keyword!r} cannot be empty.")
        known = {item.keyword.lower(), *(v.lower() for v in item.variants)}
        if synonym.lower() not in known:
            item.variants.append(synonym)
        return item

    # --- serialisation -------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {"company": self.company, "items": [i.to_dict() for i in self.items]}

    @classmethod
    def from_dict(cls, d: dict) -> "Rubric":
        if not isinstance(d, dict) or not isinstance(d.get("items"), list):
            raise RubricError("Rubric data must be an object with an 'items' list.")
        company = d.get("company")
        return cls([RubricItem.from_dict(x) for x in d["items"]],
                   company=None if company is None else str(company))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, s: str) -> "Rubric":
        try:
            data = json.loads(s)
        except (TypeError, json.JSONDecodeError) as err:
            raise RubricError(f"Rubric JSON cannot be read: {err}") from None
        return cls.from_dict(data)


# ================================================================================================
# Reading the posting
# ================================================================================================

_HTML_TAG_RE = re.compile(
    r"<(?:p|div|br|li|ul|ol|h[1-6]|span|strong|b|em|i|table|tr|td|section|article|body|html)\b[^>]*>",
    re.IGNORECASE)
_BULLET_RE = re.compile(
    r"^\s*(?:[•\-\*·▪▫➢➤►▶◦○●■□✓✔✗☐☑→»>–—+~]+|\(?\d{1,2}[.)](?!\d)|\(?[a-zA-Z][.)](?=\s))\s*")
_INLINE_BULLET_RE = re.compile(r"\s+(?:[•·▪▫➢➤►▶◦●■✓✔*]|#{1,6})\s+")
# a sentence end, but not after "St." / "e.g." / "Jr." / an initial
_SENTENCE_SPLIT_RE = re.compile(
    r"(?<!\bSt\.)(?<!\bDr\.)(?<!\bJr\.)(?<!\bSr\.)(?<!\bvs\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\b[A-Z]\.)"
    r"(?<=[.!?])\s+(?=[A-Z0-9\"'(•])")
_COLON_PREFIX_RE = re.compile(r"^([^:]{2,60}):\s*(.+)$")


def _to_text(posting: object) -> str:
    if isinstance(posting, (bytes, bytearray)):
        raw = bytes(posting)
        if len(raw) > MAX_POSTING_BYTES:
            raise PostingError(f"The posting is too large ({len(raw) // 1024} KB); the limit is 200 KB.")
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):   # UTF-16 text saved by Windows editors
            try:
                return raw.decode("utf-16")
            except UnicodeDecodeError:
                raise PostingError("The posting looks like a binary file, not text.") from None
        if b"\x00" in raw:
            raise PostingError("The posting looks like a binary file, not text.")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("cp1252", errors="replace")
    if not isinstance(posting, str):
        raise PostingError("The posting must be text.")
    return posting


def _validate(text: str) -> None:
    if not text or not text.strip():
        raise PostingError("The posting is empty.")
    if len(text.encode("utf-8", errors="replace")) > MAX_POSTING_BYTES:
        raise PostingError("The posting is too large (over 200 KB); paste only the job description.")
    if "\x00" in text:
        raise PostingError("The posting looks like a binary file, not text.")
    sample = text[:20000]
    odd = sum(1 for c in sample if c == "\ufffd" or (unicodedata.category(c) in ("Cc", "Co", "Cn")
                                                    and c not in "\n\r\t"))
    letters = sum(1 for c in sample if c.isalpha())
    if odd > 0.1 * len(sample) or letters < 0.3 * len(sample.strip()):
        raise PostingError("The posting looks like a binary file, not text.")


def _strip_html(text: str) -> str:
    if _HTML_TAG_RE.search(text):
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
        text = re.sub(r"(?i)<li\b[^>]*>", "\n• ", text)
        text = re.sub(r"(?i)<(?:br|/?p|/?div|/li|/?ul|/?ol|/?h[1-6]|/?tr|/?table|/?section|/?article)\b[^>]*>",
                      "\n", text)
        text = re.sub(r"(?i)<h[1-6][^>]*>", "\n", text)
        text = re.sub(r"<[^>]{0,300}>", "", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def _inline_heading(m: re.Match[str]) -> str:
    """Give a heading inside a long line its own line: "...times. QUALIFICATIONS • Current RN"."""
    heading = m.group(1)
    has_colon = m.group(0).rstrip().endswith(":")
    letters = [c for c in heading if c.isalpha()]
    shouting = len(letters) >= 4 and all(c.isupper() for c in letters)
    before_bullet = heading[:1].isupper() and m.string[m.end():].lstrip()[:1] in "•·▪➢✓✔-*►"
    if m.start() == 0 or not (has_colon or shouting or before_bullet):
        return m.group(0)
    if _heading_section(heading + ":") == "skip":
        # keep "Schedule: Monday to Friday." together so a short field skips only itself
        return "\n" + heading + ": "
    return "\n" + heading + ":\n"


def _split_lines(text: str) -> list[str]:
    """Lines of content: bullets stripped, long lines and one-paragraph postings split."""
    text = normalize(_strip_html(text))
    text = re.sub(r"\*\*|__", "", text)   # markdown bold
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        # inline headings ("... Requirements: 5+ years ...") get their own line
        line = INLINE_HEADING_RE.sub(_inline_heading, line)
        for part in line.split("\n"):
            for piece in _INLINE_BULLET_RE.split(part):
                pieces = _SENTENCE_SPLIT_RE.split(piece)
                pieces = [q for p in pieces for q in (re.split(r";\s+", p) if len(p) > 120 else [p])]
                for p in pieces:
                    p = p.strip()
                    if p:
                        out.append(p)
    return out


@lru_cache(maxsize=512)
def _heading_section(line: str) -> str | None:
    """The section a heading line opens ("must", "nice", "resp", "skip", "general"), or None."""
    is_markdown = line.startswith("#")
    bare = line.lstrip("#").strip().strip("*_").strip()
    bare = re.sub(r"^[^\w]+", "", bare).strip()
    if not bare or len(bare) > 70:
        return None
    words = bare.split()
    if len(words) > 9:
        return None
    for section, pattern in HEADING_PATTERNS:
        if pattern.match(bare):
            return section
    letters = [c for c in bare if c.isalpha()]
    shouting = len(words) >= 2 and letters and all(c.isupper() for c in letters)   # not a lone "SQL"
    if len(words) <= 6 and (is_markdown or bare.endswith(":") or shouting):
        return "general"
    return None


@dataclass
class _Line:
    text: str        # bullet stripped
    section: str     # must / nice / resp / general / intro
    index: int
    nice_from: int | None = None   # "3+ years of X, ideally Y": terms from here on are nice-to-have

    def section_at(self, pos: int) -> str:
        return "nice" if self.nice_from is not None and pos >= self.nice_from else self.section


def _content_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    section = "intro"
    for raw in _split_lines(text):
        line = _BULLET_RE.sub("", raw).strip()
        if not line:
            continue
        bulleted = len(line) < len(raw.strip()) and not raw.startswith("#")
        heading = None if bulleted and not line.endswith(":") else _heading_section(raw if raw.startswith("#") else line)
        if heading:
            section = heading
            continue
        m = _COLON_PREFIX_RE.match(line)
        if m:
            prefix_section = _heading_section(m.group(1) + ":")
            if prefix_section == "skip" and len(m.group(2)) < 80:
                continue  # a one-line field such as "Location: Remote" or "Schedule: nights"
            if prefix_section and prefix_section != "general":
                section = prefix_section
                line = m.group(2).strip()
        if section == "skip" or BOILERPLATE_RE.search(line):
            continue
        if section == "intro" and (lines or len(line.split()) > 15) and not (
                ROLE_CUE_RE.search(line) or MUST_CUE_RE.search(line) or NICE_CUE_RE.search(line)
                or _TRIGGER_RE.search(line)):
            continue  # the company's own blurb, not what the role asks for
        line_section, nice_from = section, None
        nice, must = NICE_CUE_RE.search(line), MUST_CUE_RE.search(line)
        if section in ("resp", "general", "intro") and must and not (nice and nice.start() < must.start()):
            line_section = "must"
        clause_start = max((line.rfind(c, 0, nice.start()) for c in "(;,"), default=-1) if nice else -1
        if nice and section in ("must", "resp", "general", "intro"):
            if must and must.start() < nice.start() and line_section == "must":
                nice_from = nice.start()   # "must have X; Y is a plus"
            elif section == "must" and clause_start > 0:
                nice_from = clause_start   # "Advanced QuickBooks (QuickBooks certification is a bonus)"
            else:
                line_section = "nice"
        lines.append(_Line(line, line_section, len(lines), nice_from))
    return lines


# --- candidates from one line -----------------------------------------------------------------

@dataclass
class _Candidate:
    key: str
    keyword: str
    kind: str
    variants: tuple[str, ...]
    from_lexicon: bool
    start: int
    end: int
    min_years: float | None = None
    grammar_rank: int = 0    # 0 lexicon / pattern / a line's main activity, 1 a further phrase
    source: str = "pattern"  # "lexicon", "pattern", "acronym" or "grammar"


@lru_cache(maxsize=1)
def _lexicon_index() -> tuple[dict[str, list[tuple[LexiconEntry, "matching._Variant"]]],
                              dict[str, list[LexiconEntry]]]:
    by_first: dict[str, list] = {}
    by_compact: dict[str, list] = {}
    for entry in LEXICON:
        for form in entry.variants:
            if form.lower() in POSTING_IGNORED_SYNONYMS:
                continue
            v = matching._compile_variant(form, entry.kind, hidden=False)
            if v is None:
                continue
            by_first.setdefault(v.keys[0], []).append((entry, v))
            if len(v.compact) >= 4 and not v.case_sensitive:
                by_compact.setdefault(v.compact, []).append(entry)
    return by_first, by_compact


@lru_cache(maxsize=1)
def _lexicon_forms() -> dict[str, LexiconEntry]:
    forms: dict[str, LexiconEntry] = {}
    for entry in LEXICON:
        for form in entry.variants:
            forms.setdefault(form.lower(), entry)
    return forms


# Words before a noun that do not make it another thing: verbs of duty lines and quantifiers.
_NOT_MODIFIERS = frozenset(
    """perform performs prepare prepares complete completes conduct conducts support supports own
    owns lead leads manage manages handle handles run runs do does assist assists review reviews
    oversee oversees ensure ensures coordinate coordinates maintain maintains process processes
    track tracks deliver delivers drive drives execute executes monitor monitors plan plans
    daily weekly monthly quarterly annual yearly regular timely accurate all any various key
    including such as plus""".split())


def _other_compound(entry: LexiconEntry, doc, a: int, b: int) -> bool | None:
    """True when a one-word match is the head of a multiword lexicon term but the posting puts
    another noun in front of it: "inventory reconciliation" against "Account reconciliation",
    "employee onboarding" against "Customer onboarding". A multiword term matches whole or not."""
    canon = [stem(w) for w in re.split(r"[\s\-/]+", entry.canonical.lower()) if w]
    if b - a != 1 or len(canon) < 2 or a == 0 or doc.stems[a] != canon[-1]:
        return None
    toks = doc.tokens
    prev, prev_stem = toks[a - 1], doc.stems[a - 1]
    gap = doc.text[prev.end:toks[a].start]
    word = prev.text.lower()
    if gap.strip() or not word.isalpha() or len(word) < 3:
        return None
    if (word in STOPWORDS or word in PHRASE_LEAD_STOP or word in LEAD_VERBS or word in _NOT_MODIFIERS
            or word.endswith(("ing", "ed", "ly"))):
        return None
    if prev_stem in canon:
        return None
    return True


def _listed_term(line: str, toks, after: int) -> bool:
    """A word that opens a line counts as a product when it is listed, not when it opens a
    sentence: "Spring, Hibernate" or a one-word bullet yes, "Spring is our busy season" no."""
    if len(toks) <= 4 or after >= len(toks):
        return True
    gap = line[toks[after - 1].end:toks[after].start]
    return bool(re.match(r"\s*[,/(]", gap)) or toks[after].text in ("or", "and", "experience")


def _lexicon_candidates(line: str) -> tuple[list[_Candidate], list[tuple[int, int]]]:
    by_first, by_compact = _lexicon_index()
    doc = matching._doc(line)
    toks = doc.tokens
    found: dict[str, _Candidate] = {}
    spans: list[tuple[int, int]] = []

    def add(entry: LexiconEntry, a: int, b: int) -> None:
        key = entry.canonical.lower()
        start, end = toks[a].start, toks[b - 1].end
        other = _other_compound(entry, doc, a, b)
        if other is not None:
            # "inventory reconciliation" is not "Account reconciliation": keep the posting's own
            # compound as an item of the same kind, without the other term's synonyms
            m_start = toks[a - 1].start
            compound = line[m_start:end]
            kw = compound[:1].upper() + compound[1:]
            found.setdefault(_phrase_key(compound), _Candidate(
                _phrase_key(compound), kw, entry.kind, (), False, m_start, end))
            spans.append((m_start, end))
            return
        context = line[max(0, start - 30):end + 1]
        false_context = POSTING_FALSE_CONTEXTS.get(key)
        if false_context and false_context.search(context):
            return
        spans.append((start, end))
        if key not in found:
            surface = line[toks[a].start:toks[b - 1].end]
            variants = list(entry.synonyms)
            if surface.lower() != entry.canonical.lower() and surface.lower() not in (v.lower() for v in variants):
                variants.append(surface)
            found[key] = _Candidate(key, entry.canonical, entry.kind, tuple(variants), True,
                                    toks[a].start, toks[b - 1].end)

    for i, tok in enumerate(toks):
        keys = {doc.stems[i], tok.text}
        if tok.text.endswith("s"):
            keys.add(tok.text[:-1])
        if tok.text.endswith("es"):
            keys.add(tok.text[:-2])
        for k in keys:
            for entry, v in by_first.get(k, ()):
                n = len(v.words)
                if i + n > len(toks):
                    continue
                if not all(matching._token_matches(toks[i + j], doc.stems[i + j], v, j) for j in range(n)):
                    continue
                if (v.form in matching.SENTENCE_START_AMBIGUOUS and matching._sentence_start(doc, i)
                        and not _listed_term(line, toks, i + n)):
                    continue
                add(entry, i, i + n)
    for windows in doc.windows.values():
        for i, k, compact in windows:
            for entry in by_compact.get(compact, ()):
                add(entry, i, i + k)
    cands = list(found.values())
    # "AWS certification" makes the bare "AWS" redundant: drop terms inside a longer term
    # (and a compound kept by _other_compound gives way to a lexicon term of the same words)
    kept = [c for c in cands
            if not any(o is not c and o.start <= c.start and c.end <= o.end
                       and ((o.end - o.start) > (c.end - c.start) or (o.from_lexicon and not c.from_lexicon))
                       for o in cands)]
    return kept, spans


_TRIGGER_RE = re.compile(
    r"\b(?:experience|experienced|expertise|proficiency|proficient|knowledge|familiarity|familiar|"
    r"skilled|skills|background|fluency|fluent|competen(?:ce|cy)|understanding|comfort|comfortable|"
    r"track record|working knowledge|exposure|certified|mastery|command)"
    r"\s+(?:working\s+)?(?:with|in|of|using|on|across|as)\s+(?P<x>[^.;:()!?\n]+)"
    r"|\byears?(?:'|’)?\s+(?:of\s+)?(?:\w+\s+){0,2}?(?:experience\s+)?(?:in|with|as|using)\s+(?P<y>[^.;:()!?\n]+)"
    r"|\byears?(?:'|’)?\s+of\s+(?P<w>(?:[\w/&-]+\s+){1,3}?)(?:experience|background)\b"
    r"|(?P<z>(?-i:(?:[A-Z][\w+/&-]*\s+){1,3}))(?:certification|certificate|certified|license|licensure|credential)\b",
    re.IGNORECASE,
)
_CLAUSE_CUT_RE = re.compile(
    r"\s(?:to|that|who|which|where|while|when|for|within|across|at|from|in order|is|are|was|will|"
    r"would|should|can|could|preferred|required|strongly|highly|a plus|plus|ideally|is a plus|"
    r"desired|desirable|as well as|through|by|via|so|because|if|but|than|into|both|either)\s",
    re.IGNORECASE,
)
_LIST_SPLIT_RE = re.compile(r",|;|\s(?:and|or|and/or|&|such as|including|incl\.?|e\.g\.?|i\.e\.?|especially|like|plus|/)\s|/(?=[A-Za-z]{4,})",
                            re.IGNORECASE)
_LANGUAGES = frozenset("spanish french german mandarin chinese cantonese japanese portuguese arabic "
                       "hindi korean italian russian vietnamese tagalog polish dutch asl".split())


# An amount, a count or a duration ("over $500k", "150+", "30 days") is a condition, not a skill.
_AMOUNT_RE = re.compile(r"^[$£€]?\d[\d,.]*\s*(?:[kKmMbB]|%|\+)?\+?$|^[$£€]")
_QUANTITY_WORDS = frozenset(
    """over under above below up to more than less fewer approximately approx around about nearly
    circa million millions billion k m bn days weeks months years hours minutes people staff
    employees rooms sites stores locations""".split())


# Trailing nouns that give a bare lowercase word its meaning and are kept after it.
_CONCRETE_TAILS = frozenset("projects project systems programs products platforms applications software "
                            "standards".split())


def _is_amount(words: list[str]) -> bool:
    """True when the phrase is only amounts and quantity words, or names money at all."""
    if any(re.match(r"^[$£€]|\d[\d,.]*[kKmM]$", w) for w in words):
        return True
    return all(_AMOUNT_RE.match(w) or w.lower() in _QUANTITY_WORDS for w in words)


def _clean_phrase(piece: str) -> str | None:
    words = piece.replace("’", "'").split()
    if words and _is_amount(words):
        return None
    while words and (words[0].lower().strip(",.'\"") in PHRASE_LEAD_STOP or words[0].lower() in STOPWORDS
                     or words[0].lower() in LEAD_VERBS
                     or words[0].lower() in ("fast-paced", "high-volume", "dynamic", "busy", "high-growth",
                                             "large", "small", "complex", "diverse", "new", "one", "two",
                                             "three", "more", "least", "recent", "\"", "'")
                     or words[0].rstrip("+").isdigit()):
        words.pop(0)
    dropped_tail: list[str] = []
    while words and (words[-1].lower().strip(",.'\"") in PHRASE_TAIL_STOP or words[-1].lower() in STOPWORDS):
        dropped_tail.insert(0, words.pop())
    if (len(words) == 1 and words[0].isalpha() and words[0].islower() and not words[0].endswith("ing")
            and dropped_tail and dropped_tail[0].lower() in _CONCRETE_TAILS):
        words.append(dropped_tail[0])   # "transportation projects": a bare "transportation" is too vague
    if not words or len(words) > 4:
        return None
    if any(_AMOUNT_RE.match(w) for w in words) and _is_amount(words):
        return None
    phrase = " ".join(words).strip(" ,.-'\"*#•")
    if len(words) == 1 and (phrase.upper() in ACRONYM_STOP or phrase.lower() in GENERIC_NOUNS):
        return None   # "HR", "Performance": too broad to check an answer against
    content = [w for w in re.split(r"[\s-]+", phrase.lower()) if w and w not in STOPWORDS]
    if not content or all(w in STOP_PHRASES or w in PHRASE_LEAD_STOP or w in PHRASE_TAIL_STOP for w in content):
        return None
    if len(phrase) < 3 or not re.search(r"[A-Za-z]{2}", phrase) or re.search(r"\b(?:i|me|my|we|you|your|our)\b", phrase, re.I):
        return None
    return phrase


_COORDINATED_RE = re.compile(r"\s*(?:or|and|and/or|&|/)\s+([^,;:()/]+)")


def _shared_head(piece: str, rest: str) -> str:
    """"performance or growth marketing": the head noun of the second phrase belongs to the
    first too ("performance marketing"). Only for one lowercase word, never a product name."""
    words = [w for w in piece.split() if w.lower() not in STOPWORDS]
    word = words[0] if len(words) == 1 else ""
    # a plural or a gerund is a thing of its own: "payments or ledgers", "manufacturing or
    # consumer goods"
    if not word.isalpha() or not word.islower() or word.endswith(("s", "ing")):
        return piece
    m = _COORDINATED_RE.match(rest)
    if not m:
        return piece
    chunk = re.split(r"\s(?:or|and|&)\s", m.group(1).strip())[0].split()
    if len(chunk) < 2:
        return piece
    head = chunk[-1].strip(".,'\"")
    if (not head.isalpha() or not head.islower() or head in PHRASE_TAIL_STOP or head in STOPWORDS
            or head in STOP_PHRASES):
        return piece
    return f"{piece.strip()} {head}"


def _phrase_kind(phrase: str) -> str:
    words = phrase.split()
    last = words[-1]
    if CERT_WORDS_RE.search(phrase):
        return "certification"
    if phrase.lower() in _LANGUAGES:
        return "skill"
    if len(words) == 1 and re.fullmatch(r"[A-Z][A-Z0-9&/+-]+s?", last):
        return "domain"   # an unknown acronym: usually a field term (CRRT, ECMO, NRR)
    if last.lower() in INDUSTRY_WORDS:
        return "domain"
    # a product name starts with a capital or is CamelCase; "progressive HR" or "lean
    # manufacturing" (a lowercase adjective before the noun) is a skill or a field
    lowercase_lead = len(words) >= 2 and words[0][:1].islower() and not re.search(r"[A-Z]", words[0])
    if not lowercase_lead and (any(re.search(r"[a-z][A-Z]|^[A-Z]{2,}", w) for w in words)
                               or (last[:1].isupper() and len(words) <= 2)):
        return "tool"
    if last.lower() in SKILL_HEADS or last.lower().endswith("ing"):
        return "skill"
    return "domain"


def _phrase_key(phrase: str) -> str:
    return " ".join(stem(w) for w in re.split(r"[\s\-/]+", phrase.lower()) if w and w not in STOPWORDS)


def _pattern_candidates(line: str, taken: list[tuple[int, int]]) -> list[_Candidate]:
    """Requirement phrases the lexicon does not know: 'experience with X', acronyms, product names."""
    out: list[_Candidate] = []
    blank = list(line)
    for a, b in taken:  # lexicon terms are already items: cut them out of the phrases
        for i in range(a, b):
            blank[i] = ","
    masked = "".join(blank)

    def add_phrase(piece: str, offset: int) -> None:
        phrase = _clean_phrase(piece)
        entry = _lexicon_forms().get(phrase.lower()) if phrase else None
        if entry:   # an ambiguous synonym used in a requirement pattern ("experimentation platforms")
            out.append(_Candidate(entry.canonical.lower(), entry.canonical, entry.kind, entry.synonyms, True,
                                  offset, offset + len(piece)))
        elif phrase:
            key = _phrase_key(phrase)
            if key and key not in STOP_PHRASES:
                kw = phrase if phrase[:1].isupper() or phrase.lower() != phrase else phrase[:1].upper() + phrase[1:]
                out.append(_Candidate(key, kw, _phrase_kind(phrase), (), False, offset, offset + len(piece)))

    for m in _TRIGGER_RE.finditer(masked):
        group = next(g for g in ("x", "y", "w", "z") if m.group(g))
        x = m.group(group)
        start = m.start(group)
        if group == "z":
            add_phrase(x + " certification" if not CERT_WORDS_RE.search(x) else x, start)
            continue
        if group == "w":
            add_phrase(x, start)
            continue
        cut = _CLAUSE_CUT_RE.search(" " + x + " ")
        if cut:
            x = x[: max(0, cut.start() - 1)]
        original = line[start:start + len(x)]
        pos = 0
        for piece in _LIST_SPLIT_RE.split(x):
            if piece:
                at = x.find(piece, pos)
                pos = at if at >= 0 else pos
                add_phrase(_shared_head(piece, original[pos + len(piece):]), start + pos)
                pos += len(piece)
    # acronyms and CamelCase product names on requirement lines
    letters = [c for c in line if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return out
    for m in re.finditer(r"(?<![\w/&.-])([A-Z][A-Z0-9]{1,5}s?|[A-Z][a-z]+[A-Z][A-Za-z]+|[a-z][A-Z][A-Za-z]+)(?![\w/&-])",
                         masked):
        word = m.group(1)
        if word.rstrip("s").upper() in ACRONYM_STOP or word.upper() in ACRONYM_STOP:
            continue
        kind = "tool" if not word.isupper() else "domain"
        out.append(_Candidate(word.lower().rstrip("s") if word.isupper() else word.lower(), word, kind, (),
                              False, m.start(), m.end(), source="acronym"))
    return out


# --- candidates from the grammar of a line (spaCy) ------------------------------------------------

# What a duty line acts on names the requirement: "Reconcile bank statements" -> "Bank
# statements", "Place IV catheters" -> "IV catheters". Adjectives that only say how often, how
# much or how well are dropped; the ones that say what kind are kept ("arterial blood gases").
_VAGUE_ADJECTIVES = frozenset(
    """weekly daily monthly quarterly annual yearly regular routine timely accurate potential
    suspicious various several multiple all any other new existing current active valid clean
    friendly clear strong excellent good great solid basic advanced general overall key
    appropriate proper necessary relevant related additional related incoming outgoing complete
    completed full entire own simple complex busy high-volume fast-paced large small assigned
    related daily weekly confident comfortable able willing eager happy proven""".split())
# Objects that name no requirement: the people served, the work in general, the place.
_NON_REQUIREMENT_HEADS = frozenset(
    """team teams staff member members colleague colleagues customer customers client clients
    patient patients student students guest guests family families owner owners public people
    person others everyone anyone work job role duty duties task tasks responsibility
    responsibilities need needs way ways thing things part parts care time times day days
    hour hours shift shifts week weeks month months year years stage stages area areas level
    levels kind type types variety range lot lots number site sites location locations office
    offices place places opportunity opportunities ability abilities willingness authority
    environment environments setting settings schedule schedules weekend weekends holiday
    holidays night nights standard standards step steps question questions option options
    availability flexibility willingness eagerness desire passion interest commitment
    hybrid remote onsite on-site travel store stores shop hospital clinic kitchen restaurant
    hotel floor van vehicle truck city county state product engineering finance marketing
    operations legal design voice
    detail details information decision decisions goal goals target targets result results
    member line house company business organization organisation department unit units
    manager managers supervisor supervisors lead leads one ones another other others use""".split())
# Words of a credential ("licence", "registration", ...): such a phrase is a certification.
_CREDENTIAL_HEADS = frozenset(
    """license licence licensure registration certification certificate certified credential
    permit badge accreditation""".split())
_CREDENTIAL_LEADS = frozenset("active valid current unrestricted full state national board".split())
_DETERMINER_WORDS = frozenset("a an the this that these those another any each every some no".split())
GRAMMAR_PHRASES_PER_LINE = 4


# Words that open a line but never as its verb (closed classes): such a line is parsed as is.
_NOT_A_VERB_LEAD = frozenset(
    """a an the this that these those our your their my his her its we you they i he she it
    in on at for with by from of to as about into within under over after before during
    and or but if when while because so all any each every some no not one two three
    there here what who how why where which is are was were be will would can may must""".split())


def _imperative_prefix(text: str) -> str | None:
    """The prefix under which a line that may open with a bare verb is read as the imperative
    it is ("Reconcile bank statements" -> "You will reconcile ...", "Draws blood" -> "She
    draws ..."), or None when its first word cannot be a verb or is a leading adjective."""
    if not text[:1].isalpha() or text[:2].isupper():
        return None
    lead = text.split(None, 1)[0].lower().strip(",.:;")
    if (lead in _NOT_A_VERB_LEAD or lead in PHRASE_LEAD_STOP or lead in _VAGUE_ADJECTIVES
            or lead in _CREDENTIAL_LEADS):
        return None   # "Strong knife skills": an adjective, not a verb
    return "She " if lead.endswith("s") and not lead.endswith("ss") else "You will "


def _imperative_reading(text: str):
    """(doc, offset) of the imperative reading when its first word parses as a verb, else None."""
    prefix = _imperative_prefix(text)
    if prefix is None:
        return None
    alt = nlp.parse(prefix + text[0].lower() + text[1:])
    at = len(prefix.split())
    if len(alt) > at and alt[at].pos_ == "VERB":
        return alt, len(prefix)
    return None


def _parse_lines(lines: list["_Line"]) -> None:
    """Parse every line in two batches (a batch is several times faster than single parses):
    first each line's imperative reading, or the line itself when it cannot open with a verb;
    then, as they are, the lines whose imperative reading did not parse as one."""
    texts = [_INLINE_ENUM_RE.sub("; ", ln.text) for ln in lines]
    first = []
    for text in texts:
        prefix = _imperative_prefix(text)
        first.append(prefix + text[0].lower() + text[1:] if prefix else text)
    nlp.parse_many(first)
    nlp.parse_many(t for t in texts if _imperative_reading(t) is None)


def _line_doc(text: str):
    """The parse of a posting line and the offset of its text in the parsed string (see
    `_imperative_prefix`)."""
    reading = _imperative_reading(text)
    if reading is not None:
        return reading
    return nlp.parse(text), 0


def _phrase_tokens(head) -> list:
    """The head noun with the words that say what kind it is (compounds, adjectives, numbers)."""
    keep = [head]
    for c in head.lefts:
        if c.dep_ in ("compound", "amod", "nmod", "nummod", "npadvmod") and c.pos_ not in ("DET", "PRON"):
            keep.extend(c.subtree)
    toks = sorted({t.i: t for t in keep}.values(), key=lambda t: t.i)
    while toks and (toks[0].lower_ in _VAGUE_ADJECTIVES or toks[0].lower_ in _DETERMINER_WORDS
                    or toks[0].is_punct or toks[0].pos_ in ("DET", "PRON", "ADV")
                    or (toks[0].tag_ in ("VBN", "VBG") and toks[0].i != head.i)):
        toks = toks[1:]
    return toks


def _credential_phrase(head, offset: int, text: str) -> tuple[str, int, int] | None:
    """"Active registration as a pharmacy technician" -> "Pharmacy technician registration";
    "Current Washington State dental hygiene license" -> "Dental hygiene license"."""
    toks = _phrase_tokens(head)
    while toks and (toks[0].lower_ in _CREDENTIAL_LEADS or (toks[0].pos_ == "PROPN" and len(toks) > 1
                    and any(t.lower_ == "state" for t in toks[1:3]))):
        toks = toks[1:]
    content = [t for t in toks if t.i != head.i]
    if not content:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("as", "in", "of"):
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
                    inner = _phrase_tokens(obj)
                    words = " ".join(t.text for t in inner)
                    a = inner[0].idx - offset
                    return f"{words} {head.text}", a, head.idx + len(head.text) - offset
        return None
    a, b = toks[0].idx - offset, toks[-1].idx + len(toks[-1].text) - offset
    if a < 0:
        return None
    return text[a:b], a, b


_PERSON_HEADS = frozenset(
    """manager managers supervisor supervisors assistant assistants associate associates adult
    adults child children homeowner homeowners contractor contractors physician physicians
    attorney attorneys doctor doctors nurse nurses pharmacist pharmacists technician technicians
    tech techs specialist specialists officer officers inspector inspectors hygienist adjuster
    chef chefs cook cooks therapist therapists engineer engineers analyst analysts candidate
    candidates applicant applicants employee employees worker workers owner owners partner
    partners vendor vendors supplier suppliers national nationals contact contacts stakeholder
    stakeholders executive executives leader leaders user users provider providers clinician
    clinicians resident residents physician colleague peer peers""".split())
# Nouns after these prepositions are conditions ("within 60 days of hire", "at time of
# appointment", "under attorney supervision"), not requirements.
_CONDITION_PREPS = frozenset("within at after before upon under during until by per".split())


_GENERIC_TAILS = frozenset(
    """opportunities opportunity activities activity tasks task duties duty needs issues efforts
    items matters work""".split())
_VAGUE_VERBS = frozenset(
    """own oversee support explain brief ensure provide help assist use lead drive release make
    take keep get do work check meet give bring have need see handle follow raise balance move hit
    exceed deliver join""".split())
_DEGREE_RE = re.compile(r"\b(?:degree|diploma|bachelor'?s?|master'?s?|associate'?s? degree|GED|"
                        r"graduat\w+ from high school)\b", re.IGNORECASE)


def _in_purpose_clause(tok) -> bool:
    """Is the token inside a "to ..." purpose clause ("to support pricing")?"""
    t = tok
    for _ in range(10):
        if t.pos_ == "VERB" and t.dep_ in ("advcl", "xcomp") and t.head.pos_ == "VERB" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            return t.head.lemma_.lower() not in ("need", "have", "use", "know", "learn", "able")
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _product_like(tok) -> bool:
    """A name or an acronym ("Dentrix", "TRAX", "SIU"), not a common noun."""
    text = tok.text
    if len(text) >= 2 and text.isupper():
        return True
    opens = tok.i == 0 or tok.doc[tok.i - 1].is_punct or tok.doc[tok.i - 1].text in ("You", "will", "She")
    return text[:1].isupper() and not opens and not tok.is_sent_start


_INLINE_ENUM_RE = re.compile(r"(?<=\s)(?:[a-hA-H]|\d{1,2})\)(?=\s)")
_DUTY_CUE_RE = re.compile(r"\b(?:you(?:'ll| will)|in this role|responsible for|duties include|"
                          r"the role (?:is|involves)|you would)\b", re.IGNORECASE)


def _has_verb(text: str) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in nlp.parse(_INLINE_ENUM_RE.sub("; ", text)))


def _names_a_person(keyword: str, title_heads: frozenset[str]) -> bool:
    last = keyword.lower().split()[-1] if keyword.split() else ""
    return last in _PERSON_HEADS or last in title_heads or last.rstrip("s") in title_heads


def _title_heads(lines: list["_Line"], text: str) -> frozenset[str]:
    """The head words of the job title (the posting's first line): "Sous Chef" -> {"chef"}."""
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    first = re.sub(r"<[^>]+>|^#+", "", first)
    first = re.split(r"\s[–—|(-]\s?|,|\(", first)[0]
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'&-]*", first)]
    words = [w for w in words if w not in ("i", "ii", "iii", "iv", "senior", "junior", "lead")]
    return frozenset(words[-1:])


def _slash_variants(keyword: str) -> tuple[str, ...]:
    """"LVT/RVT/CVT certification" is also "LVT", "RVT" and "CVT"."""
    m = re.search(r"\b([A-Za-z0-9+&]+(?:/[A-Za-z0-9+&]+)+)\b", keyword)
    if not m:
        return ()
    alts = m.group(1).split("/")
    out = []
    for alt in alts:
        out.append(keyword[:m.start()] + alt + keyword[m.end():])
        if alt.isupper() and len(alt) >= 2:
            out.append(alt)
    return tuple(dict.fromkeys(v.strip() for v in out if v.strip()))


def _grammar_candidates(line: str, taken: list[tuple[int, int]],
                        title_heads: frozenset[str] = frozenset()) -> list[_Candidate]:
    """Requirement phrases from the line's grammar: the objects of its verbs ("reconcile bank
    statements"), its other noun phrases, and credentials ("state board registration"). Phrases
    already covered by a lexicon term or a pattern are left to those."""
    # inline enumerators of a one-paragraph paste ("... store c) Experience with ...") end a
    # phrase: replaced by "; " (same length, so offsets still point into the line)
    doc, offset = _line_doc(_INLINE_ENUM_RE.sub("; ", line))
    out: list[_Candidate] = []
    seen: set[str] = set()
    verbs = sum(1 for t in doc if t.pos_ == "VERB")
    per_line = max(GRAMMAR_PHRASES_PER_LINE, 3 * verbs)

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(phrase: str, a: int, b: int, kind: str | None, variants: tuple[str, ...], rank: int,
            lone_ok: bool = True) -> None:
        if len(out) >= per_line or not free(a, b):
            return
        cleaned = _clean_phrase(phrase)
        if not cleaned:
            return
        if not lone_ok and " " not in cleaned and cleaned[1:].islower() and not phrase.lower().endswith(" skills"):
            return   # a lone common noun outside a list: a setting ("in a high-volume store")
        if " " not in cleaned and cleaned.islower() and phrase.lower().endswith((" skills", " skill")):
            cleaned = f"{cleaned} skills"   # "knife skills": a bare "knife" says nothing
        words = cleaned.lower().split()
        if len(words) > 1 and words[-1] in _GENERIC_TAILS:
            cleaned = cleaned.rsplit(" ", 1)[0]   # "subrogation opportunities" -> "subrogation"
            words = words[:-1]
        if words[-1] in _NON_REQUIREMENT_HEADS or any(w in _DETERMINER_WORDS for w in words):
            return
        if " ".join(words[-2:]) in ("track record", "proven record"):
            return
        if len(words) == 1 and (words[0] in STOP_PHRASES or len(words[0]) < 3):
            return
        if words[-1] in _PERSON_HEADS or words[-1] in title_heads or words[-1].rstrip("s") in title_heads:
            return   # the people in the job ("kitchen manager", "desk adjuster"), not a requirement
        key = _phrase_key(cleaned)
        if not key or key in seen or key in STOP_PHRASES:
            return
        seen.add(key)
        entry = _lexicon_forms().get(cleaned.lower())
        if entry:
            out.append(_Candidate(entry.canonical.lower(), entry.canonical, entry.kind, entry.synonyms,
                                  True, a, b))
            return
        kw = cleaned if cleaned[:1].isupper() or cleaned.lower() != cleaned else cleaned[:1].upper() + cleaned[1:]
        # a capital that only opens the line says nothing about a product name
        as_written = cleaned if a > 0 or cleaned[:2].isupper() else cleaned[:1].lower() + cleaned[1:]
        variants = variants + _slash_variants(cleaned)
        out.append(_Candidate(key, kw, kind or _phrase_kind(as_written), variants, False, a, b,
                              grammar_rank=rank, source="grammar"))

    def span_of(toks) -> tuple[str, int, int] | None:
        if not toks:
            return None
        a, b = toks[0].idx - offset, toks[-1].idx + len(toks[-1].text) - offset
        if a < 0 or line[b:b + 1] == "-":
            return None   # "check" of "check-in": a piece of a word
        nxt = toks[-1].i + 1
        if nxt < len(toks[-1].doc) and toks[-1].doc[nxt].like_num:
            return None   # "Grade 7", "Level 3": a label with its number
        return line[a:b], a, b

    if _DEGREE_RE.search(line):
        return out   # subjects of a degree ("Math, Education or a related field") are not skills

    heads_done: set[int] = set()
    # credentials first: they are requirements wherever they sit
    for tok in doc:
        if tok.lower_ in _CREDENTIAL_HEADS and tok.pos_ in ("NOUN", "PROPN") and tok.idx >= offset:
            whole = span_of(sorted([tok, *[t for c in tok.lefts for t in c.subtree]], key=lambda t: t.i))
            if whole and not free(whole[1], whole[2]):
                heads_done.add(tok.i)
                continue   # "ServSafe Manager certification": the lexicon term has it
            got = _credential_phrase(tok, offset, line)
            if got:
                phrase, a, b = got
                add(phrase, a, b, "certification", (), 0)
                heads_done.add(tok.i)
                # "... with the State Board of Pharmacy" belongs to the credential
                heads_done.update(t.i for t in tok.subtree)
    # the objects of the line's verbs: its activities (not of a purpose clause: "models to
    # support pricing", nor of a verb used as an adjective: "landing pages")
    for tok in doc:
        if tok.pos_ != "VERB" or tok.idx < offset:
            continue
        main = ("ROOT", "conj", "ccomp", "parataxis", "advcl")
        if tok.dep_ not in main or (tok.tag_ == "VBG" and tok.dep_ != "ROOT"):
            continue
        if tok.dep_ == "conj" and tok.head.dep_ not in main:
            continue
        if tok.dep_ == "advcl" and any(c.dep_ in ("aux", "mark") for c in tok.children):
            continue   # "to support ...", "when needed": not the line's own activity
        vague_verb = tok.lemma_.lower() in _VAGUE_VERBS
        objs = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
        if not objs and tok.dep_ == "conj" and tok.head.pos_ == "VERB":
            continue
        if not objs:   # "Diagnose and repair furnaces": the object hangs on the last verb
            for c in tok.children:
                if c.dep_ == "conj" and c.pos_ == "VERB":
                    objs = [d for d in c.children if d.dep_ in ("dobj", "obj")]
        conj = []
        for o in objs:
            conj += [c for c in o.conjuncts if c.pos_ in ("NOUN", "PROPN")]
        for rank, o in [(0, o) for o in objs] + [(1, c) for c in conj]:
            if o.pos_ not in ("NOUN", "PROPN") or o.i in heads_done:
                continue
            heads_done.add(o.i)
            toks = _phrase_tokens(o)
            got = span_of(toks)
            if got:
                phrase, a, b = got
                # "explain drivers", "own a book": with a vague verb a lone noun says too little
                add(phrase, a, b, None, (f"{tok.lemma_.lower()} {phrase.lower()}",), rank,
                    lone_ok=not vague_verb or _product_like(toks[-1]))
    # the other noun phrases (requirement lines name things rather than do them)
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.i in heads_done or root.idx < offset:
            continue
        if root.dep_ not in ("dobj", "pobj", "conj", "ROOT", "appos", "nsubj", "attr", "npadvmod"):
            continue
        if root.dep_ == "pobj" and root.head.lower_ in _CONDITION_PREPS:
            continue
        if root.pos_ == "VERB" or root.tag_ in ("VBZ", "VBP", "VBG"):
            continue   # a verb the tagger took for a noun ("reducing", "Monitors")
        if _in_purpose_clause(root):
            continue   # "models to support pricing, capital projects ...": what the work is for
        toks = _phrase_tokens(root)
        listed = sum(1 for c in root.conjuncts if c.pos_ in ("NOUN", "PROPN")) >= 2   # a list of 3+
        got = span_of(toks)
        if got:
            phrase, a, b = got
            add(phrase, a, b, None, (), 1, lone_ok=listed or _product_like(toks[-1]))
    return out


_YEARS_RE = re.compile(
    r"\b(?:(?:minimum|at least|min\.?)\s+(?:of\s+)?)?(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:\s*(?:-|–|to)\s*\d{1,2})?\s*\+?\s*(?:or more\s+)?years?\b", re.IGNORECASE)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10}


def _mark_years(line: str, cands: list[_Candidate]) -> None:
    """"2+ years of hospital pharmacy experience": the first requirement named after the years
    carries them (`min_years`), so the rubric says how much experience is asked for."""
    m = _YEARS_RE.search(line)
    if not m:
        return
    n = m.group("n").lower()
    years = float(_NUMBER_WORDS.get(n, n))
    after = sorted((c for c in cands if c.start >= m.end() - 1), key=lambda c: c.start)
    if after and after[0].kind != "soft_skill":
        after[0].min_years = years


# --- assembling ---------------------------------------------------------------------------------

@dataclass
class _Tally:
    cand: _Candidate
    sections: list[str] = field(default_factory=list)
    lines: list[_Line] = field(default_factory=list)
    first_index: int = 0
    min_years: float | None = None

    def base_weight(self) -> float:
        return max(_SECTION_WEIGHT[s] for s in self.sections)


def _merge_nested_phrases(tallies: dict[str, _Tally]) -> None:
    """"Math" and "Middle school math" are one requirement: keep the weightier (then shorter)."""
    phrases = [t for t in tallies.values() if not t.cand.from_lexicon and t.cand.source == "pattern"
               and t.cand.kind != "certification"]
    for short in sorted(phrases, key=lambda t: len(t.cand.key)):
        words = set(short.cand.key.split())
        for long in phrases:
            if long is short or short.cand.key not in tallies or long.cand.key not in tallies:
                continue
            if words < set(long.cand.key.split()):
                keep, drop = (short, long) if short.base_weight() >= long.base_weight() else (long, short)
                keep.sections += drop.sections
                keep.lines += [ln for ln in drop.lines if ln not in keep.lines]
                keep.first_index = min(keep.first_index, drop.first_index)
                if drop.min_years is not None:
                    keep.min_years = max(keep.min_years or 0.0, drop.min_years)
                del tallies[drop.cand.key]


def build_rubric(posting_text: str, company: str | None = None) -> Rubric:
    """Turn a job posting (plain text, markdown or pasted HTML) into a weighted rubric.

    Raises PostingError for an empty, binary or oversized posting, or one with no requirements.
    """
    text = _to_text(posting_text)
    _validate(text)
    lines = _content_lines(text)
    title_heads = _title_heads(lines, text)
    _parse_lines(lines)
    tallies: dict[str, _Tally] = {}
    for line in lines:
        lexical, spans = _lexicon_candidates(line.text)
        cands = list(lexical)
        if line.section != "intro":
            patterned = _pattern_candidates(line.text, spans)
            cands += patterned
            title_or_place = (line.index <= 1 and line.section in ("intro", "general")
                              and not _has_verb(line.text))   # "Northgate Mall, Store #0412"
            if not title_or_place:
                # an acronym does not block the phrase around it: "sterile IV admixtures"
                cands += _grammar_candidates(
                    line.text, spans + [(c.start, c.end) for c in patterned if c.source != "acronym"],
                    title_heads)
            _mark_years(line.text, cands)
        elif line.index > 0 and _DUTY_CUE_RE.search(line.text):
            # "In this role you will prepare petitions ...": the duties of a one-paragraph posting
            cands += _grammar_candidates(line.text, spans, title_heads)
        cands = [c for c in cands if c.from_lexicon or c.kind == "certification"
                 or not _names_a_person(c.keyword, title_heads)]
        seen_here: set[str] = set()
        for cand in cands:
            if cand.key in seen_here:
                continue
            seen_here.add(cand.key)
            tally = tallies.get(cand.key)
            if tally is None:
                tally = tallies[cand.key] = _Tally(cand, first_index=line.index)
            elif cand.from_lexicon and not tally.cand.from_lexicon:
                tally.cand = cand
            if cand.min_years is not None:
                tally.min_years = max(tally.min_years or 0.0, cand.min_years)
            tally.sections.append(line.section_at(cand.start))
            tally.lines.append(line)
    if not tallies:
        raise PostingError("No requirements found in the posting; paste the part that lists skills and duties.")

    _merge_nested_phrases(tallies)
    items: list[tuple[tuple, RubricItem]] = []
    for tally in tallies.values():
        count = len(tally.lines)
        base = tally.base_weight()
        weight = base + min(REPEAT_BONUS * (count - 1), REPEAT_BONUS_CAP)
        best_line = next(ln for ln, s in zip(tally.lines, tally.sections) if _SECTION_WEIGHT[s] == base)
        cand = tally.cand
        item = RubricItem(
            keyword=cand.keyword, kind=cand.kind, weight=weight,
            must_have="must" in tally.sections, variants=list(cand.variants),
            source_line=best_line.text[:240], count=count, min_years=tally.min_years,
        )
        rank = (-weight, not cand.from_lexicon, cand.grammar_rank, tally.first_index)
        items.append((rank, item))
    items.sort(key=lambda pair: pair[0])
    chosen: list[RubricItem] = []
    names: set[str] = set()
    soft = 0
    nice = [item for _, item in items if item.weight <= NICE_WEIGHT + REPEAT_BONUS_CAP
            and not item.must_have and item.weight < RESPONSIBILITY_WEIGHT][:MIN_NICE_ITEMS]
    room = MAX_ITEMS - len(nice)
    for _, item in items:
        if item.keyword.lower() in names:
            continue   # the same words found by two routes ("USCIS" as acronym and phrase)
        if item.kind == "soft_skill":
            if soft >= MAX_SOFT_SKILLS:
                continue
            soft += 1
        if item in nice or len(chosen) < room + sum(1 for n in nice if n in chosen):
            chosen.append(item)
            names.add(item.keyword.lower())
        if len(chosen) >= MAX_ITEMS:
            break
    return Rubric(chosen, company=company)
