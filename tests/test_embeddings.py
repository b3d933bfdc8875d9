"""The optional embeddings signal (scoring/embeddings.py). Runs where the `embeddings` extra is
installed (`pip install -e '.[embeddings]'`); the default install has no torch and skips it."""
from __future__ import annotations

import shutil

import pytest

from scoring import Rubric, embeddings, score_answer

pytestmark = pytest.mark.skipif(not embeddings.available(), reason="the embeddings extra is not installed")


def test_it_is_off_unless_switched_on(monkeypatch):
    monkeypatch.delenv(embeddings.ENV_SWITCH, raising=False)
    embeddings.enable(None)
    assert not embeddings.enabled()
    monkeypatch.setenv(embeddings.ENV_SWITCH, "1")
    assert embeddings.enabled()


def test_a_tampered_weights_file_is_refused_naming_it(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(embeddings.model_dir(), copy)
    (copy / "vocab.txt").write_text("tampered", encoding="utf-8")
    with pytest.raises(embeddings.EmbeddingModelError, match="vocab.txt.*SHA-256"):
        embeddings.verify_model_dir(copy)


def test_similar_sentences_are_closer_than_unrelated_ones():
    assert embeddings.similarity("maintain patient charts", "I kept every patient's chart up to date") > \
        embeddings.similarity("maintain patient charts", "I went hiking at the weekend") + 0.3


def test_when_on_a_must_have_said_in_other_words_earns_half_credit():
    rubric = Rubric([])
    rubric.add_item("Customer retention", kind="skill", weight=3.0, must_have=True)
    text = ("Last spring I called every client whose contract was about to lapse and convinced nine "
            "of ten to stay another year.")
    embeddings.enable(True)
    try:
        embeddings.PARAPHRASE_THRESHOLD, old = 0.3, embeddings.PARAPHRASE_THRESHOLD
        score = score_answer("Tell me about a time you saved an account.", text, rubric)
    finally:
        embeddings.PARAPHRASE_THRESHOLD = old
        embeddings.enable(None)
    hit = next(h for h in score.matched if h.keyword == "Customer retention")
    assert hit.credit == 0.5
    assert any("in other words" in r for r in score.dimensions["job_fit"].reasons)
    again = score_answer("Tell me about a time you saved an account.", text, rubric)
    assert not again.matched   # off again: only named requirements count
