"""The field catalogue: what an applicant fills in, how it lands on the application, what a
submission needs. The rules for each value (phones, e-mail, handles, the same account twice)
live in applicants/normalise.py; this module only applies them."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from onboarding.applicants.models import Application, SocialAccount
from onboarding.applicants.normalise import (
    ACCOUNT_TWICE,
    normalize_field,
    normalize_handle,
    phone_problems,
    repeated_accounts,
)
from onboarding.core.errors import Invalid

# Fields an applicant fills in about themselves and their company, then about their assistant.
ABOUT_APPLICANT_FIELDS = [
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
]
ASSISTANT_FIELDS = ["assistant_name", "assistant_email", "assistant_phone"]
APPLICANT_FIELDS = [*ABOUT_APPLICANT_FIELDS, *ASSISTANT_FIELDS]
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


def apply_fields(application: Application, data: dict[str, Any]) -> None:
    """Set the applicant's fields, normalised, or refuse (400) naming each bad one."""
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


def check_complete(application: Application, social_accounts: list[dict], consent: bool) -> None:
    data = applicant_data_of(application)
    errors = submission_problems(
        applicant_data=data, social_accounts=social_accounts, consent=consent
    )
    if errors:
        raise Invalid(_("Some fields are not valid."), fields=errors)


def social_accounts_replace(
    application: Application, accounts: list[dict], *, fresh: bool = False
) -> list[SocialAccount]:
    """Store the application's social accounts instead of what it held (`fresh`: it held none,
    a row just inserted, so there is nothing to delete)."""
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
    if not fresh:
        application.social_accounts.all().delete()
    return SocialAccount.objects.bulk_create(rows)
