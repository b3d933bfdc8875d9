"""Finding rubric keywords in an answer the way a coach would: synonyms both ways, inflections,
hyphens, the slips of speech recognition - and no credit for words that merely look alike."""
from __future__ import annotations

import pytest

from scoring import Mention, Rubric, RubricItem, build_rubric, find_mentions


def item(keyword: str, kind: str | None = None, variants: list[str] | None = None) -> RubricItem:
    """A rubric item as the user would add it (known terms bring the lexicon's synonyms)."""
    return Rubric([]).add_item(keyword, kind=kind, variants=variants)


def found(text: str, keyword: str, **kw) -> list[str]:
    """The words of `text` credited to `keyword`."""
    return [text[m.start:m.end] for m in find_mentions(text, item(keyword, **kw))]


# --- synonyms and abbreviations, both ways ----------------------------------------------------

@pytest.mark.parametrize("keyword, answer, evidence", [
    ("QBR", "Every quarter I ran a quarterly business review with the sponsor.", "quarterly business review"),
    ("Kubernetes", "We ran the whole stack on k8s.", "k8s"),
    ("A/B testing", "We ran a split test on the checkout page.", "split test"),
    ("EHR", "I documented everything in the electronic health records.", "electronic health records"),
    ("CI/CD", "I set up continuous integration for all our repos.", "continuous integration"),
    ("P&L", "I was responsible for the profit and loss of two stores.", "profit and loss"),
    ("SQL", "Most of my reports were plain SQL.", "SQL"),
])
def test_an_abbreviation_in_the_rubric_finds_the_spelled_out_form(keyword, answer, evidence):
    assert found(answer, keyword) == [evidence]


def test_synonyms_work_the_other_way_round_too():
    # the posting said "k8s" and "QBRs": the candidate may say it in full
    rubric = build_rubric("Requirements:\n- k8s in production\n- experience running QBRs\n")
    k8s, qbr = rubric.get("Kubernetes"), rubric.get("QBR")
    assert find_mentions("I migrated us to Kubernetes last year.", k8s)
    assert find_mentions("I migrated us to k8s last year.", k8s)
    assert find_mentions("I led quarterly business reviews.", qbr)
    assert find_mentions("I led QBRs.", qbr)
    # and an item spelled out in full finds the abbreviation
    assert found("I owned the P&L for the region.", "profit and loss", kind="domain",
                 variants=["P&L"]) == ["P&L"]


# --- inflection and spelling variation ---------------------------------------------------------

@pytest.mark.parametrize("answer", [
    "I manage stakeholders across three departments.",
    "I managed our stakeholders carefully.",
    "Managing stakeholders was half the job.",
    "Stakeholder management was half the job.",
])
def test_inflections_and_word_order_of_a_skill_are_accepted(answer):
    assert found(answer, "Stakeholder management")


@pytest.mark.parametrize("answer", [
    "I communicated the change to every team.",
    "Communicating clearly matters to me.",
    "Good communication saved the launch.",
])
def test_verb_and_noun_forms_of_a_soft_skill_are_the_same_skill(answer):
    assert found(answer, "Communication")


def test_plural_and_hyphen_or_space_differences_do_not_matter():
    follow_up = dict(kind="skill", variants=[])
    assert found("I always do the follow-up the same day.", "follow up", **follow_up)
    assert found("I always send a followup email.", "follow up", **follow_up)
    assert found("I always follow up the same day.", "follow-up", **follow_up)
    assert found("I built dashboards in PowerBI.", "Power BI") == ["PowerBI"]
    assert found("I wrote a few SQL queries and two KPIs reports.", "KPIs") == ["KPIs"]
    assert found("We tracked one KPI above all.", "KPIs") == ["KPI"]


def test_case_does_not_matter_for_ordinary_terms():
    assert found("we tracked everything in jira", "Jira") == ["jira"]
    assert found("I WROTE PYTHON EVERY DAY", "Python") == ["PYTHON"]


# --- speech recognition slips ------------------------------------------------------------------

@pytest.mark.parametrize("keyword, transcript, heard", [
    ("Salesforce", "I logged every call in Sales Force.", "Sales Force"),
    ("PostgreSQL", "the data lived in post gress", "post gress"),
    ("Tableau", "I built the dashboards in tablo", "tablo"),
    ("SQL", "I wrote a lot of sequel queries", "sequel"),
    ("Kubernetes", "we deployed on kubernetties", "kubernetties"),
    ("HubSpot", "our leads were in hub spot", "hub spot"),
    ("Differentiated instruction", "I used differenciated instruction daily", "differenciated instruction"),
])
def test_common_speech_recognition_slips_still_count(keyword, transcript, heard):
    assert found(transcript, keyword) == [heard]


def test_slips_too_far_from_the_word_do_not_count():
    assert not found("we deployed on cooper netties", "Kubernetes")
    assert not found("I used Jenkins and Jura", "Jira")   # short words need the exact word


# --- no false positives on near words -----------------------------------------------------------

@pytest.mark.parametrize("keyword, answer", [
    ("SQL", "We stored events in a NoSQL database."),
    ("Java", "The frontend was written in JavaScript."),
    ("Excel", "She excelled at closing the quarter."),
    ("Epic", "It was an epic week for the team."),
    ("Go", "Go ahead and ask the nurse manager."),
    ("Leadership", "My job was lead generation for the SDR team."),
    ("Canvas", "We would canvas the neighbourhood for donors."),
    ("R", "I did the R and D budget."),
    ("Spring Boot", "In the spring we booted up a new store."),
    ("Docker", "The patient's docket was full."),
    ("Canva", "We moved the course to Canvas."),
    ("Security+", "I tightened security on the doors."),
])
def test_words_that_merely_look_alike_get_no_credit(keyword, answer):
    assert found(answer, keyword) == []


