"""The staff's applicant detail from `.values()` rows: the JSON ApplicationDetailSerializer gives.

A detail is read each time staff open an application; building the instances, their prefetches
and DRF's fields for one application cost twice its plain-Django floor (docs/benchmarks.md). The
serializer stays the contract (the OpenAPI document); tests/applicants/test_detail_rows.py checks
both write the same JSON. The review's detail (onboarding/reviews/api/rows.py) shares the
accounts and answers.
"""

from typing import Any

from onboarding.applicants.models import SocialAccount
from onboarding.core.api.rows import iso
from onboarding.core.i18n import is_chinese
from onboarding.questionnaires.models import Answer

# What staff_detail reads of the application, through `.values()`.
DETAIL_COLUMNS = [
    "id",
    "reference",
    "campaign__slug",
    "status",
    "channel__code",
    "language",
    "full_name",
    "company_name",
    "industry",
    "brand_name",
    "email",
    "phone",
    "on_camera_in_person",
    "questionnaire__version",
    "submitted_at",
    "job_title",
    "company_website",
    "years_in_business",
    "products",
    "live_experience",
    "live_experience_notes",
    "assistant_name",
    "assistant_email",
    "assistant_phone",
    "consent_given_at",
]


def account_rows(*, application_id: int) -> list[dict[str, Any]]:
    """The application's social accounts as SocialAccountSerializer writes them (one query)."""
    return list(
        SocialAccount.objects.filter(application_id=application_id).values(
            "platform", "handle", "followers"
        )
    )


def answer_rows(*, application_id: int) -> list[dict[str, Any]]:
    """The application's answers as AnswerSerializer writes them, in the questionnaire's order,
    each question's label in the active language (one query)."""
    chinese = is_chinese()
    rows = (
        Answer.objects.filter(application_id=application_id)
        .order_by("question__position")
        .values(
            "question__key", "question__label_en", "question__label_zh", "question__kind", "value"
        )
    )
    return [
        {
            "question": row["question__key"],
            # Question.label: the Chinese label when the reader reads Chinese, English otherwise.
            "label": (row["question__label_zh"] if chinese else "") or row["question__label_en"],
            "kind": row["question__kind"],
            "value": row["value"],
        }
        for row in rows
    ]


def staff_detail(
    row: dict[str, Any], *, accounts: list[dict[str, Any]], answers: list[dict[str, Any]]
) -> dict[str, Any]:
    """One application as ApplicationDetailSerializer writes it, from a DETAIL_COLUMNS row."""
    return {
        "id": row["id"],
        "reference": row["reference"],
        "campaign": row["campaign__slug"],
        "status": row["status"],
        "channel": row["channel__code"],
        "language": row["language"],
        "full_name": row["full_name"],
        "company_name": row["company_name"],
        "industry": row["industry"],
        "brand_name": row["brand_name"],
        "email": row["email"],
        "phone": row["phone"],
        "on_camera_in_person": row["on_camera_in_person"],
        "total_followers": sum(account["followers"] for account in accounts),
        "questionnaire_version": row["questionnaire__version"],
        "submitted_at": iso(row["submitted_at"]),
        "job_title": row["job_title"],
        "company_website": row["company_website"],
        "years_in_business": row["years_in_business"],
        "products": row["products"],
        "live_experience": row["live_experience"],
        "live_experience_notes": row["live_experience_notes"],
        "assistant_name": row["assistant_name"],
        "assistant_email": row["assistant_email"],
        "assistant_phone": row["assistant_phone"],
        "consent_given_at": iso(row["consent_given_at"]),
        "social_accounts": accounts,
        "answers": answers,
    }
