"""`callback` — the command line. A thin wrapper over the same use cases the app calls.

Bad input of any kind ends with exit code 2 and one line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (the rest of the house style)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"{self.prog}: error: {message} (see --help)", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def _print_json(obj) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False))


# --- speech -------------------------------------------------------------------------------------

def cmd_speak(args) -> int:
    from coach.inputs import InputError
    from speech.tts import synthesize

    out = Path(args.output)
    if out.is_dir():
        raise InputError(f"{out} is a folder: give a file name, e.g. {out / 'question.wav'}")
    if not out.parent.is_dir():  # checked before the synthesis, not after it
        raise InputError(f"cannot write {out}: the folder {out.parent} does not exist")
    wav = synthesize(args.text, voice=args.voice, rate_wpm=args.rate)
    try:
        out.write_bytes(wav)
    except OSError as err:
        raise InputError(f"cannot write {out}: {(err.strerror or str(err)).lower()}") from None
    print(f"wrote {out} ({len(wav) // 1000} KB)")
    return 0


def cmd_voices(args) -> int:
    from speech.tts import list_voices, tts_status

    ok, reason = tts_status()
    if not ok:
        raise ValueError(reason)
    voices = list_voices()
    if args.json:
        _print_json([{"id": v.id, "name": v.name, "language": v.language} for v in voices])
    else:
        for v in voices:
            print(f"{v.id}\t{v.name}\t{v.language}")
    return 0


def cmd_transcribe(args) -> int:
    from coach.practice import transcribe_answer

    transcript = transcribe_answer(Path(args.audio), engine=args.engine, model=args.model)
    if args.json:
        _print_json(transcript.to_dict())
    elif transcript.no_speech:
        print("(no speech found in the recording)")
    else:
        print(transcript.text)
        for r in transcript.repairs:  # speech Whisper first returned without words
            if r.words_after > r.words_before:
                print(f"note: {r.speech_s:.0f} s of speech between {r.start:.0f} s and {r.end:.0f} s came back "
                      "without words and was transcribed again", file=sys.stderr)
    return 0


# --- questions, rubric, score ---------------------------------------------------------------------

def cmd_questions(args) -> int:
    from coach.question_sets import export_question_set, import_question_set, user_questions
    from question_bank import CATEGORIES, load_bank

    if args.category and args.category not in CATEGORIES:
        raise ValueError(f"unknown category {args.category!r}; choose one of: {', '.join(CATEGORIES)}")
    if args.import_file:
        imported = import_question_set(args.import_file)
        print(f"imported {len(imported)} question(s) from {args.import_file}; mock interviews now ask them too")
        return 0
    if args.export_file:
        count = export_question_set(args.export_file, category=args.category)
        print(f"exported {count} question(s) to {args.export_file}")
        return 0
    questions = load_bank() + user_questions()
    if args.category:
        questions = [q for q in questions if q.category == args.category]
    if args.json:
        _print_json([q.to_dict() for q in questions])
    else:
        for q in questions:
            print(f"{q.id}\t{q.category}\t{q.text}")
    return 0


def cmd_rubric(args) -> int:
    from coach.practice import rubric_from_file

    rubric = rubric_from_file(args.posting, company=args.company)
    if args.json:
        print(rubric.to_json())
        return 0
    print(f"{'keyword':32} {'weight':>6}  {'kind':12} {'must':4}  variants  |  source line")
    for item in sorted(rubric.items, key=lambda i: -i.weight):
        variants = ", ".join(item.variants[:4])
        source = item.source_line.strip()
        source = source if len(source) <= 70 else source[:67] + "..."
        print(f"{item.keyword[:32]:32} {item.weight:6.1f}  {item.kind:12} {'yes' if item.must_have else '':4}  {variants}  |  {source}")
    return 0


def cmd_score(args) -> int:
    from coach.inputs import read_text
    from coach.practice import question_from_text, rubric_from_file, score_typed_answer, transcribe_answer
    from scoring import score_answer

    question = question_from_text(args.question)
    rubric = rubric_from_file(args.posting, company=args.company)
    if args.answer_file:
        score = score_typed_answer(question, read_text(args.answer_file, "answer", max_bytes=100_000), rubric)
        transcript = None
    else:
        transcript = transcribe_answer(Path(args.audio), engine=args.engine, model=args.model)
        if transcript.no_speech:
            raise ValueError(f"no speech found in {args.audio}: record the answer again")
        score = score_answer(question, transcript, rubric)
    if args.json:
        out = score_json(score)
        if transcript is not None:
            out["transcript"] = transcript.text
        _print_json(out)
        return 0
    if transcript is not None:
        print(f"Transcript: {transcript.text}\n")
    print(f"Overall: {score.overall}/100")
    for dim in score.dimensions.values():
        value = "n/a" if dim.score is None else f"{dim.score}/100"
        print(f"  {dim.name}: {value}")
        for reason in dim.reasons:
            print(f"    - {reason}")
    if score.matched:
        print("Requirements you evidenced:")
        for hit in score.matched:
            print(f"  + {hit.keyword}: \"{hit.quote}\"")
    if score.missed:
        print("Must-haves that did not come up: " + ", ".join(score.missed))
    print("Feedback:")
    for line in score.feedback:
        print(f"  * {line}")
    if score.sketch:
        print(score.sketch)
    return 0


def score_json(score) -> dict:
    """The stable JSON shape of `callback score --json`."""
    return {
        "overall": score.overall,
        "dimensions": {key: {"name": d.name, "score": d.score, "reasons": list(d.reasons)}
                       for key, d in score.dimensions.items()},
        "keywords": {
            "matched": [{"keyword": h.keyword, "evidence": h.quote} for h in score.matched],
            "missed": list(score.missed),
        },
        "feedback": list(score.feedback),
        "sketch": score.sketch,
    }


# --- admin: setting up a centre (team mode) -----------------------------------------------------------

def _user_line(u) -> str:
    return f"{u.id}\t{u.role}\t{u.email or ''}\t{u.name or ''}\t{u.issuer}"


def _placed(placed, what: str) -> None:
    for p in placed:
        if p.accounts:
            print(f"{p.email}: {what}" + (f" ({len(p.accounts)} accounts)" if len(p.accounts) > 1 else ""))
        else:
            print(f"{p.email}: has not signed in yet; {what} at their first sign-in")


def cmd_admin_grant(args) -> int:
    from coach import admin

    _placed([admin.grant(args.email, args.role)], f"role {args.role}")
    return 0


def cmd_admin_users(args) -> int:
    from coach import admin

    people = admin.users()
    if args.json:
        _print_json([u.to_dict() for u in people])
    else:
        for u in people:
            print(_user_line(u))
    return 0


def cmd_admin_cohort(args) -> int:
    from coach import admin

    if args.action == "create":
        cohort = admin.create_cohort(args.name)
        print(f"created cohort {cohort.name!r} (id {cohort.id})")
    elif args.action == "add":
        _placed(admin.add_to_cohort(args.name, args.emails, as_coach=args.coach),
                f"{'a coach' if args.coach else 'a student'} of {args.name!r}")
    elif args.action == "remove":
        print(f"removed {admin.remove_from_cohort(args.name, args.emails)} place(s) from {args.name!r}")
    else:
        found = admin.cohorts()
        if args.json:
            _print_json([c.to_dict() for c in found])
        for c in [] if args.json else found:
            print(f"{c.id}\t{c.name}\t{len(c.student_ids)} student(s), {len(c.coach_ids)} coach(es)"
                  + (f", {len(c.pending_students) + len(c.pending_coaches)} not signed in yet"
                     if c.pending_students or c.pending_coaches else ""))
    return 0


def cmd_admin_export(args) -> int:
    from coach import admin

    user, path = admin.export_user(args.user, args.dest)
    print(f"exported the data of {user.email or user.id} to {path}")
    return 0


def cmd_admin_delete_user(args) -> int:
    from coach import admin

    if not args.yes:
        raise ValueError(f"this deletes everything of {args.user}, recordings included, and cannot be undone: "
                         f"add --yes")
    user = admin.delete_user(args.user)
    print(f"deleted {user.email or user.id} and all their data")
    return 0


def _add_admin_parser(sub) -> None:
    from storage.records import ROLES

    admin = sub.add_parser("admin", help="set up a centre: admins, coaches, cohorts, data requests (team mode)")
    actions = admin.add_subparsers(dest="admin_command", required=True, parser_class=_Parser)

    p = actions.add_parser("grant", help="give someone a role, now or at their first sign-in")
    p.add_argument("email")
    p.add_argument("--role", required=True, choices=ROLES)
    p.set_defaults(func=cmd_admin_grant)

    p = actions.add_parser("users", help="list everyone who has signed in")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_admin_users)

    cohort = actions.add_parser("cohort", help="create a cohort, add or remove students and coaches, list cohorts")
    steps = cohort.add_subparsers(dest="action", required=True, parser_class=_Parser)
    p = steps.add_parser("create", help="a new cohort")
    p.add_argument("name")
    p = steps.add_parser("add", help="give students (or, with --coach, coaches) a place in a cohort")
    p.add_argument("name")
    p.add_argument("emails", nargs="+", metavar="EMAIL")
    p.add_argument("--coach", action="store_true", help="add them as coaches of the cohort")
    p = steps.add_parser("remove", help="take people out of a cohort (their data stays theirs)")
    p.add_argument("name")
    p.add_argument("emails", nargs="+", metavar="EMAIL")
    p = steps.add_parser("list", help="every cohort with its numbers of students and coaches")
    p.add_argument("--json", action="store_true")
    cohort.set_defaults(func=cmd_admin_cohort)

    p = actions.add_parser("export", help="write one user's data (with recordings) to a ZIP")
    p.add_argument("user", help="their e-mail address or user id")
    p.add_argument("dest", help="a .zip file or an existing folder")
    p.set_defaults(func=cmd_admin_export)

    p = actions.add_parser("delete-user", help="delete a user and all their data, recordings included")
    p.add_argument("user", help="their e-mail address or user id")
    p.add_argument("--yes", action="store_true", help="yes, delete it all")
    p.set_defaults(func=cmd_admin_delete_user)


# --- wiring ---------------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="callback", description="Practise the second job interview, locally.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("speak", help="read a text aloud into a WAV file")
    p.add_argument("text")
    p.add_argument("-o", "--output", required=True, help="the WAV file to write")
    p.add_argument("--voice", help="a voice id from `callback voices`")
    p.add_argument("--rate", type=int, help="speaking rate in words per minute")
    p.set_defaults(func=cmd_speak)

    p = sub.add_parser("voices", help="list the voices available for reading questions")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_voices)

    engines = ["faster-whisper", "openai-whisper"]
    p = sub.add_parser("transcribe", help="transcribe a recorded answer on this machine")
    p.add_argument("audio")
    p.add_argument("--engine", choices=engines, default="faster-whisper")
    p.add_argument("--model", help="model name or folder (default: the bundled tiny.en)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_transcribe)

    p = sub.add_parser("questions", help="list, import or export second-interview questions")
    p.add_argument("--category")
    p.add_argument("--json", action="store_true")
    io_group = p.add_mutually_exclusive_group()
    io_group.add_argument("--import", dest="import_file", metavar="FILE",
                          help="add your own questions from a CSV or YAML file (all rows or none)")
    io_group.add_argument("--export", dest="export_file", metavar="FILE",
                          help="write the questions (or one --category) to a CSV or YAML file")
    p.set_defaults(func=cmd_questions)

    p = sub.add_parser("rubric", help="show the rubric built from a job posting")
    p.add_argument("posting")
    p.add_argument("--company")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_rubric)

    p = sub.add_parser("score", help="score an answer against a job posting")
    p.add_argument("--posting", required=True)
    p.add_argument("--company")
    p.add_argument("--question", required=True, help="the question's text, or a question id from the bank")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--answer-file", help="a text file with the typed answer")
    src.add_argument("--audio", help="a recording of the spoken answer")
    p.add_argument("--engine", choices=engines, default="faster-whisper")
    p.add_argument("--model")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_score)

    _add_admin_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (ValueError, OSError) as err:
        # Every typed input error in Callback is a ValueError with a one-line message.
        print(f"callback: error: {_one_line(err)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


def _one_line(err: Exception) -> str:
    """The message a person can act on: an OSError as "what: file", without "[Errno 2]"."""
    if isinstance(err, OSError) and err.strerror:
        return f"{err.strerror.lower()}: {err.filename}" if err.filename else err.strerror.lower()
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


if __name__ == "__main__":
    sys.exit(main())
