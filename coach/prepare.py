"""The guide's seven steps before a second interview, as tools tied to one target (job application).

Each step saves what the user prepares (storage prep items, or the target's interviewer list) and
turns it into practice where it can: hard questions from the first interview, the concerns behind
what references were asked, and the claims on the resume become questions that the practice plan
puts first (`plan_priorities`) until the user has answered them well (Settings.target_score).
`readiness` sums the seven steps (each done when its tool is filled in) and, apart, the practice
to the goal score up in a few queries, for the Practice page.

Also here: the questions the candidate asks the employer (pick 5-10, to whom, said briefly).
Thank-you notes, the acceptance email and the people met are in coach/letters.py.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import datetime

import storage
from coach.inputs import InputError, decode_text

# Preparation kinds in storage (one JSON item per target, kind and key).
FIRST_INTERVIEW = "first_interview"
COMPANY_FACTS = "company_facts"          # read by coach.interview.company_facts(): {"text": ...}
LOGISTICS = "logistics"
REFERENCES = "references"
RESUME = "resume"
QUESTIONS_TO_ASK = "questions_to_ask"

DONE, IN_PROGRESS, NOT_STARTED = "done", "in progress", "not started"
STEPS: tuple[str, ...] = (
    "Review the first interview",
    "Review the job posting",
    "Update your company knowledge",
    "Research the interviewers",
    "Dress and logistics",
    "Contact your references",
    "Review your resume",
)

MAX_LINE_CHARS = 300          # one hard question, one concern, one resume claim
MAX_NOTES_CHARS = 20_000
MAX_NAME_CHARS = 120
MAX_RESUME_BYTES = 100_000    # a long resume is ~10 KB of text; 100 KB leaves room, 1 MB is not a resume


class PrepError(InputError):
    """Bad preparation input (an empty name, an oversized resume, ...); str(err) is one line."""


# --- small helpers --------------------------------------------------------------------------------

def _normalized(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s%$€£]", " ", text.lower()).split())


def stable_id(prefix: str, text: str) -> str:
    """The same text (case, spacing and punctuation aside) always gets the same question id,
    so practice history keeps counting for it after the user edits a list."""
    return f"{prefix}-{hashlib.sha1(_normalized(text).encode()).hexdigest()[:10]}"


def clean_field(text, what: str, limit: int, required: bool = False) -> str:
    text = " ".join(str(text or "").split())
    if required and not text:
        raise PrepError(f"give the {what}")
    if len(text) > limit:
        raise PrepError(f"the {what} is too long ({len(text):,} characters; at most {limit:,})")
    return text


def _notes(text, what: str = "notes") -> str:
    text = str(text or "").strip()
    if len(text) > MAX_NOTES_CHARS:
        raise PrepError(f"the {what} are too long ({len(text):,} characters; at most {MAX_NOTES_CHARS:,})")
    return text


def _lines(text_or_lines, what: str) -> list[str]:
    """One entry per non-empty line (bullets stripped), duplicates dropped, order kept."""
    raw = text_or_lines.splitlines() if isinstance(text_or_lines, str) else list(text_or_lines or [])
    seen, result = set(), []
    for line in raw:
        line = clean_field(str(line).strip().lstrip("-•*·▪●–").strip(), what, MAX_LINE_CHARS)
        if line and _normalized(line) not in seen:
            seen.add(_normalized(line))
            result.append(line)
    return result


def best_scores(target_id: int, *, user, db=None) -> dict[str, int]:
    """question id → the best overall score the user reached on it for this target."""
    best: dict[str, int] = {}
    for row in storage.practice_history(target_id, owner=user, db=db):
        if row["overall"] is not None:
            best[row["question_id"]] = max(best.get(row["question_id"], 0), int(row["overall"]))
    return best


def _target_score(target_score: int | None) -> int:
    if target_score is not None:
        return int(target_score)
    from coach.settings import load_settings

    return load_settings().target_score


def _question(**fields):
    from question_bank import Question

    return Question(**fields)


# --- step 1: review the first interview -----------------------------------------------------------

@dataclass
class FirstInterviewReview:
    hard_questions: list[str] = field(default_factory=list)
    notes: str = ""


def save_first_interview(target_id: int, hard_questions, notes: str = "", *, user, db=None) -> FirstInterviewReview:
    """The questions the user found hard (text, one per line, or a list) and how it went."""
    review = FirstInterviewReview(_lines(hard_questions, "question"), _notes(notes))
    storage.save_prep(target_id, FIRST_INTERVIEW, "review",
                      {"hard_questions": review.hard_questions, "notes": review.notes}, owner=user, db=db)
    return review


def first_interview_review(target_id: int, *, user, db=None) -> FirstInterviewReview:
    data = storage.load_prep(target_id, FIRST_INTERVIEW, owner=user, db=db).get("review") or {}
    return FirstInterviewReview(list(data.get("hard_questions") or []), data.get("notes") or "")


def first_interview_question(text: str):
    """A hard question from the first interview, asked again at the second."""
    return _question(
        id=stable_id("fi", text), text=text, category="first_interview_followup",
        competencies=("first-interview", "self-awareness"), difficulty=3, star=False,
        expected_seconds=(45, 120), source="first-interview",
        looking_for="A better answer than at the first interview: specific, structured and complete.",
        tip="Start from what was missing last time; lead with a concrete example and its result.",
        follow_up="What would you add now that you did not say the first time?")


def first_interview_questions(target_id: int, *, user, db=None) -> list:
    return [first_interview_question(t) for t in first_interview_review(target_id, user=user, db=db).hard_questions]


def priority_questions(target_id: int, target_score: int | None = None, *, user, db=None) -> list:
    """The first interview's hard questions not yet answered at the target score: they lead the
    practice plan (`must_include`) until the user scores at least `target_score` on each."""
    goal = _target_score(target_score)
    best = best_scores(target_id, user=user, db=db)
    return [q for q in first_interview_questions(target_id, user=user, db=db) if best.get(q.id, -1) < goal]


# --- step 2: review the job posting (requirement → evidence) -------------------------------------

@dataclass
class Evidence:
    """One requirement of the rubric and the user's best answer that evidenced it, if any."""

    keyword: str
    kind: str
    must_have: bool
    answer_id: int | None = None
    question: str = ""
    quote: str = ""
    overall: int | None = None
    answered_at: datetime | None = None

    @property
    def shown(self) -> bool:
        return self.answer_id is not None


