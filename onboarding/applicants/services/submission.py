"""Drafts and submission of an application, and the confirmation it sends."""

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from onboarding.applicants import reminders, workflow
from onboarding.applicants.models import (
    OPEN_STATUSES,
    UNKNOWN_CHANNEL_CODE_LENGTH,
    Application,
    Campaign,
    Channel,
    SocialAccount,
    Status,
)
from onboarding.applicants.normalise import (
    ACCOUNT_TWICE,
    normalize_field,
    normalize_handle,
    phone_problems,
    repeated_accounts,
)
from onboarding.applicants.services.common import (
    DUPLICATE_MESSAGE,
    applicant_language,
    duplicate_as_conflict,
    emit_event,
    private_link,
)
from onboarding.applicants.signals import application_submitted
from onboarding.core.errors import Conflict, Invalid
from onboarding.core.models import Role, User
from onboarding.core.services import audit_record
from onboarding.core.time import iso_utc
from onboarding.core.validators import NUL
from onboarding.notifications.services import message_schedule
from onboarding.questionnaires.selectors import answer_values, questionnaire_active
from onboarding.questionnaires.services import answers_clean, answers_replace

# Fields an applicant fills in about themselves and their company.
APPLICANT_FIELDS = [
    "full_name",
    "job_title",
    "email",
    "phone",
    "company_name",
    "industry",
    "company_website",
    "years_in_business",
    "brand_name",
    "products",
    "on_camera_in_person",
    "live_experience",
    "live_experience_notes",
    "assistant_name",
    "assistant_email",
    "assistant_phone",
]
REQUIRED_ON_SUBMIT = [
    "full_name",
    "email",
    "phone",
    "company_name",
    "industry",
    "brand_name",
    "products",
    "on_camera_in_person",
    "live_experience",
]
MAX_SOCIAL_ACCOUNTS = 10
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_reference(campaign: Campaign) -> str:
    suffix = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"{campaign.code}-{suffix}"


def _channel_for(code: str | None) -> Channel | None:
    # No channel code holds NUL (nor can PostgreSQL compare one): a tampered link is no channel.
    if not code or NUL in code:
        return None
    return Channel.objects.filter(code=code).first()


def _channel_fields(code: str | None) -> dict[str, Any]:
    """The application's channel for an invitation code, or the code itself if none matches.

    A code that names no channel (a mistyped link) is kept, cut to fit, so the intake counts
    show it apart rather than as direct; one holding NUL was tampered with and is dropped.
    """
    code = (code or "").strip()
    channel = _channel_for(code)
    unknown = "" if channel is not None or NUL in code else code[:UNKNOWN_CHANNEL_CODE_LENGTH]
    return {"channel": channel, "unknown_channel_code": unknown}


def _ensure_open(campaign: Campaign) -> None:
    if not campaign.accepts_applications():
        raise Conflict(_("Applications for %(campaign)s are closed.") % {"campaign": campaign.name})


def _apply_fields(application: Application, data: dict[str, Any]) -> None:
    unknown = sorted(set(data) - set(APPLICANT_FIELDS))
    if unknown:
        raise Invalid(
            _("Some fields are not known."),
            fields={name: [_("Unknown field.")] for name in unknown},
        )
    for name, value in data.items():
        setattr(application, name, normalize_field(name, value))
    # The model's own validators (formats, choices, lengths): the service holds the rules even
    # when a caller skipped its own checks.
    try:
        application.clean_fields(
            exclude=[f.name for f in Application._meta.fields if f.name not in data]
        )
    except ValidationError as exc:
        raise Invalid(_("Some fields are not valid."), fields=exc.message_dict) from None


def submission_problems(
    *, applicant_data: dict[str, Any], social_accounts: list, consent: bool
) -> dict[str, list[str]]:
    """What is missing for a submission (not the answers); empty when nothing is.

    Callers whose own format checks failed call it too, so every problem shows in one round.
    """
    errors: dict[str, list[str]] = {}
    for name in REQUIRED_ON_SUBMIT:
        if applicant_data.get(name) in (None, ""):
            errors[name] = [_("This field is required.")]
    errors.update(phone_problems(applicant_data))
    if not social_accounts:
        errors["social_accounts"] = [_("Add at least one social account.")]
    if not consent:
        errors["consent"] = [_("We can only process your application with your consent.")]
    return errors


def applicant_data_of(application: Application) -> dict[str, Any]:
    return {name: getattr(application, name) for name in APPLICANT_FIELDS}


def _check_complete(application: Application, social_accounts: list[dict], consent: bool) -> None:
    data = applicant_data_of(application)
    errors = submission_problems(
        applicant_data=data, social_accounts=social_accounts, consent=consent
    )
    if errors:
        raise Invalid(_("Some fields are not valid."), fields=errors)


def _replace_social_accounts(application: Application, accounts: list[dict]) -> None:
    if len(accounts) > MAX_SOCIAL_ACCOUNTS:
        raise Invalid(
            _("Too many social accounts."),
            fields={"social_accounts": [_("At most %(n)s accounts.") % {"n": MAX_SOCIAL_ACCOUNTS}]},
        )
    rows = [
        SocialAccount(
            application=application,
            platform=account["platform"],
            handle=normalize_handle(account["handle"]),
            followers=account["followers"],
        )
        for account in accounts
    ]
    if repeated_accounts(accounts):
        raise Invalid(_(ACCOUNT_TWICE), fields={"social_accounts": [_(ACCOUNT_TWICE)]})
    application.social_accounts.all().delete()
    SocialAccount.objects.bulk_create(rows)


