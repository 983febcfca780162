"""The review's applicant detail from `.values()` rows: the JSON ReviewDetailSerializer gives.

As the queue's page (queue_rows), for the one application a reviewer opens: its row with its
accounts and answers (one query), the reviewer scores they may see, the notes and the history (a
query each), and blind review as the serializer applies it. The serializer stays the contract
(the OpenAPI document, the actions' answers); tests/reviews/test_detail_rows.py checks both
write the same JSON.
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType

from onboarding.applicants.api.rows import ACCOUNTS, ANSWERS, account_rows, answer_rows
from onboarding.applicants.exports import IDENTITY_FIELDS
from onboarding.applicants.models import Application
from onboarding.applicants.workflow import LEADS
from onboarding.core.api.rows import iso
from onboarding.core.models import AuditEntry, Role, User
from onboarding.reviews import scoring
from onboarding.reviews.api.serializers import DETAIL_FIELDS, HIDDEN, QUEUE_COLUMNS, queue_rows
from onboarding.reviews.models import ReviewerScore, ReviewNote

# What review_detail reads of the application, through `.values()`: the queue's columns, the
# detail's own, and who applied (the history blanks the applicant's login in blind review).
DETAIL_COLUMNS = [
    *QUEUE_COLUMNS,
    *DETAIL_FIELDS,
    "user_id",
    # with_accounts_and_answers adds them to the same query.
    ACCOUNTS,
    ANSWERS,
]


def identity_hidden(row: dict[str, Any], *, user: User) -> bool:
    """selectors.identity_hidden for a DETAIL_COLUMNS row."""
    return bool(row["campaign__review_settings__hide_identity"]) and not user.has_role(*LEADS)


def review_detail(row: dict[str, Any], *, user: User) -> dict[str, Any]:
    """One application as ReviewDetailSerializer writes it for this user, from a DETAIL_COLUMNS
    row of with_accounts_and_answers; reads its scores, notes and history (a query each)."""
    pk = row["id"]
    hidden = identity_hidden(row, user=user)
    # The queue's fields (blind review applied to them as the queue does), then the detail's.
    detail = queue_rows([row], user=user)[0]
    for name in ("job_title", "company_website", "years_in_business", "products"):
        detail[name] = row[name]
    for name in ("on_camera_in_person", "live_experience", "live_experience_notes", "language"):
        detail[name] = row[name]
    accounts = account_rows(row)
    if hidden:
        for name in IDENTITY_FIELDS:
            if name in detail:
                detail[name] = HIDDEN
        for account in accounts:
            account["handle"] = HIDDEN
    detail["social_accounts"] = accounts
    detail["answers"] = answer_rows(row)
    detail["breakdown"] = [
        {
            **{name: _as(kind, entry[name]) for name, kind in BREAKDOWN},
            "why": scoring.describe(entry, anonymous=hidden),
        }
        for entry in row["review__breakdown"]
    ]
    detail["scores"] = _scores(pk, user=user)
    detail["notes"] = [
        {
            "id": note["id"],
            "author": note["author__username"],
            "from_applicant": note["from_applicant"],
            "text": note["text"],
            "created_at": iso(note["created_at"]),
        }
        for note in ReviewNote.objects.filter(application_id=pk).values(
            "id", "author__username", "from_applicant", "text", "created_at"
        )
    ]
    detail["history"] = _history(row, hidden=hidden)
    return detail


# BreakdownSerializer's fields and how DRF writes each (CharField, BooleanField, IntegerField).
BREAKDOWN = [("name", str), ("kind", str), ("hard", bool), ("passed", bool)]
BREAKDOWN += [("points", int), ("weight", int)]


def _as(kind: type, value: Any) -> Any:
    return None if value is None else kind(value)


def _scores(application_id: int, *, user: User) -> list[dict[str, Any]]:
    """selectors.visible_scores: the others' scores once the user has given their own."""
    scores = list(
        ReviewerScore.objects.filter(application_id=application_id)
        .order_by("id")
        .values("reviewer_id", "reviewer__username", "score", "comment", "updated_at")
    )
    if not any(score["reviewer_id"] == user.pk for score in scores):
        return []
    return [
        {
            "reviewer": score["reviewer__username"],
            "score": score["score"],
            "comment": score["comment"],
            "updated_at": iso(score["updated_at"]),
        }
        for score in scores
    ]


def _history(row: dict[str, Any], *, hidden: bool) -> list[dict[str, Any]]:
    """serializers.history_rows: in blind review the applicant's own login is blanked."""
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Application), object_id=row["id"]
    ).values(
        "created_at",
        "actor_id",
        "actor__username",
        "actor__role",
        "action",
        "from_state",
        "to_state",
        "reason",
        "data",
    )
    shown = []
    for entry in entries:
        actor = entry["actor__username"]
        # selectors.is_applicant: the applicant's own login, or any CEO's.
        applicant = entry["actor_id"] == row["user_id"] or entry["actor__role"] == Role.CEO
        if hidden and entry["actor_id"] is not None and applicant:
            actor = HIDDEN
        shown.append(
            {
                "created_at": iso(entry["created_at"]),
                "actor": actor,
                "action": entry["action"],
                "from_state": entry["from_state"],
                "to_state": entry["to_state"],
                "reason": entry["reason"],
                "data": entry["data"],
            }
        )
    return shown