def evidence_matrix(target_id: int, *, user, db=None) -> list[Evidence]:
    """For every rubric item, the best-scored answer that evidenced it (with the quote), must-haves first."""
    from coach.interview import target_rubric
    from question_bank.templates import ranked_items

    rubric = target_rubric(storage.get_target(target_id, owner=user, db=db))
    best: dict[str, tuple] = {}
    for answer in storage.list_answers(target_id=target_id, owner=user, db=db):
        if answer.status != storage.SCORED or not answer.score:
            continue
        for hit in answer.score.get("matched", []):
            key = str(hit.get("keyword", "")).lower()
            if key and (key not in best or (answer.overall or 0) > (best[key][0].overall or 0)):
                best[key] = (answer, hit)
    rows = []
    for item in ranked_items(rubric):
        found = best.get(item.keyword.lower())
        row = Evidence(item.keyword, item.kind, bool(item.must_have))
        if found:
            answer, hit = found
            row.answer_id, row.question = answer.id, answer.question.get("text", "")
            row.quote, row.overall, row.answered_at = hit.get("quote", ""), answer.overall, answer.created_at
        rows.append(row)
    return rows


def gap_questions(target_id: int, limit: int = 3, seed: int = 0, *, user, db=None) -> list:
    """Job-specific questions for requirements no answer has evidenced yet (must-haves first)."""
    from coach.interview import target_rubric
    from question_bank import job_questions
    from scoring import Rubric

    target = storage.get_target(target_id, owner=user, db=db)
    rubric = target_rubric(target)
    shown = {row.keyword.lower() for row in evidence_matrix(target_id, user=user, db=db) if row.shown}
    gaps = [i for i in rubric.items if i.keyword.lower() not in shown]
    if not gaps or limit <= 0:
        return []
    return job_questions(Rubric(gaps, company=rubric.company), min(limit, len(gaps)), seed=seed)


# --- step 3: company knowledge --------------------------------------------------------------------

# Topic → the bank question that asks about it (offered as a "company" question once researched).
COMPANY_TOPICS: dict[str, tuple[str, str]] = {
    "products": ("Products and customers", "com-009"),
    "news": ("Latest news", "com-002"),
    "growth": ("Plans for growth", "com-001"),
    "values": ("Values and culture", "com-006"),
    "notes": ("Other notes (people you spoke to, …)", "com-007"),
}


