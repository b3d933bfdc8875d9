"""Speech that came back without words: find it against voice activity, and decode it again.

Whisper can skip a stretch of speech inside a 30 s window and still return fluent text. Measured:
a 63 s answer recorded at 16 kHz lost 40 of its 166 words with the default settings (greedy
decoding, the filler prompt, word timestamps), and an espeak-ng reading of the same answer lost
43 words in a row (tests/long_answers.py, "pharmacy-en-us-150wpm-16k"); without the prompt every
word came back. The words that were kept get timed by alignment, so they are squeezed into, or
stretched over, the audio of the words that were lost.

So after every transcription:
1. voice activity (Silero VAD, shipped with faster-whisper) gives the regions of speech;
2. each word covers its own time (at most WORD_REACH_S from its start, so one word stretched over
   seconds of speech does not hide a hole) plus a little slack;
3. any speech longer than MIN_GAP_S that no word covers is decoded again without the prompt,
   together with the Whisper segments on either side of it (their words are the ones that were
   mistimed), and that stretch's words are replaced when the second decoding found more words;
4. each attempt is recorded in the transcript as a `Repair`, found words or not, so a loss is
   never silent.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

SAMPLE_RATE = 16_000
MIN_GAP_S = 1.5        # uncovered speech shorter than this is a pause, a breath, a long vowel
WORD_REACH_S = 1.0     # the longest a single word is taken to cover, from its start
WORD_SLACK_S = 0.3     # word timings are approximate: each word covers this much either side
NEIGHBOUR_S = 1.0      # segments ending/starting this close to a hole are decoded again with it
WINDOW_PAD_S = 0.5     # audio kept either side of the stretch decoded again
# Voice activity tuned finer than faster-whisper's own filter (which joins speech across
# pauses under 2 s): a pause between sentences must not count as speech without words.
VAD_MIN_SILENCE_MS = 300
VAD_SPEECH_PAD_MS = 100


@dataclass(frozen=True)
class Span:
    start: float
    end: float

    @property
    def length(self) -> float:
        return self.end - self.start


def speech_regions(samples: np.ndarray) -> list[Span]:
    """Where someone speaks, by Silero VAD (the model faster-whisper ships; ~0.1 s a minute)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(min_silence_duration_ms=VAD_MIN_SILENCE_MS, speech_pad_ms=VAD_SPEECH_PAD_MS)
    return [Span(float(c["start"]) / SAMPLE_RATE, float(c["end"]) / SAMPLE_RATE)
            for c in get_speech_timestamps(samples, options)]


def uncovered_speech(regions: Sequence[Span], words: Sequence, min_gap_s: float = MIN_GAP_S) -> list[Span]:
    """Stretches of speech of at least `min_gap_s` that no word covers."""
    covered = sorted((max(0.0, w.start - WORD_SLACK_S), min(w.end, w.start + WORD_REACH_S) + WORD_SLACK_S)
                     for w in words)
    holes = []
    for region in regions:
        position = region.start
        for start, end in covered:
            if end <= position:
                continue
            if start >= region.end:
                break
            if start > position:
                holes.append(Span(position, min(start, region.end)))
            position = max(position, end)
            if position >= region.end:
                break
        if position < region.end:
            holes.append(Span(position, region.end))
    return [h for h in holes if h.length >= min_gap_s]


def repair_window(hole: Span, segments: Sequence[Span], duration_s: float) -> Span:
    """The hole plus the segments beside it (whose words were timed into or across it)."""
    start, end = hole.start, hole.end
    for seg in segments:
        if seg.end >= hole.start - NEIGHBOUR_S and seg.start <= hole.end + NEIGHBOUR_S:
            start, end = min(start, seg.start), max(end, seg.end)
    return Span(max(0.0, start - WINDOW_PAD_S), min(duration_s, end + WINDOW_PAD_S))


def merge_windows(windows: Sequence[Span]) -> list[Span]:
    merged: list[Span] = []
    for w in sorted(windows, key=lambda s: s.start):
        if merged and w.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, w.end))
        else:
            merged.append(w)
    return merged


def decode_again(samples: np.ndarray, window: Span, words: list, decode: Callable[[np.ndarray], list]
                 ) -> tuple[list, int, int]:
    """Words with `window` decoded again by `decode(samples) -> words` (times from 0).

    Returns (all words, words in the window before, words in the window after). The new words
    replace the old ones only when there are more of them: a repair never loses a word.
    """
    inner = Span(window.start + WINDOW_PAD_S, window.end - WINDOW_PAD_S)

    def inside(w) -> bool:
        middle = (w.start + w.end) / 2
        return inner.start - WINDOW_PAD_S <= middle <= inner.end + WINDOW_PAD_S

    part = samples[int(window.start * SAMPLE_RATE):int(window.end * SAMPLE_RATE)]
    found = [_shifted(w, window.start) for w in decode(part)]
    found = [w for w in found if inside(w)]
    before = [w for w in words if inside(w)]
    if len(found) <= len(before):
        return words, len(before), len(before)
    kept = [w for w in words if not inside(w)]
    return sorted(kept + found, key=lambda w: (w.start, w.end)), len(before), len(found)


def _shifted(word, offset: float):
    return type(word)(word.word, round(word.start + offset, 3), round(word.end + offset, 3), word.probability)
