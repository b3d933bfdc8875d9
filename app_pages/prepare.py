"""Prepare: the guide's seven steps before a second interview, the questions to ask, and the
emails before and after — each tool saved with the job and feeding the practice plan."""
import hashlib

import streamlit as st

from coach import letters, prepare
from app_pages import _shared as ui

st.title("Prepare")
user = ui.current_user()
target = ui.current_target()
settings = ui.settings()
state = st.session_state
esc = ui.md_escape

if target is None:
    st.info("Choose or create the job you are preparing for on the Welcome page first.")
    st.stop()

flash = state.pop("prep_flash", None)
if flash:
    st.success(esc(flash))


def saved(message: str) -> None:
    """Show `message` after a rerun, so every tab reads the freshly saved data."""
    state["prep_flash"] = message
    st.rerun()


def practise(questions, n: int = 5) -> None:
    """Start a mock interview on the Practice page with these questions right after the opener."""
    questions = list(questions)[:8]
    state.pop("mock", None)
    state["start_request"] = {"mode": "realistic", "n": max(n, min(10, len(questions) + 3)),
                              "must_include": questions}
    st.switch_page("app_pages/practice.py")


def key_of(name: str) -> str:
    """A widget key for a name the user typed (stable, and safe whatever the characters)."""
    return hashlib.sha1(name.lower().encode()).hexdigest()[:8]


def question_list(questions, best: dict[str, int]) -> None:
    goal = settings.target_score
    for q in questions:
        score = best.get(q.id)
        status = ("not practised yet" if score is None else
                  f"best {score}/100 — practised" if score >= goal else f"best {score}/100, below {goal}")
        st.markdown(f"- {esc(q.text)} · _{esc(status)}_")


st.markdown(f"Getting ready for the second interview for **{esc(target.label)}**.")
best = prepare.best_scores(target.id, user=user)
tabs = st.tabs(["Plan", "1 · First interview", "2 · Job posting", "3 · Company", "4 · Interviewers",
                "5 · Logistics", "6 · References", "7 · Resume", "Questions to ask", "Emails and notes"])

# --- the plan: readiness and priorities ---------------------------------------------------------------
with tabs[0]:
    ready = prepare.readiness(target.id, settings.target_score, user=user)
    st.progress(ready.done / len(ready.steps), text=esc(ready.summary))
    st.progress(ready.practice.fraction, text=esc(ready.practice.summary))
    icons = {prepare.DONE: ":material/check_circle:", prepare.IN_PROGRESS: ":material/pending:",
             prepare.NOT_STARTED: ":material/radio_button_unchecked:"}
    for step in ready.steps:
        st.markdown(f"{icons[step.status]} **{step.number}. {esc(step.title)}** — {esc(step.status)}: {esc(step.reason)}")
    priorities = prepare.plan_priorities(target.id, settings.target_score, user=user)
    st.subheader("Asked first in your next mock interview", anchor=False)
    if priorities:
        st.caption(f"Each stays in the plan until you score {settings.target_score}/100 on it "
                   "(change the goal in Settings).")
        question_list(priorities, best)
        if st.button("Practise these now", type="primary", key="practise-priorities"):
            practise(priorities)
    else:
        st.caption("Nothing yet: the hard questions from your first interview, your references' "
                   "concerns and your resume's claims will appear here.")

# --- 1. the first interview --------------------------------------------------------------------------
with tabs[1]:
    st.caption("Which questions did you find hard, or could have answered better? They lead your "
               "practice until you answer them well.")
    review = prepare.first_interview_review(target.id, user=user)
    with st.form("first-interview"):
        hard = st.text_area("Questions you found hard (one per line)", "\n".join(review.hard_questions),
                            key="fi-hard", height=140)
        notes = st.text_area("How it went, and what to improve", review.notes, key="fi-notes")
        if st.form_submit_button("Save the review", key="fi-save"):
            try:
                prepare.save_first_interview(target.id, hard, notes, user=user)
            except ValueError as err:
                st.error(esc(str(err)))
            else:
                saved("First-interview review saved.")
    hard_questions = prepare.first_interview_questions(target.id, user=user)
    if hard_questions:
        question_list(hard_questions, best)
        if st.button("Practise these now", key="practise-fi"):
            practise(hard_questions)