def save_company_notes(target_id: int, notes: dict[str, str], *, user, db=None) -> dict[str, str]:
    """Research notes per topic; saved as {"text": ...} so interview.company_facts() credits them."""
    saved = {}
    for topic in COMPANY_TOPICS:
        if topic not in notes:
            continue
        text = _notes(notes[topic], f"{COMPANY_TOPICS[topic][0].lower()} notes")
        if text:
            storage.save_prep(target_id, COMPANY_FACTS, topic, {"text": text}, owner=user, db=db)
            saved[topic] = text
        else:
            storage.delete_prep(target_id, COMPANY_FACTS, topic, owner=user, db=db)
    return saved


def company_notes(target_id: int, *, user, db=None) -> dict[str, str]:
    return {k: (v.get("text", "") if isinstance(v, dict) else str(v))
            for k, v in storage.load_prep(target_id, COMPANY_FACTS, owner=user, db=db).items()}


def company_questions(target_id: int, *, user, db=None) -> list:
    """Company-knowledge questions on the topics the user researched ("What do you know about our
    plans for growth?"), marked source "company"."""
    from question_bank.load import bank_by_id

    bank = bank_by_id()
    researched = [t for t, text in company_notes(target_id, user=user, db=db).items() if text.strip() and t in COMPANY_TOPICS]
    return [replace(bank[COMPANY_TOPICS[t][1]], source="company") for t in COMPANY_TOPICS
            if t in researched and COMPANY_TOPICS[t][1] in bank]


# --- step 4: research the interviewers ------------------------------------------------------------

INTERVIEWER_FIELDS = ("name", "title", "tenure", "earlier_roles", "notes", "agenda_slot")


def save_interviewer(target_id: int, person: dict, original_name: str | None = None, *, user, db=None):
    """Add an interviewer, or update the one called `original_name` (or by the same name)."""
    entry = {f: clean_field(person.get(f, ""), f"interviewer's {f.replace('_', ' ')}",
                       MAX_NOTES_CHARS if f == "notes" else MAX_NAME_CHARS * 2)
             for f in INTERVIEWER_FIELDS}
    entry["name"] = clean_field(person.get("name", ""), "interviewer's name", MAX_NAME_CHARS, required=True)
    target = storage.get_target(target_id, owner=user, db=db)
    people = [dict(p) for p in target.interviewers]
    match = {(original_name or entry["name"]).strip().lower(), entry["name"].lower()}
    at = next((i for i, p in enumerate(people) if (p.get("name") or "").strip().lower() in match), None)
    if at is None:
        people.append(entry)
    else:
        people[at] = {**people[at], **entry}
    return storage.update_target(target_id, interviewers=people, owner=user, db=db)


def remove_interviewer(target_id: int, name: str, *, user, db=None):
    target = storage.get_target(target_id, owner=user, db=db)
    people = [p for p in target.interviewers if (p.get("name") or "").strip().lower() != name.strip().lower()]
    return storage.update_target(target_id, interviewers=people, owner=user, db=db)


def is_researched(person: dict) -> bool:
    return any((person.get(f) or "").strip() for f in ("tenure", "earlier_roles", "notes"))


def _tenure(text: str) -> str:
    text = text.strip()
    return f"{text} years" if re.fullmatch(r"\d+(\.\d+)?", text) else text


def rapport_prompts(person: dict, company: str) -> list[str]:
    """Ways to engage this interviewer on a personal level, from what the user found out."""
    first = (person.get("name") or "").split()[0] if (person.get("name") or "").split() else "them"
    company = company or "the company"
    tenure = _tenure(person.get("tenure") or "")
    earlier = (person.get("earlier_roles") or "").strip().rstrip(".")
    title = (person.get("title") or "").strip()
    prompts = []
    if tenure:
        prompts.append(f"Ask {first} how the job has changed over {tenure} at {company}.")
    else:
        prompts.append(f"Ask {first} how they came to join {company} and what has kept them there.")
    if earlier:
        prompts.append(f"Ask {first} what carried over from their earlier work ({earlier}) to {company}.")
    if title:
        prompts.append(f"Ask {first} what success in this role looks like to them, as {title}.")
    if (person.get("notes") or "").strip():
        prompts.append(f"Bring up something from your notes on {first} and ask a question about it.")
    return prompts


def agenda(interviewers) -> list[dict]:
    """The interviewers in agenda order (those without a slot last, in the order given)."""
    people = [p for p in interviewers or [] if (p.get("name") or "").strip()]
    return sorted(people, key=lambda p: (not (p.get("agenda_slot") or "").strip(), p.get("agenda_slot") or ""))


# --- step 5: dress and logistics ------------------------------------------------------------------

@dataclass
class ChecklistItem:
    id: str
    text: str
    done: bool = False


