"""The applicant is reminded of an unanswered information request before its deadline.

The event is the deadline (the review case's `decision_due_at` while the application is in
needs_info), with the application's id as its event id. `applicants` cancels the reminder when
the application leaves needs_info; `info_request_times` refuses one that slipped through.
"""

from datetime import datetime

from onboarding.applicants.models import Application, Status
from onboarding.applicants.reminders import INFO_REQUEST, application_event
from onboarding.notifications.services import reminders_schedule
from onboarding.reviews.models import ReviewCase


def info_request_reminders_schedule(*, application: Application, deadline: datetime) -> None:
    """Call in the transaction that asks for information, when the applicant is told."""
    reminders_schedule(event=application_event(application, kind=INFO_REQUEST, at=deadline))


def info_request_times(application_id: int | str) -> tuple[datetime, datetime] | None:
    """The answer's deadline; None once the application no longer waits for an answer."""
    deadline = (
        ReviewCase.objects.filter(
            application_id=application_id, application__status=Status.NEEDS_INFO
        )
        .values_list("decision_due_at", flat=True)
        .first()
    )
    return (deadline, deadline) if deadline else None
