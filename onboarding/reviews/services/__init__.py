"""Every write of the review: screening, assignment, scores, notes, decisions, criteria.

Lock order: every path that locks both rows takes the review case first (`common.locked_case`), then
the application (`application_transition`). Two paths taking them the other way round deadlock
when they meet (a reject from needs_info racing the applicant's answer did; tests/reviews/
test_lock_order.py races them). A new write here locks the case before it moves the application.
"""

from onboarding.reviews.services.campaign_settings import (
    SETTINGS_FIELDS,
    review_settings_update,
    settings_for,
    settings_of,
)
from onboarding.reviews.services.decisions import (
    BulkResult,
    HardRequirementFailed,
    info_answer,
    review_bulk_decide,
    review_decide,
)
from onboarding.reviews.services.reviewing import (
    conflict_declare,
    review_assign,
    review_note_add,
    review_score,
)
from onboarding.reviews.services.screening import (
    RECOMPUTE_BATCH,
    application_receive,
    criteria_replace,
    least_busy_reviewer,
    profile_of,
    recompute_jobs_requeue,
    screening_recompute,
    screening_recompute_failed,
)

__all__ = [
    "RECOMPUTE_BATCH",
    "SETTINGS_FIELDS",
    "BulkResult",
    "HardRequirementFailed",
    "least_busy_reviewer",
    "application_receive",
    "conflict_declare",
    "criteria_replace",
    "info_answer",
    "profile_of",
    "recompute_jobs_requeue",
    "review_assign",
    "review_bulk_decide",
    "review_decide",
    "review_note_add",
    "review_score",
    "review_settings_update",
    "screening_recompute",
    "screening_recompute_failed",
    "settings_for",
    "settings_of",
]