@dataclass
class Logistics:
    items: list[ChecklistItem]
    tour: str = ""
    dress: str = ""
    bring: str = ""

    @property
    def done_count(self) -> int:
        return sum(i.done for i in self.items)


def resume_copies(interviewers) -> int:
    """One copy of the resume per interviewer on the agenda, plus one spare."""
    return len([p for p in interviewers or [] if (p.get("name") or "").strip()]) + 1


def checklist_items(interviewers) -> list[tuple[str, str]]:
    copies = resume_copies(interviewers)
    people = copies - 1
    who = f"one for each of the {people} interviewers, plus a spare" if people else "your interviewers are not known yet: one spare"
    return [
        ("agenda", "I have the agenda, with the names and titles of everyone I will meet"),
        ("tour", "I know whether there is a company tour or site visit"),
        ("outfit", "Outfit chosen, one step smarter than the team dresses, fit for a tour"),
        ("shoes", "Comfortable shoes for walking around the site"),
        ("copies", f"{copies} printed copies of my resume ({who})"),
        ("questions", "My questions to ask, written down, with a notepad and pen"),
        ("route", "Route and travel time planned, to arrive 10 minutes early"),
    ]


def logistics(target_id: int, interviewers=None, *, user, db=None) -> Logistics:
    if interviewers is None:
        interviewers = storage.get_target(target_id, owner=user, db=db).interviewers
    data = storage.load_prep(target_id, LOGISTICS, owner=user, db=db).get("checklist") or {}
    done = set(data.get("done") or [])
    return Logistics([ChecklistItem(i, text, i in done) for i, text in checklist_items(interviewers)],
                     data.get("tour") or "", data.get("dress") or "", data.get("bring") or "")


def save_logistics(target_id: int, done_ids, tour: str = "", dress: str = "", bring: str = "", *, user, db=None) -> Logistics:
    known = {i for i, _ in checklist_items([])}
    storage.save_prep(target_id, LOGISTICS, "checklist", {
        "done": [i for i in done_ids if i in known], "tour": _notes(tour, "tour notes"),
        "dress": _notes(dress, "dress notes"), "bring": _notes(bring, "notes on what to bring")}, owner=user, db=db)
    return logistics(target_id, user=user, db=db)


# --- step 6: contact your references -------------------------------------------------------------

@dataclass
class Reference:
    name: str
    relationship: str = ""
    contacted: bool = False
    asked: list[str] = field(default_factory=list)   # what the employer asked them: one concern each


def save_reference(target_id: int, name: str, relationship: str = "", contacted: bool = False,
                   asked="", *, user, db=None) -> Reference:
    name = clean_field(name, "reference's name", MAX_NAME_CHARS, required=True)
    ref = Reference(name, clean_field(relationship, "relationship", MAX_NAME_CHARS), bool(contacted),
                    _lines(asked, "question the reference was asked"))
    storage.save_prep(target_id, REFERENCES, name.lower(),
                      {"name": ref.name, "relationship": ref.relationship, "contacted": ref.contacted,
                       "asked": ref.asked}, owner=user, db=db)
    return ref


def remove_reference(target_id: int, name: str, *, user, db=None) -> None:
    storage.delete_prep(target_id, REFERENCES, name.strip().lower(), owner=user, db=db)


def references(target_id: int, *, user, db=None) -> list[Reference]:
    return [Reference(d.get("name", k), d.get("relationship", ""), bool(d.get("contacted")), list(d.get("asked") or []))
            for k, d in storage.load_prep(target_id, REFERENCES, owner=user, db=db).items()]


def concern_question(concern: str):
    """What a reference was asked shows what the company worries about: practise addressing it."""
    concern = concern.strip().rstrip("?.!")
    return _question(
        id=stable_id("ref", concern), category="first_interview_followup",
        text=f"One of your references was asked about “{concern}”. How would you address that concern?",
        competencies=("self-awareness", "reassurance"), difficulty=3, star=True, expected_seconds=(45, 120),
        source="reference",
        looking_for="The concern named calmly and answered with evidence: an example that shows it is not a risk.",
        tip="Acknowledge the concern in one sentence, then give a specific example with a result that answers it.",
        follow_up="What would your reference say if we asked them the same thing?")


def reference_questions(target_id: int, refs: list[Reference] | None = None, *, user, db=None) -> list:
    refs = references(target_id, user=user, db=db) if refs is None else refs
    seen, questions = set(), []
    for ref in refs:
        for concern in ref.asked:
            q = concern_question(concern)
            if q.id not in seen:
                seen.add(q.id)
                questions.append(q)
    return questions


# --- step 7: review your resume -------------------------------------------------------------------

