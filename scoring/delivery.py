"""Delivery of a spoken answer: pace, filler words, long pauses and length.

Thresholds (sources in docs/scoring.md and /work/shared/research/coaching.md):
- pace: full marks at 130-160 words per minute, minus 3 points per 5 wpm outside
  (InterviewVoice); feedback flags anything outside 130-175 wpm (Read.ai).
- fillers: no penalty up to 5 per minute, harm concentrated around 12 per minute (speechaway
  citing Laske 2024); the score falls linearly from 100 at 5/min to 40 at 12/min and 0 at 20/min.
- long pauses: a silence of 2 s or more between two words. A typical pause lasts 0.25-0.5 s and
  4 s pauses measurably hurt listeners' processing (Lundholm Fors, University of Gothenburg,
  2015); 2 s sits between the two and stays clear of word-timing jitter in ASR output.
- length: the question's expected_seconds range (coaches: 90-120 s for a STAR answer).

A typed answer has no delivery: `score_delivery` is only called when timings exist.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

PACE_FULL = (130, 160)        # wpm with full marks
PACE_FLAG = (130, 175)        # wpm outside which feedback speaks up
PACE_POINTS_PER_WPM = 3 / 5   # InterviewVoice: -3 points per 5 wpm outside the full range
FILLERS_FREE_PER_MIN = 5.0
FILLERS_HARM_PER_MIN = 12.0
FILLERS_ZERO_PER_MIN = 20.0
LONG_PAUSE_S = 2.0
DELIVERY_WEIGHTS = {"pace": 35, "fillers": 30, "length": 20, "pauses": 15}


@dataclass
class Pause:
    at_s: float        # when the silence started (seconds from the start of the recording)
    length_s: float
    after: str         # the word spoken just before it

    def to_dict(self) -> dict:
        return {"at_s": self.at_s, "length_s": self.length_s, "after": self.after}

    @classmethod
    def from_dict(cls, d: dict) -> "Pause":
        return cls(float(d["at_s"]), float(d["length_s"]), str(d.get("after", "")))


@dataclass
class DeliveryFacts:
    """What was measured; answer.AnswerMetrics copies these."""
    words: int
    duration_s: float | None = None
    speaking_s: float | None = None
    wpm: float | None = None
    fillers: int = 0
    fillers_per_min: float | None = None
    filler_spans: list[tuple[int, int]] = field(default_factory=list)
    filler_counts: dict[str, int] = field(default_factory=dict)
    pauses: list[Pause] = field(default_factory=list)


# --- fillers --------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_ALWAYS = {"um", "umm", "ummm", "uh", "uhh", "uhm", "erm", "er", "ah", "hmm", "mm", "basically",
           "literally"}
# "I like", "would like", "don't like", "feels like", "looks like", "things like": not fillers.
_LIKE_NOT_AFTER = {
    "i", "you", "we", "they", "he", "she", "would", "i'd", "you'd", "we'd", "they'd", "do",
    "don't", "did", "didn't", "does", "doesn't", "really", "also", "to", "feel", "feels", "felt",
    "look", "looks", "looked", "looking", "sound", "sounds", "sounded", "seem", "seems",
    "something", "anything", "nothing", "things", "stuff", "more", "much", "just", "exactly",
    "not", "people", "customers", "patients", "students", "who", "would've", "always", "never",
    "genuinely", "actually", "most", "least", "kids", "staff", "clients", "users", "everyone",
}
_LIKE_FILLER_AFTER = {"and", "so", "but", "um", "uh", "er", "was", "were", "is", "it's", "then",
                      "or", "because", "like", "just", "there's", "that's", "he's", "she's"}
_OBJECT_AFTER_LIKE = {"a", "an", "the", "this", "that", "it", "him", "her", "them", "me", "us",
                      "you", "these", "those", "my", "our", "your", "their", "his"}
_KNOW_NOT_AFTER = {"do", "did", "don't", "didn't", "if", "as", "would", "i", "we", "they", "to",
                   "let", "you'd", "will", "might", "may", "could", "should", "can", "what"}
_KNOW_NOT_BEFORE = {"what", "how", "that", "the", "a", "an", "about", "why", "where", "who",
                    "whom", "when", "if", "whether", "it", "this", "him", "her", "them", "my",
                    "our", "your", "me", "us", "more", "someone", "anything", "something",
                    "everyone", "everything", "each", "which", "those", "these", "exactly"}
_KIND_NOT_AFTER = {"a", "the", "what", "this", "that", "some", "any", "every", "same", "one",
                   "which", "that's", "my", "our", "their", "your", "its", "these", "those", "all",
                   "different", "other", "new", "right", "wrong", "this", "no", "of", "certain",
                   "particular", "first", "only", "whatever", "his", "her"}


_CANDIDATES = _ALWAYS | {"like", "you", "i", "kind", "sort"}
_COMMA_RE = re.compile(r"[,.!?;:\-—…]")


def find_fillers(text: str) -> list[tuple[int, int, str]]:
    """Filler words and phrases as (start, end, filler) in text.

    Counted: um/uh/er/erm/ah/hmm, "basically", "literally", "like" used as a filler (not "I like",
    "looks like", "like a ..."), "you know" as a tag (not "you know what/how/that ..."),
    "I mean," and hedging "kind of"/"sort of" (not "what kind of", "a sort of").
    Not counted: "actually", "so", "well", "right", "okay" - too often meaningful.
    """
    toks = [(m.group().lower().replace("’", "'"), m.start(), m.end())
            for m in _TOKEN_RE.finditer(text)]
    out: list[tuple[int, int, str]] = []

    def comma_between(a: int, b: int) -> bool:
        return bool(_COMMA_RE.search(text, a, b))

    i = 0
    while i < len(toks):
        w, s, e = toks[i]
        if w not in _CANDIDATES:
            i += 1
            continue
        prev = toks[i - 1][0] if i > 0 else ""
        nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
        comma_before = i == 0 or comma_between(toks[i - 1][2], s)
        comma_after = i + 1 >= len(toks) or comma_between(e, toks[i + 1][1])
        if w in _ALWAYS:
            out.append((s, e, w))
        elif w == "like":
            if prev in _LIKE_NOT_AFTER and not comma_before:
                pass
            elif nxt in _OBJECT_AFTER_LIKE and not comma_after and not comma_before:
                pass
            elif comma_before or comma_after or prev in _LIKE_FILLER_AFTER:
                out.append((s, e, "like"))
        elif w == "you" and nxt == "know" and i + 1 < len(toks):
            after = toks[i + 2][0] if i + 2 < len(toks) else ""
            tag_end = i + 2 >= len(toks) or comma_between(toks[i + 1][2], toks[i + 2][1])
            if (prev not in _KNOW_NOT_AFTER or comma_before) and (
                    tag_end or after not in _KNOW_NOT_BEFORE):
                out.append((s, toks[i + 1][2], "you know"))
                i += 2
                continue
        elif w == "i" and nxt == "mean" and i + 1 < len(toks) and prev not in {"what", "if"}:
            after_gap = text[toks[i + 1][2]:toks[i + 2][1]] if i + 2 < len(toks) else ","
            if "," in after_gap or "—" in after_gap or " - " in after_gap:
                out.append((s, toks[i + 1][2], "I mean"))
                i += 2
                continue
        elif w in {"kind", "sort"} and nxt == "of" and i + 1 < len(toks):
            if prev not in _KIND_NOT_AFTER:
                out.append((s, toks[i + 1][2], f"{w} of"))
                i += 2
                continue
        i += 1
    return out


def without_fillers(text: str, fillers: list[tuple[int, int, str]] | None = None) -> str:
    """text with every filler (and the commas around it) blanked out by spaces, so offsets stay
    valid: "I, uh, set up calls" reads "I       set up calls" to the structure checks."""
    chars = list(text)
    for start, end, _f in (find_fillers(text) if fillers is None else fillers):
        a, b = start, end
        while a > 0 and text[a - 1] in ", ":
            a -= 1
        while b < len(text) and text[b] in ", ":
            b += 1
        for k in range(a, b):
            chars[k] = " "
        if a > 0 and text[a - 1].isalnum() and b < len(text) and text[b].isalnum():
            chars[a] = " "
    return "".join(chars)


# --- timings --------------------------------------------------------------------------------

def _get(obj, name: str, default=None):
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def timed_words(words) -> list[tuple[str, float, float]]:
    """(word, start, end) for the words that carry usable timings, in time order."""
    out = []
    for w in words or ():
        start, end = _get(w, "start"), _get(w, "end")
        if start is None or end is None:
            continue
        try:
            start, end = float(start), float(end)
        except (TypeError, ValueError):
            continue
        out.append((str(_get(w, "word", "")).strip(), start, max(start, end)))
    out.sort(key=lambda t: t[1])
    return out


def find_pauses(words, threshold_s: float = LONG_PAUSE_S) -> list[Pause]:
    """Silences of at least threshold_s between consecutive words (not before the first word)."""
    timed = timed_words(words)
    pauses = []
    for (w0, _s0, e0), (_w1, s1, _e1) in zip(timed, timed[1:]):
        gap = s1 - e0
        if gap >= threshold_s - 1e-9:
            pauses.append(Pause(round(e0, 2), round(gap, 2), w0))
    return pauses


def measure(text: str, words=None, duration_s: float | None = None) -> DeliveryFacts:
    """Words, pace, fillers and pauses. Pace uses the speaking span (first word to last word),
    so the silence before the user starts talking or after they stop does not slow the pace."""
    timed = timed_words(words)
    n_words = len(timed) if timed else len(_TOKEN_RE.findall(text))
    fillers = find_fillers(text)
    counts: dict[str, int] = {}
    for _s, _e, f in fillers:
        counts[f] = counts.get(f, 0) + 1
    facts = DeliveryFacts(words=n_words, fillers=len(fillers),
                          filler_spans=[(s, e) for s, e, _ in fillers], filler_counts=counts)
    speaking = None
    if timed:
        speaking = timed[-1][2] - timed[0][1]
    if (speaking is None or speaking <= 0) and duration_s:
        speaking = float(duration_s)
    if duration_s is None and timed:
        duration_s = timed[-1][2]
    facts.duration_s = round(float(duration_s), 2) if duration_s is not None else None
    if speaking and speaking > 0:
        facts.speaking_s = round(speaking, 2)
        facts.wpm = round(n_words / (speaking / 60.0), 1)
        facts.fillers_per_min = round(len(fillers) / (speaking / 60.0), 1)
    facts.pauses = find_pauses(words)
    return facts


# --- scoring --------------------------------------------------------------------------------

# Too short or far too long: delivery is scaled by how much of the expected length was spoken.
SHORT_FRACTION = 0.8          # below 80 % of the shortest expected length, delivery scales down
LONG_FACTOR = 1.5             # beyond 150 % of the longest expected length, it scales down too
LONG_FLOOR = 0.3
# Each problem the feedback raises caps delivery: one keeps it below "Strong", more lower still.
CAPS_BY_PROBLEMS = (100, 75, 60, 45, 30)


def pace_points(wpm: float) -> float:
    lo, hi = PACE_FULL
    distance = lo - wpm if wpm < lo else (wpm - hi if wpm > hi else 0.0)
    if lo <= wpm <= PACE_FLAG[1]:
        return max(0.0, 100.0 - PACE_POINTS_PER_WPM * distance)
    # outside the band the feedback speaks up: the points fall as fast as the verdict says
    return max(0.0, 100.0 - PACE_POINTS_PER_WPM * (PACE_FLAG[1] - hi if wpm > hi else 0)
               - 2.0 * (wpm - PACE_FLAG[1] if wpm > hi else lo - wpm) - 15.0)


def pace_verdict(wpm: float) -> str:
    lo, hi = PACE_FULL
    if lo <= wpm <= hi:
        return "in the 130-160 range"
    if wpm > PACE_FLAG[1]:
        return "too fast"
    if wpm < PACE_FLAG[0]:
        return "too slow"
    return "a little fast"


def filler_points(per_min: float) -> float:
    if per_min <= FILLERS_FREE_PER_MIN:
        return 100.0
    if per_min <= FILLERS_HARM_PER_MIN:
        span = FILLERS_HARM_PER_MIN - FILLERS_FREE_PER_MIN
        return 100.0 - 60.0 * (per_min - FILLERS_FREE_PER_MIN) / span
    span = FILLERS_ZERO_PER_MIN - FILLERS_HARM_PER_MIN
    return max(0.0, 40.0 - 40.0 * (per_min - FILLERS_HARM_PER_MIN) / span)


def length_points(seconds: float, expected: tuple[int, int]) -> float:
    lo, hi = expected
    if seconds < lo:
        return max(0.0, 100.0 * seconds / lo)
    if seconds > hi:
        return max(0.0, 100.0 - 100.0 * (seconds - hi) / hi)
    return 100.0


def length_factor(seconds: float, expected: tuple[int, int]) -> float:
    """How much of the delivery score a spoken length earns: 1 within reach of the expected range,
    less for an answer far too short (a 2-second answer cannot be well delivered) or far too long."""
    lo, hi = expected
    if seconds < SHORT_FRACTION * lo:
        return max(0.0, seconds / (SHORT_FRACTION * lo))
    if seconds > LONG_FACTOR * hi:
        return max(LONG_FLOOR, 1.0 - (seconds - LONG_FACTOR * hi) / (2.0 * hi))
    return 1.0


def pause_points(pauses: int, speaking_s: float) -> float:
    allowed = int(speaking_s // 60)  # one long thinking pause per full minute goes unremarked
    return max(0.0, 100.0 - 25.0 * max(0, pauses - allowed))


def fmt_seconds(s: float) -> str:
    s = int(round(s))
    return f"{s} s" if s < 60 else f"{s // 60} min {s % 60:02d} s"


@dataclass
class DeliveryVerdict:
    """The delivery score, its reasons, and the problems the feedback must raise - one source, so
    the score and the feedback cannot disagree."""
    score: int
    reasons: list[str]
    problems: list[tuple[float, str]]      # (impact, feedback line), biggest first


def judge_delivery(facts: DeliveryFacts, expected: tuple[int, int],
                   repeated_share: float = 0.0) -> DeliveryVerdict:
    """Delivery 0-100 of a spoken answer (facts.speaking_s is set), with reasons and problems."""
    speaking = facts.speaking_s or 0.0
    parts: dict[str, float] = {}
    reasons: list[str] = []
    problems: list[tuple[float, str]] = []
    lo_s, hi_s = expected
    wpm = facts.wpm or 0.0
    verdict = pace_verdict(wpm)
    parts["pace"] = pace_points(wpm)
    reasons.append(f"Pace {wpm:.0f} words per minute ({verdict})")
    if verdict in ("too fast", "too slow") and facts.words >= 15:
        word = "slow down" if verdict == "too fast" else "speed up"
        problems.append((8 + abs(wpm - (PACE_FLAG[1] if wpm > PACE_FULL[1] else PACE_FLAG[0])) / 4,
                         f"{wpm:.0f} words per minute is {verdict}: {word} to "
                         f"{PACE_FULL[0]}–{PACE_FULL[1]}."))
    per_min = facts.fillers_per_min or 0.0
    parts["fillers"] = filler_points(per_min)
    if facts.fillers:
        top = ", ".join(f"'{k}' ×{v}" for k, v in sorted(facts.filler_counts.items(),
                                                          key=lambda kv: -kv[1])[:3])
        reasons.append(f"{facts.fillers} fillers, {per_min:.1f} per minute ({top})")
        if per_min > FILLERS_FREE_PER_MIN:
            problems.append((6 + (per_min - FILLERS_FREE_PER_MIN) * 1.5,
                             f"{facts.fillers} fillers in {fmt_seconds(speaking)} ({per_min:.0f} a "
                             f"minute: {top}): pause silently instead."))
    else:
        reasons.append("No filler words detected")
    parts["length"] = length_points(speaking, expected)
    reasons.append(f"Length {fmt_seconds(speaking)} (expected {lo_s}-{hi_s} s)")
    if speaking > hi_s * 1.15:
        problems.append((6 + 10 * (speaking - hi_s) / hi_s,
                         f"Your answer ran {fmt_seconds(speaking)}: aim for {lo_s}–{hi_s} s, "
                         f"keep what answers the question and cut the rest."))
    elif speaking < lo_s * 0.85:
        problems.append((6 + 10 * (lo_s - speaking) / lo_s,
                         f"{fmt_seconds(speaking)} is short for this question: aim for "
                         f"{lo_s}–{hi_s} s."))
    parts["pauses"] = pause_points(len(facts.pauses), speaking)
    allowed = int(speaking // 60)
    if facts.pauses:
        longest = max(facts.pauses, key=lambda p: p.length_s)
        reasons.append(f"{len(facts.pauses)} pause(s) of {LONG_PAUSE_S:.0f} s or more "
                       f"(longest {longest.length_s:.1f} s after '{longest.after}')")
        if len(facts.pauses) > allowed:
            problems.append((6 + 3 * (len(facts.pauses) - allowed),
                             f"{len(facts.pauses)} silence{'s' if len(facts.pauses) != 1 else ''} of "
                             f"{LONG_PAUSE_S:.0f} s or more (longest {longest.length_s:.1f} s after "
                             f"'{longest.after}'): plan the next step before you start."))
    else:
        reasons.append(f"No pauses of {LONG_PAUSE_S:.0f} s or more")
    total = sum(DELIVERY_WEIGHTS[k] * parts[k] for k in parts) / sum(DELIVERY_WEIGHTS.values())
    factor = length_factor(speaking, expected)
    if factor < 1.0:
        total *= factor
        reasons.append(f"Scaled to {factor:.0%}: the length is far from the expected "
                       f"{lo_s}-{hi_s} s")
    if repeated_share > 0.15:
        total *= 1.0 - repeated_share
        reasons.append(f"{repeated_share:.0%} of the answer repeats what it already said "
                       f"(scaled down)")
    cap = CAPS_BY_PROBLEMS[min(len(problems), len(CAPS_BY_PROBLEMS) - 1)]
    if total > cap:
        total = cap
        reasons.append(f"At most {cap} with {len(problems)} problem(s) to fix")
    problems.sort(key=lambda t: -t[0])
    return DeliveryVerdict(round(total), reasons, problems)


def score_delivery(facts: DeliveryFacts, expected: tuple[int, int]) -> tuple[int, list[str]]:
    """0-100 with one reason per part. Requires facts.speaking_s (a spoken answer)."""
    v = judge_delivery(facts, expected)
    return v.score, v.reasons
