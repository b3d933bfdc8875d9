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
"knowledge of X", "X certification"). Acronyms / CamelCase product names and standards with
their numbers ("ISO 9001", "USP <797>") on requirement lines are kept as tools or domain terms.
The degree and years of experience are requirements of their own: the degree an item with its
subjects as variants, the years kept on the item for what they are of (`min_years`) with the
posting's wordings of the experience as variants. One requirement named several ways on a line
is one item with every wording. Items are chosen by weight plus evidence, at most `MAX_ITEMS`
(at most `MAX_SOFT_SKILLS` soft skills, at least `MIN_NICE_ITEMS` nice-to-haves), and listed by
weight. docs/scoring.md lists what is not a requirement.
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
MAX_ITEMS = 45
MIN_NICE_ITEMS = 8     # nice-to-haves keep a few places however long the must-have list is
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
_INLINE_DASH_RE = re.compile(r"\s+[-–]\s+(?=[A-Z0-9])")
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
    # "... good coffee. The job You'll keep our books ...": a capitalised heading between two
    # sentences of a posting pasted as one paragraph
    between = heading[:1].isupper() and bool(re.search(r"[.!?)]\s+$", m.string[:m.start()])) \
        and len(m.string) > 400
    if m.start() == 0 or not (has_colon or shouting or before_bullet or between):
        return m.group(0)
    if _heading_section(heading + ":") == "skip":
        # keep "Schedule: Monday to Friday." together so a short field skips only itself
        return "\n" + heading + ": "
    return "\n" + heading + ":\n"


# "... handle performance conversations 6." in a numbered list pasted as one paragraph: the
# number opens the next item ("Key Stage 2.", "Tier 3." keep theirs).
_TRAILING_ENUM_RE = re.compile(
    r"(?<=[a-z,)])\s+\(?\d{1,2}[.)]$"
    r"(?<!stage \d\.)(?<!level \d\.)(?<!grade \d\.)(?<!year \d\.)(?<!tier \d\.)(?<!part \d\.)(?<!step \d\.)", re.IGNORECASE)


# The headings of _EXTRA_*_HEADING_RE inside a one-paragraph paste ("... per week Job overview
# We are looking for ...").
_INLINE_EXTRA_HEADING_RE = re.compile(
    r"(?<![\w'])((?:job overview|job purpose|main duties of the job|main duties|key duties|person specification|"
    r"essential criteria|desirable criteria|essential|desirable|about (?:the|this|your) (?:role|job|position)|"
    r"your responsibilities|key accountabilities|additional requirements|great to have|the good stuff|"
    r"life at [A-Z][\w&'-]*|selection process|benefits information))(?:\s*:|(?=\s+[A-Z•·▪➢✓\-\*]))", re.IGNORECASE)


def _split_lines(text: str) -> list[tuple[str, int]]:
    """Lines of content, each with the number of the paragraph it came from: bullets stripped,
    long lines and one-paragraph postings split into sentences and clauses."""
    text = normalize(_strip_html(text))
    text = re.sub(r"\*\*|__", "", text)   # markdown bold
    out: list[tuple[str, int]] = []
    paragraph = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        # inline headings ("... Requirements: 5+ years ...") get their own line
        line = INLINE_HEADING_RE.sub(_inline_heading, line)
        line = _INLINE_EXTRA_HEADING_RE.sub(_inline_heading, line)
        for part in line.split("\n"):
            paragraph += 1
            pieces_ = _INLINE_BULLET_RE.split(part)
            # "- Reconcile ... - Enter and pay ...": hyphen bullets of a one-paragraph paste
            pieces_ = [q for pc in pieces_ for q in (
                _INLINE_DASH_RE.split(pc) if len(pc) > 160 and len(_INLINE_DASH_RE.findall(pc)) >= 2 else [pc])]
            for piece in pieces_:
                pieces = _SENTENCE_SPLIT_RE.split(piece)
                pieces = [q for p in pieces for q in re.split(r";\s+", p)]
                for p in pieces:
                    # "... performance conversations 6." of a pasted numbered list: the 6 opens
                    # the next item
                    p = _TRAILING_ENUM_RE.sub("", p.strip())
                    if p:
                        out.append((p, paragraph))
    return out


# Headings of benefits and hiring-process text beyond the lexicon's list ("Life at Bluewater",
# "The good stuff", "Why work for us?", "Selection process").
_EXTRA_SKIP_HEADING_RE = re.compile(
    r"^(?:life at\b.{0,40}|the good stuff|how we (?:take care of|look after|support) you|"
    r"why [A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3}\??|"
    r"benefits? (?:information|overview|package|summary)|why (?:work|join)\b.{0,30}|"
    r"what we offer(?: you)?|our offer|(?:your )?rewards?(?: (?:and|&) benefits)?|working (?:here|with us)|"
    r"(?:the )?(?:selection|application|hiring|recruitment|interview) process|"
    r"what(?:'s| is) in it for you|perks?(?: (?:and|&) .{0,20})?|compensation(?: (?:and|&) .{0,20})?)"
    r"[\s:.!?-]*$", re.IGNORECASE)

_EXTRA_MUST_HEADING_RE = re.compile(
    r"^(?:essential(?: criteria| requirements| qualifications)?|person specification|"
    r"(?:the )?essentials|non-negotiables|what it takes|what you(?:'ll| will) need to (?:have|bring))[\s:.!-]*$",
    re.IGNORECASE)
_EXTRA_RESP_HEADING_RE = re.compile(
    r"^(?:job (?:overview|purpose|responsibilities|duties)|(?:main|key|principal|typical) duties(?: of the (?:job|role|post|position))?|"
    r"(?:main|key|principal) (?:duties|responsibilities) (?:and|&) (?:duties|responsibilities)|"
    r"duties of the (?:job|role|post|position)|about (?:the|this|your) (?:job|post|position|role|opportunity)|the post|"
    r"(?:role|position) purpose|what the role involves|your day[- ]to[- ]day|day[- ]to[- ]day responsibilities)"
    r"[\s:.!-]*$", re.IGNORECASE)
_EXTRA_NICE_HEADING_RE = re.compile(
    r"^(?:(?:great|good|nice|helpful|useful) to have|bonus skills|extras?|added bonus|"
    r"preferred (?:but not required|extras)|it(?:'s| is) a plus if(?: you)?(?: have)?|"
    r"desirable(?: criteria| requirements| qualifications)?)[\s:.!-]*$", re.IGNORECASE)

# Benefits and perks, and legal or hiring-process boilerplate, beyond the lexicon's
# BOILERPLATE_RE. A *hard* cue ends a line wherever it stands; a *soft* cue (a perk word that
# a duty can also name: "401(k) deferrals", "dental hygiene") counts towards a benefits line.
_HARD_BOILERPLATE_RE = re.compile(
    r"\b(?:equal (?:employment )?opportunit|eeo\b|eoe\b|aa/eeo|affirmative action|without regard to|"
    r"discriminat|harass|title ix coordinator|(?:we|employer|company|district|court|it) compl(?:y|ies) with|"
    r"protected (?:veteran|status|characteristic)|e-verify|background check|fingerprint|"
    r"drug (?:screen|test)|tb test|visa sponsorship|employment eligibility|form i-9|"
    r"reserve the right|close (?:this|the) (?:vacancy|posting)|high volume of applications|"
    r"closing date|open until filled|posting (?:date|number|#)|recruitment #|"
    r"welcomes? applications|committed to (?:equality|diversity|inclusion)|"
    r"apply now|click apply|to apply\b|submit your (?:resume|application|cv)|"
    r"we are an? .{0,40}employer|is an equal|competitive (?:salary|pay|wages?)|"
    r"(?:base |starting )?salary (?:range|placement|of|is)\b|pay (?:range|grade|scale)\b|"
    r"[$£€]\s?\d[\d,.]*\s*(?:-|–|to)\s*[$£€]?\s?\d|per (?:hour|annum)\b|/\s?h(?:ou)?r\b)", re.IGNORECASE)
_SOFT_BOILERPLATE_RE = re.compile(
    r"\b(?:\d+\s*%\s*(?:company |employer |county )?match|(?:company|employer|county|401\s*\(?k\)?|"
    r"403\s*\(?b\)?) match|match(?:ing)? (?:on|of|up to)\b|401\s*\(?k\)?|403\s*\(?b\)?|457\b|"
    r"parking|employee assistance|assistance program|\beap\b|stipend|"
    r"(?:tool|uniform|boot|ce|phone|travel|meal|clothing|car|home[- ]office|wellness|learning|"
    r"education) allowance|annual leave|bank holidays|\d+\s+(?:paid )?holidays|holidays? pay|pto\b|"
    r"sabbatical|learning budget|parental leave|off-?sites?\b|tuition|discount(?:ed)?|"
    r"staff meals?|shift meals?|tip pool|spiffs|sign-on|relocation (?:assistance|package)|"
    r"salary sacrifice|blue light card|cycle to work|wellbeing|well-being|pension|"
    r"dental|vision|medical(?:/| and | & )|health (?:insurance|benefits|plan|care plan)|life insurance|"
    r"perks?\b|(?:paid|funded|free) (?:continuing education|professional development|training)|"
    r"pay differential|shift differentials?|premiums? paid|take-home (?:van|truck|vehicle)|"
    r"volunteer days?|vacation|paid time off|retirement|deferred compensation|equity\b(?! (?:and|in) )|"
    r"we offer|you(?:'ll| will) (?:get|enjoy|receive))|[$£€]\s?\d", re.IGNORECASE)


@lru_cache(maxsize=512)
def _heading_section(line: str, before_list: bool = False) -> str | None:
    """The section a heading line opens ("must", "nice", "resp", "skip", "general"), or None."""
    is_markdown = line.startswith("#")
    bare = line.lstrip("#").strip().strip("*_").strip()
    bare = re.sub(r"^[^\w]+", "", bare).strip()
    bare = re.sub(r"[^\w).:!?'’]+$", "", bare).strip()   # "What's in it for you ✨"
    if not bare or len(bare) > 70:
        return None
    words = bare.split()
    if len(words) > 9:
        return None
    if re.match(r"(?:another|one more|also|plus)\b", bare, re.IGNORECASE):
        return None   # "Another plus: free admission ...": a sentence, not a heading
    if _EXTRA_SKIP_HEADING_RE.match(bare):
        return "skip"
    if _EXTRA_MUST_HEADING_RE.match(bare):
        return "must"
    if _EXTRA_RESP_HEADING_RE.match(bare):
        return "resp"
    if _EXTRA_NICE_HEADING_RE.match(bare):
        return "nice"
    for section, pattern in HEADING_PATTERNS:
        if pattern.match(bare):
            return section
    letters = [c for c in bare if c.isalpha()]
    shouting = len(words) >= 2 and letters and all(c.isupper() for c in letters)   # not a lone "SQL"
    if len(words) <= 8 and not re.search(r"[.;,!]$", bare):
        # a heading in words we do not list ("Your Responsibilities", "Pay and Benefits",
        # "Additional Requirements"): what it says it is, when it is set apart as a heading
        small = {"and", "or", "of", "the", "a", "an", "to", "for", "in", "on", "with", "&", "your", "our", "you"}
        title_case = all(w[:1].isupper() or w.lower() in small or not w[:1].isalpha() for w in words)
        if is_markdown or bare.endswith(":") or shouting or (title_case and before_list):
            keyed = _keyword_section(bare)
            if keyed:
                return keyed
    if len(words) <= 6 and (is_markdown or bare.endswith(":") or shouting):
        return "general"
    return None


_KEYWORD_SECTIONS = (
    ("nice", re.compile(r"\b(?:nice|preferred|bonus|plus|desir\w*|extras?|ideally|great to have|good to have)\b", re.I)),
    ("skip", re.compile(r"\b(?:benefits?|perks?|salary|compensation|pay|rewards?|equal|eeo|apply|application|"
                        r"about us|who we are|culture|our (?:company|story|team|values|mission)|location|schedule|"
                        r"hours|travel|physical|conditions|hiring process|disclaimer)\b", re.I)),
    ("must", re.compile(r"\b(?:requirements?|required|qualifications?|skills|experience|competenc\w*|education|"
                        r"licen[cs]es|licensure|certifications|credentials|what you(?:'ll| will)? (?:need|bring|have)|"
                        r"who you are|about you|ideal candidate|must[- ]haves?)\b", re.I)),
    ("resp", re.compile(r"\b(?:responsibilit\w*|duties|accountabilit\w*|what you(?:'ll| will)? (?:do|be doing)|"
                        r"day[- ]to[- ]day|the role|this role|your role|the job|the position|success looks like|"
                        r"you(?:'ll| will) (?:do|own|work on))\b", re.I)),
)


def _keyword_section(bare: str) -> str | None:
    for section, pattern in _KEYWORD_SECTIONS:
        if pattern.search(bare):
            return section
    return None


@dataclass
class _Line:
    text: str        # bullet stripped
    section: str     # must / nice / resp / general / intro
    index: int
    nice_from: int | None = None   # "3+ years of X, ideally Y": terms from here on are nice-to-have

    def section_at(self, pos: int) -> str:
        return "nice" if self.nice_from is not None and pos >= self.nice_from else self.section


_HARD_LEXICON_BOILERPLATE_RE = re.compile(
    r"equal|eeo|eoe|affirmative|regard|race|religion|national origin|orientation|identity|veteran|"
    r"protected|genetic|accommodat|disabilit|e-verify|background|dbs|drug|sponsorship|per hour|"
    r"hourly rate|base pay|pay range|apply|submit|employer|privacy|recruitment|committed|celebrat|"
    r"embrac|values?\b", re.IGNORECASE)


# Hiring checks: boilerplate in an offer, but the work itself on an HR or security duty line
# ("Run onboarding, including I-9 verification and E-Verify", "Conduct background checks").
_SCREENING_RE = re.compile(
    r"e-verify|background (?:check|screen)|fingerprint|drug (?:screen|test)|tb test|sponsorship|"
    r"employment eligibility|form i-9|\bi-9\b|dbs", re.IGNORECASE)
_RIGHT_TO_WORK_RE = re.compile(
    r"\b(?:(?:legally )?(?:authori[sz]ed|eligible|entitled|permitted) to work(?: in the [A-Z][\w.]*(?: [A-Z][\w.]*)*| in [A-Z][\w.]*)?"
    r"|right to work(?: in the [A-Z][\w.]*| in [A-Z][\w.]*)?|work authori[sz]ation|(?:valid )?work permit)\b",
    re.IGNORECASE)


def _boilerplate_cues(line: str) -> tuple[bool, bool, list[re.Match[str]]]:
    """(has a hard cue, has only hiring-check hard cues, the soft cues) of a line: see
    _HARD_BOILERPLATE_RE and _SCREENING_RE."""
    hard = [m.group(0) for m in _HARD_BOILERPLATE_RE.finditer(line)]
    soft = list(_SOFT_BOILERPLATE_RE.finditer(line))
    for m in BOILERPLATE_RE.finditer(line):
        if _HARD_LEXICON_BOILERPLATE_RE.search(m.group(0)):
            hard.append(m.group(0))
        elif not any(s.start() <= m.start() < s.end() for s in soft):
            soft.append(m)
    screening = bool(hard) and all(_SCREENING_RE.search(h) for h in hard)
    return bool(hard), screening, soft