ACHIEVEMENT_VERBS = frozenset("""
led lead managed built cut reduced increased grew launched delivered created designed developed
improved saved raised drove owned ran established introduced implemented negotiated won achieved
doubled tripled halved expanded automated streamlined redesigned rebuilt migrated scaled trained
mentored coached hired recruited founded opened closed generated boosted lowered shortened
accelerated secured retained renewed resolved transformed spearheaded headed oversaw directed
organised organized coordinated produced published shipped onboarded consolidated optimized optimised
""".split())
_METRIC = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|percent|per cent|x\b|k\b|m\b|million|bn|billion)|[$€£]\s?\d|"
                     r"\b(?!(?:19|20)\d\d\b)\d{2,}\b|\b\d+\+")
_NOT_A_CLAIM = re.compile(r"@|https?://|www\.|\bphone\b|\btel\b", re.I)
MAX_CLAIMS = 15


def read_resume_upload(data: bytes, name: str = "") -> str:
    """An uploaded .txt resume as text; refuses binary, empty and oversized files in one line."""
    try:
        return decode_text(data, "the resume", name=name, max_bytes=MAX_RESUME_BYTES)
    except InputError as err:
        raise PrepError(str(err)) from None


def save_resume(target_id: int, text: str, *, user, db=None) -> list[str]:
    """Save the resume text; returns the claims an interviewer may probe."""
    text = str(text or "")
    size = len(text.encode("utf-8", "ignore"))
    if size > MAX_RESUME_BYTES:
        raise PrepError(f"the resume is too large ({size // 1000:,} KB; the limit is {MAX_RESUME_BYTES // 1000} KB): "
                        "paste the resume's own text")
    if "\x00" in text:
        raise PrepError("the resume looks like a binary file, not text (paste or upload plain text)")
    if not text.strip():
        raise PrepError("the resume is empty: paste it or upload it as a .txt file")
    storage.save_prep(target_id, RESUME, "text", {"text": text}, owner=user, db=db)
    return resume_claims(text)


def resume_text(target_id: int, *, user, db=None) -> str:
    return (storage.load_prep(target_id, RESUME, owner=user, db=db).get("text") or {}).get("text", "")


def resume_claims(text: str) -> list[str]:
    """Lines of a resume an interviewer may probe: achievements (a verb like led, built, cut,
    increased...) and anything with a figure in it. Headings, contact lines and dates are not claims."""
    claims: list[str] = []
    for raw in text.splitlines():
        line = re.sub(r"^\s*(?:[-•*·▪●–>]+|\d+[.)])\s*", "", raw).strip().rstrip(";")
        words = re.findall(r"[A-Za-z][A-Za-z'-]*", line)
        if len(words) < 4 or _NOT_A_CLAIM.search(line) or len(line) > MAX_LINE_CHARS:
            continue
        lowered = [w.lower() for w in words]
        starts_with_verb = lowered[0] in ACHIEVEMENT_VERBS
        has_verb = starts_with_verb or any(w in ACHIEVEMENT_VERBS for w in lowered[:6])
        if starts_with_verb or (has_verb and _METRIC.search(line)):
            if all(_normalized(line) != _normalized(c) for c in claims):
                claims.append(line)
        if len(claims) >= MAX_CLAIMS:
            break
    return claims


def claim_question(claim: str):
    """"You wrote that you cut costs by 30% — walk me through it." """
    claim = claim.strip().rstrip(".")
    first, _, rest = claim.partition(" ")
    if first.lower() in ACHIEVEMENT_VERBS:
        text = f"You wrote that you {first.lower()} {rest} — walk me through it."
    else:
        text = f"Your resume says “{claim}” — walk me through it."
    has_figure = bool(_METRIC.search(claim))
    return _question(
        id=stable_id("res", claim), text=text, category="behavioural",
        competencies=("resume-claims", "ownership"), difficulty=3 if has_figure else 2, star=True,
        expected_seconds=(60, 120), source="resume",
        looking_for="The story behind the line: the situation, what you did yourself"
                    + (", and how the figure was measured." if has_figure else ", and the result."),
        tip="Know the baseline, your own part versus the team's, and how you know it worked.",
        follow_up="What would have happened without you?")


def resume_questions(target_id: int, *, user, db=None) -> list:
    return [claim_question(c) for c in resume_claims(resume_text(target_id, user=user, db=db))]


# --- the practice plan ------------------------------------------------------------------------------

