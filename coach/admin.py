"""Setting up a centre from the command line (`callback admin ...`): the first admin, coaches,
cohorts and their students, a student's data request, deleting a user.

These run with the command line's authority (`storage.operator()`): whoever can run commands on a
server that holds CALLBACK_DATABASE_URL can read its database anyway. People are named by e-mail
(what an admin knows before anyone has signed in); a place or role given to an address nobody has
signed in with yet waits for that address's first sign-in.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import storage
from coach.inputs import InputError


@dataclass
class Placed:
    email: str
    accounts: list[storage.UserRecord]   # empty: pending until the first sign-in


def grant(email: str, role: str) -> Placed:
    return Placed(email.strip().lower(), storage.grant_role(email, role))


def users() -> list[storage.UserRecord]:
    return storage.list_users(admin=storage.operator())


def create_cohort(name: str) -> storage.CohortRecord:
    return storage.create_cohort(name, admin=storage.operator())


def cohorts() -> list[storage.CohortRecord]:
    return storage.list_cohorts(viewer=storage.operator())


def add_to_cohort(name: str, emails: list[str], as_coach: bool = False) -> list[Placed]:
    admin = storage.operator()
    cohort = storage.find_cohort(name, admin=admin)
    return [Placed(email.strip().lower(),
                   storage.add_to_cohort_by_email(cohort.id, email, as_coach=as_coach, admin=admin))
            for email in emails]


def remove_from_cohort(name: str, emails: list[str]) -> int:
    admin = storage.operator()
    cohort = storage.find_cohort(name, admin=admin)
    return sum(storage.remove_from_cohort(cohort.id, email=email, admin=admin) for email in emails)


def find_user(who: str) -> storage.UserRecord:
    """One account, by e-mail or by id; refuses an e-mail several accounts share."""
    admin = storage.operator()
    who = who.strip()
    if who.isdigit():
        return storage.get_user(int(who), viewer=admin)
    found = storage.find_users(who, admin=admin)
    if not found:
        raise InputError(f"nobody has signed in with {who}")
    if len(found) > 1:
        ids = ", ".join(str(u.id) for u in found)
        raise InputError(f"{len(found)} accounts use {who} (ids {ids}): give the id instead")
    return found[0]


def export_user(who: str, dest: str | Path) -> tuple[storage.UserRecord, Path]:
    user = find_user(who)
    return user, storage.export_all(dest, owner=user)


def delete_user(who: str) -> storage.UserRecord:
    user = find_user(who)
    storage.delete_user_data(user.id, admin=storage.operator())
    return user
