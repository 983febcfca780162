"""Reminders to applicants, as rows in the notifications outbox; the application's id names them.

- "draft_unfinished": a draft with an e-mail is reminded before the campaign's applications
  close (the event is the closing; `draft_times` refuses it once the draft is sent).
- "info_request_unanswered": written by `reviews`, which knows the answer deadline; it is
  cancelled here whenever the application leaves needs_info, whoever moved it.

The campaign's reminder rules say when (the defaults: 2 days before).
"""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from onboarding.applicants.models import Application, Status
from onboarding.applicants.services.common import private_link
from onboarding.notifications.models import ReminderKind
from onboarding.notifications.services import (
    Recipient,
    ReminderEvent,
    reminders_cancel,
    reminders_reschedule,
)

DRAFT = ReminderKind.DRAFT_UNFINISHED
INFO_REQUEST = ReminderKind.INFO_REQUEST_UNANSWERED

# What a draft's reminder is made of: a change to one of these rewrites it.
DRAFT_REMINDER_FIELDS = ("email", "full_name", "language")


def applicant_recipient(application: Application, **context) -> Recipient:
    """The applicant as a reader of reminders: their address, name and language."""
    return Recipient(
        user_id=application.user_id,
        email=application.email,
        name=application.full_name,
        language=application.language,
        context=context,
    )


def application_event(application: Application, *, kind: str, at: datetime) -> ReminderEvent:
    """A reminder event about the application that falls due `at`: the applicant, in their
    language, with the private link."""
    return ReminderEvent(
        event_kind=kind,
        event_id=application.pk,
        starts_at=at,
        ends_at=at,
        campaign_id=application.campaign_id,
        event_timezone=application.campaign.timezone,
        recipients=[applicant_recipient(application)],
        context={
            "title": application.display_name,
            "reference": application.reference,
            "url": private_link(application),
        },
    )


def draft_reminders_update(*, application: Application, before: tuple) -> None:
    """Call in the transaction that saves a draft; `before` is DRAFT_REMINDER_FIELDS before it.

    Autosaves that change none of those fields write nothing.
    """
    if before == tuple(getattr(application, name) for name in DRAFT_REMINDER_FIELDS):
        return
    if not application.email:
        reminders_cancel(
            event_kind=DRAFT, event_id=application.pk, note=_("The e-mail was removed.")
        )
        return
    _draft_reschedule(application)


def campaign_drafts_reschedule(*, campaign_id: int) -> int:
    """The campaign's closing time moved: its drafts' reminders follow (the send-time check
    drops the old ones as moved). One transaction per draft; returns how many drafts."""
    drafts = Application.objects.filter(campaign_id=campaign_id, status=Status.DRAFT).exclude(
        email=""
    )
    count = 0
    for draft_id in drafts.values_list("pk", flat=True).iterator(chunk_size=500):
        with transaction.atomic():
            draft = (
                Application.objects.select_for_update()
                .select_related("campaign")
                .filter(pk=draft_id, status=Status.DRAFT)
                .exclude(email="")
                .first()
            )
            if draft is not None:
                _draft_reschedule(draft)
                count += 1
    return count


def _draft_reschedule(application: Application) -> None:
    closes = application.campaign.application_closes_at
    reminders_reschedule(event=application_event(application, kind=DRAFT, at=closes))


def draft_reminders_cancel(*, application: Application) -> None:
    """Call in the transaction that sends the draft."""
    reminders_cancel(event_kind=DRAFT, event_id=application.pk, note=_("The application was sent."))


def info_request_reminders_cancel(*, application: Application) -> None:
    """Call in the transaction that moves the application out of needs_info."""
    reminders_cancel(
        event_kind=INFO_REQUEST,
        event_id=application.pk,
        note=_("The application no longer waits for an answer."),
    )


def draft_times(application_id: int | str) -> tuple[datetime, datetime] | None:
    """When the draft's campaign closes; None once it is sent, has no e-mail, or its campaign
    was switched off."""
    closes = (
        Application.objects.filter(pk=application_id, status=Status.DRAFT, campaign__is_active=True)
        .exclude(email="")
        .values_list("campaign__application_closes_at", flat=True)
        .first()
    )
    return (closes, closes) if closes else None
