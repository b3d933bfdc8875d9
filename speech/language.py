"""Is this English? Callback transcribes English answers; anything else must not be scored.

The bundled tiny.en model cannot name a language: fed French, Spanish or German it writes
invented English ("I'm going to go to the next one, but I'm going to go to the next one.").
The invented text has a shape that needs no extra weights to see. Measured with tiny.en on the
25 English long answers and the 13 real clips (tests/long_answers.py, tests/clips.py) against
9 espeak-ng answers in French, Spanish and German (30-45 s of speech each):
- it is sparse: Whisper gives up on most windows, so there are few words for the speech
  (words per second of voice activity: English 1.9-3.8, real clips of 4 s or more 2.7-3.2;
  foreign 0.14-0.79);
- the model does not believe it (mean word probability: English 0.61-0.91, real clips 0.81-0.97;
  foreign 0.04-0.51).
- on a short answer (one 30 s window) it is not sparse but it loops: "I'm not a fan of the game,
  but I'm not a fan of the game, but I'm not a fan of the game." (share of repeated 4-word runs:
  foreign loops 0.5 and more, English answers under 0.1).
A recording is refused only when the words are improbable (mean probability under 0.6) and, on
top of that, sparse, looping or very improbable (under 0.3); so an English answer that lost
words, or a heavily accented one, is not refused for one sign alone. Under MIN_SPEECH_S of speech
it is never judged. The check runs on the first pass, before any repair (decoding invented text
again costs seconds). `make bench` prints the false refusals and the detections.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

# Invented English: improbable words (below this mean probability) and one more sign of it.
MAX_FOREIGN_MEAN_PROBABILITY = 0.6
MAX_FOREIGN_WORDS_PER_S = 1.2       # sparse
MIN_FOREIGN_REPEATED_SHARE = 0.3    # looping
VERY_IMPROBABLE = 0.3               # improbable enough on its own
# Too little speech to judge: a short answer is never refused for its language.
MIN_SPEECH_S = 4.0

NOT_ENGLISH = ("Callback transcribes English answers: this recording does not sound like English, "
               "so it was not transcribed or scored.")


class LanguageError(ValueError):
    """The recording is speech in a language other than English."""


@dataclass(frozen=True)
class LanguageCheck:
    english: bool
    speech_s: float
    words_per_s: float
    mean_probability: float
    repeated_share: float


def check_english(words: Sequence, speech_s: float) -> LanguageCheck:
    """Judge from the words Whisper wrote (each with `.word`, `.probability`) over `speech_s` of speech."""
    if speech_s < MIN_SPEECH_S or not words:
        return LanguageCheck(True, round(speech_s, 2), 0.0, 1.0, 0.0)
    rate = len(words) / speech_s
    mean_p = float(sum(w.probability for w in words) / len(words))
    repeated = repeated_share([w.word for w in words])
    foreign = mean_p < MAX_FOREIGN_MEAN_PROBABILITY and (
        rate < MAX_FOREIGN_WORDS_PER_S or repeated >= MIN_FOREIGN_REPEATED_SHARE or mean_p < VERY_IMPROBABLE)
    return LanguageCheck(not foreign, round(speech_s, 2), round(rate, 3), round(mean_p, 3), round(repeated, 3))


def repeated_share(words: Sequence[str], n: int = 4) -> float:
    """The share of n-word runs that already appeared earlier in the text (0.0 for short texts)."""
    tokens = ["".join(ch for ch in w.lower() if ch.isalnum() or ch == "'") for w in words]
    grams = [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    if len(grams) < 4:
        return 0.0
    return 1.0 - len(set(grams)) / len(grams)
