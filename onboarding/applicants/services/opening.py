"""What every new application (a draft or a direct submission) starts from: an open campaign,
its live questionnaire, a reference and the channel the applicant came through."""

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onboarding.applicants.models import UNKNOWN_CHANNEL_CODE_LENGTH, Campaign, Channel
from onboarding.core.errors import Conflict, constraint_of
from onboarding.core.validators import NUL
from onboarding.questionnaires.models import Questionnaire
from onboarding.questionnaires.selectors import questionnaire_active

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# The unique index on Application.reference, as PostgreSQL names it.
REFERENCE_INDEX = "applicants_application_reference_key"
REFERENCE_ATTEMPTS = 5

T = TypeVar("T")


def new_reference(campaign: Campaign) -> str:
    suffix = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"{campaign.code}-{suffix}"


def with_fresh_reference(write: Callable[[], T]) -> T:
    """Run `write` in a transaction of its own, again when the reference it drew was taken.

    Six characters of 32 give a billion references, so two applications rarely draw the same
    one; but a campaign of a hundred thousand makes it one submission in ten thousand, and the
    unique index would otherwise turn the applicant's submission into a server error.
    """
    for attempt in range(1, REFERENCE_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return write()
        except IntegrityError as exc:
            if constraint_of(exc) != REFERENCE_INDEX or attempt == REFERENCE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _channel_for(code: str | None) -> Channel | None:
    # No channel code holds NUL (nor can PostgreSQL compare one): a tampered link is no channel.
    if not code or NUL in code:
        return None
    return Channel.objects.filter(code=code).first()


def channel_fields(code: str | None) -> dict[str, Any]:
    """The application's channel for an invitation code, or the code itself if none matches.

    A code that names no channel (a mistyped link) is kept, cut to fit, so the intake counts
    show it apart rather than as direct; one holding NUL was tampered with and is dropped.
    """
    code = (code or "").strip()
    channel = _channel_for(code)
    unknown = "" if channel is not None or NUL in code else code[:UNKNOWN_CHANNEL_CODE_LENGTH]
    return {"channel": channel, "unknown_channel_code": unknown}


def ensure_open(campaign: Campaign) -> None:
    if not campaign.accepts_applications():
        raise Conflict(_("Applications for %(campaign)s are closed.") % {"campaign": campaign.name})


def live_questionnaire(campaign: Campaign) -> Questionnaire:
    """The version new applicants answer, with its questions, or 409 when none is published."""
    questionnaire = questionnaire_active(campaign_id=campaign.pk, campaign=campaign)
    if questionnaire is None:
        raise Conflict(_("This campaign has no questionnaire yet."))
    return questionnaire
