"""Reminders of a CEO's training seat, as rows in the notifications outbox.

One event per seat: the event id given to notifications is the enrolment's id, so giving a seat
back cancels exactly that CEO's reminders, and the send-time check (`seat_times`) refuses a
reminder for a seat that is gone or a session that moved.
"""

from datetime import datetime

from onboarding.applicants.reminders import applicant_recipient
from onboarding.notifications.services import (
    ReminderEvent,
    reminders_cancel,
    reminders_reschedule,
    reminders_schedule,
)
from onboarding.training.models import Enrolment, TrainingSession

EVENT_KIND = "training_session"


def _event(enrolment: Enrolment) -> ReminderEvent:
    session = enrolment.session
    application = enrolment.application
    return ReminderEvent(
        event_kind=EVENT_KIND,
        event_id=enrolment.pk,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        campaign_id=session.module.campaign_id,
        event_timezone=session.module.campaign.timezone,
        recipients=[applicant_recipient(application)],
        context={
            "title": session.title,
            "module_code": session.module.code,
            "location": session.location,
            "video_url": session.video_url,
            "reference": application.reference,
        },
    )


def seat_reminders_schedule(*, enrolment: Enrolment) -> None:
    """Call in the transaction that gives the seat (enrolment or promotion)."""
    reminders_schedule(event=_event(enrolment))


def seat_reminders_move(*, enrolment: Enrolment) -> None:
    """Call in the transaction that moves the session."""
    reminders_reschedule(event=_event(enrolment))


def seat_reminders_cancel(*, enrolment: Enrolment) -> None:
    """Call in the transaction that gives the seat back or cancels the session."""
    reminders_cancel(event_kind=EVENT_KIND, event_id=enrolment.pk)


def seat_times(enrolment_id: int | str) -> tuple[datetime, datetime] | None:
    """The seat's session times as they stand now; None when the seat or session is off."""
    enrolment = (
        Enrolment.objects.filter(
            pk=enrolment_id,
            status=Enrolment.Status.ENROLLED,
            session__status=TrainingSession.Status.SCHEDULED,
        )
        .select_related("session")
        .first()
    )
    if enrolment is None:
        return None
    return enrolment.session.starts_at, enrolment.session.ends_at