# Perk words that only a perk uses (a match, a stipend, parking, a discount, an amount); the
# others ("dental", "401(k)", "retirement", "compensation", "wellness") are also the work of
# a hygienist, a payroll clerk or an HR generalist.
_CLEAR_PERK_RE = re.compile(
    r"\d+\s*%|\bmatch\b|stipend|allowance|discount|parking|sign-on|relocation|tip pool|spiffs|"
    r"staff meals?|shift meals?|\bfree\b|\bperks?\b|we offer|you(?:'ll| will) (?:get|enjoy|receive)|"
    r"pay differential|shift differentials?|take-home|volunteer days?|learning budget|off-?sites?|"
    r"salary sacrifice|blue light|cycle to work|bank holidays|annual leave|sabbatical|"
    r"parental leave|paid (?:time off|holidays?|leave|vacation|parking|training|continuing)|"
    r"\d+\s+(?:paid )?holidays|premiums? paid|employer contribution|company contribution|"
    r"(?:generous|competitive|comprehensive|excellent|great|full) benefits|equity\b", re.IGNORECASE)
# Lines that open with a duty verb are duties, whatever perk words they hold.
_DUTY_VERBS = frozenset(
    """administer manage coordinate process support oversee maintain track reconcile audit enroll
    answer respond assist prepare serve partner handle resolve conduct ensure lead run plan review
    update communicate educate explain research evaluate analyze analyse negotiate implement develop
    design advise counsel calculate record enter file submit monitor investigate verify compile
    draft train onboard recruit interview schedule order receive deliver install repair inspect
    test document report present build create write prepare issue collect pay bill code post
    process respond liaise act benchmark model price cost quote estimate survey map measure
    operate install configure troubleshoot diagnose inspect clean stock restock rotate label
    dispense compound fill counsel educate teach mentor coach supervise direct assign recommend
    forecast budget audit reconcile invoice procure purchase source vet screen triage assess
    perform provide deliver facilitate organize organise arrange book greet register enroll
    draw administer instill prep cook bake plate expedite cut butcher season""".split())


_DUTY_CLAUSE_RE = re.compile(
    r",\s+(?:and\s+)?(?=(?:" + "|".join(sorted(_DUTY_VERBS | {"keep", "draft", "collect", "track", "respond",
                                                                  "attend", "support", "help", "take"}))
    + r")\b\s+(?!and\b|or\b))")


def _duty_led(line: str) -> bool:
    first = re.sub(r"[^a-z]", "", line.split(None, 1)[0].lower()) if line.split() else ""
    return first in _DUTY_VERBS or (first.endswith("s") and first[:-1] in _DUTY_VERBS) or (
        first.endswith("es") and first[:-2] in _DUTY_VERBS)
_CLAUSE_EDGE_RE = re.compile(r"\s[—–-]\s|[;()]|,\s")


def _without_clause(line: str, cue: re.Match[str]) -> str | None:
    """The line without the clause that holds a perk ("Bilingual (Spanish/English) - a 5%
    bilingual pay differential applies" -> "Bilingual (Spanish/English)"), or None when the perk
    is not in a clause of its own."""
    edges = [(m.start(), m.end()) for m in _CLAUSE_EDGE_RE.finditer(line)]
    left = max((e for s_, e in edges if e <= cue.start()), default=0)
    right = min((s_ for s_, e in edges if s_ >= cue.end()), default=len(line))
    if left == 0 and right == len(line):
        return None
    rest = (line[:left] + " " + line[right:]).strip(" ,;-—–(")
    return rest if len(rest.split()) >= 1 else None


# Headings that name HR work as well as perks ("Benefits", "Compensation", "Leave"), unlike
# headings that only introduce perks ("Our benefits", "What we offer", "Perks").
_TOPIC_HEADING_RE = re.compile(
    r"\b(?:benefits?|compensation|rewards?|leave|wellness|pay(?:roll)?|retirement|compliance|reporting)\b",
    re.IGNORECASE)
_PERK_HEADING_RE = re.compile(
    r"\b(?:our|your|we|what|why|perks?|offer\w*|package|information|summary|overview|life|join|"
    r"enjoy|get|culture|at\s+[A-Z])\b", re.IGNORECASE)
# The employer's own statements, never a requirement, whatever the line opens with.
_STATEMENT_RE = re.compile(
    r"equal (?:employment )?opportunity employer|is an? equal|eoe\b|aa/eeo|/affirmative action employer|"
    r"without regard to|protected veteran|regardless of|we are an? .{0,40}employer|"
    r"(?:we|employer|company|district|court|it) compl(?:y|ies) with|apply now|to apply\b|submit your|"
    r"reserve the right|welcomes? applications|committed to (?:equality|diversity|inclusion)",
    re.IGNORECASE)
# Labels of one-line fields ("Salary: ...", "Department: ..."), unlike a benefits heading.
_FIELD_LABEL_RE = re.compile(
    r"\s*(?:location|department|division|salary(?: range)?|pay(?: range| rate)?|schedule|shift|hours|travel|"
    r"job type|employment type|reports? to|posted|closing date|start date|recruitment|posting|grade|"
    r"job family|pay grade|contract|duration|work (?:location|setting|schedule))\s*$", re.IGNORECASE)


@dataclass
class _Staged:
    text: str
    section: str
    paragraph: int
    block: int
    dropped: str = ""      # "", "legal" or "benefit"


def _content_lines(text: str) -> list[_Line]:
    # 1. lines with their section, block (a run under one heading) and paragraph
    entries: list[_Staged] = []
    section, block = "intro", 0
    heading_of: dict[int, str] = {}
    before_of: dict[int, str] = {}
    last_content = "intro"

    def open_block(new_section: str, title: str) -> None:
        nonlocal section, block, last_content
        if section != "skip":
            last_content = section
        section, block = new_section, block + 1
        heading_of[block], before_of[block] = title, last_content

    raws = _split_lines(text)
    for n, (raw, paragraph) in enumerate(raws):
        line = _BULLET_RE.sub("", raw).strip()
        if not line:
            continue
        bulleted = len(line) < len(raw.strip()) and not raw.startswith("#")
        nxt = raws[n + 1][0] if n + 1 < len(raws) else ""
        before_list = bool(nxt) and _BULLET_RE.match(nxt) is not None and _BULLET_RE.sub("", nxt) != nxt
        heading = None if bulleted and not line.endswith(":") else _heading_section(
            raw if raw.startswith("#") else line, before_list)
        if heading:
            open_block(heading, line)
            continue
        m = _COLON_PREFIX_RE.match(line)
        if m:
            prefix_section = _heading_section(m.group(1) + ":")
            field_label = bool(_FIELD_LABEL_RE.match(m.group(1)))
            if prefix_section == "skip" and field_label and (len(m.group(2)) < 80 or (
                    n + 1 < len(raws) and raws[n + 1][1] == paragraph)):
                # a one-line field such as "Location: Remote" or "Schedule: nights"; in a
                # one-paragraph paste only its own sentence ("Department: Imaging ...")
                continue
            if prefix_section == "skip" and not field_label and len(m.group(1).split()) <= 4:
                open_block("skip", m.group(1))   # "BENEFITS: CalPERS ...", "Perks: ..."
                entries.append(_Staged(m.group(2).strip(), "skip", paragraph, block))
                continue
            if prefix_section == "skip" and len(m.group(2)) < 80:
                continue
            if prefix_section and prefix_section != "general":
                open_block(prefix_section, m.group(1))
                line = m.group(2).strip()
        entries.append(_Staged(line, section, paragraph, block))

    # 2. "Benefits", "Compensation", "Leave" over a list of duties ("Administer health, dental and
    # vision plans", "Run the annual merit cycle") head the work of an HR role, not its perks
    blocks: dict[int, list[_Staged]] = {}
    for g in entries:
        blocks.setdefault(g.block, []).append(g)
    for b_, group in blocks.items():
        if not group or group[0].section != "skip" or not _TOPIC_HEADING_RE.search(heading_of.get(b_, "")) \
                or _PERK_HEADING_RE.search(heading_of.get(b_, "")):
            continue
        duties = sum(1 for g in group if _duty_led(g.text) or _PATTERN_RE.search(g.text))
        perks = sum(1 for g in group if _CLEAR_PERK_RE.search(g.text) or len(
            {c.group(0).lower() for c in _SOFT_BOILERPLATE_RE.finditer(g.text)}) >= 2 and not _duty_led(g.text))
        if duties >= 1 and duties * 5 >= len(group) * 3 and perks * 3 <= duties and (duties >= 2 or perks == 0):
            back = before_of.get(b_, "resp")
            for g in group:
                g.section = back if back not in ("intro", "general", "skip") else "resp"

    # 3. benefits and boilerplate inside what is left
    staged: list[_Staged] = []
    for g in entries:
        line, section, paragraph, block = g.text, g.section, g.paragraph, g.block
        if section == "skip":
            continue
        hard, screening, soft = _boilerplate_cues(line)
        if hard and section in ("must", "resp", "nice") and (
                _duty_led(line) or (_PATTERN_RE.search(line) and not _STATEMENT_RE.search(line))):
            # "Investigate harassment complaints", "Prepare EEO-1 and affirmative action plan
            # reports", "Run onboarding, including I-9 verification and E-Verify",
            # "Knowledge of FLSA, ADA and Title VII": HR work, not the employer's statement
            hard = False
        rtw = _RIGHT_TO_WORK_RE.search(line)
        if rtw and (not hard or screening) and not re.search(r"verif|requires us|we (?:will|must)", line, re.IGNORECASE):
            # "Must be authorized to work in the US (no sponsorship)": a requirement the
            # annotators list; only that much of the line is kept
            staged.append(_Staged(rtw.group(0), "must" if section != "nice" else "nice", paragraph, block, ""))
            continue
        dropped = "legal" if hard else ""
        if not dropped and soft:
            distinct = {c.group(0).lower() for c in soft}
            clear = [c for c in soft if _CLEAR_PERK_RE.search(c.group(0))]
            if section not in ("must", "resp", "nice"):
                dropped = "benefit"
            elif _duty_led(line) and not re.search(r"\d+\s*%\s*(?:\w+\s+)?match|[$£€]\s?\d", line):
                pass   # "Administer health, dental and vision benefits": an HR duty, not a perk
            elif (len(distinct) >= 3 or (len(distinct) == 2 and clear)
                  or (len(distinct) == 2 and not _PATTERN_RE.search(line) and not MUST_CUE_RE.search(line))):
                dropped = "benefit"   # "Medical, dental and vision from day one"
            elif clear:
                # one perk on a requirement line: drop its clause, keep the requirement
                # ("Bilingual - a 5% pay differential applies" keeps "Bilingual")
                rest = _without_clause(line, clear[0])
                if rest is not None and not _CLEAR_PERK_RE.search(rest):
                    line = rest
            # a perk word a requirement also uses stays: "dental hygiene license", "401(k) deferrals"
        staged.append(_Staged(line, section, paragraph, block, dropped))

    # A paragraph, or a section under a heading we do not know ("Life at Bluewater", "The good
    # stuff"), that is mostly perks is a benefits paragraph throughout: "Another reason people
    # stay: 40 hours of paid continuing education" is a perk too.
    def spread(groups: dict[int, list[_Staged]], sections: tuple[str, ...] | None) -> None:
        for group in groups.values():
            benefit = sum(1 for g in group if g.dropped == "benefit")
            dropped = sum(1 for g in group if g.dropped)
            if benefit and 2 <= len(group) <= 8 and dropped * 2 >= len(group):
                for g in group:
                    if not g.dropped and (sections is None or g.section in sections) and not (
                            (MUST_CUE_RE.search(g.text) or NICE_CUE_RE.search(g.text) or _DUTY_CUE_RE.search(g.text)
                             or _PATTERN_RE.search(g.text) or _duty_led(g.text))
                            and g.section in ("must", "resp", "nice")):
                        g.dropped = "benefit"

    by_paragraph: dict[int, list[_Staged]] = {}
    by_block: dict[int, list[_Staged]] = {}
    for g in staged:
        by_paragraph.setdefault(g.paragraph, []).append(g)
        by_block.setdefault(g.block, []).append(g)
    spread(by_paragraph, None)
    spread(by_block, ("general", "intro"))

    heads = sorted(_title_heads([], text))
    role_subject = re.compile(
        r"^(?:(?:the|our|as (?:an?|the|our))\s+)?(?:[A-Za-z&/-]+\s+){0,4}?(?:"
        + "|".join(re.escape(h) for h in heads) + (r"|" if heads else "")
        + r"post ?holder|successful candidate|incumbent|job ?holder)s?\b(?!\s+(?:is|are) an?\b)",
        re.IGNORECASE)
    expanded: list[_Staged] = []
    for g in staged:
        if not g.dropped and len(g.text) > 150:
            # "prepare petitions ..., draft support letters ..., collect and review documents
            # ..., and keep clients updated": one line per duty, each parsed on its own
            parts = _DUTY_CLAUSE_RE.split(g.text)
            if len(parts) > 1:
                expanded += [_Staged(p_.strip(" ,"), g.section, g.paragraph, g.block) for p_ in parts if p_.strip(" ,")]
                continue
        expanded.append(g)
    staged = expanded
    lines: list[_Line] = []
    for g in staged:
        if g.dropped:
            continue
        line, section = g.text, g.section
        if section == "intro" and (lines or len(line.split()) > 15) and not (
                ROLE_CUE_RE.search(line) or MUST_CUE_RE.search(line) or NICE_CUE_RE.search(line)
                or _TRIGGER_RE.search(line) or role_subject.search(line)):
            continue  # the company's own blurb, not what the role asks for
        if section == "intro" and lines and (role_subject.search(line) or _DUTY_CUE_RE.search(line)):
            section = "resp"   # "The Project Engineer supports the PM with submittals, RFIs ..."
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
    source: str = "pattern"  # "lexicon", "pattern", "acronym", "grammar", "experience", "degree"
    absorbs: tuple[tuple[int, int], ...] = ()   # lexicon terms inside it that it stands for
    named: bool = False      # written with a capital inside a sentence: a product or a name


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


# Lexicon terms a posting uses in another sense, beyond the lexicon's own list: "safeguards
# exhibits" is a verb, not child safeguarding.
_EXTRA_FALSE_CONTEXTS: dict[str, re.Pattern[str]] = {
    # "workers' compensation claims" are an insurance claim, not pay; "sales tax" is a tax
    "compensation": re.compile(r"\bworkers'?’?\s+compensation|\bunemployment compensation", re.IGNORECASE),
    "sales": re.compile(r"\bsales\s+(?:tax|taxes|returns?|receipts|from|floor)\b|\brecord\s+sales\b", re.IGNORECASE),
    "integrity": re.compile(r"\b(?:data|system|structural|database|record|file)\s+integrity\b|\bintegrity of (?:the |our )?(?:data|records|systems?)",
                            re.IGNORECASE),
    "safeguarding": re.compile(
        r"\bsafeguards?\s+(?!children|child|vulnerable|adults|young|pupils|students)(?:the\s+)?[a-z]+", re.IGNORECASE),
}


