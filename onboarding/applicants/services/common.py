"""What the submission and the transitions of an application share."""

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_noop

from onboarding.applicants.models import Application
from onboarding.notifications.services import webhooks_emit

DUPLICATE_MESSAGE = gettext_noop(
    "An application for this campaign is already open for this e-mail or phone."
)


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