def plan_priorities(target_id: int, target_score: int | None = None, limit: int | None = None, *, user, db=None) -> list:
    """Questions the next mock interview should ask first (`must_include`): the first interview's
    hard questions, then the references' concerns, then resume claims, then one question on the
    company research — each until the user scores at least `target_score` on it. `limit` caps the
    list so the rest of the plan keeps its shape (e.g. n - 3 for an n-question interview)."""
    goal = _target_score(target_score)
    best = best_scores(target_id, user=user, db=db)
    ordered = (first_interview_questions(target_id, user=user, db=db) + reference_questions(target_id, user=user, db=db)
               + resume_questions(target_id, user=user, db=db))
    company = [q for q in company_questions(target_id, user=user, db=db) if best.get(q.id, -1) < goal][:1]
    seen, result = set(), []
    for q in ordered + company:
        if q.id not in seen and best.get(q.id, -1) < goal:
            seen.add(q.id)
            result.append(q)
    return result if limit is None else result[:max(0, limit)]


# --- readiness -------------------------------------------------------------------------------------

@dataclass
class StepStatus:
    number: int
    title: str
    status: str          # DONE, IN_PROGRESS or NOT_STARTED
    reason: str          # one line: why, and what is left


@dataclass
class PracticeProgress:
    """Practising to the goal, apart from the seven steps: the questions the steps put first
    (first-interview, reference and resume questions) and the posting's must-haves."""
    practised: int       # priority questions with a best score at or above the goal
    priorities: int
    evidenced: int       # must-have requirements some answer evidenced
    must_haves: int
    summary: str

    @property
    def fraction(self) -> float:
        total = self.priorities + self.must_haves
        return (self.practised + self.evidenced) / total if total else 0.0


@dataclass
class Readiness:
    steps: list[StepStatus]
    summary: str
    practice: PracticeProgress | None = None

    @property
    def done(self) -> int:
        return sum(s.status == DONE for s in self.steps)

    @property
    def next_step(self) -> StepStatus | None:
        return next((s for s in self.steps if s.status != DONE), None)


