"""Preparing for the second interview: the guide's seven steps as tools that feed the practice plan.

Everything runs on real parts: a real SQLite file in a throwaway data folder, the real question
bank and rubric, real scoring, and (for asking questions aloud) real espeak-ng speech and Whisper.
"""
from __future__ import annotations

import pytest

import storage
from coach import interview, letters, prepare
from scoring import score_answer

RESUME = """Jane Doe
jane.doe@example.com · 555 0100 · linkedin.com/in/janedoe

EXPERIENCE
Acme Health — Customer Success Manager, 2019 – 2023
- Cut onboarding time by 30% by rebuilding the welcome sequence
- Managed a portfolio of 45 hospital accounts worth $2.1M in annual revenue
- Led quarterly business reviews with clinical and finance stakeholders
- Responsible for renewals and upsell conversations

SKILLS
Salesforce, Gainsight, SQL, Excel
"""


@pytest.fixture
def target(data_dir, me):
    """The sample job: Customer Success Manager at Brightwater Analytics, with a two-person panel."""
    return interview.ensure_sample_target(user=me)


def save_scored(target_id: int, question, overall: int, text: str = "A typed answer.") -> storage.AnswerRecord:
    """An answer to `question` that was scored `overall` (as the Practice page would save it)."""
    me = storage.local_user()
    session = storage.start_session(target_id, "realistic", [question.id], owner=me)
    answer = storage.add_answer(session.id, question.to_dict(), typed_text=text, owner=me)
    return storage.save_result(answer.id, None, {"overall": overall, "matched": [], "missed": []}, overall, owner=me)


# --- step 1: the first interview ---------------------------------------------------------------------

def test_hard_questions_from_the_first_interview_come_right_after_the_opener(target, me):
    prepare.save_first_interview(target.id, "Tell me about a customer you lost.\n- Why are you leaving Acme?",
                                 notes="Rambled on the churn question.", user=me)
    hard = prepare.priority_questions(target.id, target_score=75, user=me)
    assert [q.text for q in hard] == ["Tell me about a customer you lost.", "Why are you leaving Acme?"]
    assert {(q.source, q.category) for q in hard} == {("first-interview", "first_interview_followup")}

    mock = interview.start_mock_interview(target.id, n=6, seed=3,
                                          must_include=prepare.plan_priorities(target.id, 75, limit=3, user=me), user=me)
    asked = [p.question for p in mock.questions]
    assert asked[0].category == "opener"
    assert [q.text for q in asked[1:3]] == ["Tell me about a customer you lost.", "Why are you leaving Acme?"]


def test_a_hard_question_leaves_the_plan_once_answered_at_the_target_score(target, me):
    prepare.save_first_interview(target.id, ["Tell me about a customer you lost.", "Why are you leaving Acme?"], user=me)
    lost, leaving = prepare.first_interview_questions(target.id, user=me)
    save_scored(target.id, lost, 82)
    save_scored(target.id, leaving, 60)

    assert [q.id for q in prepare.priority_questions(target.id, target_score=75, user=me)] == [leaving.id]
    # A stricter goal brings the first one back.
    assert [q.id for q in prepare.priority_questions(target.id, target_score=90, user=me)] == [lost.id, leaving.id]


def test_question_ids_survive_editing_the_list(target, me):
    prepare.save_first_interview(target.id, "Why are you leaving Acme?", user=me)
    before = prepare.first_interview_questions(target.id, user=me)[0].id
    prepare.save_first_interview(target.id, "A new one\n  why are you leaving acme  ", user=me)
    assert before in [q.id for q in prepare.first_interview_questions(target.id, user=me)]


# --- step 2: the job posting ----------------------------------------------------------------------

