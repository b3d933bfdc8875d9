"""Does the answer read as English? The scorer only reads English, so it says so rather than
scoring words it cannot read.

The signal is spaCy's own English vocabulary: the words its lemmatizer knows (its noun, verb,
adjective and adverb indexes and their irregular forms) and its English stop words. In English
answers - typed or transcribed, with names, tools and the odd slip - well over half the words are
known; in Spanish, French or German nearly all are not (a few short words such as "a", "me" or
"no" are shared). Short answers are not judged: there is too little to tell.
"""
from __future__ import annotations

import functools

from scoring import nlp

MIN_WORDS = 6              # fewer words than this: not judged (assume English)
MIN_KNOWN_SHARE = 0.5      # below this share of known words, the answer does not read as English


class AnswerLanguageError(ValueError):
    """The answer is not in English (one-line message)."""


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every word form spaCy's English pipeline knows: lemma indexes, irregular forms, stop words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    pipeline = nlp.load()
    words: set[str] = set(STOP_WORDS)
    lookups = pipeline.get_pipe("lemmatizer").lookups
    for table_name in ("lemma_index", "lemma_exc"):
        table = lookups.get_table(table_name)
        for key in table.keys():
            entries = table[key]
            items = entries.items() if hasattr(entries, "items") else [(e, None) for e in entries]
            for word, forms in items:
                words.add(str(word).lower())
                for form in forms or ():
                    words.add(str(form).lower())
    return frozenset(w for w in words if w)


def known_share(text: str) -> tuple[float, int]:
    """(share of the answer's words spaCy's English vocabulary knows, number of words judged)."""
    vocab = english_words()
    doc = nlp.parse(text)
    # names ("Brightpay", "Maria") are neither English nor not: left out of the count
    words = [t for t in doc if t.is_alpha and len(t.text) > 1
             and not (t.pos_ == "PROPN" and t.text[0].isupper() and not t.is_sent_start)]
    if not words:
        return 1.0, 0
    known = sum(1 for t in words if t.lower_ in vocab or t.lemma_.lower() in vocab)
    return known / len(words), len(words)


STOP_SHARE_ENGLISH = 0.25   # this share of English stop words settles it without the vocabulary


def reads_english(text: str) -> bool:
    from spacy.lang.en.stop_words import STOP_WORDS

    words = [t.lower_ for t in nlp.parse(text) if t.is_alpha]
    if len(words) < MIN_WORDS:
        return True
    # Ordinary English is a third or more stop words ("the", "and", "I", "was"): quick to tell.
    # A list of terms, or another language, needs the full vocabulary.
    if sum(1 for w in words if w in STOP_WORDS) / len(words) >= STOP_SHARE_ENGLISH:
        return True
    share, n = known_share(text)
    return n < MIN_WORDS or share >= MIN_KNOWN_SHARE


def check_english(text: str) -> None:
    """Raise AnswerLanguageError when the answer does not read as English."""
    if not reads_english(text):
        raise AnswerLanguageError(
            "This answer doesn't read as English: Callback's scorer reads English only, so it was "
            "not scored. Answer in English to get a score.")
