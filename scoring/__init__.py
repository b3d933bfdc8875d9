"""Scoring: job posting -> rubric, keyword matching, answer scoring (pure Python, offline)."""
from .answer import (AnswerError, AnswerLanguageError, AnswerMetrics, AnswerScore, DimensionScore,
                     KeywordHit, rescore, score_answer)
from .delivery import find_fillers
from .matching import Mention, find_mentions
from .rubric import PostingError, Rubric, RubricError, RubricItem, build_rubric

__all__ = [
    # posting -> rubric (rubric.py) and keyword matching (matching.py)
    "build_rubric", "Rubric", "RubricItem", "PostingError", "RubricError",
    "find_mentions", "Mention",
    # answer scoring (answer.py and friends)
    "score_answer", "rescore", "AnswerScore", "AnswerError", "AnswerLanguageError", "AnswerMetrics",
    "DimensionScore", "KeywordHit",
    "find_fillers",
]
