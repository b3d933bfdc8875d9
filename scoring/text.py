"""Text helpers shared by rubric building and keyword matching.

Tokens keep their character offsets into the original text so a match can be quoted back to the
user. Words are compared through `stem()`, a deliberately light suffix stripper (no downloaded
data): it folds plural, -ed, -ing, -ment and -ation forms together so "managed", "managing" and
"management" meet at "manag", and "communication"/"communicating" meet at "communicat". British
spellings fold into American ones ("analysed"/"analyzed", "labour"/"labor", "centre"/"center").
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# A word, plus the programming-language spellings that plain \w+ would break:
# C++, C#, F#, Security+, .NET, Node.js / Vue.js, and possessives ("customer's") kept on the word.
_TOKEN_RE = re.compile(
    r"\.net\b"
    r"|[^\W_]+(?:(?:\+\+|\+|#)(?![^\W_+]))?(?:\.js\b)?(?:['’][^\W_]+)?"
    r"|&",
    re.IGNORECASE,
)

# Words that carry no meaning on their own when comparing phrases.
STOPWORDS = frozenset(
    """a an the and or of to in on for with at by from as into onto via per is are be been being
    was were this that these those it its our your their my we you they i me us our
    """.split()
)


class Token(NamedTuple):
    text: str    # lower-cased, possessive stripped, "&" spelled "and"
    start: int   # character offsets into the original text
    end: int
    raw: str     # the text exactly as written (for case-sensitive items)


def normalize(text: str) -> str:
    """NFKC-fold, unify quotes and dashes, collapse runs of spaces (line breaks are kept)."""
    text = unicodedata.normalize("NFKC", text)
    text = (
        text.replace("\u2019", "'").replace("\u2018", "'")
        .replace("\u201c", '"').replace("\u201d", '"')
        .replace("\u2013", "-").replace("\u2014", " - ").replace("\u00a0", " ")
    )
    text = re.sub(r"[ \t\f\v]+", " ", text)
    return text


def _norm_token(raw: str) -> str:
    t = raw.lower()
    if t.isalnum():
        return t
    t = t.replace("’", "'")
    if t == "&":
        return "and"
    if t.endswith("'s"):
        t = t[:-2]
    elif "'" in t:
        t = t.replace("'", "")
    return t


def tokenize(text: str) -> list[Token]:
    """Split text into word tokens with their offsets; punctuation and hyphens separate words."""
    out = []
    for m in _TOKEN_RE.finditer(text):
        raw = m.group()
        start, end = m.span()
        out.append(Token(_norm_token(raw), start, end, raw))
    return out


@lru_cache(maxsize=64)
def tokenize_cached(text: str) -> tuple[Token, ...]:
    """tokenize() memoised: matching a whole rubric against one answer tokenizes it once."""
    return tuple(tokenize(text))


def words(text: str) -> list[str]:
    """The normalised token strings of text."""
    return [t.text for t in tokenize(text)]


_DOUBLE_END_RE = re.compile(r"([bdfgklmnprtvz])\1$")


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """Light suffix stemmer: enough to fold the inflections a coach would accept as the same word.

    Short words (<= 3 letters) and tokens with digits or symbols are returned unchanged so that
    "AWS", "C++" and "401k" survive.
    """
    w = word.lower()
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("lysis"):  # analysis -> analyz, like analyse / analyze
        return w[:-3] + "z"
    # plurals
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "shes", "ches", "xes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is", "ys")) and len(w) > 4:
        w = w[:-1]
    # verb and noun endings, longest first
    for suffix, repl in (
        ("isation", "iz"), ("ization", "iz"), ("ation", "at"), ("tion", "t"), ("ment", ""),
        ("ing", ""), ("ed", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + repl
            break
    if w.endswith("ise") and len(w) > 5:  # organise -> organize
        w = w[:-3] + "iz"
    w = _DOUBLE_END_RE.sub(r"\1", w) if len(w) > 4 else w
    if w.endswith("mme") and len(w) > 6:  # programme -> program
        w = w[:-2]
    if w.endswith("e") and len(w) >= 4:
        w = w[:-1]
    if w.endswith("y") and len(w) > 4:
        w = w[:-1] + "i"
    # British spellings meet American ones: analys(e) ~ analyz(e), labour ~ labor, centre ~ center
    if w.endswith("lys"):
        w = w[:-1] + "z"
    elif w.endswith("our") and len(w) >= 6:
        w = w[:-2] + "r"
    elif w.endswith("tr") and len(w) >= 4:
        w = w[:-1] + "er"
    return w


# Spellings that sound alike, so ASR slips compare closer: "tablo" ~ "tableau",
# "post gress" ~ "postgres", "sequel" stays itself (listed as a variant in the lexicon).
_SOUND_RULES = (
    (re.compile(r"eau"), "o"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"q"), "k"),
    (re.compile(r"c(?=[aou]|[^ehiy]|$)"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"z"), "s"),
    (re.compile(r"(.)\1+"), r"\1"),
)


@lru_cache(maxsize=20000)
def sound_key(s: str) -> str:
    """A rough spelling-by-sound form for comparing speech-recognition slips."""
    s = s.lower()
    for pattern, repl in _SOUND_RULES:
        s = pattern.sub(repl, s)
    return s


try:  # optional speed-up; the pure-Python version below gives the same numbers
    from rapidfuzz.distance import Levenshtein as _rf_levenshtein
except ImportError:  # pragma: no cover - depends on the environment
    _rf_levenshtein = None


def levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance between a and b, or limit + 1 as soon as it must exceed limit."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if _rf_levenshtein is not None:
        return _rf_levenshtein.distance(a, b, score_cutoff=limit)
    return _levenshtein_py(a, b, limit)


def _levenshtein_py(a: str, b: str, limit: int) -> int:
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        best = i
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            current.append(cost)
            if cost < best:
                best = cost
        if best > limit:
            return limit + 1
        previous = current
    return previous[-1] if previous[-1] <= limit else limit + 1