def _refuse_duplicate(application: Application) -> None:
    """A friendly 409 before the partial unique constraints would have to say it."""
    clash = (
        Application.objects.filter(campaign=application.campaign, status__in=OPEN_STATUSES)
        .filter(Q(email__iexact=application.email) | Q(phone=application.phone))
        .exclude(pk=application.pk)
    )
    if clash.exists():
        raise Conflict(_(DUPLICATE_MESSAGE))


@transaction.atomic
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
    _ensure_open(campaign)
    questionnaire = questionnaire_active(campaign_id=campaign.pk)
    if questionnaire is None:
        raise Conflict(_("This campaign has no questionnaire yet."))
    application = Application.objects.create(
        campaign=campaign,
        questionnaire=questionnaire,
        reference=_new_reference(campaign),
        language=language,
        **_channel_fields(channel_code),
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
    _apply_fields(application, applicant_data)
    application.save()
    if social_accounts is not None:
        _replace_social_accounts(application, social_accounts)
    if answers is not None:
        cleaned = answers_clean(questionnaire=application.questionnaire, raw=answers, partial=True)
        answers_replace(
            application=application, questionnaire=application.questionnaire, cleaned=cleaned
        )
    reminders.draft_reminders_update(application=application, before=before)
    return application


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
    """Send an application (new, or from a draft): all of it is saved, or none of it."""
    with duplicate_as_conflict(), transaction.atomic():
        return _submit(
            campaign=campaign,
            applicant_data=applicant_data,
            social_accounts=social_accounts,
            answers=answers,
            consent=consent,
            language=language,
            channel_code=channel_code,
            draft=draft,
        )


def draft_submit(*, draft: Application, consent: bool) -> Application:
    """Send a draft as it was saved; every missing or invalid field is reported at once."""
    return application_submit(
        campaign=draft.campaign,
        applicant_data=applicant_data_of(draft),
        social_accounts=list(draft.social_accounts.values("platform", "handle", "followers")),
        answers=answer_values(draft),
        consent=consent,
        language=draft.language,
        draft=draft,
    )


def _submit(
    *, campaign, applicant_data, social_accounts, answers, consent, language, channel_code, draft
) -> Application:
    if draft is not None:
        application = Application.objects.select_for_update().get(pk=draft.pk)
        if application.status != Status.DRAFT:
            raise Conflict(_("This application was already sent."), status=application.status)
        campaign = application.campaign
    else:
        application = None
    _ensure_open(campaign)
    questionnaire = questionnaire_active(campaign_id=campaign.pk)
    if questionnaire is None:
        raise Conflict(_("This campaign has no questionnaire yet."))
    if application is None:
        application = Application(
            campaign=campaign,
            reference=_new_reference(campaign),
            **_channel_fields(channel_code),
        )
    # A draft started on an older version answers the version that is live when it is sent.
    application.questionnaire = questionnaire
    application.language = language
    _apply_fields(application, applicant_data)

    errors: dict[str, Any] = {}
    try:
        _check_complete(application, social_accounts, consent)
    except Invalid as exc:
        errors.update(exc.fields)
    try:
        cleaned = answers_clean(questionnaire=questionnaire, raw=answers)
    except Invalid as exc:
        errors.update(exc.fields)
    if errors:
        raise Invalid(_("Some fields are not valid."), fields=errors)
    _refuse_duplicate(application)

    now = timezone.now()
    previous = application.status
    application.status = workflow.target_of(previous, workflow.Action.SUBMIT, workflow.APPLICANT)
    application.submitted_at = now
    application.consent_given_at = now
    application.user = _ceo_account(application)
    application.save()
    _replace_social_accounts(application, social_accounts)
    answers_replace(application=application, questionnaire=questionnaire, cleaned=cleaned)
    if draft is not None:
        reminders.draft_reminders_cancel(application=application)
    audit_record(
        subject=application,
        action="submit",
        from_state=previous,
        to_state=Status.SUBMITTED,
        data={"questionnaire_version": questionnaire.version, "consent": True},
    )
    application_submitted.send(sender=Application, application=application)
    _schedule_confirmation(application)
    emit_event(application, "application.submitted", submitted_at=iso_utc(now))
    return application


def _ceo_account(application: Application) -> User | None:
    """The applicant's sign-in account, made on first submission; staff accounts are left alone."""
    user = User.objects.filter(email__iexact=application.email).first()
    if user is None:
        user = User(
            # Sign-in is by e-mail; the username only has to be unique and fit its column.
            username=application.email[:150],
            email=application.email,
            role=Role.CEO,
            language=application.language,
            first_name=application.full_name[:150],
        )
        user.set_unusable_password()
        user.save()
    return user if user.role == Role.CEO else None


def _set_password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("portal:set-password", args=[uid, token])


def _schedule_confirmation(application: Application) -> None:
    context = {
        "application": application,
        "private_link": private_link(application),
        "set_password_link": (
            _set_password_link(application.user)
            if application.user and not application.user.has_usable_password()
            else ""
        ),
    }
    language = applicant_language(application)
    with translation.override(language):
        subject = render_to_string("emails/application_submitted_subject.txt", context).strip()
        body = render_to_string("emails/application_submitted_body.txt", context)
    message_schedule(
        kind="application_submitted",
        recipient=application.email,
        language=language,
        subject=subject,
        body=body,
        dedupe_key=f"application_submitted:{application.pk}",
    )