# --- 2. the job posting: requirement → evidence --------------------------------------------------------
with tabs[2]:
    st.caption("Every requirement of the posting, and the best thing you have said that evidences it.")
    matrix = prepare.evidence_matrix(target.id, user=user)
    shown = sum(row.shown for row in matrix)
    st.markdown(f"**{shown} of {len(matrix)}** requirements evidenced so far.")
    for row in matrix:
        label = f"**{esc(row.keyword)}**" + (" (must-have)" if row.must_have else "")
        if row.shown:
            when = row.answered_at.strftime("%Y-%m-%d") if row.answered_at else ""
            text_col, button_col = st.columns([5, 1])
            text_col.markdown(f"{label}: “{esc(row.quote)}” — answer #{row.answer_id} to “{esc(row.question)}”, "
                              f"{row.overall}/100, {esc(when)}")
            if button_col.button("Open", key=f"ev-open-{key_of(row.keyword)}", help="Open this answer on the Review page"):
                state["review_answer_id"] = row.answer_id
                st.switch_page("app_pages/review.py")
        else:
            st.markdown(f"{label}: _not yet shown_")
    gaps = prepare.gap_questions(target.id, limit=4, user=user)
    if gaps and st.button("Practise the gaps", type="primary", key="practise-gaps"):
        practise(gaps)

# --- 3. company knowledge ----------------------------------------------------------------------------
with tabs[3]:
    st.caption("Build on what you found the first time: the website, news, LinkedIn, people who work "
               "there. One fact per line — answers on motivation and fit get credit for using them.")
    current = prepare.company_notes(target.id, user=user)
    with st.form("company"):
        fields = {topic: st.text_area(label, current.get(topic, ""), key=f"co-{topic}", height=90)
                  for topic, (label, _) in prepare.COMPANY_TOPICS.items()}
        if st.form_submit_button("Save the research", key="co-save"):
            try:
                prepare.save_company_notes(target.id, fields, user=user)
            except ValueError as err:
                st.error(esc(str(err)))
            else:
                saved("Company research saved: your answers will get credit for using it.")
    company_qs = prepare.company_questions(target.id, user=user)
    if company_qs:
        st.markdown("**Questions that test this research**")
        question_list(company_qs, best)
        if st.button("Practise these now", key="practise-company"):
            practise(company_qs)

# --- 4. the interviewers ----------------------------------------------------------------------------
with tabs[4]:
    st.caption("How long they have been with the company, earlier roles, anything useful: use it to "
               "build rapport. No agenda yet? Ask for one with names and titles.")
    people = prepare.agenda(target.interviewers)
    for person in people:
        with st.container(border=True):
            slot = person.get("agenda_slot") or "no slot yet"
            st.markdown(f"**{esc(person['name'])}** · {esc(person.get('title') or 'title unknown')} · {esc(slot)}")
            details = [f"{k.replace('_', ' ')}: {person[k]}" for k in ("tenure", "earlier_roles", "notes") if person.get(k)]
            if details:
                st.caption(esc(" · ".join(details)))
            for prompt in prepare.rapport_prompts(person, target.company):
                st.markdown(f"- {esc(prompt)}")
    names = [p["name"] for p in people]
    choice = st.selectbox("Add or edit", ["New interviewer"] + names, key="iv-choice")
    existing = next((p for p in people if p["name"] == choice), {})
    iv = key_of(choice)  # fresh widgets for each person picked
    with st.form(f"interviewer-{iv}"):
        values = {
            "name": st.text_input("Name", existing.get("name", ""), key=f"iv-name-{iv}"),
            "title": st.text_input("Title", existing.get("title", ""), key=f"iv-title-{iv}"),
            "tenure": st.text_input("Time with the company (e.g. 6 years)", existing.get("tenure", ""), key=f"iv-tenure-{iv}"),
            "earlier_roles": st.text_input("Earlier roles and employers", existing.get("earlier_roles", ""), key=f"iv-earlier-{iv}"),
            "notes": st.text_area("Notes (interests, posts, talks)", existing.get("notes", ""), key=f"iv-notes-{iv}"),
            "agenda_slot": st.text_input("Agenda slot (e.g. 10:00–10:45)", existing.get("agenda_slot", ""), key=f"iv-slot-{iv}"),
        }
        left, right = st.columns(2)
        save_iv = left.form_submit_button("Save the interviewer", key=f"iv-save-{iv}")
        remove_iv = right.form_submit_button("Remove", key=f"iv-remove-{iv}", disabled=not existing)
    if save_iv:
        try:
            prepare.save_interviewer(target.id, values, original_name=existing.get("name"), user=user)
        except ValueError as err:
            st.error(esc(str(err)))
        else:
            saved(f"Saved {values['name'].strip()}.")
    if remove_iv and existing:
        prepare.remove_interviewer(target.id, existing["name"], user=user)
        saved(f"Removed {existing['name']}.")