def _count_status(done: int, total: int) -> str:
    return NOT_STARTED if done == 0 else DONE if done >= total else IN_PROGRESS


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def readiness(target_id: int, target_score: int | None = None, *, user, db=None) -> Readiness:
    """Where the user stands on each of the seven steps, with a one-line reason each, and how far
    practice has come (`Readiness.practice`).

    A step is done when its tool is filled in (the review written, the research noted, the resume
    saved...); answering its questions to the goal score is practice, counted on its own, so the
    preparation does not look untouched after real work. Cheap enough for every visit to the
    Practice page: the target, five preparation kinds and the narrow practice history — seven
    small queries, no answers or transcripts read.
    """
    from coach.interview import target_rubric

    goal = _target_score(target_score)
    target = storage.get_target(target_id, owner=user, db=db)
    history = storage.practice_history(target_id, owner=user, db=db)
    best: dict[str, int] = {}
    matched: set[str] = set()
    for row in history:
        best[row["question_id"]] = max(best.get(row["question_id"], 0), int(row["overall"] or 0))
        matched.update(str(k).lower() for k in row.get("matched_keywords") or ())
    steps: list[tuple[str, str]] = []

    review = first_interview_review(target_id, user=user, db=db)
    hard = [first_interview_question(t) for t in review.hard_questions]
    if not hard and not review.notes:
        steps.append((NOT_STARTED, "list the questions you found hard at the first interview"))
    else:
        steps.append((DONE, f"{_plural(len(hard), 'hard question')} listed; they lead your practice" if hard
                      else "reviewed; no hard questions listed"))

    rubric = target_rubric(target)
    musts = [i.keyword for i in rubric.must_haves()]
    if not rubric.items:
        steps.append((NOT_STARTED, "paste the job posting on the Welcome page to list its requirements"))
    else:
        steps.append((DONE, f"{_plural(len(rubric.items), 'requirement')} from the posting, "
                            f"{len(musts)} of them must-haves (edit them on the Welcome page)"))

    notes = {t: text for t, text in company_notes(target_id, user=user, db=db).items() if text.strip()}
    topics = [t for t in COMPANY_TOPICS if t != "notes"]
    missing = [COMPANY_TOPICS[t][0].lower() for t in topics if t not in notes]
    if not notes:
        steps.append((NOT_STARTED, "note the company's products, news, growth plans and values"))
    elif missing:
        steps.append((IN_PROGRESS, f"{len(topics) - len(missing)} of {len(topics)} topics researched; "
                                   f"missing: {', '.join(missing)}"))
    else:
        steps.append((DONE, "notes on products, news, growth plans and values"))

    people = [p for p in target.interviewers if (p.get("name") or "").strip()]
    researched = [p for p in people if is_researched(p)]
    steps.append((NOT_STARTED, "no interviewers yet: ask for the agenda with names and titles") if not people else
                 (_count_status(len(researched), len(people)) if researched else IN_PROGRESS,
                  f"{len(researched)} of {len(people)} interviewers researched (tenure, earlier roles, notes)"))

    kit = logistics(target_id, interviewers=target.interviewers, user=user, db=db)
    steps.append((_count_status(kit.done_count, len(kit.items)),
                  f"{kit.done_count} of {len(kit.items)} checklist items ticked"))

    refs = references(target_id, user=user, db=db)
    contacted = [r for r in refs if r.contacted]
    concerns = reference_questions(target_id, refs, user=user, db=db)
    steps.append((NOT_STARTED, "list your references and ask whether the company contacted them") if not refs else
                 (_count_status(len(contacted), len(refs)) if contacted else IN_PROGRESS,
                  f"{len(contacted)} of {len(refs)} references contacted; {len(concerns)} concern(s) to practise"))

    resume = resume_text(target_id, user=user, db=db)
    claims = [claim_question(c) for c in resume_claims(resume)]
    if not resume.strip():
        steps.append((NOT_STARTED, "paste your resume to find the claims interviewers may probe"))
    else:
        steps.append((DONE, f"resume saved; {_plural(len(claims), 'claim')} an interviewer may probe" if claims
                      else "resume saved; no claims with achievements or figures found"))

    statuses = [StepStatus(n, STEPS[n - 1], status, reason) for n, (status, reason) in enumerate(steps, start=1)]
    done = sum(s.status == DONE for s in statuses)
    going = sum(s.status == IN_PROGRESS for s in statuses)
    nxt = next((s for s in statuses if s.status != DONE), None)
    summary = f"Preparation: {done} of 7 steps done, {going} in progress" + (
        f" — next: {nxt.number}. {nxt.title}." if nxt else " — ready for the second interview.")

    priorities = list({q.id: q for q in hard + concerns + claims}.values())
    practised = sum(best.get(q.id, -1) >= goal for q in priorities)
    evidenced = sum(k.lower() in matched for k in musts)
    parts = []
    if priorities:
        parts.append(f"{practised} of {len(priorities)} priority questions answered to {goal}+")
    if musts:
        parts.append(f"{evidenced} of {len(musts)} must-haves evidenced")
    practice = PracticeProgress(
        practised, len(priorities), evidenced, len(musts),
        "Practice: " + ("; ".join(parts) if parts else "nothing to measure yet") + ".")
    return Readiness(statuses, summary, practice)


# --- questions to ask the employer ----------------------------------------------------------------

MIN_ASKS, MAX_ASKS = 5, 10
MAX_ASK_WORDS, MAX_ASK_SECONDS, MAX_PREAMBLE_WORDS = 25, 10, 12


@dataclass
class AskPlan:
    picked: list[str] = field(default_factory=list)          # candidate question ids, in order
    asked_before: list[str] = field(default_factory=list)    # asked at the first interview
    ask_whom: dict[str, str] = field(default_factory=dict)   # question id → interviewer's name


def candidate_questions_by_id() -> dict:
    from question_bank import load_candidate_questions

    return {q.id: q for q in load_candidate_questions()}


def save_questions_to_ask(target_id: int, picked, asked_before=(), ask_whom=None, *, user, db=None) -> AskPlan:
    known = candidate_questions_by_id()
    unknown = [i for i in list(picked) + list(asked_before) if i not in known]
    if unknown:
        raise PrepError(f"there is no question to ask with id {unknown[0]!r}")
    if len(set(picked)) > MAX_ASKS:
        raise PrepError(f"pick at most {MAX_ASKS} questions to ask ({len(set(picked))} picked)")
    plan = AskPlan(list(dict.fromkeys(picked)), list(dict.fromkeys(asked_before)),
                   {k: clean_field(v, "interviewer's name", MAX_NAME_CHARS) for k, v in (ask_whom or {}).items()
                    if k in picked and v})
    storage.save_prep(target_id, QUESTIONS_TO_ASK, "plan",
                      {"picked": plan.picked, "asked_before": plan.asked_before, "ask_whom": plan.ask_whom}, owner=user, db=db)
    return plan


def questions_to_ask(target_id: int, *, user, db=None) -> AskPlan:
    data = storage.load_prep(target_id, QUESTIONS_TO_ASK, owner=user, db=db).get("plan") or {}
    return AskPlan(list(data.get("picked") or []), list(data.get("asked_before") or []), dict(data.get("ask_whom") or {}))