def test_the_evidence_matrix_quotes_the_best_answer_for_each_requirement(target, me):
    rubric = interview.target_rubric(target)
    question = prepare.first_interview_question("How do you spot churn risk early?")
    answers = {
        "short": "I used Gainsight a bit.",
        "strong": "At Acme I set up health scores in Gainsight for 45 hospital accounts. When usage dropped "
                  "for two weeks I called the sponsor, and we cut churn from 9% to 4% in a year.",
    }
    saved = {}
    for name, text in answers.items():
        session = storage.start_session(target.id, "realistic", [question.id], owner=me)
        record = storage.add_answer(session.id, question.to_dict(), typed_text=text, owner=me)
        score = score_answer(question, text, rubric)
        saved[name] = storage.save_result(record.id, None, score.to_dict(), score.overall, owner=me)
    best = max(saved.values(), key=lambda a: a.overall)

    row = next(r for r in prepare.evidence_matrix(target.id, user=me) if r.keyword == "Gainsight")
    assert row.shown and row.answer_id == best.id
    assert "Gainsight" in row.quote and row.question == "How do you spot churn risk early?"
    assert not next(r for r in prepare.evidence_matrix(target.id, user=me) if r.keyword == "Salesforce").shown


def test_practising_the_gaps_asks_about_requirements_not_yet_shown(target, me):
    rubric = interview.target_rubric(target)
    question = prepare.first_interview_question("Which tools do you use?")
    text = "I live in Gainsight and Salesforce every day to manage renewals."
    session = storage.start_session(target.id, "realistic", [question.id], owner=me)
    record = storage.add_answer(session.id, question.to_dict(), typed_text=text, owner=me)
    score = score_answer(question, text, rubric)
    storage.save_result(record.id, None, score.to_dict(), score.overall, owner=me)

    gaps = prepare.gap_questions(target.id, limit=3, user=me)
    assert len(gaps) == 3
    assert all(q.requirement not in ("Gainsight", "Salesforce") for q in gaps)
    mock = interview.start_mock_interview(target.id, n=6, seed=1, must_include=gaps, user=me)
    assert [p.question.id for p in mock.questions[1:4]] == [q.id for q in gaps]


# --- step 3: company knowledge ----------------------------------------------------------------------

def test_company_research_is_credited_in_fit_answers_and_asked_about(target, me):
    prepare.save_company_notes(target.id, {
        "growth": "Opened a Toronto office this year\nPlans to double the customer base by 2028",
        "values": "", "products": "Reporting software that cuts hospital wait times",
    }, user=me)
    facts = interview.company_facts(target.id, user=me)
    assert "Opened a Toronto office this year" in facts and len(facts) == 3

    growth = next(q for q in prepare.company_questions(target.id, user=me) if "plans for growth" in q.text)
    assert (growth.category, growth.source) == ("company_knowledge", "company")
    answer = ("I read that you opened the Toronto office this year and plan to double the customer base "
              "by 2028, so onboarding many new hospitals quickly will matter and that is what I do best.")
    score = score_answer(growth, answer, interview.target_rubric(target), company_facts=facts)
    reasons = [r for dim in score.dimensions.values() for r in dim.reasons]
    assert any(r.startswith("Used your research") for r in reasons)
    # Values were left empty: no question about them yet.
    assert not any("values" in q.text for q in prepare.company_questions(target.id, user=me))


# --- step 4: the interviewers ------------------------------------------------------------------------

def test_interviewer_research_gives_rapport_prompts_and_panel_voices(target, me):
    prepare.save_interviewer(target.id, {"name": "Dana Whitfield", "title": "VP of Customer Success",
                                         "tenure": "6 years", "earlier_roles": "Head of Support at Medivue",
                                         "agenda_slot": "10:00"}, user=me)
    prepare.save_interviewer(target.id, {"name": "Priya Shah", "title": "HR Business Partner", "agenda_slot": "09:30"}, user=me)
    people = storage.get_target(target.id, owner=me).interviewers
    dana = next(p for p in people if p["name"] == "Dana Whitfield")
    assert dana["tenure"] == "6 years" and len(people) == 3          # Dana updated, Priya added
    prompts = prepare.rapport_prompts(dana, target.company)
    assert "Ask Dana how the job has changed over 6 years at Brightwater Analytics." in prompts
    assert any("Head of Support at Medivue" in p for p in prompts)
    assert [p["name"] for p in prepare.agenda(people)][:2] == ["Priya Shah", "Dana Whitfield"]
    # The Practice page's panel mode uses the same list: questions come from these people.
    three = [prepare.first_interview_question(t) for t in ("Why us?", "Why now?", "Why this team?")]
    planned = interview.assign_interviewers(three, people)
    assert {p.interviewer for p in planned} == {p["name"] for p in people}

    prepare.remove_interviewer(target.id, "priya shah", user=me)
    assert "Priya Shah" not in [p["name"] for p in storage.get_target(target.id, owner=me).interviewers]


