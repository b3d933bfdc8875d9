"""Red flags: found and quoted, each with its fix; they cap the overall; a rude answer never beats
a polite one.

The examples and not-examples are the ones anchors.yaml writes down for each flag (what counts and
what does not), so the data file and the detector cannot drift apart.
"""
from __future__ import annotations

import pytest
from tuning import corpus

from question_bank.kinds import load_anchors
from scoring import score_answer
from scoring.observe import observe
from scoring.red_flags import find_red_flags

ANCHORS = load_anchors()
QUESTION = "Why do you want this job?"


def _kind_for(flag) -> str:
    return {"non_answer": "past_story", "skipped_checks": "process"}.get(flag.id, flag.applies_to[0])


FLAG_EXAMPLES = [(f, ex) for f in ANCHORS.red_flags for ex in f.examples]
FLAG_NOT_EXAMPLES = [(f, ex) for f in ANCHORS.red_flags for ex in f.not_examples]


@pytest.mark.parametrize("flag,example", FLAG_EXAMPLES, ids=[f"{f.id}:{e[:30]}" for f, e in FLAG_EXAMPLES])
def test_what_anchors_yaml_says_counts_raises_the_flag_with_a_quote_and_a_fix(flag, example):
    found = {f.flag: f for f in find_red_flags(_kind_for(flag), observe(example), QUESTION)}
    assert flag.id in found, (flag.id, example, list(found))
    hit = found[flag.id]
    assert hit.quote and hit.quote.strip("…").split()[0] in example
    assert hit.fix == flag.fix and hit.cap == flag.cap


@pytest.mark.parametrize("flag,example", FLAG_NOT_EXAMPLES,
                         ids=[f"{f.id}:{e[:30]}" for f, e in FLAG_NOT_EXAMPLES])
def test_what_anchors_yaml_says_does_not_count_raises_nothing(flag, example):
    found = [f.flag for f in find_red_flags(_kind_for(flag), observe(example), QUESTION)]
    assert found == [], (flag.id, example, found)


@pytest.mark.parametrize("text", [
    "The system was awful and kept crashing, so I rebuilt the export overnight.",
    "I was an idiot and forgot to save the file, so I rebuilt it from the backup.",
    "My colleague skipped the tests, so I ran them myself before the release.",
    "I never skip the review, even when the deadline is tight.",
    "Two associates called in sick, so I covered the tills myself.",
    "I worked with the respiratory therapists on every ventilated patient.",
    "Tallyfox helps small businesses get paid faster.",
])
def test_ordinary_words_near_a_flag_are_not_a_flag(text):
    # an insult about a thing, a mistake owned, someone else's skipped test, a negated skip,
    # someone else's sick day, "therapists" at work, "paid" about customers
    assert find_red_flags("past_story", observe(text), QUESTION) == []
    assert find_red_flags("process", observe(text), QUESTION) == []
    assert find_red_flags("motivation", observe(text), QUESTION) == []


def test_a_flag_is_only_looked_for_on_the_kinds_it_applies_to():
    salary = "I won't consider anything under 80 thousand."
    assert [f.flag for f in find_red_flags("negotiation", observe(salary), QUESTION)] == \
        ["aggressive_salary"]
    # pay as the reason for wanting a job matters in a motivation answer, not a salary answer
    pay = "Honestly, the salary is better and the holidays are good."
    assert [f.flag for f in find_red_flags("motivation", observe(pay), QUESTION)] == ["pay_only"]
    assert find_red_flags("negotiation", observe(pay), QUESTION) == []


# --- the score -----------------------------------------------------------------------------------

def _answer(answer_id: str):
    return next(a for a in corpus.load() if a.id == answer_id)


@pytest.mark.parametrize("answer_id", [a.id for a in corpus.load() if a.flags])
def test_every_flagged_tuning_answer_is_caught_capped_and_told_how_to_fix_it(answer_id):
    a = _answer(answer_id)
    score = corpus.score(a)
    found = {f.flag for f in score.red_flags}
    assert set(a.flags) & found, (a.id, a.flags, found)
    worst = min(f.cap for f in score.red_flags)
    assert score.overall <= worst
    assert any(f.fix in line for f in score.red_flags for line in score.feedback)
    assert any(f.quote.strip("…")[:20] in line for f in score.red_flags for line in score.feedback)


def test_a_cap_is_a_ceiling_not_a_floor():
    # oversharing caps at 65; a weak answer with it keeps its low score
    q = corpus.question_for("Tell me about yourself.", "self_summary", "opn-002")
    rubric = corpus.rubric_for("retail_store_manager.txt")
    score = score_answer(q, "My divorce has been really messy. I work in a shop.", rubric)
    assert [f.flag for f in score.red_flags] == ["oversharing"]
    assert score.overall < 40


POLITE_AND_RUDE = [
    ("past_story", "ps-retail-5", "My area manager at the time was a useless idiot, by the way."),
    ("past_story", "ps-swe-5", "Honestly the team lead there was clueless."),
    ("process", "pr-teach-5", "The other teachers in my department were lazy and never bothered."),
    ("motivation", "mo-csm-5", "My current company is a joke and my boss is an idiot."),
    ("pitch", "pi-swe-5", "It was a shit show before I arrived."),
    ("self_assessment", "sa-fpa-5", "To be fair, my director was a complete moron about it."),
    ("work_style", "ws-swe-5", "Most engineers I've worked with were morons, frankly."),
    ("negotiation", "ne-fpa-5", "Your last offer to the other candidate was pathetic, I heard."),
    ("candidate_questions", "cq-retail-5", "The last store manager sounded useless, to be honest."),
    ("small_talk", "st-retail-5", "Your receptionist was a bit of an idiot, mind you."),
    ("hypothetical", "hy-swe-5", "Product managers are usually clueless about this stuff."),
    ("company_knowledge", "ck-fpa-5", "Your competitors are run by idiots."),
    ("self_summary", "ss-csm-5", "My old manager at CareDesk was a damn nightmare."),
]


@pytest.mark.parametrize("kind,answer_id,insult", POLITE_AND_RUDE, ids=[p[1] for p in POLITE_AND_RUDE])
def test_a_rude_answer_never_beats_the_same_answer_without_the_insult(kind, answer_id, insult):
    a = _answer(answer_id)
    assert a.kind == kind
    polite = corpus.score(a)
    sentences = a.text.split(". ")
    for at in (1, len(sentences) // 2, len(sentences)):
        rude_text = ". ".join(sentences[:at] + [insult.rstrip(".")] + sentences[at:])
        rude = score_answer(a.question, rude_text, corpus.rubric_for(a.posting), a.company_facts)
        assert rude.red_flags, (answer_id, at)
        assert rude.overall < polite.overall, (answer_id, at, rude.overall, polite.overall)
        assert rude.overall <= min(f.cap for f in rude.red_flags)
