"""The schedulers' studio board and its reports: frames filled from /api/v1/board/ and friends.

Who may open them mirrors who the studios API serves (schedulers and admins); every check
about a slot, a move or an outcome is the API's, shown as it says it.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from onboarding.planning.models import PlanStatus, Priority
from onboarding.portal.views.staff import _render, common_strings, staff_page
from onboarding.studios.models import Booking, SampleShipment, ShowOutcome
from onboarding.studios.selectors.common import SCHEDULERS

BOARD_ROLES = frozenset(SCHEDULERS)


def board_strings() -> dict:
    return {
        **common_strings(),
        "kind.show": Booking.Kind.SHOW.label,
        "kind.rehearsal": Booking.Kind.REHEARSAL.label,
        "unconfirmed": _("CEO has not confirmed"),
        "confirmed": _("CEO confirmed"),
        "samples_late": _("samples late"),
        "not_ready": _("not ready"),
        "ready": _("ready for go-live"),
        "fact.samples": _("Samples"),
        "fact.ready": _("Ready for go-live"),
        "closed": _("Closed"),
        "blackout": _("Unavailable: {reason}"),
        "buffer": _("Setup and teardown"),
        "week": _("Week"),
        "day": _("Day"),
        "today": _("Today"),
        "new_booking": _("New booking in {studio}"),
        "booking_title": _("Booking #{id}: {ceo}"),
        "slot_free": _("This slot is free."),
        "slot_checking": _("Checking the slot…"),
        "choose_ceo": _("Choose a trained CEO first."),
        "no_ceos": _("No trained CEO matches."),
        "booked": _("Booked #{id}."),
        "moved": _("Booking #{id} moved."),
        "cancelled": _("Booking #{id} cancelled."),
        "outcome_saved": _("Outcome recorded for booking #{id}."),
        "ready_saved": _("Booking #{id} is confirmed ready for go-live."),
        "move_reason": _("Why does booking #{id} move to {when}?"),
        "move_kept": _("Nothing moved."),
        "in_the_way": _("Open booking #{id}, the one in the way"),
        "warning": _("Note: {message}"),
        "missing": _("Missing for go-live: {items}"),
        "none": _("none"),
        "crew": _("Crew"),
        "kit": _("Kit"),
        "booking": _("Booking"),
        "crew_none": _("No crew"),
        "kit_none": _("No kit"),
        "samples.none": _("No shipment yet"),
        **{f"samples.{v}": label for v, label in SampleShipment.Status.choices},
        **{f"outcome.{v}": label for v, label in ShowOutcome.Result.choices},
        "times": _("{start}–{end} ({zone})"),
        "series_made": _("Series #{id}: {booked} booked, {refused} refused."),
        "flagged": _("flagged"),
        "standby.offered": _("The slot is offered on standby to {ceos}, until {until}."),
        "standby.none": _("No ready CEO is on standby for the slot."),
        "yes": _("Yes"),
        "no": _("No"),
    }


def plan_strings() -> dict:
    """What the board's festival-plan panel (board_plan.js) says."""
    return {
        **{f"plan.status.{v}": label for v, label in PlanStatus.choices},
        **{f"priority.{v}": label for v, label in Priority.choices},
        "proposed": _("proposed"),
        "plan.progress": _("Plan #{id}: {status}, {progress} %"),
        "plan.cancelling": _("Plan #{id}: stopping at its next step…"),
        "plan.title": _("Proposal of plan #{id}"),
        "plan.figures": _(
            "{met} of {wanted} shows proposed; at most {bound} could be met ({percent} % of "
            "that bound, {gap} below it)."
        ),
        "plan.failed": _("Plan #{id} failed: {error}"),
        "plan.none": _("No plan has been run for this campaign yet."),
        "plan.show": _("Show plan #{id}"),
        "plan.days": _("{first} to {last}"),
        "plan.booked_as": _("booked #{id}"),
        "plan.booked_cancelled": _("booked #{id}, since cancelled"),
        "plan.nothing_shown": _("No proposal matches the filters."),
        "plan.unmet_none": _("Every commitment in this plan is met."),
        "plan.booked": _("Booked {count}."),
        "plan.already": _("{count} were booked before."),
        "plan.impossible": _("{count} could no longer be booked:"),
        "plan.impossible_row": _("{when} in {studio} for {ceo}: {message}"),
        "plan.week": _("Week of {day}"),
    }


@staff_page(BOARD_ROLES)
def board(request: HttpRequest) -> HttpResponse:
    return _render(
        request,
        "staff/board.html",
        kinds=Booking.Kind.choices,
        results=ShowOutcome.Result.choices,
        priorities=Priority.choices,
        strings={**board_strings(), **plan_strings()},
    )


@staff_page(BOARD_ROLES)
def board_reports(request: HttpRequest) -> HttpResponse:
    weekdays = [
        (0, _("Mon")),
        (1, _("Tue")),
        (2, _("Wed")),
        (3, _("Thu")),
        (4, _("Fri")),
        (5, _("Sat")),
        (6, _("Sun")),
    ]
    return _render(
        request,
        "staff/board_reports.html",
        kinds=Booking.Kind.choices,
        weekdays=weekdays,
        strings=board_strings(),
    )