def test_an_interviewer_needs_a_name(target, me):
    with pytest.raises(prepare.PrepError, match="give the interviewer's name"):
        prepare.save_interviewer(target.id, {"name": "  ", "title": "VP"}, user=me)


# --- step 5: dress and logistics ----------------------------------------------------------------------

def test_the_checklist_counts_resume_copies_from_the_panel_and_is_saved(target, me):
    kit = prepare.logistics(target.id, user=me)
    copies = next(i for i in kit.items if i.id == "copies")
    assert copies.text.startswith("3 printed copies")             # two interviewers and a spare
    prepare.save_logistics(target.id, ["copies", "shoes", "not-an-item"], tour="Warehouse tour at 2pm", user=me)
    kit = prepare.logistics(target.id, user=me)
    assert {i.id for i in kit.items if i.done} == {"copies", "shoes"} and kit.tour == "Warehouse tour at 2pm"


# --- step 6: references --------------------------------------------------------------------------

def test_what_a_reference_was_asked_becomes_a_practice_question(target, me):
    prepare.save_reference(target.id, "Sam Lee", "former manager", contacted=True,
                           asked="my experience with large hospital accounts?\nhow I handle conflict", user=me)
    prepare.save_reference(target.id, "Ana Ruiz", contacted=False, user=me)
    questions = prepare.reference_questions(target.id, user=me)
    assert [q.text for q in questions] == [
        "One of your references was asked about “my experience with large hospital accounts”. "
        "How would you address that concern?",
        "One of your references was asked about “how I handle conflict”. How would you address that concern?",
    ]
    assert {q.source for q in questions} == {"reference"}
    assert prepare.readiness(target.id, 75, user=me).steps[5].status == prepare.IN_PROGRESS   # Ana not contacted yet


# --- step 7: the resume ----------------------------------------------------------------------------

def test_resume_claims_become_questions_and_contact_lines_do_not(target, me):
    claims = prepare.save_resume(target.id, RESUME, user=me)
    assert claims == [
        "Cut onboarding time by 30% by rebuilding the welcome sequence",
        "Managed a portfolio of 45 hospital accounts worth $2.1M in annual revenue",
        "Led quarterly business reviews with clinical and finance stakeholders",
    ]
    texts = [q.text for q in prepare.resume_questions(target.id, user=me)]
    assert texts[0] == "You wrote that you cut onboarding time by 30% by rebuilding the welcome sequence — walk me through it."
    assert {q.source for q in prepare.resume_questions(target.id, user=me)} == {"resume"}


def test_a_huge_or_binary_resume_is_refused_in_one_line(target, me):
    with pytest.raises(prepare.PrepError, match="too large") as err:
        prepare.save_resume(target.id, "Led a team of 5 people. " * 45_000, user=me)        # about 1 MB
    assert "\n" not in str(err.value)
    with pytest.raises(prepare.PrepError, match="too large"):
        prepare.read_resume_upload(b"Led a team.\n" * 90_000, "resume.txt")
    with pytest.raises(prepare.PrepError, match="binary"):
        prepare.read_resume_upload(b"%PDF-1.7\n\x00\x01\x02\xff" * 50, "resume.txt")
    with pytest.raises(prepare.PrepError, match="empty"):
        prepare.save_resume(target.id, "   ", user=me)
    assert isinstance(prepare.PrepError("x"), ValueError)


