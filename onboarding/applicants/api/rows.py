"""The staff's applicant detail from `.values()` rows: the JSON ApplicationDetailSerializer gives.

A detail is read each time staff open an application; building the instances, their prefetches
and DRF's fields for one application cost twice its plain-Django floor (docs/benchmarks.md). The
serializer stays the contract (the OpenAPI document); tests/applicants/test_detail_rows.py checks
both write the same JSON. The review's detail (onboarding/reviews/api/rows.py) shares the
accounts and answers.
"""

from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, QuerySet
from django.db.models.functions import JSONObject

from onboarding.applicants.api.serializers import DETAIL_FIELDS, LIST_COLUMNS, list_row
from onboarding.applicants.models import SocialAccount
from onboarding.core.api.rows import iso
from onboarding.core.i18n import is_chinese
from onboarding.questionnaires.models import Answer

# What staff_detail reads of the application, through `.values()`: the list's columns (less
# the followers it sums) and the detail's own.
DETAIL_COLUMNS = [
    *(column for column in LIST_COLUMNS if column != "total_followers"),
    *DETAIL_FIELDS,
]


def with_accounts_and_answers(queryset: QuerySet) -> QuerySet:
    """The applications with their social accounts and answers in the same query, each an
    array of JSON objects (ACCOUNTS, ANSWERS): two round trips fewer than a query each.
    Every value is text, a number or already JSON, so JSON carries it unchanged."""
    accounts = SocialAccount.objects.filter(application=OuterRef("pk")).order_by("id")
    answers = Answer.objects.filter(application=OuterRef("pk")).order_by("question__position")
    return queryset.annotate(
        **{
            ACCOUNTS: ArraySubquery(
                accounts.values(
                    json=JSONObject(platform="platform", handle="handle", followers="followers")
                )
            ),
            ANSWERS: ArraySubquery(
                answers.values(
                    json=JSONObject(
                        key="question__key",
                        label_en="question__label_en",
                        label_zh="question__label_zh",
                        kind="question__kind",
                        value="value",
                    )
                )
            ),
        }
    )


# The names with_accounts_and_answers gives them (the relations' own names are taken).
ACCOUNTS, ANSWERS = "account_list", "answer_list"


def account_rows(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The row's social accounts as SocialAccountSerializer writes them."""
    return [
        {"platform": a["platform"], "handle": a["handle"], "followers": a["followers"]}
        for a in row[ACCOUNTS]
    ]


def answer_rows(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The row's answers as AnswerSerializer writes them, in the questionnaire's order, each
    question's label in the active language."""
    chinese = is_chinese()
    return [
        {
            "question": answer["key"],
            # Question.label: the Chinese label when the reader reads Chinese, English otherwise.
            "label": (answer["label_zh"] if chinese else "") or answer["label_en"],
            "kind": answer["kind"],
            "value": answer["value"],
        }
        for answer in row[ANSWERS]
    ]


def staff_detail(row: dict[str, Any]) -> dict[str, Any]:
    """One application as ApplicationDetailSerializer writes it, from a DETAIL_COLUMNS row of
    with_accounts_and_answers."""
    accounts = account_rows(row)
    return {
        **list_row({**row, "total_followers": sum(account["followers"] for account in accounts)}),
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
        "answers": answer_rows(row),
    }
