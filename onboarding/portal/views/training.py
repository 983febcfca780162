"""The trainer's pages: their sessions, and one session with its seats, waiting list and
attendance. The page reads and writes through /api/v1/training/ only."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from onboarding.core.models import Role
from onboarding.portal.views.staff import _render, common_strings, staff_page

TRAINERS = frozenset({Role.TRAINER, Role.ADMIN})


def training_strings() -> dict:
    return {
        **common_strings(),
        "seats": _("{taken} of {capacity} seats taken"),
        "waiting": _("{count} waiting"),
        "status.scheduled": _("Scheduled"),
        "status.cancelled": _("Cancelled"),
        "open": _("Open"),
        "none_upcoming": _("No sessions ahead."),
        "none_past": _("No past sessions."),
        "present": _("Present"),
        "absent": _("Absent"),
        "not_marked": _("not marked"),
        "remove": _("Remove"),
        "remove_named": _("Remove {name}"),
        "enrol": _("Enrol"),
        "enrol_named": _("Enrol {name}"),
        "missing": _("Still to attend: {modules}"),
        "trained": _("All required modules attended"),
        "no_seats": _("Nobody holds a seat yet."),
        "no_waitlist": _("Nobody is waiting."),
        "no_candidates": _("No approved CEO matches."),
        "position": _("No. {position}"),
        "marked": _("Attendance saved for {name}."),
        "all_marked": _("{count} marked present."),
        "enrolled": _("{name} enrolled: {message}"),
        "removed": _("{name} removed."),
        "saved": _("Saved."),
        "cancelled_note": _("This session is cancelled."),
        "local_time": _("Times in your device's zone ({zone})."),
    }


@staff_page(TRAINERS)
def sessions(request: HttpRequest) -> HttpResponse:
    """Sessions the trainer teaches (an administrator sees all), upcoming ones first."""
    return _render(
        request,
        "staff/training.html",
        mine=not request.user.has_role(Role.ADMIN),
        strings=training_strings(),
    )


@staff_page(TRAINERS, campaign=False)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(
        request, "staff/training_session.html", session_id=pk, strings=training_strings()
    )