# --- the plan and readiness --------------------------------------------------------------------------

def test_plan_priorities_order_first_interview_then_references_then_resume(target, me):
    prepare.save_resume(target.id, RESUME, user=me)
    prepare.save_reference(target.id, "Sam Lee", contacted=True, asked="my experience with SQL", user=me)
    prepare.save_first_interview(target.id, "Why are you leaving Acme?", user=me)
    sources = [q.source for q in prepare.plan_priorities(target.id, 75, user=me)]
    assert sources == ["first-interview", "reference", "resume", "resume", "resume"]
    assert len(prepare.plan_priorities(target.id, 75, limit=3, user=me)) == 3
    # A reference concern answered well leaves the plan like any other priority.
    save_scored(target.id, prepare.reference_questions(target.id, user=me)[0], 90)
    assert "reference" not in [q.source for q in prepare.plan_priorities(target.id, 75, user=me)]


def test_readiness_summarises_the_seven_steps(target, me):
    fresh = prepare.readiness(target.id, 75, user=me)
    assert [s.number for s in fresh.steps] == [1, 2, 3, 4, 5, 6, 7]
    assert fresh.steps[0].status == prepare.NOT_STARTED
    assert fresh.steps[1].status == prepare.DONE                    # the posting's requirements are listed
    assert fresh.steps[3].status == prepare.IN_PROGRESS             # the panel is known, not researched
    assert fresh.summary.startswith("Preparation: 1 of 7 steps done") and "\n" not in fresh.summary
    assert fresh.practice.summary == "Practice: 0 of 14 must-haves evidenced."

    prepare.save_company_notes(target.id, {t: "Something true" for t in ("products", "news", "growth", "values")}, user=me)
    prepare.save_logistics(target.id, [i.id for i in prepare.logistics(target.id, user=me).items], user=me)
    ready = prepare.readiness(target.id, 75, user=me)
    assert [ready.steps[i].status for i in (1, 2, 4)] == [prepare.DONE] * 3
    assert ready.done == 3 and ready.next_step.number == 1


def test_a_step_is_done_when_its_tool_is_filled_in_and_practice_is_counted_apart(target, me):
    # Real work on the tools, before any practice: the steps say done, not "in progress".
    prepare.save_first_interview(target.id, "Why are you leaving Acme?\nTell me about a customer you lost.", user=me)
    prepare.save_resume(target.id, RESUME, user=me)
    ready = prepare.readiness(target.id, 75, user=me)
    assert (ready.steps[0].status, ready.steps[0].reason) == (
        prepare.DONE, "2 hard questions listed; they lead your practice")
    assert (ready.steps[6].status, ready.steps[6].reason) == (
        prepare.DONE, "resume saved; 3 claims an interviewer may probe")
    assert ready.summary.startswith("Preparation: 3 of 7 steps done")
    # Practising them to the goal is its own progress: 2 hard questions + 3 resume claims.
    assert ready.practice.summary == ("Practice: 0 of 5 priority questions answered to 75+; "
                                      "0 of 14 must-haves evidenced.")
    assert ready.practice.fraction == 0

    save_scored(target.id, prepare.first_interview_questions(target.id, user=me)[0], 80)
    save_scored(target.id, prepare.resume_questions(target.id, user=me)[0], 60)           # below the goal
    practice = prepare.readiness(target.id, 75, user=me).practice
    assert (practice.practised, practice.priorities) == (1, 5)
    assert practice.fraction == pytest.approx(1 / 19)   # 5 priority questions + 14 must-haves


# --- questions to ask the employer ----------------------------------------------------------------

def test_a_question_already_asked_at_the_first_interview_is_flagged(target, me):
    picked = ["ask-001", "ask-003", "ask-011", "ask-022", "ask-030"]
    warnings = prepare.question_choice_warnings(picked, asked_before=["ask-011"])
    assert warnings == ["You already asked “How will my performance be measured?” at the first interview: "
                        "ask something new."]
    assert prepare.question_choice_warnings(picked[:2]) == ["Pick 5 to 10 questions: you have 2."]
    plan = prepare.save_questions_to_ask(target.id, picked, ["ask-011"], {"ask-001": "Dana Whitfield"}, user=me)
    assert prepare.questions_to_ask(target.id, user=me) == plan


