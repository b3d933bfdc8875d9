"""Delivery of spoken answers: pace, fillers and long pauses measured from word timings."""
from __future__ import annotations

from calibration.corpus import spoken

from scoring.delivery import find_fillers, measure, score_delivery


def _fillers(text):
    return [f for _s, _e, f in find_fillers(text)]


def test_pace_is_words_per_minute_over_the_speaking_time():
    text = " ".join(["word"] * 150)
    facts = measure(text, spoken(text, wpm=150).words, spoken(text, wpm=150).duration_s)
    assert facts.words == 150
    assert 145 <= facts.wpm <= 155


def test_silence_before_the_first_word_does_not_slow_the_pace():
    text = " ".join(["word"] * 100)
    t = spoken(text, wpm=150)
    late = spoken(text, wpm=150, lead_in=8.0)
    assert abs(measure(text, t.words).wpm - measure(text, late.words, late.duration_s).wpm) < 1


def test_a_three_second_silence_is_a_long_pause_with_its_place_and_length():
    text = "I called the patient's daughter first and then I paged the intensivist on call"
    t = spoken(text, wpm=150, pauses={5: 3.0})   # after "first"
    facts = measure(text, t.words, t.duration_s)
    assert len(facts.pauses) == 1
    pause = facts.pauses[0]
    assert pause.after == "first"
    assert 3.0 <= pause.length_s <= 3.5


def test_ordinary_gaps_between_words_are_not_pauses():
    text = "I rebuilt the schedule in Kronos and moved twelve hours into the evening peak"
    t = spoken(text, wpm=120, pauses={3: 1.2})
    assert measure(text, t.words, t.duration_s).pauses == []


def test_hesitation_sounds_and_filler_phrases_are_counted():
    text = "Um, so I, uh, basically rebuilt the, like, whole report, you know, and it was kind of slow."
    assert _fillers(text) == ["um", "uh", "basically", "like", "you know", "kind of"]


def test_like_as_a_verb_or_a_comparison_is_not_a_filler():
    text = ("I like working with data. I would like to lead the team. It looks like a good fit, "
            "and tools like Excel are fine. We didn't like the old process.")
    assert _fillers(text) == []


def test_you_know_and_kind_of_in_their_ordinary_meanings_are_not_fillers():
    text = ("Do you know what I mean? You know how the process works. "
            "What kind of team is it? It's a sort of dashboard.")
    assert _fillers(text) == []


def test_fillers_per_minute_and_the_score_follow_the_coaching_thresholds():
    fluent_text = " ".join(["we shipped the release on time"] * 25)     # 150 words, no fillers
    fluent = spoken(fluent_text, wpm=145)
    facts = measure(fluent_text, fluent.words, fluent.duration_s)
    fluent_score, _ = score_delivery(facts, (45, 90))

    hesitant_text = " ".join(["um we shipped uh the release"] * 25)   # 50 fillers in ~1 min
    hesitant = spoken(hesitant_text, wpm=145)
    hfacts = measure(hesitant_text, hesitant.words, hesitant.duration_s)
    assert hfacts.fillers == 50
    assert hfacts.fillers_per_min > 12
    hesitant_score, reasons = score_delivery(hfacts, (45, 90))
    assert fluent_score > hesitant_score + 20
    assert any("fillers" in r and "'um'" in r for r in reasons)


def test_too_fast_is_penalised_and_named():
    text = " ".join(["we rebuilt the onboarding flow for new clinics"] * 20)
    fast = spoken(text, wpm=210)
    facts = measure(text, fast.words, fast.duration_s)
    score, reasons = score_delivery(facts, (30, 90))
    normal = spoken(text, wpm=150)
    normal_score, _ = score_delivery(measure(text, normal.words, normal.duration_s), (30, 90))
    assert normal_score > score
    assert any("too fast" in r for r in reasons)
