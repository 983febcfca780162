"""Every write to an application: drafts, submission, and moves along the workflow."""

from onboarding.applicants.normalise import (
    PHONE,
    PHONE_INVALID,
    normalize_phone,
    phone_is_valid,
)
from onboarding.applicants.services.assistant import ASSISTANT_FIELDS, assistant_update
from onboarding.applicants.services.availability import (
    AVAILABILITY_STAFF_ROLES,
    availability_update,
)
from onboarding.applicants.services.campaigns import (
    CAMPAIGN_FIELDS,
    TARGET_FIELDS,
    TARGETS_NOT_ALLOWED,
    campaign_targets_set,
    campaign_update,
    may_set_targets,
)
from onboarding.applicants.services.common import (
    DUPLICATE_MESSAGE,
    applicant_language,
    private_link,
)
from onboarding.applicants.services.drafts import draft_save, draft_start
from onboarding.applicants.services.fields import (
    APPLICANT_FIELDS,
    MAX_SOCIAL_ACCOUNTS,
    REQUIRED_ON_SUBMIT,
    applicant_data_of,
    submission_problems,
)
from onboarding.applicants.services.staff import STAFF_FIELDS, application_update_by_staff
from onboarding.applicants.services.submission import application_submit, draft_submit
from onboarding.applicants.services.transitions import (
    STATUS_MESSAGE_ACTIONS,
    actor_kind,
    application_transition,
    application_withdraw,
)

__all__ = [
    "CAMPAIGN_FIELDS",
    "AVAILABILITY_STAFF_ROLES",
    "APPLICANT_FIELDS",
    "ASSISTANT_FIELDS",
    "DUPLICATE_MESSAGE",
    "MAX_SOCIAL_ACCOUNTS",
    "PHONE",
    "PHONE_INVALID",
    "REQUIRED_ON_SUBMIT",
    "STAFF_FIELDS",
    "STATUS_MESSAGE_ACTIONS",
    "TARGETS_NOT_ALLOWED",
    "TARGET_FIELDS",
    "actor_kind",
    "applicant_language",
    "applicant_data_of",
    "application_submit",
    "application_transition",
    "application_update_by_staff",
    "application_withdraw",
    "assistant_update",
    "availability_update",
    "campaign_targets_set",
    "campaign_update",
    "draft_save",
    "draft_start",
    "draft_submit",
    "may_set_targets",
    "normalize_phone",
    "phone_is_valid",
    "private_link",
    "submission_problems",
]