def test_questions_go_to_the_right_person_on_the_panel(target):
    bank = prepare.candidate_questions_by_id()
    panel = [{"name": "Dana Whitfield", "title": "VP of Customer Success"},
             {"name": "Priya Shah", "title": "HR Business Partner"}]
    assert prepare.suggest_person(bank["ask-010"], panel) == "Priya Shah"        # training: HR
    assert prepare.suggest_person(bank["ask-003"], panel) == "Dana Whitfield"    # expectations: the manager


def test_a_good_question_is_short_and_single():
    assert prepare.question_delivery_feedback("How will my performance be measured?") == [
        "Clear and short: one question in 6 words."]
    rambling = ("So, um, I was reading about the Toronto office and the growth plan last night and it sounded "
                "exciting. What does it mean for this team? And who would I work with?")
    feedback = prepare.question_delivery_feedback(rambling)
    assert any(f.startswith("Too long") for f in feedback)
    assert any(f.startswith("That is 2 questions in one") for f in feedback)
    assert any(f.startswith("Long preamble") for f in feedback)
    assert any(f.startswith("Filler words (um)") for f in feedback)
    with pytest.raises(prepare.PrepError):
        prepare.question_delivery_feedback("  ")


def test_every_question_in_the_bank_passes_its_own_advice():
    for question in prepare.candidate_questions_by_id().values():
        assert prepare.question_delivery_feedback(question.text)[0].startswith("Clear"), question.text


def test_asking_a_question_aloud_is_transcribed_and_timed():
    from speech.tts import synthesize, tts_status

    if not tts_status()[0]:
        pytest.skip(tts_status()[1])
    transcript, feedback = prepare.practise_asking(synthesize("How will my performance be measured?"))
    assert "performance" in transcript.text.lower()
    assert feedback[0].startswith("Clear and short") and "seconds" in feedback[0]


# --- before and after: letters ------------------------------------------------------------------

def test_the_acceptance_email_asks_what_to_prepare_and_for_the_agenda(target, me):
    email = letters.acceptance_email(target.company, target.role, contact_name="Priya Shah", candidate_name="Jane Doe")
    assert email.body.startswith("Dear Priya Shah,")
    assert "anything specific you would like me to prepare" in email.body
    assert "agenda for the day, with the names and titles" in email.body
    assert "Customer Success Manager position at Brightwater Analytics" in email.body
    assert email.text.startswith("Subject: ") and email.body.endswith("Jane Doe")


def test_a_thank_you_note_names_the_person_their_title_and_the_noted_detail(target):
    dana = target.interviewers[0]
    note = letters.thank_you_note(dana, target.company, target.role, detail="the Toronto office opening.")
    assert note.body.startswith("Dear Dana Whitfield,")
    assert "as VP of Customer Success" in note.body
    assert "our conversation about the Toronto office opening," in note.body
    assert "Customer Success Manager position at Brightwater Analytics" in note.body
    with pytest.raises(prepare.PrepError, match="give the person's name"):
        letters.thank_you_note({"name": ""}, target.company, target.role)


def test_people_met_on_the_day_are_thanked_too(target, me):
    letters.add_person_met(target.id, "Lee Park", "Office Manager", user=me)
    letters.add_person_met(target.id, "dana whitfield", "VP", user=me)          # already on the panel
    names = [p["name"] for p in letters.thank_you_recipients(target.id, user=me)]
    assert names == ["Dana Whitfield", "Marcus Oyelaran", "Lee Park"]
    letters.save_thank_you_detail(target.id, "Lee Park", "the hospital tour", user=me)
    assert letters.thank_you_details(target.id, user=me) == {"lee park": "the hospital tour"}
    with pytest.raises(prepare.PrepError):
        letters.add_person_met(target.id, " ", user=me)