# --- 5. dress and logistics -----------------------------------------------------------------------
with tabs[5]:
    kit = prepare.logistics(target.id, interviewers=target.interviewers, user=user)
    with st.form("logistics"):
        ticked = [item.id for item in kit.items if st.checkbox(item.text, item.done, key=f"lg-item-{item.id}")]
        tour = st.text_input("Company tour or site visit?", kit.tour, key="lg-tour")
        dress = st.text_input("What to wear", kit.dress, key="lg-dress")
        bring = st.text_area("What else to bring", kit.bring, key="lg-bring", height=80)
        if st.form_submit_button("Save the checklist", key="lg-save"):
            try:
                prepare.save_logistics(target.id, ticked, tour, dress, bring, user=user)
            except ValueError as err:
                st.error(esc(str(err)))
            else:
                saved("Checklist saved.")

# --- 6. references -------------------------------------------------------------------------------
with tabs[6]:
    st.caption("Ask your references whether the company has been in touch, and what they were asked: "
               "that shows the company's concerns. Each concern becomes a question to practise.")
    refs = prepare.references(target.id, user=user)
    for ref in refs:
        with st.container(border=True):
            contacted = "contacted" if ref.contacted else "not contacted yet"
            st.markdown(f"**{esc(ref.name)}** · {esc(ref.relationship or 'reference')} · {contacted}")
            for concern in ref.asked:
                st.markdown(f"- asked about: {esc(concern)}")
            if st.button("Remove", key=f"ref-remove-{key_of(ref.name)}"):
                prepare.remove_reference(target.id, ref.name, user=user)
                saved(f"Removed {ref.name}.")
    with st.form("reference", clear_on_submit=True):
        ref_name = st.text_input("Reference's name", key="ref-name")
        relationship = st.text_input("Relationship (e.g. former manager)", key="ref-rel")
        was_contacted = st.checkbox("The company has contacted them", key="ref-contacted")
        asked = st.text_area("What were they asked? (one topic per line)", key="ref-asked", height=90)
        if st.form_submit_button("Save the reference", key="ref-save"):
            try:
                prepare.save_reference(target.id, ref_name, relationship, was_contacted, asked, user=user)
            except ValueError as err:
                st.error(esc(str(err)))
            else:
                saved("Reference saved.")
    concern_qs = prepare.reference_questions(target.id, refs, user=user)
    if concern_qs:
        st.markdown("**The company's concerns, to practise**")
        question_list(concern_qs, best)

# --- 7. resume -------------------------------------------------------------------------------------
with tabs[7]:
    st.caption("Know exactly what the interviewers have in front of them. Bring "
               f"{prepare.resume_copies(target.interviewers)} printed copies.")
    with st.form("resume"):
        pasted = st.text_area("Paste your resume", prepare.resume_text(target.id, user=user), key="rs-text", height=220)
        upload = st.file_uploader("…or upload it as a .txt file", type=["txt", "md"], key="rs-file")
        if st.form_submit_button("Save and find the claims", key="rs-save"):
            try:
                text = prepare.read_resume_upload(upload.getvalue(), upload.name) if upload else pasted
                prepare.save_resume(target.id, text, user=user)
            except ValueError as err:
                st.error(esc(str(err)))
            else:
                saved("Resume saved.")
    claim_qs = prepare.resume_questions(target.id, user=user)
    if claim_qs:
        st.markdown("**Claims an interviewer may probe**")
        question_list(claim_qs, best)
        if st.button("Practise these now", key="practise-resume"):
            practise(claim_qs)

