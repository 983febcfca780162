"""Sending an application, new or from a draft: all of it is saved, or none of it.

The parts live beside it: the field catalogue (fields.py), what a new application starts from
(opening.py), drafts (drafts.py), the CEO's account (ceo_account.py) and the confirmation e-mail
(confirmation.py). A submission costs a fixed number of queries, whatever the campaign's size
(tests/applicants/test_api_submit.py holds the budget).
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.applicants import reminders, workflow
from onboarding.applicants.models import Application, Campaign, Status
from onboarding.applicants.services.ceo_account import ceo_account_for
from onboarding.applicants.services.common import (
    duplicate_as_conflict,
    emit_event,
)
from onboarding.applicants.services.confirmation import confirmation_schedule
from onboarding.applicants.services.fields import (
    APPLICANT_FIELDS,
    MAX_SOCIAL_ACCOUNTS,
    REQUIRED_ON_SUBMIT,
    applicant_data_of,
    apply_fields,
    check_complete,
    social_accounts_replace,
    submission_problems,
)
from onboarding.applicants.services.opening import (
    channel_fields,
    ensure_open,
    live_questionnaire,
    new_reference,
    with_fresh_reference,
)
from onboarding.applicants.signals import application_submitted
from onboarding.core.errors import Conflict, Invalid
from onboarding.core.services import audit_record
from onboarding.core.time import iso_utc
from onboarding.questionnaires.selectors import answer_values
from onboarding.questionnaires.services import answers_clean, answers_replace

# Still importable from here, where they lived before the split.
__all__ = [
    "APPLICANT_FIELDS",
    "MAX_SOCIAL_ACCOUNTS",
    "REQUIRED_ON_SUBMIT",
    "applicant_data_of",
    "application_submit",
    "draft_submit",
    "submission_problems",
]


def application_submit(
    *,
    campaign: Campaign,
    applicant_data: dict[str, Any],
    social_accounts: list[dict],
    answers: dict[str, Any],
    consent: bool,
    language: str,
    channel_code: str | None = None,
    draft: Application | None = None,
) -> Application:
    """Send an application (new, or from a draft): all of it is saved, or none of it.

    A second open application for the same e-mail or phone is refused by the partial unique
    constraints when the row is written, not looked for first: the transaction is rolled back
    whole either way, and the 409 says the same (one query fewer on every submission)."""
    with duplicate_as_conflict():
        return with_fresh_reference(
            lambda: _submit(
                campaign=campaign,
                applicant_data=applicant_data,
                social_accounts=social_accounts,
                answers=answers,
                consent=consent,
                language=language,
                channel_code=channel_code,
                draft=draft,
            )
        )


def draft_submit(*, draft: Application, consent: bool) -> Application:
    """Send a draft as it was saved; every missing or invalid field is reported at once."""
    return application_submit(
        campaign=draft.campaign,
        applicant_data=applicant_data_of(draft),
        social_accounts=[
            dict(row) for row in draft.social_accounts.values("platform", "handle", "followers")
        ],
        answers=answer_values(draft),
        consent=consent,
        language=draft.language,
        draft=draft,
    )


def _submit(
    *,
    campaign: Campaign,
    applicant_data: dict[str, Any],
    social_accounts: list[dict],
    answers: dict[str, Any],
    consent: bool,
    language: str,
    channel_code: str | None,
    draft: Application | None,
) -> Application:
    if draft is not None:
        application = Application.objects.select_for_update().get(pk=draft.pk)
        if application.status != Status.DRAFT:
            raise Conflict(_("This application was already sent."), status=application.status)
        campaign = application.campaign
    ensure_open(campaign)
    questionnaire = live_questionnaire(campaign)
    if draft is None:
        application = Application(
            campaign=campaign, reference=new_reference(campaign), **channel_fields(channel_code)
        )
    # A draft started on an older version answers the version that is live when it is sent.
    application.questionnaire = questionnaire
    application.language = language
    apply_fields(application, applicant_data)

    errors: dict[str, Any] = {}
    try:
        check_complete(application, social_accounts, consent)
    except Invalid as exc:
        errors.update(exc.fields)
    try:
        cleaned = answers_clean(questionnaire=questionnaire, raw=answers)
    except Invalid as exc:
        errors.update(exc.fields)
    if errors:
        raise Invalid(_("Some fields are not valid."), fields=errors)

    now = timezone.now()
    previous = application.status
    application.status = workflow.target_of(previous, workflow.Action.SUBMIT, workflow.APPLICANT)
    application.submitted_at = now
    application.consent_given_at = now
    application.user, new_account = ceo_account_for(application)
    application.save()
    # A new row holds no accounts or answers yet: nothing to delete before writing them.
    fresh = draft is None
    accounts = social_accounts_replace(application, social_accounts, fresh=fresh)
    answers_replace(
        application=application, questionnaire=questionnaire, cleaned=cleaned, fresh=fresh
    )
    if draft is not None:
        reminders.draft_reminders_cancel(application=application)
    audit_record(
        subject=application,
        action="submit",
        from_state=previous,
        to_state=Status.SUBMITTED,
        data={"questionnaire_version": questionnaire.version, "consent": True},
    )
    # Screening (reviews) scores what was just written, handed over rather than read back.
    application_submitted.send(
        sender=Application, application=application, social_accounts=accounts, answers=cleaned
    )
    confirmation_schedule(application, new_account=new_account)
    emit_event(application, "application.submitted", submitted_at=iso_utc(now))
    return application
