"""What the submission and the transitions of an application share."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from onboarding.applicants.models import Application
from onboarding.core.errors import Conflict
from onboarding.notifications.services import message_schedule, preferred_language, webhooks_emit

DUPLICATE_MESSAGE = gettext_noop(
    "An application for this campaign is already open for this e-mail or phone."
)


def applicant_language(application: Application) -> str:
    """The language to write to the applicant in: the one they chose for messages, if they did,
    else the one the application was filled in."""
    return preferred_language(user_id=application.user_id, default=application.language)


def mail_applicant(
    *,
    application: Application,
    kind: str,
    context: dict[str, Any],
    dedupe_key: str,
    language: str | None = None,
) -> None:
    """Write an e-mail to the applicant's address from the templates emails/<kind>_subject.txt
    and _body.txt, in `language` (their messaging language when not given), to the outbox."""
    language = language or applicant_language(application)
    with translation.override(language):
        subject = render_to_string(f"emails/{kind}_subject.txt", context).strip()
        body = render_to_string(f"emails/{kind}_body.txt", context)
    message_schedule(
        kind=kind,
        recipient=application.email,
        language=language,
        subject=subject,
        body=body,
        dedupe_key=dedupe_key,
    )


@contextmanager
def duplicate_as_conflict() -> Iterator[None]:
    """Two writes raced past the friendly check; the partial unique index decided: say so."""
    try:
        yield
    except IntegrityError as exc:
        if "one_open_application" in str(exc):
            raise Conflict(_(DUPLICATE_MESSAGE)) from exc
        raise


def private_link(application: Application) -> str:
    return settings.SITE_URL + reverse("portal:draft", args=[application.draft_token])


def emit_event(application: Application, event_type: str, **extra: Any) -> None:
    """Tell subscribed systems, in the caller's transaction: ids and states, no personal data."""
    payload = {
        "application": application.pk,
        "reference": application.reference,
        "campaign": application.campaign_id,
        "status": application.status,
        **extra,
    }
    webhooks_emit(event_type=event_type, payload=payload)