# --- questions to ask the employer -------------------------------------------------------------------
with tabs[8]:
    st.caption("Prepare 5–10 smart questions, different from the ones you asked at the first interview, "
               "and address each to the right person.")
    bank = prepare.candidate_questions_by_id()
    plan = prepare.questions_to_ask(target.id, user=user)
    panel = [p["name"] for p in target.interviewers if (p.get("name") or "").strip()]
    asked_before = st.multiselect("Asked at the first interview", list(bank), plan.asked_before,
                                  format_func=lambda i: bank[i].text, key="qa-before")
    picked = st.multiselect("To ask at the second interview (5–10)", list(bank), plan.picked,
                            format_func=lambda i: bank[i].text, key="qa-picked")
    for warning in prepare.question_choice_warnings(picked, asked_before):
        st.warning(esc(warning))
    whom = {}
    for qid in picked:
        options = ["(anyone)"] + panel
        preferred = plan.ask_whom.get(qid) or prepare.suggest_person(bank[qid], target.interviewers)
        whom[qid] = st.selectbox(f"Ask “{esc(bank[qid].text)}” to", options,
                                 options.index(preferred) if preferred in options else 0, key=f"qa-whom-{qid}")
    if st.button("Save my questions", key="qa-save"):
        try:
            prepare.save_questions_to_ask(target.id, picked, asked_before,
                                          {k: v for k, v in whom.items() if v != "(anyone)"}, user=user)
        except ValueError as err:
            st.error(esc(str(err)))
        else:
            saved("Questions to ask saved.")

    st.subheader("Practise asking aloud", anchor=False)
    st.caption("A good question is short: 25 words or fewer, about 10 seconds, one question mark, no long preamble.")
    typed_ask = st.text_input("Type a question to check it", key="qa-typed")
    spoken = st.audio_input("…or record yourself asking it", key="qa-audio")
    feedback = None
    if spoken is not None:
        audio = spoken.getvalue()
        digest = hashlib.sha256(audio).hexdigest()
        if state.get("qa-heard", (None,))[0] != digest:
            with st.spinner("Transcribing…"):
                ui.try_warm_engine(settings.engine, settings.model_or_none)
                try:
                    transcript, lines = prepare.practise_asking(audio, settings.engine, settings.model_or_none)
                except ValueError as err:
                    state["qa-heard"] = (digest, None, [str(err)], True)
                else:
                    state["qa-heard"] = (digest, transcript.text, lines, False)
        _, heard, feedback, failed = state["qa-heard"]
        if failed:
            st.error(esc(feedback[0]))
            feedback = None
        else:
            st.markdown("**What you said**")
            st.text(heard)
    elif typed_ask.strip():
        feedback = prepare.question_delivery_feedback(typed_ask)
    for line in feedback or []:
        (st.success if line.startswith("Clear") else st.warning)(esc(line))

# --- emails and notes: before and after -------------------------------------------------------------
with tabs[9]:
    my_name = st.text_input("Your name (for the signature)", key="lt-me")
    st.subheader("Accepting the invitation", anchor=False)
    contact = st.text_input("Who invited you? (name)", key="lt-contact")
    when = st.text_input("Date and time of the interview (optional)", key="lt-when")
    try:
        acceptance = letters.acceptance_email(target.company, target.role, contact, my_name, when)
    except ValueError as err:
        st.error(esc(str(err)))
    else:
        st.code(acceptance.text, language=None, wrap_lines=True)
        st.download_button("Download as text", acceptance.text, file_name="acceptance-email.txt",
                           mime="text/plain", key="lt-accept-dl")

    st.subheader("People you met", anchor=False)
    st.caption("Collect business cards, or write down names and titles: you need them for the thank-you notes.")
    for person in letters.people_met(target.id, user=user):
        cols = st.columns([4, 1])
        cols[0].markdown(f"**{esc(person['name'])}** · {esc(person.get('title') or '')}")
        if cols[1].button("Remove", key=f"pm-remove-{key_of(person['name'])}"):
            letters.remove_person_met(target.id, person["name"], user=user)
            saved(f"Removed {person['name']}.")
    with st.form("people-met", clear_on_submit=True):
        met_name = st.text_input("Name", key="pm-name")
        met_title = st.text_input("Title", key="pm-title")
        if st.form_submit_button("Add", key="pm-add"):
            try:
                letters.add_person_met(target.id, met_name, met_title, user=user)
            except ValueError as err:
                st.error(esc(str(err)))
            else:
                saved(f"Added {met_name.strip()}.")

    st.subheader("Thank-you notes", anchor=False)
    st.caption("One per person who interviewed you, sent within a day. Note one detail from each conversation.")
    details = letters.thank_you_details(target.id, user=user)
    for person in letters.thank_you_recipients(target.id, user=user):
        key = key_of(person["name"])
        with st.expander(esc(f"To {person['name']}" + (f", {person['title']}" if person["title"] else ""))):
            detail = st.text_input("A detail from your conversation", details.get(person["name"].lower(), ""),
                                   key=f"ty-detail-{key}")
            if detail != details.get(person["name"].lower(), ""):
                letters.save_thank_you_detail(target.id, person["name"], detail, user=user)
            try:
                note = letters.thank_you_note(person, target.company, target.role, detail, my_name)
            except ValueError as err:
                st.error(esc(str(err)))
                continue
            draft_key = hashlib.sha1(note.text.encode()).hexdigest()[:8]
            edited = st.text_area("Edit the note", note.text, height=300, key=f"ty-text-{key}-{draft_key}")
            st.code(edited, language=None, wrap_lines=True)
            st.download_button("Download as text", edited, file_name=f"thank-you-{key}.txt", mime="text/plain",
                               key=f"ty-dl-{key}")
