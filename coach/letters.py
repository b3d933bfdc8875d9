"""Before and after the second interview: accepting the invitation, the people met on the day,
and one thank-you note per interviewer. Drafts are plain text for the user to edit and send.
"""
from __future__ import annotations

from dataclasses import dataclass

import storage
from coach.prepare import MAX_NAME_CHARS, MAX_NOTES_CHARS, PrepError, clean_field

PEOPLE_MET = "people_met"
THANK_YOU = "thank_you"
MAX_DETAIL_CHARS = 500


@dataclass
class Letter:
    subject: str
    body: str

    @property
    def text(self) -> str:
        """Subject line and body, ready to paste into an email."""
        return f"Subject: {self.subject}\n\n{self.body}"


def _signature(candidate_name: str) -> str:
    return clean_field(candidate_name, "your name", MAX_NAME_CHARS) or "[Your name]"


def acceptance_email(company: str, role: str, contact_name: str = "", candidate_name: str = "",
                     when: str = "") -> Letter:
    """A polite yes to the second interview that asks what to prepare and for the agenda."""
    company = clean_field(company, "company", MAX_NAME_CHARS) or "your company"
    role = clean_field(role, "role", MAX_NAME_CHARS) or "the role"
    contact = clean_field(contact_name, "contact's name", MAX_NAME_CHARS)
    when = clean_field(when, "date and time", MAX_NAME_CHARS)
    greeting = f"Dear {contact}," if contact else "Hello,"
    slot = f" on {when}" if when else ""
    body = (
        f"{greeting}\n\n"
        f"Thank you for inviting me to a second interview for the {role} position at {company}. "
        f"I am pleased to accept, and I look forward to meeting the team{slot}.\n\n"
        "So that I can prepare well, is there anything specific you would like me to prepare or bring? "
        "I would also be grateful for the agenda for the day, with the names and titles of the people "
        "I will be meeting.\n\n"
        "Thank you again for this opportunity.\n\n"
        f"Kind regards,\n{_signature(candidate_name)}"
    )
    return Letter(f"Second interview for the {role} position — acceptance", body)


def thank_you_note(person: dict, company: str, role: str, detail: str = "", candidate_name: str = "") -> Letter:
    """A thank-you note to one person, naming them, their title, the role and a detail of the conversation."""
    name = clean_field((person or {}).get("name"), "person's name", MAX_NAME_CHARS, required=True)
    title = clean_field((person or {}).get("title"), "person's title", MAX_NAME_CHARS * 2)
    company = clean_field(company, "company", MAX_NAME_CHARS) or "your company"
    role = clean_field(role, "role", MAX_NAME_CHARS) or "the role"
    detail = clean_field(detail, "detail from the conversation", MAX_DETAIL_CHARS).rstrip(".!")
    as_title = f" as {title}" if title else ""
    remembered = (f" I particularly enjoyed our conversation about {detail}, and it has stayed with me since."
                  if detail else "")
    body = (
        f"Dear {name},\n\n"
        f"Thank you for taking the time to meet me during my second interview for the {role} position at "
        f"{company}. I appreciated hearing your perspective{as_title}.{remembered}\n\n"
        f"Our conversation confirmed my enthusiasm for the role and for {company}. I am confident that my "
        "experience would let me contribute to the team from the start.\n\n"
        "If there is anything else I can send to help with your decision, please let me know. "
        "I look forward to hearing from you.\n\n"
        f"Kind regards,\n{_signature(candidate_name)}"
    )
    return Letter(f"Thank you — {role} second interview", body)


# --- people met on the day (business cards) --------------------------------------------------------

def add_person_met(target_id: int, name: str, title: str = "", note: str = "", *, user, db=None) -> dict:
    person = {"name": clean_field(name, "person's name", MAX_NAME_CHARS, required=True),
              "title": clean_field(title, "person's title", MAX_NAME_CHARS * 2),
              "note": clean_field(note, "note", MAX_NOTES_CHARS)}
    storage.save_prep(target_id, PEOPLE_MET, person["name"].lower(), person, owner=user, db=db)
    return person


def remove_person_met(target_id: int, name: str, *, user, db=None) -> None:
    storage.delete_prep(target_id, PEOPLE_MET, name.strip().lower(), owner=user, db=db)


def people_met(target_id: int, *, user, db=None) -> list[dict]:
    return list(storage.load_prep(target_id, PEOPLE_MET, owner=user, db=db).values())


def thank_you_recipients(target_id: int, *, user, db=None) -> list[dict]:
    """Everyone to thank: the interviewers on the agenda, then anyone else met on the day."""
    target = storage.get_target(target_id, owner=user, db=db)
    seen, people = set(), []
    for p in list(target.interviewers) + people_met(target_id, user=user, db=db):
        name = (p.get("name") or "").strip()
        if name and name.lower() not in seen:
            seen.add(name.lower())
            people.append({"name": name, "title": (p.get("title") or "").strip()})
    return people


def save_thank_you_detail(target_id: int, name: str, detail: str, *, user, db=None) -> None:
    """The detail the user noted from the conversation with this person (used in their note)."""
    name = clean_field(name, "person's name", MAX_NAME_CHARS, required=True)
    storage.save_prep(target_id, THANK_YOU, name.lower(),
                      {"name": name, "detail": clean_field(detail, "detail from the conversation", MAX_DETAIL_CHARS)}, owner=user, db=db)


def thank_you_details(target_id: int, *, user, db=None) -> dict[str, str]:
    """Lower-cased name → the noted detail."""
    return {k: (d or {}).get("detail", "") for k, d in storage.load_prep(target_id, THANK_YOU, owner=user, db=db).items()}


__all__ = [
    "Letter", "PrepError", "acceptance_email", "thank_you_note", "add_person_met", "remove_person_met",
    "people_met", "thank_you_recipients", "save_thank_you_detail", "thank_you_details",
]