# A standard, a regulation or a code with its number: "ISO 9001:2015", "ASME Y14.5", "NIST
# 800-53", "SOC 2", "USP <797>", "NFPA 70E", "21 CFR Part 11", "FAR Part 121", "ICD-10".
_STANDARD_RE = re.compile(
    r"(?<![\w/-])(?:\d{1,2}\s+)?(?P<acr>[A-Z][A-Z&]{1,6}(?:/[A-Z]{2,6})?)"
    r"(?P<code>(?:[\s-](?:Part\s+)?<?[A-Z]?\d[\w.:/-]*>?)+)(?![\w])")


def _standard_candidates(line: str) -> list[_Candidate]:
    out = []
    for m in _STANDARD_RE.finditer(line):
        acr = m.group("acr")
        code = m.group("code").strip()
        if acr in ACRONYM_STOP or acr in ("FY", "Q", "COVID") or re.fullmatch(r"(?:19[5-9]|20[0-4])\d", code):
            continue   # "FY 2024": a year
        text = m.group(0).strip().rstrip(".,:")
        bare = re.sub(r"[<>]", "", text)
        variants = tuple(dict.fromkeys(v for v in (bare, acr, f"{acr} {re.sub(r'[<>]', '', code)}") if v != text))
        out.append(_Candidate(_phrase_key(text) or text.lower(), text, "domain", variants, False,
                              m.start(), m.start() + len(text), source="acronym"))
    return out


