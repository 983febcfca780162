"""Every write to an application: drafts, submission, and moves along the workflow."""

from onboarding.applicants.services.assistant import ASSISTANT_FIELDS, assistant_update
from onboarding.applicants.services.common import DUPLICATE_MESSAGE, private_link
from onboarding.applicants.services.submission import (
    APPLICANT_FIELDS,
    MAX_SOCIAL_ACCOUNTS,
    PHONE,
    REQUIRED_ON_SUBMIT,
    application_submit,
    draft_save,
    draft_start,
    normalize_phone,
    submission_problems,
)
from onboarding.applicants.services.transitions import (
    STATUS_MESSAGE_ACTIONS,
    actor_kind,
    application_transition,
)

__all__ = [
    "APPLICANT_FIELDS",
    "ASSISTANT_FIELDS",
    "DUPLICATE_MESSAGE",
    "MAX_SOCIAL_ACCOUNTS",
    "PHONE",
    "REQUIRED_ON_SUBMIT",
    "STATUS_MESSAGE_ACTIONS",
    "actor_kind",
    "application_submit",
    "application_transition",
    "assistant_update",
    "draft_save",
    "draft_start",
    "normalize_phone",
    "private_link",
    "submission_problems",
]
