"""Drafts: an application the applicant saves and comes back to through its private link."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onboarding.applicants import reminders
from onboarding.applicants.models import Application, Campaign, Status
from onboarding.applicants.services.fields import apply_fields, social_accounts_replace
from onboarding.applicants.services.opening import (
    channel_fields,
    ensure_open,
    live_questionnaire,
    new_reference,
    with_fresh_reference,
)
from onboarding.core.errors import Conflict
from onboarding.core.services import audit_record
from onboarding.questionnaires.services import answers_clean, answers_replace


def draft_start(
    *,
    campaign: Campaign,
    language: str,
    channel_code: str | None = None,
    applicant_data: dict[str, Any] | None = None,
    social_accounts: list[dict] | None = None,
    answers: dict[str, Any] | None = None,
) -> Application:
    """Open a draft the applicant can come back to through its private link.

    With content (what was typed before the first save), the draft is opened and filled in one
    transaction: a refused save leaves no empty draft behind.
    """
    return with_fresh_reference(
        lambda: _draft_open(
            campaign=campaign,
            language=language,
            channel_code=channel_code,
            applicant_data=applicant_data,
            social_accounts=social_accounts,
            answers=answers,
        )
    )


def _draft_open(
    *,
    campaign: Campaign,
    language: str,
    channel_code: str | None,
    applicant_data: dict[str, Any] | None,
    social_accounts: list[dict] | None,
    answers: dict[str, Any] | None,
) -> Application:
    ensure_open(campaign)
    questionnaire = live_questionnaire(campaign)
    application = Application.objects.create(
        campaign=campaign,
        questionnaire=questionnaire,
        reference=new_reference(campaign),
        language=language,
        **channel_fields(channel_code),
    )
    audit_record(subject=application, action="draft_start", to_state=Status.DRAFT)
    if applicant_data or social_accounts or answers:
        return draft_save(
            application=application,
            applicant_data=applicant_data or {},
            social_accounts=social_accounts,
            answers=answers,
        )
    return application


@transaction.atomic
def draft_save(
    *,
    application: Application,
    applicant_data: dict[str, Any],
    social_accounts: list[dict] | None = None,
    answers: dict[str, Any] | None = None,
) -> Application:
    """Save what the applicant has so far; only well-formedness is checked, not completeness."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Status.DRAFT:
        raise Conflict(
            _("This application was already sent; it can no longer be edited as a draft."),
            status=application.status,
        )
    # Compared after the save: the reminder is rewritten only when its reader changed.
    before = tuple(getattr(application, name) for name in reminders.DRAFT_REMINDER_FIELDS)
    apply_fields(application, applicant_data)
    application.save()
    if social_accounts is not None:
        social_accounts_replace(application, social_accounts)
    if answers is not None:
        cleaned = answers_clean(questionnaire=application.questionnaire, raw=answers, partial=True)
        answers_replace(
            application=application, questionnaire=application.questionnaire, cleaned=cleaned
        )
    reminders.draft_reminders_update(application=application, before=before)
    return application