def _lexicon_candidates(line: str, standards: list[_Candidate] | None = None
                        ) -> tuple[list[_Candidate], list[tuple[int, int]]]:
    by_first, by_compact = _lexicon_index()
    doc = matching._doc(line)
    toks = doc.tokens
    found: dict[str, _Candidate] = {}
    spans: list[tuple[int, int]] = []
    inside_standard = [(c.start, c.end) for c in standards or ()]

    def add(entry: LexiconEntry, a: int, b: int) -> None:
        key = entry.canonical.lower()
        start, end = toks[a].start, toks[b - 1].end
        if line[end:end + 1] == "(" or (start > 0 and line[start - 1] == ")"):
            return   # "IR(ME)R": a piece of another name
        if any(x <= start and end <= y and (x, y) != (start, end) for x, y in inside_standard):
            return   # "SOC" of "SOC 2" is not a security operations centre
        if key in ("budgeting", "forecasting", "scheduling") and re.search(
                r"\b(?:inside|within|on|under|over|ahead of|behind)\s+(?:the\s+)?$", line[max(0, start - 14):start],
                re.IGNORECASE):
            return   # "inside budget", "on schedule": a condition, not the work
        false_context = _EXTRA_FALSE_CONTEXTS.get(key)
        if false_context and false_context.search(line[max(0, start - 30):end + 40]):
            return
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
# The same cues without the years ones (years are read by _experience_requirements), so
# "2+ years of HR experience with benefits administration" still finds "experience with ...".
_PATTERN_RE = re.compile(
    r"\b(?:experience|experienced|expertise|proficiency|proficient|knowledge|familiarity|familiar|"
    r"skilled|skills|background|fluency|fluent|competen(?:ce|cy)|understanding|comfort|comfortable|"
    r"track record|working knowledge|exposure|certified|mastery|command)"
    r"\s+(?:working\s+)?(?:with|in|of|using|on|across|as)\s+(?P<x>[^.;:()!?\n]+)"
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
_LANGUAGE_WORDS = _LANGUAGES | frozenset({"english", "bilingual"})


# An amount, a count or a duration ("over $500k", "150+", "30 days") is a condition, not a skill.
_AMOUNT_RE = re.compile(r"^[$£€]?\d[\d,.]*\s*(?:[kKmMbB]|%|\+)?\+?$|^[$£€]")
_QUANTITY_WORDS = frozenset(
    """over under above below up to more than less fewer approximately approx around about nearly
    circa million millions billion k m bn days weeks months years hours minutes people staff
    employees rooms sites stores locations half third quarter most majority many few several
    dozen dozens hundreds thousands""".split())


# Trailing nouns that give a bare lowercase word its meaning and are kept after it.
_CONCRETE_TAILS = frozenset("projects project systems programs products platforms applications software "
                            "standards practices methods techniques principles concepts processes process "
                            "technologies technology pipelines frameworks language".split())


def _is_amount(words: list[str]) -> bool:
    """True when the phrase is only amounts and quantity words, or names money at all."""
    if any(re.match(r"^[$£€]|\d[\d,.]*[kKmM]$", w) for w in words):
        return True
    return all(_AMOUNT_RE.match(w) or w.lower() in _QUANTITY_WORDS for w in words)


def _clean_phrase(piece: str, max_words: int = 4) -> str | None:
    words = piece.replace("’", "'").split()
    # "general radiographic examinations", "general surgery": a kind, not a vague word
    keep_general = len(words) >= 2 and words[0].lower() == "general" and (
        len(words) >= 3 or re.search(r"(?:graphy|logy|istry|ics|ery|practice|ledger)$", words[1].lower()))
    if words and _is_amount(words):
        return None
    keep_new = len(words) >= 2 and words[0].lower() == "new" and words[1].lower() in ("hire", "hires", "employee", "employees")
    while words and not (keep_general and words[0].lower() == "general") and not (keep_new and words[0].lower() == "new") and (
                     words[0].lower().strip(",.'\"") in PHRASE_LEAD_STOP or words[0].lower() in STOPWORDS
                     or words[0].lower() in LEAD_VERBS
                     or words[0].lower() in ("fast-paced", "high-volume", "dynamic", "busy", "high-growth",
                                             "large", "small", "complex", "diverse", "new", "one", "two",
                                             "three", "more", "least", "recent", "\"", "'")
                     or ((words[0].rstrip("+").isdigit() or re.fullmatch(r"\d[\d,.\-–/+]*", words[0]))
                         and not (len(words) > 1 and _FORM_NUMBER_RE.fullmatch(words[0])
                                  and words[1].lower() in _DOCUMENT_NOUNS))):
        words.pop(0)
    dropped_tail: list[str] = []
    while words and (words[-1].lower().strip(",.'\"") in PHRASE_TAIL_STOP or words[-1].lower() in STOPWORDS):
        dropped_tail.insert(0, words.pop())
    if (len(words) == 1 and words[0].isalpha() and words[0].islower() and not words[0].endswith("ing")
            and dropped_tail and dropped_tail[0].lower() in _CONCRETE_TAILS):
        words.append(dropped_tail[0])   # "transportation projects": a bare "transportation" is too vague
    if not words or len(words) > max_words:
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
    # "federal and state wage-and-hour law" -> "federal wage-and-hour law": everything after the
    # second part's own first word is shared
    shared = " ".join(w.strip(".,'\"") for w in chunk[1:])
    return f"{piece.strip()} {shared}"


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

    for m in _PATTERN_RE.finditer(masked):
        group = next(g for g in ("x", "z") if m.group(g))
        x = m.group(group)
        start = m.start(group)
        if group == "z":
            if any(b in (start, start - 1) for _, b in taken):
                continue   # "ServSafe Manager certification": the grammar keeps it whole
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
    for m in re.finditer(r"(?<![\w/&.-])([A-Z]{1,4}\([A-Z]{1,4}\)[A-Z]{0,4}|[A-Z][A-Z0-9]{1,5}s?|[A-Z][a-z]+[A-Z][A-Za-z]+|"
                         r"[a-z][A-Z][A-Za-z]+)(?![\w/&(-])", masked):
        word = m.group(1)
        if word.rstrip("s").upper() in ACRONYM_STOP or word.upper() in ACRONYM_STOP:
            continue
        if re.fullmatch(r"[IVX]+", word):
            title = re.search(r"\b(Title|Phase|Part|Schedule|Level|Class|Grade|Band|Chapter)\s+$", masked[:m.start()])
            if title:   # "Title VII", "Phase II": one name
                out.append(_Candidate(_phrase_key(title.group(1) + " " + word), f"{title.group(1)} {word}",
                                      "domain", (), False, title.start(), m.end(), source="pattern"))
            continue   # a bare roman numeral ("VII" of "Title VII", "Clerk II")
        kind = "tool" if not word.isupper() else "domain"
        out.append(_Candidate(word.lower().rstrip("s") if word.isupper() else word.lower(), word, kind, (),
                              False, m.start(), m.end(), source="acronym" if "(" not in word else "pattern"))
    return out


# --- candidates from the grammar of a line (spaCy) ------------------------------------------------

# What a duty line acts on names the requirement: "Reconcile bank statements" -> "Bank
# statements", "Place IV catheters" -> "IV catheters". Adjectives that only say how often, how
# much or how well are dropped; the ones that say what kind are kept ("arterial blood gases").
_VAGUE_ADJECTIVES = frozenset(
    """weekly daily monthly quarterly annual yearly regular routine timely accurate potential
    suspicious various several multiple all any other new existing current active valid clean
    friendly clear strong excellent good great solid basic advanced overall key
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
    manager managers supervisor supervisors lead leads one ones another other others use
    lbs lb pounds kg kilos membership memberships placement placements""".split())
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


_CREDENTIAL_NOUNS = frozenset(
    """license licence licensure certification certificate registration credential permit card
    badge degree diploma endorsement""".split())
_CREDENTIAL_VERBS = frozenset(
    """obtain maintain hold possess have earn complete renew pass get acquire keep secure
    obtains maintains holds possesses has earns completes renews passes gets acquires keeps""".split())


def _imperative_prefix(text: str) -> str | None:
    """The prefix under which a line that may open with a bare verb is read as the imperative
    it is ("Reconcile bank statements" -> "You will reconcile ...", "Draws blood" -> "She
    draws ..."), or None when its first word cannot be a verb or is a leading adjective."""
    if not text[:1].isalpha() or text[:2].isupper():
        return None
    lead = text.split(None, 1)[0].lower().strip(",.:;")
    if lead.endswith("ing") and len(lead) > 5:
        return None   # "Typing speed of 45 wpm", "Drafting pleadings": a gerund, read as it stands
    if re.match(r"(?:track|service|work|sales|field|case|care|data|process|change|time|cost|quality)\s+"
                r"(?:record|history|management|orders?|notes?|plans?|entry|control|requests?|reports?)\b",
                text, re.IGNORECASE):
        return None   # "Track record of ...", "Case management", "Change orders": a noun phrase
    if re.search(r"(?:tion|sion|ment|ness|ity|ance|ence|ship|ism|ency|ancy)s?$", lead) and len(lead) > 6 \
            and lead.rstrip("s") not in ("document", "implement", "supplement", "complement", "comment",
                                         "experiment", "augment", "segment", "reference", "evidence",
                                         "position", "question", "function", "commission", "section",
                                         "finance", "balance", "license", "licence", "influence"):
        return None   # "Discretion with confidential information": a noun
    if (lead in _NOT_A_VERB_LEAD or lead in PHRASE_LEAD_STOP or lead in _VAGUE_ADJECTIVES
            or lead in _CREDENTIAL_LEADS):
        return None   # "Strong knife skills": an adjective, not a verb
    head = re.sub(r"\([^)]*\)", " ", text).split()[:6]
    if lead not in _CREDENTIAL_VERBS and any(w.lower().strip(",.;:") in _CREDENTIAL_NOUNS for w in head[1:]):
        return None   # "Master plumber license", "Backflow tester certification": a credential
    return "She " if lead.endswith("s") and not lead.endswith("ss") else "You will "


def _imperative_reading(text: str):
    """(doc, offset) of the imperative reading when its first word parses as a verb, else None."""
    prefix = _imperative_prefix(text)
    if prefix is None:
        return None
    alt = nlp.parse(prefix + text[0].lower() + text[1:])
    at = len(prefix.split())
    if len(alt) > at and alt[at].pos_ == "VERB":
        verb = alt[at]
        # a verb that takes nothing ("Pastry or bread experience" read as "You will pastry ...")
        # is a noun phrase misread
        takes = any(c.dep_ in ("dobj", "obj", "prep", "prt", "xcomp", "ccomp", "advmod", "dative", "attr",
                               "acomp", "oprd", "advcl", "npadvmod") or (c.dep_ == "conj" and c.pos_ == "VERB")
                    for c in verb.children)
        if takes or len(alt) <= at + 1:
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
        elif c.dep_ == "poss" and c.pos_ == "NOUN" and c.tag_ == "NNS":
            keep.extend(c.subtree)   # "workers' compensation claims"
    toks = sorted({t.i: t for t in keep}.values(), key=lambda t: t.i)
    while toks and ((toks[0].lower_ in _VAGUE_ADJECTIVES and not (toks[0].pos_ == "PROPN" and toks[0].text[:1].isupper())
                     and not (toks[0].lower_ == "new" and len(toks) > 1 and toks[1].lower_ in ("hire", "hires", "employee", "employees")))
                    or toks[0].lower_ in _DETERMINER_WORDS
                    or toks[0].is_punct or toks[0].pos_ in ("DET", "PRON", "ADV")
                    or (toks[0].tag_ in ("VBN", "VBG") and toks[0].i != head.i)):
        toks = toks[1:]
    return toks


# Heads whose "of ..." says how much or which part, not what the thing is.
_OF_CONTAINERS = frozenset(
    """knowledge understanding experience familiarity proficiency expertise ability abilities
    capability years year months weeks number variety range lots lot types type kinds kind level
    levels use part member members one all most some any each majority set series degree graduate
    graduates completion minimum total amount hours days list combination equivalent mix host
    array suite rest group groups team teams staff department office head director manager
    managers supervisor command mastery grasp awareness appreciation comfort fluency sense
    commitment passion desire record history course courses standard standards way ways
    full area areas field fields aspects aspect phases phase stages stage end pieces""".split())


def _of_complement(head) -> list:
    """The "of"/"for" phrase that names what the head is ("chain of custody", "abstracts of
    judgment", "letters of recommendation", "Rules of Court", "Requests for Evidence"); empty when
    it only says how much, which one or whose ("a range of exams", "the rulings of the court")."""
    if head.lower_ in _OF_CONTAINERS or head.pos_ not in ("NOUN", "PROPN"):
        return []
    doc = head.doc
    if head.i + 1 >= len(doc):
        return []
    prep = doc[head.i + 1]
    if prep.dep_ != "prep" or prep.head.i != head.i:
        return []
    word = prep.lower_
    capital = head.text[:1].isupper()
    if not (word == "of" or (word in ("for", "in") and capital)):
        return []
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.pos_ not in ("NOUN", "PROPN") or pobj.like_num:
        return []
    if any(c.dep_ in ("det", "poss", "nummod") for c in pobj.children):
        return []
    if word != "of" and not pobj.text[:1].isupper():
        return []
    if pobj.pos_ == "PROPN" and not capital:
        return []   # "the face of Bluewater": a company, not a kind of thing
    inner = _phrase_tokens(pobj)
    if not inner or len(inner) > 4 or inner[0].i != prep.i + 1 or inner[-1].i != pobj.i:
        return []
    return [prep, *inner]


def _credential_phrase(head, offset: int, text: str) -> tuple[str, int, int] | None:
    """"Active registration as a pharmacy technician" -> "Pharmacy technician registration";
    "Current Washington State dental hygiene license" -> "Dental hygiene license"."""
    toks = _phrase_tokens(head)
    poss = [c for c in head.lefts if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN")]
    if poss:   # "driver's license", "journeyman's card"
        toks = sorted({t.i: t for t in [*toks, *(t for p_ in poss for t in p_.subtree)]}.values(),
                      key=lambda t: t.i)
        while toks and (toks[0].pos_ in ("DET", "PRON") or toks[0].lower_ in _CREDENTIAL_LEADS
                        or toks[0].lower_ in _VAGUE_ADJECTIVES):
            toks = toks[1:]
    while toks and (toks[0].lower_ in _CREDENTIAL_LEADS or (toks[0].pos_ == "PROPN" and len(toks) > 1
                    and any(t.lower_ == "state" for t in toks[1:3]))):
        toks = toks[1:]
    content = [t for t in toks if t.i != head.i]
    if not content:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("as", "in", "of", "with"):
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None and prep.lower_ == "with" and obj.pos_ != "PROPN":
                    continue   # "license with an acceptable driving record": a condition
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
    clinicians resident residents physician colleague peer peers holder holders incumbent
    inpatients outpatients""".split())
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

def _in_purpose_clause(tok) -> bool:
    """Is the token inside a "to ..." purpose clause ("to support pricing")?"""
    t = tok
    for _ in range(10):
        if t.pos_ == "VERB" and t.dep_ in ("advcl", "xcomp") and t.head.pos_ == "VERB" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            if not any(c.dep_ in ("dobj", "obj") for c in t.head.children):
                return False   # "Coordinate with insurers to resolve rejected claims": the activity
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


# People a duty acts on: "Train departmental buyers", "Supervise one Procurement Assistant",
# "Mentor an apprentice", "Swear in witnesses". With these verbs the verb and its people are
# the requirement (leading, training or serving people); with others the people are no item.
_PEOPLE_VERBS = frozenset(
    """supervise train mentor coach lead manage direct hire onboard recruit educate teach instruct
    counsel interview assess evaluate contact swear advise develop motivate discipline guide
    precept orient schedule triage""".split())
_PEOPLE_NOUNS = _PERSON_HEADS | frozenset(
    """witness witnesses juror jurors interpreter interpreters buyer buyers holder holders
    apprentice apprentices trainee trainees intern interns volunteer volunteers student students
    staff team teams crew crews brigade insured insureds patient patients family families parent
    parents client clients customer customers guest guests resident residents hire hires
    commis cook cooks server servers caregiver caregivers learner learners member members
    colleague colleagues peer peers""".split())
_COLLECTIVES = frozenset("brigade team teams crew crews staff group groups squad pool".split())


# Objects that say nothing alone ("Findings", "Actions", "Laws"): with a telling verb the duty is
# the item ("Document findings"), without one there is none.
_VAGUE_OBJECTS = frozenset(
    """findings actions issues concerns matters changes updates questions requests problems tasks
    items needs information inquiries enquiries documents files forms records laws regulations
    rules policies procedures guidelines requirements assistance support help services
    details materials resources results outcomes activities efforts situations cases events
    areas aspects things work duties errands instructions directions feedback habit habits knack
    eye passion""".split())
_WEAK_VERBS = frozenset("recommend take follow complete perform handle provide make receive get give".split())
# "5500 filings", "941 returns", "1095-C forms": a form's number names it.
_FORM_NUMBER_RE = re.compile(r"\d{3,5}(?:-[A-Z]{1,3})?")
_DOCUMENT_NOUNS = frozenset(
    "filings filing forms form returns return reports reporting reconciliations processing submissions".split())
# The noun of a duty ("administer benefits" -> "benefits administration", "audit freight
# invoices" -> "freight invoices audit"): the way a recruiter lists it.
_NOMINAL = {
    "administer": "administration", "manage": "management", "coordinate": "coordination",
    "reconcile": "reconciliation", "process": "processing", "audit": "audit", "plan": "planning",
    "schedule": "scheduling", "install": "installation", "inspect": "inspection", "maintain": "maintenance",
    "train": "training", "evaluate": "evaluation", "negotiate": "negotiation", "investigate": "investigation",
    "analyze": "analysis", "analyse": "analysis", "document": "documentation", "prepare": "preparation",
    "assess": "assessment", "review": "review", "develop": "development", "recruit": "recruitment",
    "test": "testing", "monitor": "monitoring", "report": "reporting", "calculate": "calculation",
    "verify": "verification", "file": "filing", "draft": "drafting", "forecast": "forecasting",
    "track": "tracking", "order": "ordering", "code": "coding", "bill": "billing", "repair": "repair",
    "design": "design", "estimate": "estimation", "enter": "entry", "collect": "collection",
    "distribute": "distribution", "implement": "implementation", "supervise": "supervision",
    "facilitate": "facilitation", "conduct": "", "perform": "", "handle": "handling", "resolve": "resolution",
    "prevent": "prevention", "respond": "response", "triage": "triage", "deliver": "delivery",
    "dispense": "dispensing", "compound": "compounding", "screen": "screening", "diagnose": "diagnosis",
    "interpret": "interpretation", "translate": "translation", "configure": "configuration",
    "troubleshoot": "troubleshooting", "research": "research", "consolidate": "consolidation",
    "allocate": "allocation", "invoice": "invoicing", "procure": "procurement", "purchase": "purchasing",
    "sort": "sorting", "clean": "cleaning", "sterilize": "sterilization", "label": "labeling",
    "enroll": "enrollment", "onboard": "onboarding", "adjust": "adjustment", "measure": "measurement",
    "cost": "costing", "scale": "scaling", "rotate": "rotation", "receive": "receiving", "check": "checking",
    "replace": "replacement", "operate": "operation", "prescribe": "prescribing",
}
_CONTAINER_HEADS = frozenset(
    """range variety number array host mix types kinds sorts all aspects lot lots set suite series
    spectrum gamut multitude""".split())


def _nominal_forms(verb: str, obj: str) -> tuple[str, ...]:
    """"administer", "benefits" -> ("benefits administration",)."""
    noun = _NOMINAL.get(verb)
    return (f"{obj.lower()} {noun}",) if noun else ()


def _span_text(toks, line: str, offset: int) -> str:
    """The posting's own text for tokens (contiguous or not)."""
    parts, prev = [], None
    for t in toks:
        if prev is not None and t.i != prev.i + 1:
            parts.append(" ")
        elif prev is not None:
            parts.append(line[prev.idx + len(prev.text) - offset:t.idx - offset])
        parts.append(t.text)
        prev = t
    return "".join(parts)


def _modifier_like(t) -> bool:
    if t.is_punct or t.is_stop or len(t.text) < 2 or (t.lower_ in _VAGUE_ADJECTIVES and t.lower_ != "general"):
        return False
    if t.lower_.endswith("ing") and t.pos_ != "PROPN":
        return False   # "portioning, waste logs": a gerund is a thing of its own
    if t.pos_ in ("ADJ", "PROPN", "NUM", "X"):
        return True
    return t.pos_ == "NOUN" and t.tag_ == "NN"


def _shared_groups(doc, start: int) -> dict[int, tuple[list[list], list]]:
    """Lists of modifiers that share one head noun ("H-1B, L-1 and O-1 petitions", "cost and
    price analysis", "attendance, grade and discipline data"): head token index -> (the token
    list of each expanded form, every token of the list)."""
    groups: dict[int, tuple[list[list], list]] = {}
    n, i = len(doc), start
    while i < n:
        members: list[list] = []
        j = i
        while j < n and _modifier_like(doc[j]):
            k = j + 1
            member = [doc[j]]
            while k + 1 < n and doc[k].text in ("-", "/") and not doc[k - 1].whitespace_ \
                    and not doc[k].whitespace_ and _modifier_like(doc[k + 1]):
                member += [doc[k], doc[k + 1]]    # "sole-source", "full-mouth"
                k += 2
            if k < n and doc[k].text == ",":
                k += 1
                if k < n and doc[k].lower_ in ("and", "or"):
                    k += 1
            elif k < n and doc[k].lower_ in ("and", "or", "&", "and/or"):
                k += 1
            else:
                break
            members.append(member)
            j = k
        if not members or j >= n:
            i += 1
            continue
        # the last part: a noun phrase of two to four words ending in its head noun
        k = j
        while k < n and k - j < 4 and (doc[k].pos_ in ("NOUN", "PROPN", "ADJ", "NUM")
                                       or (doc[k].text == "-" and not doc[k].whitespace_)):
            k += 1
        last = [t for t in doc[j:k]]
        while last and last[-1].pos_ not in ("NOUN", "PROPN"):
            last.pop()
        if len(last) < 2 or last[-1].tag_ in ("VBG",):
            i += 1
            continue
        head = last[-1]
        # the word of the last part that the earlier ones stand beside: the one the parse joins
        # to them (a conjunct), else the first word
        firsts = {t.i for m in members for t in m}
        joined = next((t for t in last if t.dep_ == "conj" and t.head.i in firsts), None)
        if joined is not None and joined.i == head.i and any(
                c.dep_ in ("amod", "compound", "nummod") for c in members[0][0].lefts):
            i = head.i + 1
            continue   # "whole fish and half hogs": two things, not one head shared
        cut = (joined.i - last[0].i + 1) if joined is not None else 1
        tail = last[cut:]
        if not tail or tail[0].text == "-" or (tail[0].i > 0 and doc[tail[0].i - 1].text == "-"
                                                and not doc[tail[0].i - 1].whitespace_):
            i += 1
            continue   # "upsell and cross-sell": the pieces of a hyphenated word are not a list
        forms = [m + tail for m in members] + [last]
        everything = [t for t in doc[members[0][0].i:head.i + 1]]
        groups[head.i] = (forms, everything)
        i = head.i + 1
    return groups


def _grammar_candidates(line: str, taken: list[tuple[int, int]],
                        title_heads: frozenset[str] = frozenset(),
                        lexicon_spans: list[tuple[int, int]] | None = None) -> list[_Candidate]:
    """Requirement phrases from the line's grammar: the objects of its verbs ("reconcile bank
    statements"), its other noun phrases, and credentials ("state board registration"). Phrases
    already covered by a lexicon term or a pattern are left to those; a credential or a longer
    phrase that only uses a lexicon term as a modifier ("ServSafe Manager certification",
    "payroll tax rules") is kept whole."""
    # inline enumerators of a one-paragraph paste ("... store c) Experience with ...") end a
    # phrase: replaced by "; " (same length, so offsets still point into the line)
    doc, offset = _line_doc(_INLINE_ENUM_RE.sub("; ", line))
    out: list[_Candidate] = []
    seen: set[str] = set()
    verbs = sum(1 for t in doc if t.pos_ == "VERB")
    per_line = max(GRAMMAR_PHRASES_PER_LINE, 3 * verbs)
    lexicon_spans = lexicon_spans or []
    blocked = [(a, b) for a, b in taken if (a, b) not in lexicon_spans]

    def free(a: int, b: int, head_start: int | None = None) -> bool:
        """Nothing taken overlaps [a, b); with `head_start`, a lexicon term before the head is
        allowed (the phrase uses it as a modifier)."""
        for x, y in taken:
            if b <= x or a >= y:
                continue
            if head_start is not None and (x, y) in lexicon_spans and a <= x and y <= head_start:
                continue
            return False
        return True

    def absorbed(a: int, b: int) -> tuple[tuple[int, int], ...]:
        return tuple((x, y) for x, y in lexicon_spans if a <= x and y <= b)

    def add(phrase: str, a: int, b: int, kind: str | None, variants: tuple[str, ...], rank: int,
            lone_ok: bool = True, head_start: int | None = None, max_words: int = 4,
            absorbs: tuple[tuple[int, int], ...] = ()) -> _Candidate | None:
        if len(out) >= per_line or not free(a, b, head_start):
            return None
        cleaned = _clean_phrase(phrase, max_words)
        if not cleaned:
            return None
        if not lone_ok and " " not in cleaned and cleaned[1:].islower() and not phrase.lower().endswith(" skills"):
            return None   # a lone common noun outside a list: a setting ("in a high-volume store")
        if " " not in cleaned and cleaned.islower() and phrase.lower().endswith((" skills", " skill")):
            cleaned = f"{cleaned} skills"   # "knife skills": a bare "knife" says nothing
        words = cleaned.lower().split()
        if len(words) > 1 and words[-1] in _GENERIC_TAILS:
            cleaned = cleaned.rsplit(" ", 1)[0]   # "subrogation opportunities" -> "subrogation"
            words = words[:-1]
        last = words[-1]
        if kind != "skill" and (last in _NON_REQUIREMENT_HEADS or (last.endswith("s") and last[:-1] in _NON_REQUIREMENT_HEADS)
                                or any(w in _DETERMINER_WORDS for w in words)):
            return None
        if re.fullmatch(r"[ivx]+|\d", last) and len(words) > 1 and (
                words[-2] in _PERSON_HEADS or words[-2] in title_heads):
            return None   # "Clerk II": the job's own title
        if " ".join(words[-2:]) in ("track record", "proven record") or re.search(
                r"\b(?:track|proven) record$", phrase.lower()):
            return None
        if len(words) == 1 and (words[0] in STOP_PHRASES or len(words[0]) < 3):
            return None
        if kind != "skill" and (words[-1] in _PERSON_HEADS or words[-1] in title_heads
                                or words[-1].rstrip("s") in title_heads):
            return None   # the people in the job ("kitchen manager", "desk adjuster"), not a requirement
        key = _phrase_key(cleaned)
        if not key or key in seen or key in STOP_PHRASES:
            return None
        seen.add(key)
        entry = _lexicon_forms().get(cleaned.lower())
        if entry and cleaned.lower() not in POSTING_IGNORED_SYNONYMS:
            cand = _Candidate(entry.canonical.lower(), entry.canonical, entry.kind, entry.synonyms,
                              True, a, b)
            out.append(cand)
            return cand
        kw = cleaned if cleaned[:1].isupper() or cleaned.lower() != cleaned else cleaned[:1].upper() + cleaned[1:]
        # a capital that only opens the line says nothing about a product name
        as_written = cleaned if a > 0 or cleaned[:2].isupper() else cleaned[:1].lower() + cleaned[1:]
        variants = tuple(v for v in variants + _slash_variants(cleaned) if v.lower() != kw.lower())
        cand = _Candidate(key, kw, kind or _phrase_kind(as_written), tuple(dict.fromkeys(variants)),
                          False, a, b, grammar_rank=rank, source="grammar", absorbs=absorbs)
        out.append(cand)
        return cand

    def span_of(toks) -> tuple[str, int, int] | None:
        if not toks:
            return None
        a, b = toks[0].idx - offset, toks[-1].idx + len(toks[-1].text) - offset
        if a < 0 or line[b:b + 1] == "-":
            return None   # "check" of "check-in": a piece of a word
        while a > 1 and line[a - 1] == "-" and line[a - 2].isalnum():
            a = len(line[:a - 1].rstrip()) - len(line[:a - 1].rstrip().split()[-1]) if line[:a - 1].strip() else 0
            piece = next((t for t in toks[0].doc if t.idx - offset == a), None)
            lefts = [c for c in piece.lefts if c.dep_ in ("amod", "compound")] if piece is not None else []
            if lefts and lefts[0].idx - offset >= 0:
                a = lefts[0].idx - offset   # "mobile x-rays"
        nxt = toks[-1].i + 1
        if nxt < len(toks[-1].doc) and toks[-1].doc[nxt].like_num and not re.fullmatch(
                r"(?:19|20)\d\d(?:/(?:19|20)?\d\d)?|\d+\.\d+(?:\.\d+)?", toks[-1].doc[nxt].text):
            return None   # "Grade 7", "Level 3": a label with its number ("Windows Server 2019" is a version)
        return line[a:b], a, b

    first = next((t.i for t in doc if t.idx >= offset), 0)
    extra_verbs: dict[int, list[str]] = {}
    groups = _shared_groups(doc, first)
    in_group = {t.i: h for h, (_, toks) in groups.items() for t in toks}
    heads_done: set[int] = set()

    def noun_phrase(o, verb: str | None, rank: int, lone_ok: bool) -> None:
        """The phrase a noun heads: a shared-head list as one item with every form, a bare
        "of" complement kept, else the noun with its modifiers."""
        h = in_group.get(o.i)
        if h is not None:
            if h in heads_done:
                return
            forms, toks = groups[h]
            heads_done.update(t.i for t in toks)
            heads_done.add(h)
            texts = [_span_text(f, line, offset) for f in forms]
            whole = span_of(toks)
            if not whole:
                return
            extra = tuple(texts[1:]) + (whole[0],) + ((f"{verb} {whole[0].lower()}",) if verb else ())
            if verb:   # "administer medical, dental and vision benefits": also "administer benefits"
                shared = _span_text([t for t in forms[-1] if t.i > forms[-1][0].i] or forms[-1][-1:], line, offset)
                extra += (f"{verb} {shared.lower()}",) + _nominal_forms(verb, shared)
            add(texts[0], whole[1], whole[2], None, extra, rank, True,
                head_start=doc[h].idx - offset)
            return
        if o.i in heads_done:
            return
        heads_done.add(o.i)
        if o.lower_ in _CONTAINER_HEADS:   # "a full range of general radiographic examinations"
            inner = next((c for prep in o.children if prep.dep_ == "prep" and prep.lower_ == "of"
                          for c in prep.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")), None)
            if inner is not None:
                noun_phrase(inner, verb, rank, True)
            return
        toks = _phrase_tokens(o)
        got = span_of(toks)
        if not got:
            return
        phrase, a, b = got
        head_start = o.idx - offset
        if phrase.lower() in _VAGUE_OBJECTS and not _of_complement(o):
            # "Document findings": the object alone says nothing, the duty does
            if verb and verb not in _VAGUE_VERBS and verb not in _WEAK_VERBS:
                vb = max(0, o.head.idx - offset) if o.head.pos_ == "VERB" else a
                add(f"{verb} {phrase}", vb if vb < a else a, b, "skill", (), rank, True)
            return
        variants: tuple[str, ...] = ((f"{verb} {phrase.lower()}",) + _nominal_forms(verb, phrase)) if verb else ()
        for v in extra_verbs.get(o.i, ()):
            variants += (f"{v} {phrase.lower()}",) + _nominal_forms(v, phrase)
        if extra_verbs.get(o.i) and not lone_ok and verb and verb not in _WEAK_VERBS:
            lone_ok = True   # "receive and check deliveries": the duty names the thing
        of = _of_complement(o)
        if of:
            full = span_of(toks + of)
            if full:
                heads_done.update(t.i for t in of)
                if len(toks) == 1:   # "chain" -> "chain of custody", "Requests for Evidence"
                    variants = ((f"{verb} {full[0].lower()}",) if verb else ())
                    add(full[0], full[1], full[2], None, variants, rank, True,
                        head_start=head_start, max_words=6)
                    return
                variants += (full[0],) + ((f"{verb} {full[0].lower()}",) if verb else ())
        if add(phrase, a, b, None, variants, rank, lone_ok, head_start=head_start) is None \
                and _clean_phrase(phrase) is None and re.search(r",|\s(?:and|or|&)\s", phrase):
            # "accrual accounting and double-entry bookkeeping": two requirements
            pos = 0
            for part in re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+", phrase):
                at = phrase.find(part, pos)
                pos = at + len(part)
                if part and len(part.split()) >= 2:
                    add(part, a + at, a + pos, None, (), rank, True, head_start=a + pos - 1)

    def people(tok, o, others: list) -> bool:
        """An activity whose object is people ("Supervise and train a brigade of 12 line cooks"):
        the verb and its people as one skill item. True when `o` names people."""
        target = o
        if o.lower_ in _COLLECTIVES:
            inner = next((c for prep in o.children if prep.dep_ == "prep" and prep.lower_ == "of"
                          for c in prep.children if c.dep_ == "pobj"), None)
            if inner is not None:
                target = inner
        last = target.lower_
        if target.text[:1].isupper() and target.i != first and target.pos_ == "PROPN" \
                and last not in _PERSON_HEADS:
            return False   # "Manage Windows Server": a product, not the servers of a restaurant
        if not (last in _PEOPLE_NOUNS or last in title_heads or last.rstrip("s") in title_heads
                or (target.pos_ == "PROPN" and doc[target.i].text.split()[-1].lower() in _PERSON_HEADS)):
            return False
        if o.lower_ not in _COLLECTIVES and o.lower_ in ("team", "teams", "staff") and tok.lemma_.lower() in ("lead", "manage"):
            pass
        verbs_here = [tok] + [c for c in tok.conjuncts if c.pos_ == "VERB" and c.i > tok.i]
        lemmas = [v.lemma_.lower() for v in verbs_here if v.lemma_.lower() in _PEOPLE_VERBS]
        heads_done.add(o.i)
        heads_done.add(target.i)
        if not lemmas:
            return True
        particle = next((c.text.lower() for c in tok.children if c.dep_ == "prt"), "")
        toks = [t for t in _phrase_tokens(target) if not t.like_num and t.lower_ not in _DETERMINER_WORDS]
        got = span_of(toks)
        if not got:
            return True
        phrase, a, b = got
        verb0 = lemmas[0] + (f" {particle}" if particle else "")
        objects = [phrase] + [span_of([t for t in _phrase_tokens(c) if not t.like_num])[0]
                              for c in others if span_of(_phrase_tokens(c))]
        variants = [f"{v} {ob}" for v in lemmas for ob in objects][1:]
        verbatim = line[max(0, tok.idx - offset):b]
        if len(verbatim.split()) <= 8:
            variants.append(verbatim)
        kw = f"{verb0} {phrase}"
        a0 = max(0, tok.idx - offset)
        if free(a0, b):
            cleaned_key = _phrase_key(kw)
            if cleaned_key and cleaned_key not in seen and len(out) < per_line:
                seen.add(cleaned_key)
                heads_done.update(c.i for c in others)
                out.append(_Candidate(cleaned_key, kw[:1].upper() + kw[1:], "skill",
                                      tuple(dict.fromkeys(v for v in variants if v.lower() != kw.lower())),
                                      False, a0, b, grammar_rank=0, source="people"))
        return True

    # credentials first: they are requirements wherever they sit
    for tok in doc:
        if tok.lower_ in _CREDENTIAL_HEADS and tok.pos_ in ("NOUN", "PROPN") and tok.idx >= offset:
            whole = span_of(sorted([tok, *[t for c in tok.lefts for t in c.subtree]], key=lambda t: t.i))
            head_start = tok.idx - offset
            if whole and not free(whole[1], whole[2]):
                inside = absorbed(whole[1], head_start)
                between = line[max((y for _, y in inside), default=head_start):head_start]
                if not free(whole[1], whole[2], head_start) or not inside or not re.search(r"[A-Za-z]{2}", between):
                    heads_done.add(tok.i)
                    continue   # "AWS certification", "CCRN certification": the lexicon term says it
            got = _credential_phrase(tok, offset, line)
            if got:
                phrase, a, b = got
                add(phrase, a, b, "certification", _acronym_variants(phrase), 0,
                    head_start=head_start, max_words=7, absorbs=absorbed(a, head_start))
                heads_done.add(tok.i)
                # "... with the State Board of Pharmacy" belongs to the credential
                heads_done.update(t.i for t in tok.subtree)
    # the objects of the line's verbs: its activities (not of a purpose clause: "models to
    # support pricing", nor of a verb used as an adjective: "landing pages")
    for tok in doc:
        if tok.pos_ != "VERB" or tok.idx < offset:
            continue
        main = ("ROOT", "conj", "ccomp", "parataxis", "advcl", "xcomp")
        duty_gerund = tok.dep_ == "pcomp" and tok.head.lower_ in ("for", "in") and \
            tok.head.head.lower_ in ("responsible", "involved", "accountable", "charge")
        ability = tok.dep_ in ("acl", "xcomp") and tok.head.lower_ in (
            "ability", "able", "capacity", "skills", "skill", "willingness", "confidence")
        if not (duty_gerund or ability) and (tok.dep_ not in main or (tok.tag_ == "VBG" and tok.dep_ != "ROOT")):
            continue
        if tok.dep_ == "conj" and tok.head.dep_ not in main:
            continue
        if tok.dep_ in ("advcl", "xcomp") and not ability and _in_purpose_clause(tok):
            continue   # "to support ...": not the line's own activity
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" for c in tok.children):
            continue   # "when needed"
        vague_verb = tok.lemma_.lower() in _VAGUE_VERBS
        objs = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
        if not objs and tok.tag_ == "VBN":   # "requests are vetted and booked in the RIS"
            objs = [c for c in tok.children if c.dep_ == "nsubjpass" and c.pos_ in ("NOUN", "PROPN")]
        if (tok.tag_ == "VBG" and tok.i == first and tok.lower_ not in LEAD_VERBS and objs
                and objs[0].i == tok.i + 1 and objs[0].pos_ == "NOUN"):
            # "Typing speed of 45 wpm", "Drafting pleadings": the line names the activity
            got = span_of([tok, *_phrase_tokens(objs[0])])
            if got:
                heads_done.add(objs[0].i)
                add(got[0], got[1], got[2], "skill", (), 0)
                continue
        # "swears in witnesses": a verb with a particle-like preposition and people after it
        if not objs and tok.lemma_.lower() in _PEOPLE_VERBS:
            objs = [c for prep in tok.children if prep.dep_ in ("prep", "prt") and prep.lower_ in ("in",)
                    for c in prep.children if c.dep_ == "pobj"]
        if not objs and tok.dep_ == "conj" and tok.head.pos_ == "VERB":
            continue
        if not objs:   # "Diagnose and repair furnaces": the object hangs on the last verb
            for c in tok.children:
                if c.dep_ == "conj" and c.pos_ == "VERB":
                    objs = [d for d in c.children if d.dep_ in ("dobj", "obj")]
        conj = []
        for o in objs:
            conj += [c for c in o.conjuncts if c.pos_ in ("NOUN", "PROPN")]
        verb = tok.lemma_.lower()
        named = []
        for o in objs:   # "Manage Windows Server 2019/2022": the name, not the version
            if o.pos_ == "NUM" and not re.search(r"[A-Za-z]", o.text):
                names_ = [c for c in o.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
                if names_:
                    named.append(names_[-1])
        objs = [o for o in objs if o.pos_ in ("NOUN", "PROPN") or (
            o.pos_ == "NUM" and re.search(r"[A-Za-z]", o.text))] + named   # "Prepare 1099s"
        # "Receive and check deliveries", "Diagnose and repair furnaces": every verb of the
        # coordination acts on the object
        co_verbs: list[str] = []
        if tok.dep_ == "conj" and tok.head.pos_ == "VERB" and not any(
                c.dep_ in ("dobj", "obj") for c in tok.head.children):
            co_verbs.append(tok.head.lemma_.lower())
        co_verbs += [c.lemma_.lower() for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB"
                     and not any(d.dep_ in ("dobj", "obj") for d in c.children)]
        for o in objs:
            extra_verbs[o.i] = [v for v in co_verbs if v != verb]
        for o in objs:
            if o.pos_ in ("NOUN", "PROPN") and o.i not in heads_done and o.i not in in_group:
                if people(tok, o, [c for c in conj if c.lower_ in _PEOPLE_NOUNS]):
                    continue
            # "explain drivers", "own a book": with a vague verb a lone noun says too little
            noun_phrase(o, verb, 0, not vague_verb or _product_like(o) or o.pos_ == "NUM")
        for c in conj:
            if c.i in heads_done:
                continue
            if c.lower_ in _PEOPLE_NOUNS or c.lower_ in title_heads:
                heads_done.add(c.i)
                continue
            noun_phrase(c, verb, 0, not vague_verb or _product_like(c))
    # a gerund used as an adjective before its noun ("collect and review supporting documents",
    # "filing deadlines"): the two words are one thing
    for tok in doc:
        if (tok.tag_ == "VBG" and tok.dep_ != "ROOT" and tok.idx >= offset and tok.i + 1 < len(doc)
                and tok.lower_ not in LEAD_VERBS and not any(c.dep_ in ("nsubj", "aux") for c in tok.children)):
            nxt_tok = doc[tok.i + 1]
            if nxt_tok.pos_ == "NOUN" and nxt_tok.head.i == tok.i and nxt_tok.dep_ == "dobj" \
                    and nxt_tok.i not in heads_done and not any(c.dep_ == "det" for c in nxt_tok.children):
                got = span_of([tok, nxt_tok])
                if got:
                    heads_done.add(nxt_tok.i)
                    add(got[0], got[1], got[2], None, (), 1, True)
    # the other noun phrases (requirement lines name things rather than do them)
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.i in heads_done or root.idx < offset:
            continue
        if root.dep_ not in ("dobj", "pobj", "conj", "ROOT", "appos", "nsubj", "attr", "npadvmod",
                             "nsubjpass", "dep"):
            continue
        if root.dep_ == "pobj" and root.head.lower_ in _CONDITION_PREPS:
            continue
        if root.dep_ == "pobj" and root.head.head.lemma_.lower() in ("work", "travel", "lift", "stand", "sit") \
                and root.head.lower_ in ("in", "on", "at", "from", "around", "within", "outdoors"):
            continue   # "work in crawl spaces and attics": where, not what
        if root.pos_ == "VERB" or root.tag_ in ("VBZ", "VBP", "VBG"):
            continue   # a verb the tagger took for a noun ("reducing", "Monitors")
        if _in_purpose_clause(root):
            continue   # "models to support pricing, capital projects ...": what the work is for
        if any(c.dep_ == "nummod" and c.like_num and re.match(r"\d", c.text) and not (
                _FORM_NUMBER_RE.fullmatch(c.text) and root.lower_ in _DOCUMENT_NOUNS) for c in root.children):
            continue   # "45 net words per minute", "12 line cooks": an amount
        if root.dep_ == "pobj" and root.head.lower_ == "from" and any(
                c.dep_ == "poss" and c.lower_ in ("our", "their") for c in root.children):
            continue   # "calls from our dispatch board": where the work comes from
        if root.dep_ == "dobj" and root.head.dep_ in ("acl", "relcl") and root.head.head.lower_ not in (
                "experience", "skills", "ability", "background", "expertise", "knowledge", "proficiency"):
            continue   # "minute orders recording the proceedings": what the thing records
        before = line[:max(0, root.idx - offset)]
        if before.count("(") > before.count(")") and re.search(
                r"\b(?:accepted|welcome|considered|included|preferred|e\.g|i\.e)\b", line[root.idx - offset:].split(")")[0]):
            continue   # "(student placements accepted)": a remark
        toks = _phrase_tokens(root)
        got = span_of(toks)
        if got and not free(got[1], got[2], root.idx - offset):
            # a product name inside a phrase the lexicon took ("the Tyler Odyssey case management
            # system"): the name is an item of its own
            run: list = []
            for t in list(toks) + [None]:
                if t is not None and t.pos_ == "PROPN" and t.text[:1].isupper() and not t.is_sent_start:
                    run.append(t)
                    continue
                if run:
                    named = span_of(run)
                    if named and free(named[1], named[2]) and named[0].upper() not in ACRONYM_STOP:
                        add(named[0], named[1], named[2], "tool", (), 1)
                run = []
            heads_done.add(root.i)
            continue
        listed = sum(1 for c in root.conjuncts if c.pos_ in ("NOUN", "PROPN")) >= 2   # a list of 3+
        opens = root.dep_ == "ROOT" and chunk.start <= first + 1   # "Discretion with ...", "Strong lamination"
        activity = root.dep_ in ("pobj", "conj") and (root.head.lower_ in ("with", "in") or (
            root.head.head is not None and root.head.head.lower_ in ("with", "in"))) and any(
            t.lemma_.lower() in ("assist", "help", "participate", "involve", "support") for t in root.ancestors)
        noun_phrase(root, None, 1, (listed or opens or activity or _product_like(toks[-1])) if toks else False)
    return out


_ACRONYM_IN_PARENS_RE = re.compile(r"^(?P<long>.+?)\s*\((?P<short>[A-Z][A-Za-z0-9&/+-]{1,9})\)\s*(?P<rest>.*)$")


def _acronym_variants(phrase: str) -> tuple[str, ...]:
    """"Pupil Personnel Services (PPS) Credential" is also "PPS Credential", "Pupil Personnel
    Services Credential" and "PPS"."""
    m = _ACRONYM_IN_PARENS_RE.match(phrase)
    if not m:
        return ()
    long, short, rest = m.group("long").strip(), m.group("short"), m.group("rest").strip()
    out = [f"{long} {rest}".strip(), f"{short} {rest}".strip(), short, long]
    return tuple(dict.fromkeys(v for v in out if v))


_YEARS_RE = re.compile(
    r"\b(?:(?:minimum|at least|min\.?)\s+(?:of\s+)?)?(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:\s*\(\d{1,2}\))?(?:\s*(?:-|–|to)\s*\d{1,2})?\s*\+?\s*(?:or more\s+)?years?(?:'|’)?(?![\w-])",
    re.IGNORECASE)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10}
# Where the phrase after the years ends: a clause break, a preference, another count of years.
_EXPERIENCE_END_RE = re.compile(
    r"[,;:()\[\].!?]|\s[—–-]\s|\s(?:including|preferably|ideally|especially|with at least|of which|"
    r"plus|required|preferred|strongly|highly|is|are|within|or equivalent|or an equivalent|or related|"
    r"and\s+(?:a|an|the|one|two|three|four|five|\d)|or\s+(?:\d|one|two|three|four|five|six)|"
    r"in (?:a|an) (?:similar|related|comparable) (?:role|position|capacity)|at the|at a|is a plus)\b",
    re.IGNORECASE)
_EXPERIENCE_WORD_RE = re.compile(r"\b(?:experience|background)\b", re.IGNORECASE)
_EXPERIENCE_PREP_RE = re.compile(
    r"^(?:in|with|as|using|on|at|across|within|for|of|managing|maintaining|running|leading|handling|"
    r"supporting|providing|working(?:\s+(?:in|with|as|on|at))?)\s+", re.IGNORECASE)
_EXPERIENCE_LEADS = frozenset(
    """hands-on hands on relevant related progressive proven direct practical professional general
    prior previous recent solid strong demonstrated demonstrable verifiable paid full-time
    post-qualification post-graduate postgraduate combined total progressively increasingly
    responsible broad varied diverse comparable equivalent similar applicable successful""".split())


def _bare(text: str) -> str:
    """A phrase without its leading article and the vague words before it ("a professional
    pastry kitchen" -> "pastry kitchen")."""
    words = text.split()
    while words and (words[0].lower() in _DETERMINER_WORDS or words[0].lower() in _EXPERIENCE_LEADS
                     or words[0].lower() in ("the", "a", "an")):
        words.pop(0)
    return " ".join(words).strip(" ,.;:-")


def _expand_coordination(text: str, shares: "callable | None" = None) -> list[str]:
    """"residential service or repair plumbing" -> ["residential service plumbing", "residential
    service", "repair plumbing"]; "sous chef or kitchen manager" -> both as they are. An earlier
    part takes the last word of the last part when it modifies it (`shares(part)`, from the
    parse; without a parse, when the part is one word)."""
    parts = [p.strip() for p in re.split(r",\s*(?:and|or)?\s*|\s+(?:and/or|or|and|&)\s+", text) if p.strip()]
    if len(parts) <= 1:
        return [text.strip()]
    tail = parts[-1].split()[-1]
    out: list[str] = []
    for part in parts[:-1]:
        share = shares(part) if shares else len(part.split()) == 1
        if share and part.split()[-1].lower() != tail.lower() and len(parts[-1].split()) >= 2:
            out.append(f"{part} {tail}")
        out.append(part)
    out.append(parts[-1])
    return list(dict.fromkeys(out))


def _modifies_next(doc, offset: int, line: str):
    """A `shares` test for _expand_coordination: does the part's last word modify a later word
    in the parse ("service" in "residential service or repair plumbing")?"""
    def shares(part: str) -> bool:
        at = line.find(part)
        if at < 0:
            return len(part.split()) == 1
        end = at + len(part)
        tok = next((t for t in doc if t.idx - offset < end <= t.idx - offset + len(t.text)), None)
        one_plain = len(part.split()) == 1 and not part.lower().endswith(("s", "ing"))
        if tok is None:
            return one_plain
        return one_plain or (tok.dep_ in ("compound", "amod", "nmod", "nummod") and tok.head.i > tok.i)
    return shares


@dataclass
class _Experience:
    years: float
    start: int            # the years phrase in the line
    end: int
    span: str             # "4+ years of residential service or repair plumbing experience"
    keyword: str          # "Residential service plumbing", "Sous chef experience"
    variants: tuple[str, ...]


def _experience_requirements(line: str) -> list[_Experience]:
    """Years of experience as requirements of their own: what the years are of ("3+ years of
    multi-state payroll processing experience", "4+ years in high-volume scratch kitchens",
    "1+ year as a sous chef or kitchen manager"), with the wordings a reader would use."""
    out: list[_Experience] = []
    if not _YEARS_RE.search(line):
        return out
    doc, offset = _line_doc(_INLINE_ENUM_RE.sub("; ", line))
    shares = _modifies_next(doc, offset, line)
    for m in _YEARS_RE.finditer(line):
        n = m.group("n").lower()
        years = float(_NUMBER_WORDS.get(n, n))
        rest = line[m.end():]
        cut = _EXPERIENCE_END_RE.search(rest)
        seg = rest[:cut.start()] if cut else rest
        seg_stripped = seg.strip()
        seg_stripped = re.sub(r"^of\s+", "", seg_stripped, flags=re.IGNORECASE)
        seg_stripped = re.sub(r"\s+(?:experience|background)\s*$", " experience", seg_stripped, flags=re.IGNORECASE)
        if not seg_stripped:
            continue
        exp = _EXPERIENCE_WORD_RE.search(seg_stripped)
        field_words = seg_stripped[:exp.start()].strip() if exp else ""
        after = seg_stripped[exp.end():].strip() if exp else seg_stripped
        pieces: list[tuple[str, str]] = []    # (preposition, field)
        if field_words and not _bare(field_words):
            field_words = ""   # "post-qualification experience in child welfare"
        if field_words and len(field_words.split()) <= 8:
            pieces = [("of", f) for f in _expand_coordination(field_words, shares)]
        else:
            pm = _EXPERIENCE_PREP_RE.match(after)
            if not pm:
                continue
            prep = pm.group(0).strip().lower().split()[-1]
            for piece in re.split(r"\s+or\s+(?=(?:in|as|with|within)\b)", after[pm.end():]):
                piece = piece.strip()
                pm2 = _EXPERIENCE_PREP_RE.match(piece)
                own = pm2.group(0).strip().lower().split()[-1] if pm2 else prep
                piece = piece[pm2.end():] if pm2 else piece
                if own == "as":   # "as a paralegal in a litigation practice": the title, then where
                    split = re.split(r"\s(?:in|at|with|within|for)\s", piece, maxsplit=1)
                    title_part, where = split[0], (split[1] if len(split) > 1 else "")
                    pieces += [("as", f) for f in _expand_coordination(title_part, shares)]
                    if where:
                        pieces += [("in", f) for f in _expand_coordination(where, shares)]
                    continue
                pieces += [(own, f) for f in _expand_coordination(piece, shares)]
        fields: list[tuple[str, str]] = []
        for prep, f in pieces:
            words = _bare(f).split()
            while len(words) > 1 and words[-1].lower() in PHRASE_TAIL_STOP:
                words.pop()    # "a legal or court setting" -> "legal", "court"
            f = " ".join(words)
            if f and len(words) <= 5 and re.search(r"[A-Za-z]{2}", f):
                fields.append((prep, f))
        if not fields:
            continue
        end = m.end() + (cut.start() if cut else len(rest))
        span = line[m.start():end].strip()
        names = []
        for prep, f in fields:
            one_word = len(f.split()) == 1 and f.islower()
            person = f.split()[-1].lower().rstrip("s") in _PERSON_HEADS or f.split()[-1].lower() in _PERSON_HEADS
            names.append(f"{f} experience" if prep == "as" or one_word or person else f)
        keyword = names[0]
        variants = names[1:]
        for prep, f in fields:
            variants += [f"{f} experience", f"experience {'as' if prep == 'as' else 'in'} {f}"]
        variants.append(span)
        keyword = keyword[:1].upper() + keyword[1:]
        out.append(_Experience(years, m.start(), end, span, keyword,
                               tuple(dict.fromkeys(v for v in variants if v.lower() != keyword.lower()))))
    return out


def _apply_experience(line: str, cands: list[_Candidate]) -> None:
    """Years of experience name a requirement: the item for what the years are of carries them
    (`min_years`) and the posting's wordings of the experience ("multi-state payroll processing
    experience", "4+ years of ..."); when no item names it yet, it becomes one."""
    for exp in _experience_requirements(line):
        key = _phrase_key(exp.keyword)
        inside = sorted((c for c in cands if exp.start <= c.start and c.end <= exp.end + 1
                         and c.kind != "soft_skill"), key=lambda c: c.start)
        same = next((c for c in inside if c.key == key or c.keyword.lower() == exp.keyword.lower()), None)
        if same is None:
            # "3+ years in performance or brand marketing": the item "Performance marketing"
            words = set(key.split()) - {_phrase_key("experience")}
            overlap = [c for c in inside if words and words <= set(c.key.split())]
            same = max(overlap, key=lambda c: (c.from_lexicon, -len(c.key)), default=None)
        if same is None and not exp.keyword.lower().endswith(" experience"):
            # a lexicon term that is the whole field ("Performance marketing") takes it over
            same = next((c for c in inside if c.from_lexicon and _phrase_key(c.keyword) == key), None)
        if same is None:
            cleaned = _clean_phrase(exp.keyword) if not exp.keyword.lower().endswith(" experience") else exp.keyword
            if not cleaned and len(exp.keyword.split()) <= 3:
                cleaned = f"{exp.keyword} experience"   # "5+ years of HR experience"
            if not cleaned:
                continue
            kw = cleaned[:1].upper() + cleaned[1:]
            kind = _phrase_kind(cleaned)
            same = _Candidate(_phrase_key(kw), kw, "domain" if kind == "tool" else kind, (), False,
                              exp.start, exp.end, source="experience")
            cands.append(same)
        known = {same.keyword.lower(), *(v.lower() for v in same.variants)}
        extra = tuple(v for v in (exp.keyword, *exp.variants) if v.lower() not in known)
        same.variants = tuple(same.variants) + extra
        same.min_years = max(same.min_years or 0.0, exp.years)
    # years "with" a tool ("2+ years with a cloud data warehouse") fall on the first item after
    m = _YEARS_RE.search(line)
    if m and not any(c.min_years for c in cands):
        after = sorted((c for c in cands if c.start >= m.end() - 1), key=lambda c: c.start)
        if after and after[0].kind != "soft_skill":
            n = m.group("n").lower()
            after[0].min_years = float(_NUMBER_WORDS.get(n, n))


# --- degrees, languages and acronyms ------------------------------------------------------------

_DEGREE_RE = re.compile(
    r"\b(?:(?P<named>(?:bachelor|master|associate)(?:(?:'|’)?s?\s+degree|(?:'|’)s\b|s?(?=\s+(?:in|of)\s))|doctorate|doctoral degree|"
    r"ph\.?\s?d\b\.?|mba\b|msw\b|bsw\b|mph\b|msc\b|bsc\b|b\.sc\.|m\.sc\.|b\.a\.|b\.s\.|m\.a\.|m\.s\.)"
    r"|(?P<hs>high school diploma|high school graduat\w*|graduat\w* from high school|\bged\b)"
    r"|(?P<course>(?:college |university )?coursework)"
    r"|(?P<program>graduat\w*\s+(?:of|from)\s+(?:an?\s+|the\s+)?(?P<prog>[\w'’ /&-]+?(?:program|programme|school|college)))"
    r"|(?P<bare>degree|diploma)(?:/(?:degree|diploma))?)", re.IGNORECASE)
_DEGREE_SUBJECT_END_RE = re.compile(
    r"[;.():]|\s[—–-]\s|\s(?:and\s+(?:\w+\s+)?(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|at least|a minimum)|"
    r"or\s+(?:an?\s+)?(?:related|equivalent|similar|relevant|comparable)|or equivalent|preferred|required|"
    r"is\b|are\b|from\b|with\b|plus\b|and\s+(?:at least|a minimum)|desirable|desired|ideally)", re.IGNORECASE)
_NAMED_DEGREES = {"bachelor": "Bachelor's degree", "master": "Master's degree", "associate": "Associate degree"}


def _degree_name(raw: str) -> str:
    low = raw.lower().replace("’", "'")
    for stem_, name in _NAMED_DEGREES.items():
        if low.startswith(stem_):
            return name
    return raw.strip(" .")


def _subjects(text: str) -> list[str]:
    out = []
    for part in re.split(r",\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+|/", text):
        part = part.strip(" ,.")
        low = part.lower()
        if not part:
            continue
        if low.split()[0] in ("a", "an", "the", "any", "other", "equivalent") or re.search(
                r"related|equivalent|field|discipline|certif|licen|experience|similar", low):
            break
        if len(part.split()) <= 4 and re.search(r"[A-Za-z]{2}", part):
            out.append(part)
    return out


def _degree_candidates(line: str, taken: list[tuple[int, int]]) -> list[_Candidate]:
    """The degree or diploma a posting asks for, as a requirement of its own: "Bachelor's degree
    in business administration" (also "supply chain management degree", ...), "High school
    diploma" (also "GED"), "Coursework in construction technology", "Culinary degree", "Graduate
    of a CODA-accredited dental hygiene program". Its subjects are not skills of their own."""
    out: list[_Candidate] = []
    for m in _DEGREE_RE.finditer(line):
        a = m.start()
        if any(x <= a < y for x, y in taken) or any(c.start <= a < c.end for c in out):
            continue   # "BSN" of the lexicon, or a word inside a degree already read
        rest = line[m.end():]
        hons = re.match(r"\s*\(hons\)", rest, re.IGNORECASE)
        skip = hons.end() if hons else 0
        rest = rest[skip:]
        cut = _DEGREE_SUBJECT_END_RE.search(rest)
        after = rest[:cut.start()] if cut else rest
        variants: list[str] = []
        if m.group("hs"):
            keyword = "High school diploma"
            variants = ["GED", "high school diploma or GED", "high school graduation",
                        "graduation from high school", "high school diploma or equivalent"]
            end = m.end()
        elif m.group("program"):
            prog = m.group("prog").strip()
            keyword = prog[:1].upper() + prog[1:]
            variants = [m.group(0).strip()]
            end = m.end()
        elif m.group("course"):
            sub = re.match(r"\s+in\s+(.+)", after)
            subjects = _subjects(sub.group(1)) if sub else []
            if not subjects:
                continue
            keyword = f"Coursework in {subjects[0]}"
            for s_ in subjects:
                variants += [f"{s_} coursework", f"coursework in {s_}", s_]
            end = m.end() + (sub.end() if sub else 0)
        elif m.group("named"):
            name = _degree_name(m.group("named"))
            sub = re.match(r"\s*(?:\(hons\)\s*)?(?:degree\s+)?(?:in|of)\s+(.+)", after, re.IGNORECASE)
            if not sub and name == m.group("named").strip(" ."):   # "BSc (Hons) Diagnostic Radiography"
                sub = re.match(r"\s*(?:\(hons\)\s*)?((?:[A-Z][\w&'-]*\s*){1,4})", after)
            subjects = _subjects(sub.group(1)) if sub else []
            joiner = " in " if name.endswith("degree") else " "
            keyword = f"{name}{joiner}{subjects[0]}" if subjects else name
            variants = [name]
            short = name.replace(" degree", "")
            for s_ in subjects:
                variants += [f"{name}{joiner}{s_}", f"{s_} degree", f"{short} in {s_}", f"degree in {s_}"]
            end = m.end() + skip + (sub.end() if sub else 0)
        else:   # a bare "degree" / "diploma": its subject stands before it ("Culinary degree")
            before = line[:a].rstrip()
            words = before.split()
            subj_words: list[str] = []
            while words and len(subj_words) < 6:
                w = words[-1]
                if (w.lower().strip(",") in _DETERMINER_WORDS or w.lower() in PHRASE_LEAD_STOP
                        or re.search(r"\d|year", w.lower()) or w.endswith((":", ";", "."))):
                    break
                subj_words.insert(0, words.pop())
            sub = re.match(r"\s+in\s+(.+)", after)
            subjects = [_bare(s_) for s_ in _expand_coordination(" ".join(subj_words))] if subj_words else []
            subjects = [s_ for s_ in subjects if s_ and s_.lower() not in ("or", "and")]
            kinds_ = [k for k in re.split(r"/", m.group(0).lower()) if k]
            if subjects:
                a = line.rfind(subj_words[0], 0, m.start())
                keyword = f"{subjects[0]} {kinds_[0]}"
                variants = [f"{s_} {k}" for s_ in subjects for k in kinds_]
                end = m.end()
            elif sub and _subjects(sub.group(1)):
                subjects = _subjects(sub.group(1))
                keyword = f"{kinds_[0].capitalize()} in {subjects[0]}"
                variants = [f"{s_} {kinds_[0]}" for s_ in subjects] + [f"degree in {s_}" for s_ in subjects]
                end = m.end() + sub.end()
            else:
                continue
        span = line[a:end].strip(" ,;")
        variants.append(span)
        keyword = keyword[:1].upper() + keyword[1:]
        out.append(_Candidate(_phrase_key(keyword), keyword, "certification",
                              tuple(dict.fromkeys(v for v in variants if v.lower() != keyword.lower())),
                              False, a, max(end, a + 1), source="degree"))
    return out


_LANGUAGE_NAMES = (
    "Spanish French German Mandarin Cantonese Chinese Japanese Portuguese Arabic Hindi Korean Italian "
    "Russian Vietnamese Tagalog Polish Dutch Urdu Punjabi Somali Farsi Hebrew Greek Turkish Ukrainian "
    "Bengali Swahili Hmong Welsh Gaelic ASL").split()
_LANGUAGE_RE = re.compile(r"\b(?:" + "|".join(_LANGUAGE_NAMES) + r"|American Sign Language|Haitian Creole)\b")
_ENGLISH_RE = re.compile(
    r"\b(?:(?:written|spoken|verbal|business|professional)(?:\s+and\s+(?:written|spoken|verbal))?\s+English"
    r"|English(?:\s+language)?\s+(?:fluency|proficiency|skills))\b", re.IGNORECASE)


def _language_candidates(line: str) -> list[_Candidate]:
    """Languages a posting asks for ("Bilingual English/Spanish", "Spanish or Mandarin is a plus",
    "excellent written English"), not a language something is written in ("recipes are in
    French")."""
    out: list[_Candidate] = []
    bilingual = re.search(r"\bbilingual\b", line, re.IGNORECASE)
    for m in _LANGUAGE_RE.finditer(line):
        if re.search(r"\b(?:are|is|written|printed|spoken)\s+in\s+$", line[:m.start()], re.IGNORECASE):
            continue
        lang = m.group(0)
        variants = [f"bilingual {lang}", f"{lang}-speaking", f"fluent {lang}", f"{lang} language"]
        if bilingual and abs(bilingual.start() - m.start()) <= 40:
            lo, hi = sorted((bilingual.start(), m.start()))
            variants += ["bilingual", line[lo:max(bilingual.end(), m.end())].strip(" ()")]
        if all(c.key != lang.lower() for c in out):
            out.append(_Candidate(lang.lower(), lang, "skill", tuple(dict.fromkeys(variants)), False,
                                  m.start(), m.end(), source="pattern"))
    for m in _ENGLISH_RE.finditer(line):
        phrase = m.group(0)
        kw = phrase[:1].upper() + phrase[1:]
        out.append(_Candidate(_phrase_key(kw), kw, "skill", ("English",), False, m.start(), m.end(),
                              source="pattern"))
    return out


_LONG_SHORT_RE = re.compile(
    r"((?:[A-Z][\w'’&.-]*\s+(?:(?:and|of|for|&|the|in|on)\s+)*){0,6}[A-Z][\w'’&-]*)\s+\(([A-Z][A-Za-z0-9&/+-]{1,9})\)")


def _add_acronym_variants(line: str, cands: list[_Candidate]) -> None:
    """A posting that spells a name out and gives its acronym ("Health and Care Professions
    Council (HCPC)") names the same requirement both ways."""
    pairs = []
    for m in _LONG_SHORT_RE.finditer(line):
        long, short = m.group(1).strip(), m.group(2)
        if sum(c.isupper() for c in short) < max(2, 0.6 * sum(c.isalpha() for c in short)):
            continue   # "BSc (Hons)": not an acronym of what stands before it
        words = [w for w in long.split() if w[:1].isupper()]
        initials = "".join(w[0] for w in words).upper()
        if short.upper()[:1] != initials[:1]:
            long = " ".join(long.split()[-len(short):])   # "Valid California Pupil ..." -> the tail
        pairs.append((long, short))
    for m in re.finditer(r"\(([A-Z]{2,6})s?\)", line):
        # "change data capture (CDC)", "transportation management system (TMS)": the words
        # before the brackets whose initials spell the acronym
        short = m.group(1)
        before = re.findall(r"[A-Za-z][\w'-]*", line[:m.start()])
        words = before[-len(short):]
        if len(words) == len(short) and "".join(w[0] for w in words).upper() == short \
                and all(p_[1] != short for p_ in pairs):
            pairs.append((" ".join(words), short))
    if not pairs:
        return
    for c in cands:
        low = c.keyword.lower()
        extra = []
        for long, short in pairs:
            paren = f"{long} ({short})".lower()
            if paren in low:
                extra += [c.keyword.lower().replace(paren, short.lower()), c.keyword.lower().replace(paren, long.lower()), short]
            elif long.lower() in low:
                extra += [low.replace(long.lower(), short.lower())]
                if c.kind in ("certification", "tool", "domain"):
                    extra.append(short)
            elif low == short.lower():
                extra.append(long)
            elif re.search(rf"\b{re.escape(short.lower())}\b", low):
                extra.append(re.sub(rf"\b{re.escape(short.lower())}\b", long.lower(), low))
        known = {c.keyword.lower(), *(v.lower() for v in c.variants)}
        extra = [e for e in dict.fromkeys(extra) if e.lower() not in known]
        if extra:
            c.variants = tuple(c.variants) + tuple(extra)


# --- duties read from the words when the parse fails --------------------------------------------------

_CLAUSE_VERBS = None


def _clause_verbs() -> frozenset[str]:
    global _CLAUSE_VERBS
    if _CLAUSE_VERBS is None:
        _CLAUSE_VERBS = frozenset(_DUTY_VERBS | set(_NOMINAL) | _PEOPLE_VERBS | {
            "keep", "write", "run", "make", "bend", "pull", "set", "clear", "fill", "restock", "replace",
            "rotate", "scale", "cost", "cut", "mix", "temper", "laminate", "decorate", "produce", "finish",
            "check", "log", "sort", "pack", "load", "unload", "ship", "count", "weigh", "wire", "terminate",
            "splice", "braze", "solder", "weld", "paint", "tape", "lift", "move", "drive", "answer", "greet",
            "file", "scan", "type", "book", "serve", "pour", "wash", "sanitize", "disinfect", "sterilize"})
    return _CLAUSE_VERBS


_CLAUSE_STOP_RE = re.compile(
    r"\s(?:in|on|at|for|with|to|from|by|during|within|using|per|under|according|into|across|before|after|"
    r"when|while|so|as|through|via|against|between|around|including|such)\s|[,;:()]|\s[-–—]\s|$", re.IGNORECASE)


def _duty_clause_candidates(line: str, known: set[str], taken: list[tuple[int, int]]) -> list[_Candidate]:
    """"Scale and cost recipes, receive and check deliveries, and rotate stock": each clause that
    opens with duty verbs names its object; a candidate for each object the parse missed, with
    the wording of every verb. Only for duty lines (the line opens with a duty verb)."""
    verbs = _clause_verbs()
    words0 = line.split(None, 1)
    if not words0 or words0[0].lower().strip(",.") not in verbs:
        return []
    out: list[_Candidate] = []
    starts = [0] + [m.end() for m in re.finditer(r"(?:,\s+(?:and\s+)?|;\s+|\s+and\s+)(?=[a-z]+\b)", line)]
    for st in starts:
        m = re.match(r"((?:[A-Za-z]+(?:,\s+|\s+(?:and|or|&)\s+)){0,3}[A-Za-z]+)\s+", line[st:])
        if not m:
            continue
        vs = re.split(r",\s+|\s+(?:and|or|&)\s+", m.group(1))
        if not all(v.lower() in verbs for v in vs):
            continue
        rest_at = st + m.end()
        stop = _CLAUSE_STOP_RE.search(line, rest_at)
        obj = line[rest_at:stop.start() if stop else len(line)].strip()
        for piece in re.split(r"\s+(?:and|or|&)\s+", obj):
            piece = re.sub(r"^(?:the|a|an|all|any|our|their|your|new|daily|weekly|monthly)\s+", "", piece.strip(), flags=re.I)
            piece_words = piece.split()
            while piece_words and (piece_words[-1].lower() in _VAGUE_ADJECTIVES or piece_words[-1].lower() in (
                    "current", "up-to-date", "clean", "organized", "stocked", "road-ready", "first-in", "safe",
                    "accurate", "updated", "ready")):
                piece_words.pop()
            piece = " ".join(piece_words)
            cleaned = _clean_phrase(piece) if piece else None
            if not cleaned or cleaned.split()[0].lower() in verbs:
                continue   # "keep recipe cards current": another clause
            key = _phrase_key(cleaned)
            low = cleaned.lower()
            a = line.find(piece, rest_at)
            if not key or key in known or low.split()[-1] in _NON_REQUIREMENT_HEADS or low in _VAGUE_OBJECTS \
                    or a < 0 or any(not (a + len(piece) <= x or a >= y) for x, y in taken):
                continue   # the parse already named something there
            known.add(key)
            lemmas = [v.lower() for v in vs]
            variants = tuple(dict.fromkeys([f"{v} {low}" for v in lemmas] + [n for v in lemmas for n in _nominal_forms(v, low)]))
            kw = cleaned[:1].upper() + cleaned[1:]
            kind = _phrase_kind(cleaned)
            if " " not in cleaned and cleaned.islower():
                # a lone noun says little; the duty is the item ("Monitor alerts", "Scale recipes")
                kw, kind = variants[0][:1].upper() + variants[0][1:], "skill"
                variants = variants[1:]
                key = _phrase_key(kw)
            out.append(_Candidate(key, kw, kind, variants, False, max(a, 0),
                                  max(a, 0) + len(piece), grammar_rank=0, source="grammar"))
    return out


# --- one requirement, several wordings -------------------------------------------------------------

def _fold_into(target: _Candidate, other: _Candidate) -> None:
    known = {target.keyword.lower(), *(v.lower() for v in target.variants)}
    more = [v for v in (other.keyword, *other.variants) if v.lower() not in known]
    target.variants = tuple(dict.fromkeys((*target.variants, *more)))
    if other.min_years is not None:
        target.min_years = max(target.min_years or 0.0, other.min_years)


_ALTERNATIVE_GAP_RE = re.compile(r"^\s*(?:,\s*)?(?:or|/|or an?|or the)\s*$|^/$", re.IGNORECASE)


def _merge_alternatives(line: str, cands: list[_Candidate]) -> list[_Candidate]:
    """One requirement named several ways on a line becomes one item with every wording:
    examples in brackets ("AWS (S3, Glue, Lambda)", "change data capture (CDC)"), alternatives
    ("Kafka or Kinesis", "NRP or PALS", "Fivetran or Airbyte"), an acronym inside a longer phrase
    ("IV" in "IV contrast") or spelled out elsewhere on the line."""
    dropped: set[int] = set()
    ordered = sorted(cands, key=lambda c: (c.start, -(c.end - c.start)))
    # a lexicon product followed by the rest of its name: "ADP" + "Workforce Now", "Guidewire"
    for c in ordered:
        if not c.from_lexicon or c.kind != "tool" or id(c) in dropped:
            continue
        rest = next((o for o in ordered if not o.from_lexicon and id(o) not in dropped and o.start == c.end + 1
                     and line[c.end:o.start] == " " and o.keyword[:1].isupper()
                     and all(w[:1].isupper() for w in o.keyword.split())), None)
        if rest is not None:
            whole = line[c.start:rest.end]
            rest.variants = tuple(dict.fromkeys((*rest.variants, rest.keyword, c.keyword, *c.variants)))
            rest.keyword, rest.key, rest.start, rest.kind = whole, _phrase_key(whole), c.start, "tool"
            dropped.add(id(c))
    # a name with its number before a credential ("EPA 608" + "Universal certification")
    for c in ordered:
        if c.source != "acronym" or id(c) in dropped:
            continue
        cred = next((o for o in ordered if o.kind == "certification" and not o.from_lexicon and id(o) not in dropped
                     and o.start > c.end and not line[c.end:o.start].strip()), None)
        if cred is not None:
            whole = line[c.start:cred.end]
            cred.variants = tuple(dict.fromkeys((*cred.variants, cred.keyword, c.keyword)))
            cred.keyword, cred.key, cred.start = whole[:1].upper() + whole[1:], _phrase_key(whole), c.start
            dropped.add(id(c))
    # an acronym inside a longer phrase of the line
    for c in ordered:
        if c.source != "acronym":
            continue
        plain_acronym = c.keyword.rstrip("s").isupper()
        host = next((o for o in ordered if o is not c and id(o) not in dropped and not o.from_lexicon
                     and o.start <= c.start and c.end <= o.end and (o.end - o.start) > (c.end - c.start)
                     # a product name ("TripAdvisor") stays an item of its own unless the longer
                     # phrase is a product name too ("VMware vSphere hosts")
                     and (plain_acronym or o.kind == "tool")), None)
        if host is not None:
            _fold_into(host, c)
            dropped.add(id(c))
    # an acronym another item of the line already carries as a wording
    for c in ordered:
        if id(c) in dropped or " " in c.keyword or not c.keyword[:2].isupper():
            continue
        host = next((o for o in ordered if o is not c and id(o) not in dropped
                     and c.keyword.lower() in (v.lower() for v in o.variants)), None)
        if host is not None and not c.from_lexicon:
            _fold_into(host, c)
            dropped.add(id(c))
    # examples in brackets after an item
    for m in re.finditer(r"\(([^()]{1,120})\)", line):
        inner_text = m.group(1)
        if NICE_CUE_RE.search(inner_text) or MUST_CUE_RE.search(inner_text) or len(inner_text.split()) > 10 \
                or re.search(r"[$£€]|\d+\s*[kKmMbB]\b|\d\+", inner_text):
            continue   # "($2M+ ARR)": an amount, not examples of what stands before
        host = max((o for o in ordered if id(o) not in dropped and o.end <= m.start()
                    and not line[o.end:m.start()].strip()), key=lambda o: o.end, default=None)
        if host is None:
            continue
        for c in ordered:
            named = c.keyword[:1].isupper() and " " not in c.keyword   # "FMLA", "Sourcewell"
            if c is not host and id(c) not in dropped and m.start() < c.start and c.end <= m.end() \
                    and not c.from_lexicon and c.kind != "soft_skill" \
                    and not (named and host.kind != "tool") \
                    and not (c.kind == "certification" and host.kind != "certification"):
                _fold_into(host, c)
                dropped.add(id(c))
    # alternatives: "Kafka or Kinesis", "NRP or PALS", "CPR/BLS"
    alive = [c for c in ordered if id(c) not in dropped]
    for a_, b_ in zip(alive, alive[1:]):
        if id(a_) in dropped or id(b_) in dropped:
            continue
        gap = line[a_.end:b_.start]
        kinds_ok = a_.kind in ("tool", "certification") and b_.kind == a_.kind
        if kinds_ok and _ALTERNATIVE_GAP_RE.match(gap) and " " not in a_.keyword.strip() \
                and " " not in b_.keyword.strip() and not b_.from_lexicon:
            _fold_into(a_, b_)
            dropped.add(id(b_))
    return [c for c in cands if id(c) not in dropped]


# --- what is never an item ------------------------------------------------------------------------

_CONNECTIVES = frozenset(
    "another other others related various additional such similar any each every certain some both either same etc".split())
_JURISDICTIONS = frozenset(
    "federal state local provincial municipal county city applicable relevant national international regional tribal".split())
_LAW_WORDS = frozenset(
    """law laws regulation regulations rule rules statute statutes ordinance ordinances requirement
    requirements guideline guidelines code codes legislation mandates policy policies""".split())
# Third-person verbs that are never nouns of a requirement.
_VERB_FORMS = frozenset(
    """configures installs maintains inspects manages monitors coordinates verifies ensures performs
    conducts prepares provides assists supports develops administers analyzes analyses
    troubleshoots oversees operates implements facilitates evaluates assesses diagnoses
    """.split())
_PLACES = frozenset(
    """alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii
    idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
    minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania
    tennessee texas utah vermont virginia washington wisconsin wyoming england scotland wales
    ireland canada ontario quebec australia""".split())
_PAY_TYPES = frozenset("hourly salaried exempt non-exempt full-time part-time temporary seasonal per-diem".split())
_HYPHEN_ADJECTIVE_RE = re.compile(
    r"^[a-z]+-(?:state|functional|time|level|on|house|site|oriented|paced|volume|facing|directed|based|"
    r"driven|related|specific|wide|friendly|minded|ready|term|class|world)$", re.IGNORECASE)
# A perk named as an item ("5% match", "Parking", "Employee assistance program").
_PERK_ITEM_RE = re.compile(
    r"%|\bmatch\b|\bparking\b|\bstipend|\bdiscount|\bassistance program|\bemployee assistance\b|\bpto\b|"
    r"\bpaid time off\b|\btuition (?:reimbursement|assistance|waiver)|\bperks?\b|\bsign-on\b|\btip pool\b|"
    r"\bbenefits? (?:package|plan)s?\b|\bholidays?\b|\bvacation\b|\brelocation\b|\bsign-on\b|\bbonus(?:es)?\b|"
    r"\bstock options?\b|\brsus?\b|\bcompany (?:car|vehicle|phone)\b|\bgym\b|\bwellness (?:program|stipend|days?)\b|"
    r"\b(?:401|403)\s*\(?[kb]\)?\s+(?:match|with)\b|\bfree (?:meals?|lunch|snacks|coffee|admission)\b|\bpaid (?:leave|holidays?|training)\b",
    re.IGNORECASE)
_PERK_WORDS = frozenset("assistance bonus benefits wellness pension insurance leave perks match parking".split())


def _checked(cand: _Candidate) -> _Candidate | None:
    """The candidate as an item, or None when it is a connective, a fragment or a perk: "Another
    EHR" -> "EHR"; "VII", "Laws", "Findings", "Federal law", "Multi-state", "5% match",
    "Parking", "Assistance" are never items. "Federal employment laws" -> "Employment laws"."""
    if cand.from_lexicon:
        return cand
    words = cand.keyword.split()
    changed = False
    while words and words[0].lower().strip(",.") in _CONNECTIVES:
        words = words[1:]
        changed = True
    low = [w.lower().strip(",.()") for w in words]
    if not words or (any(w in _JURISDICTIONS for w in low) and all(
            w in _JURISDICTIONS or w in _LAW_WORDS or w in ("and", "or", "&") for w in low)):
        return None   # "Federal law", "state and local regulations"
    if low[0] in _JURISDICTIONS and len(words) >= 3 and cand.kind != "certification" and not all(
            w[:1].isupper() for w in words[1:] if w.lower() not in ("of", "and", "for")):
        # "federal, state and local employment laws": the laws are the requirement (a name such
        # as "International Building Code" stays whole)
        # "federal, state and local employment laws": the laws are the requirement
        original = cand.keyword
        while words and words[0].lower().strip(",") in _JURISDICTIONS | {"and", "or", "&"}:
            words = words[1:]
        cand.variants = tuple(dict.fromkeys((*cand.variants, original)))
        changed = True
        low = [w.lower() for w in words]
    if low[-1] in _VERB_FORMS:
        return None   # "Configures", "Network installs": a verb the tagger took for a noun
    if len(words) == 1:
        w = low[0]
        if (w in _VAGUE_OBJECTS or w in _PERK_WORDS or w in _LAW_WORDS or _HYPHEN_ADJECTIVE_RE.match(w)
                or w in _PLACES or w in _PAY_TYPES
                or re.fullmatch(r"[ivx]+", w) or w in _JURISDICTIONS):
            return None
    if _PERK_ITEM_RE.search(cand.keyword) and cand.kind != "certification":
        return None
    if changed:
        kw = " ".join(words)
        cand.keyword = kw[:1].upper() + kw[1:]
        cand.key = _phrase_key(cand.keyword)
        if not cand.key:
            return None
    return cand


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
        rtw = _RIGHT_TO_WORK_RE.search(line.text)
        if rtw and rtw.group(0) == line.text:
            lexical, spans, cands = [], [], []   # the right to work, kept alone from a boilerplate line
        else:
            standards = _standard_candidates(line.text)
            lexical, spans = _lexicon_candidates(line.text, standards)
            cands = list(lexical) + [c for c in standards if (c.start, c.end) not in spans]
        if rtw:
            cands.append(_Candidate("right to work", "Right to work", "certification", tuple(dict.fromkeys((
                rtw.group(0), "work authorization", "authorized to work", "eligible to work", "legally authorized to work"))),
                False, rtw.start(), rtw.end(), source="pattern"))
        if rtw and rtw.group(0) == line.text:
            pass
        elif line.section != "intro":
            degrees = _degree_candidates(line.text, spans)
            languages = _language_candidates(line.text)
            fixed = [(c.start, c.end) for c in degrees + languages]
            patterned = [c for c in _pattern_candidates(line.text, spans + fixed)
                         if not (c.keyword.lower() in _LANGUAGE_WORDS or set(
                             re.split(r"[/\s]+", c.keyword.lower())) <= _LANGUAGE_WORDS)]
            cands += degrees + languages + patterned
            title_or_place = (line.index <= 1 and line.section in ("intro", "general")
                              and not _has_verb(line.text))   # "Northgate Mall, Store #0412"
            if not title_or_place:
                # an acronym does not block the phrase around it: "sterile IV admixtures"
                cands += _grammar_candidates(
                    line.text, spans + fixed + [(c.start, c.end) for c in patterned if c.source != "acronym"],
                    title_heads, lexicon_spans=spans)
            if line.section in ("resp", "general"):
                cands += _duty_clause_candidates(line.text, {c.key for c in cands},
                                                 [(c.start, c.end) for c in cands])
            _apply_experience(line.text, cands)
        elif line.index > 0 and _DUTY_CUE_RE.search(line.text):
            # "In this role you will prepare petitions ...": the duties of a one-paragraph posting
            cands += _grammar_candidates(line.text, spans, title_heads, lexicon_spans=spans)
        # a credential that holds a lexicon term stands for it ("ServSafe Manager certification")
        for c in [c for c in cands if c.absorbs]:
            for lex in [x for x in cands if x.from_lexicon and (x.start, x.end) in c.absorbs]:
                known = {c.keyword.lower(), *(v.lower() for v in c.variants)}
                c.variants = tuple(c.variants) + tuple(
                    v for v in (lex.keyword, *lex.variants) if v.lower() not in known)
                cands.remove(lex)
        _add_acronym_variants(line.text, cands)
        cands = _merge_alternatives(line.text, cands)
        for c in cands:
            c.named = c.start > 0 and line.text[c.start:c.start + 1].isupper() and not re.search(
                r"(?:^|[.:;!?•(]\s*)$", line.text[:c.start])
        for c in cands:
            if c.min_years and not c.from_lexicon and _names_a_person(c.keyword, title_heads) \
                    and not c.keyword.lower().endswith(" experience"):
                c.variants = tuple(dict.fromkeys((*c.variants, c.keyword)))
                c.keyword += " experience"   # "5 years as an HR generalist": the experience is the item
                c.key = _phrase_key(c.keyword)
        cands = [c for c in cands if c.from_lexicon or c.kind == "certification" or c.source == "people"
                 or not _names_a_person(c.keyword, title_heads)]
        cands = [c for c in map(_checked, cands) if c is not None]
        seen_here: dict[str, _Candidate] = {}
        for cand in cands:
            first = seen_here.get(cand.key)
            if first is not None:
                # the same requirement found twice on the line: one mention, every wording
                known = {first.keyword.lower(), *(v.lower() for v in first.variants)}
                tally = tallies[cand.key]
                more = tuple(dict.fromkeys(v for v in (cand.keyword, *cand.variants) if v.lower() not in known))
                if more:
                    tally.cand.variants = tuple(tally.cand.variants) + more
                if cand.min_years is not None:
                    tally.min_years = max(tally.min_years or 0.0, cand.min_years)
                continue
            seen_here[cand.key] = cand
            tally = tallies.get(cand.key)
            if tally is None:
                tally = tallies[cand.key] = _Tally(cand, first_index=line.index)
            elif cand.from_lexicon and not tally.cand.from_lexicon:
                cand.variants = tuple(dict.fromkeys((*cand.variants, *(
                    v for v in (tally.cand.keyword, *tally.cand.variants)
                    if v.lower() != cand.keyword.lower()))))
                tally.cand = cand
            elif cand is not tally.cand:
                known = {tally.cand.keyword.lower(), *(v.lower() for v in tally.cand.variants)}
                more = tuple(dict.fromkeys(v for v in cand.variants if v.lower() not in known))
                if more:
                    tally.cand.variants = tuple(tally.cand.variants) + more
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
        evidence = _evidence(cand, tally)
        items.append(((-(weight + evidence), tally.first_index), (-weight, -evidence, tally.first_index), item))
    items.sort(key=lambda triple: triple[0])
    chosen: list[tuple[tuple, RubricItem]] = []
    names: set[str] = set()
    soft = 0
    nice = [item for _, _, item in items if item.weight <= NICE_WEIGHT + REPEAT_BONUS_CAP
            and not item.must_have and item.weight < RESPONSIBILITY_WEIGHT][:MIN_NICE_ITEMS]
    room = MAX_ITEMS - len(nice)
    for _, order, item in items:
        if item.keyword.lower() in names:
            continue   # the same words found by two routes ("USCIS" as acronym and phrase)
        if item.kind == "soft_skill":
            if soft >= MAX_SOFT_SKILLS:
                continue
            soft += 1
        if item in nice or len(chosen) < room + sum(1 for _, n in chosen if n in nice):
            chosen.append((order, item))
            names.add(item.keyword.lower())
        if len(chosen) >= MAX_ITEMS:
            break
    chosen.sort(key=lambda pair: pair[0])
    return Rubric([item for _, item in chosen], company=company)


def _evidence(cand: _Candidate, tally: "_Tally") -> float:
    """How surely a candidate is a requirement, beyond where it stands (the weight): a credential,
    a degree or years of experience most; a lexicon term, a duty's object or a named pattern
    next; a phrase seen only in passing, a lone lowercase word or a soft skill least."""
    if cand.kind == "certification" or cand.source in ("degree", "experience") or tally.min_years:
        e = 0.6
    elif cand.from_lexicon:
        e = 0.3
    elif cand.source in ("grammar", "people") and cand.grammar_rank == 0:
        e = 0.3
    elif cand.source == "pattern":
        e = 0.2
    elif cand.source == "acronym":
        e = 0.1
    else:
        e = 0.0
    if " " not in cand.keyword.strip() and cand.keyword[1:].islower() and not cand.from_lexicon and not cand.named:
        e -= 0.4   # a lone lowercase word ("retention"), unlike a product ("Debezium")
    if not cand.from_lexicon and any(w[:1].isupper() or re.search(r"[a-z][A-Z]", w) for w in cand.keyword.split()[1:]):
        e += 0.2   # a named product, system or standard ("Active Directory", "Veeam backups" no; "Group Policy")
    if cand.kind == "soft_skill":
        e -= 0.2
    return e
