"""The applicants app's part of an applicant's data copy and erasure (see core.privacy)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from onboarding.applicants.models import (
    Application,
    ErasureRequest,
    PersonalDataAccess,
    SocialAccount,
)
from onboarding.applicants.services.fields import ABOUT_APPLICANT_FIELDS
from onboarding.applicants.services.privacy import account_erase
from onboarding.core.privacy import ERASED, DataSubject, audit_scrub
from onboarding.core.selectors import audit_history
from onboarding.core.time import iso_utc
from onboarding.questionnaires.models import Answer, Question

# Personal fields of an application and what each becomes. E-mail and phone get a value of
# their own per application, since open applications must stay unique on them.
TEXT_FIELDS = [
    "full_name",
    "job_title",
    "company_name",
    "company_website",
    "brand_name",
    "products",
    "live_experience_notes",
    "assistant_name",
    "assistant_email",
    "assistant_phone",
]
# Answers of these kinds are free text, and may say anything about the person; the others
# (numbers, choices, yes/no, weekly hours) are what the statistics count.
FREE_TEXT_KINDS = [Question.Kind.TEXT]
# History lines that carry personal values by their nature.
PERSONAL_AUDIT_ACTIONS = ("assistant_update", "availability_update", "applicant_update")

# The assistant is exported on its own, under "assistant".
APPLICATION_EXPORT_FIELDS = ["reference", "status", "language", *ABOUT_APPLICANT_FIELDS]


def _applications(subject: DataSubject):
    return (
        Application.objects.filter(pk__in=subject.application_ids)
        .select_related("campaign", "channel")
        .prefetch_related(
            "social_accounts",
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question").order_by("question__position"),
            ),
        )
        .order_by("pk")
    )


def _when(value) -> str | None:
    return iso_utc(value) if value else None


def export(subject: DataSubject) -> dict[str, Any]:
    applications = list(_applications(subject))
    accesses = (
        PersonalDataAccess.objects.filter(application_id__in=subject.application_ids)
        .select_related("actor")
        .order_by("at", "id")
    )
    return {
        "account": _account(subject.user_id),
        "applications": [_application(app) for app in applications],
        "erasure_requests": [
            {
                "application": r.application_id,
                "status": r.status,
                "requested_at": _when(r.requested_at),
                "decided_at": _when(r.decided_at),
                "reason": r.decision_reason,
            }
            for r in ErasureRequest.objects.filter(application_id__in=subject.application_ids)
        ],
        # Who on the staff opened their personal details, when and where.
        "staff_access": [
            {
                "application": a.application_id,
                "staff": a.actor.get_full_name() or a.actor.username if a.actor else None,
                "role": a.actor.role if a.actor else None,
                "where": a.via,
                "at": _when(a.at),
            }
            for a in accesses
        ],
    }


def _account(user_id: int | None) -> dict[str, Any] | None:
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return None
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "timezone": user.timezone,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
    }


def _application(app: Application) -> dict[str, Any]:
    history = audit_history(subject=app).order_by("created_at", "id")
    return {
        "id": app.pk,
        "campaign": app.campaign.slug,
        "channel": app.channel.code if app.channel else None,
        **{name: getattr(app, name) for name in APPLICATION_EXPORT_FIELDS},
        "assistant": {
            "name": app.assistant_name,
            "email": app.assistant_email,
            "phone": app.assistant_phone,
        },
        "consent_given_at": _when(app.consent_given_at),
        "submitted_at": _when(app.submitted_at),
        "created_at": _when(app.created_at),
        "social_accounts": [
            {"platform": a.platform, "handle": a.handle, "followers": a.followers}
            for a in app.social_accounts.all()
        ],
        "answers": [{"question": a.question.key, "value": a.value} for a in app.answers.all()],
        # The moves of their application and the reasons given; not who on the staff made them.
        "history": [
            {
                "action": entry.action,
                "from": entry.from_state,
                "to": entry.to_state,
                "reason": entry.reason,
                "at": _when(entry.created_at),
            }
            for entry in history
        ],
    }


def erase(subject: DataSubject) -> None:
    applications = list(Application.objects.filter(pk__in=subject.application_ids))
    needles = list(subject.addresses)
    for app in applications:
        needles += [app.full_name, app.company_name, app.brand_name, app.assistant_name]
        for name in TEXT_FIELDS:
            if getattr(app, name):
                setattr(app, name, "" if "email" in name or "phone" in name else ERASED)
        if app.company_website:
            app.company_website = ""
        app.email = f"erased-{app.pk}@erased.invalid"
        app.phone = f"erased-{app.pk}"
        # The private link stops working: a new secret nobody knows.
        app.draft_token = Application._meta.get_field("draft_token").default()
    Application.objects.bulk_update(
        applications, [*TEXT_FIELDS, "email", "phone", "draft_token", "updated_at"]
    )
    for account in SocialAccount.objects.filter(application_id__in=subject.application_ids):
        account.handle = f"erased-{account.pk}"
        account.save(update_fields=["handle"])
    Answer.objects.filter(
        application_id__in=subject.application_ids, question__kind__in=FREE_TEXT_KINDS
    ).update(value=ERASED)
    audit_scrub(
        model=Application,
        object_ids=list(subject.application_ids),
        needles=needles,
        drop_data_actions=PERSONAL_AUDIT_ACTIONS,
    )
    if subject.user_id:
        account_erase(user_id=subject.user_id)