def question_choice_warnings(picked, asked_before=()) -> list[str]:
    """What is wrong with a choice of questions to ask: too few or many, or a repeat of the first interview."""
    known = candidate_questions_by_id()
    warnings = []
    picked = list(dict.fromkeys(picked))
    if len(picked) < MIN_ASKS:
        warnings.append(f"Pick {MIN_ASKS} to {MAX_ASKS} questions: you have {len(picked)}.")
    elif len(picked) > MAX_ASKS:
        warnings.append(f"Pick {MIN_ASKS} to {MAX_ASKS} questions: you have {len(picked)}; keep the best {MAX_ASKS}.")
    for qid in picked:
        if qid in set(asked_before):
            text = known[qid].text if qid in known else qid
            warnings.append(f"You already asked “{text}” at the first interview: ask something new.")
    return warnings


_ROLE_WORDS = {
    "hiring manager": r"manager|head|director|lead|vp|vice president",
    "executive": r"chief|ceo|coo|cfo|cto|president|vp|vice president|director|founder",
    "HR": r"\bhr\b|human resources|people|talent|recruit",
    "peer": r"senior|specialist|associate|analyst|engineer|csm|consultant|representative",
}


def suggest_person(candidate_question, interviewers) -> str | None:
    """The panel member whose title fits who the question is for (e.g. HR questions to the recruiter)."""
    pattern = _ROLE_WORDS.get(getattr(candidate_question, "ask_whom", None) or "")
    people = [p for p in interviewers or [] if (p.get("name") or "").strip()]
    if pattern:
        for p in people:
            if re.search(pattern, (p.get("title") or "").lower()):
                return p["name"]
    return people[0]["name"] if people else None


_QUESTION_START = re.compile(r"^(what|how|why|where|when|who|which|is|are|do|does|did|can|could|would|will|"
                             r"have|has|should|may)\b", re.I)


def question_delivery_feedback(transcript_or_text) -> list[str]:
    """How a question to the employer comes across: short (≤ 25 words, ≤ 10 s), one question,
    no long preamble, no fillers. Takes typed text or a Transcript (text + duration_s)."""
    from scoring import find_fillers

    text = " ".join(str(getattr(transcript_or_text, "text", transcript_or_text) or "").split())
    duration = getattr(transcript_or_text, "duration_s", None)
    if not text:
        raise PrepError("the question is empty: type it or record it first")
    words = re.findall(r"[\w'’-]+", text)
    sentences = [s.strip() for s in re.findall(r"[^.!?]+[.!?]?", text) if s.strip()]
    is_question = [s.endswith("?") or (not s[-1] in ".!" and bool(_QUESTION_START.match(s))) for s in sentences]
    questions = sum(is_question)
    feedback = []
    if len(words) > MAX_ASK_WORDS:
        feedback.append(f"Too long: {len(words)} words. A good question is {MAX_ASK_WORDS} words or fewer.")
    if duration and duration > MAX_ASK_SECONDS:
        feedback.append(f"It took {duration:.0f} seconds to ask: aim for {MAX_ASK_SECONDS} or less.")
    if questions == 0:
        feedback.append("It does not come across as a question: end on one clear question.")
    elif questions > 1:
        feedback.append(f"That is {questions} questions in one: ask one at a time and let them answer.")
    if questions:
        first = is_question.index(True)
        preamble = sum(len(re.findall(r"[\w'’-]+", s)) for s in sentences[:first])
        if preamble > MAX_PREAMBLE_WORDS:
            feedback.append(f"Long preamble: {preamble} words before the question. Get to it sooner.")
    fillers = [f for _, _, f in find_fillers(text)]
    if fillers:
        feedback.append(f"Filler words ({', '.join(dict.fromkeys(fillers))}): pause instead.")
    if not feedback:
        timing = f" and {duration:.0f} seconds" if duration else ""
        feedback.append(f"Clear and short: one question in {len(words)} words{timing}.")
    return feedback


def practise_asking(audio: bytes, engine: str = "faster-whisper", model: str | None = None):
    """A question to the employer said aloud → (transcript, feedback on its length and clarity)."""
    from coach.practice import transcribe_answer

    if not audio:
        raise PrepError("the recording is empty (0 bytes): record again")
    transcript = transcribe_answer(audio, engine=engine, model=model)
    if transcript.no_speech or not transcript.text.strip():
        raise PrepError("no speech found in the recording: check the microphone and record again")
    return transcript, question_delivery_feedback(transcript)
