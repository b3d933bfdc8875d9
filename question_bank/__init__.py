"""Second-interview questions: the packaged bank, job-specific templates, the candidate's own
questions for the employer, import/export of user question sets, and interview planning.

Pure Python; the data lives in question_bank/data/*.yaml (readable and editable).
"""
from .io import export_questions, import_questions
from .kinds import answer_kind_ids, load_anchors
from .load import load_bank, load_candidate_questions
from .model import (
    ASK_WHOM, CATEGORIES, SOURCES, TOPICS, CandidateQuestion, Question, QuestionFileError,
)
from .select import (
    CLOSING_QUESTION_ID, MODES, PlanError, PracticeRecord, plan_interview, review_interval_days,
)
from .templates import job_questions, load_templates

__all__ = [
    "Question", "CandidateQuestion", "CATEGORIES", "SOURCES", "TOPICS", "ASK_WHOM",
    "QuestionFileError", "PlanError",
    "load_bank", "load_candidate_questions", "load_templates", "load_anchors", "answer_kind_ids",
    "import_questions", "export_questions",
    "job_questions",
    "PracticeRecord", "plan_interview", "review_interval_days", "MODES", "CLOSING_QUESTION_ID",
]