def test_a_capitalised_product_name_is_found_mid_sentence():
    assert found("We charted in Epic and paged through Pyxis.", "Epic") == ["Epic"]
    assert found("Our services were in Go and Python.", "Go") == ["Go"]


# --- what a mention carries --------------------------------------------------------------------

def test_a_mention_quotes_the_clause_around_the_words():
    text = ("Before that I was at a bank. At Loopwise I ran quarterly business reviews with twelve "
            "enterprise accounts and cut churn by a third. Then I moved to sales.")
    [m] = find_mentions(text, item("QBR"))
    assert isinstance(m, Mention)
    assert text[m.start:m.end] == "quarterly business reviews"
    assert "ran quarterly business reviews with twelve" in m.quote
    assert "bank" not in m.quote and "sales" not in m.quote
    assert Mention.from_dict(m.to_dict()) == m


def test_each_place_is_reported_once_in_text_order():
    text = "I used Excel daily. Later, Excel and pivot tables became my main tool."
    mentions = find_mentions(text, item("Excel"))
    assert [text[m.start:m.end] for m in mentions] == ["Excel", "Excel", "pivot tables"]
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_empty_answers_have_no_mentions():
    assert find_mentions("", item("Python")) == []
    assert find_mentions("   ", item("Python")) == []


# --- precision and recall on annotated sentences -------------------------------------------------

# (keyword, sentence, does a coach credit the keyword?)
ANNOTATED = [
    ("Customer success", "I spent three years in customer success at a SaaS startup.", True),
    ("Customer success", "Our customers were happy and we succeeded.", False),
    ("Churn", "I cut churn from 9% to 5% by fixing onboarding.", True),
    ("Churn", "Customer retention went up every quarter.", True),
    ("Renewals", "I owned the renewal of our biggest contract.", True),
    ("Negotiation", "I negotiated a two-year extension.", True),
    ("Negotiation", "There was nothing to discuss, so we moved on.", False),
    ("Budgeting", "I built the annual budget for the unit.", True),
    ("Forecasting", "I forecast demand weekly for each store.", True),
    ("Variance analysis", "Each month I explained budget versus actual to the plant managers.", True),
    ("Inventory management", "I ran cycle counts and managed inventory for 3 stores.", True),
    ("Loss prevention", "We brought shrink down by half.", True),
    ("Loss prevention", "We lost the prevention grant.", False),
    ("Lesson planning", "I planned lessons around real shopping problems.", True),
    ("Classroom management", "Behaviour management was my first focus in September.", True),
    ("Differentiated instruction", "I differentiated instruction for three reading levels.", True),
    ("IEP", "I wrote goals for each student's IEP with the SPED team.", True),
    ("IEP", "I keep a tidy desk.", False),
    ("Medication administration", "I administered medications to six patients per shift.", True),
    ("Patient education", "I spent time educating patients about their discharge plan.", True),
    ("Infection control", "I audited hand hygiene as our infection prevention lead.", True),
    ("Critical care", "I worked four years in the ICU.", True),
    ("Critical care", "I took care of the critical invoices first.", False),
    ("Python", "I automated the reports with Python scripts.", True),
    ("Python", "We watched Monty Pythons at the offsite.", True),  # a coach may frown; still the word
    ("Distributed systems", "I designed distributed systems for payments.", True),
    ("Code review", "I reviewed code from four junior engineers every day.", True),
    ("Code review", "I wrote code and reviewed invoices.", False),
    ("Problem solving", "I solved the problem by splitting the shift.", True),
    ("Problem solving", "There was no problem with the solvent.", False),
    ("Time management", "I prioritized the three deadlines by impact.", True),
    ("Time management", "It was time for management to decide.", False),
    ("Attention to detail", "I'm detail-oriented and double-check every order.", True),
    ("Empathy", "I was empathetic with the family.", True),
    ("Leadership", "I led a team of twelve associates.", True),
    ("Leadership", "That led to a drop in sales.", False),
    ("Salesforce", "Every call went into Salesforce that afternoon.", True),
    ("Salesforce", "Our sales force was eight people.", True),  # speech cannot tell these apart
    ("Tableau", "I built the tableau dashboards myself.", True),
    ("Tableau", "I set the table out.", False),
]


def test_matching_precision_and_recall_on_annotated_sentences():
    tp = fp = fn = 0
    wrong = []
    for keyword, sentence, expected in ANNOTATED:
        got = bool(find_mentions(sentence, item(keyword)))
        tp += got and expected
        fp += got and not expected
        fn += expected and not got
        if got != expected:
            wrong.append((keyword, sentence))
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    assert precision >= 0.95 and recall >= 0.9, (precision, recall, wrong)


# --- product names that are ordinary words, as speech recognition writes them ------------------

@pytest.mark.parametrize("transcript", [
    "so um i charted everything in epic and then we paged the doctor",
    "we used epic to page the on call team",
    "i did all the epic charting for the step down unit",
    "the orders were already in epic when i got there",
])
def test_a_lower_case_product_name_counts_when_the_context_says_it_is_the_product(transcript):
    assert found(transcript, "Epic") == ["epic"]


@pytest.mark.parametrize("transcript", [
    "it was an epic journey for the whole team",
    "honestly the launch was epic",
    "we had an epic week on the ward",
])
def test_the_ordinary_word_does_not(transcript):
    assert found(transcript, "Epic") == []


def test_other_products_that_are_ordinary_words_follow_the_same_rule():
    assert found("we rewrote the batch jobs in spark last year", "Spark") == ["spark"]
    assert found("there was a spark of interest in the room", "Spark") == []
    assert found("i built the course in canvas for year nine", "Canvas") == ["canvas"]
