"""Reads for festival plans: the runs of a campaign, one plan, and its result to show.

The planner's input is loaded by `onboarding.planning.loading`.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _lazy

from onboarding.applicants.models import Application
from onboarding.planning.models import FestivalPlan
from onboarding.studios import planner
from onboarding.studios.models import (
    Booking,
    Crew,
    EquipmentSet,
    Studio,
)


def plans(*, campaign: str | None = None) -> QuerySet[FestivalPlan]:
    """Plans, newest first, with what a list shows (the result itself is left out)."""
    rows = (
        FestivalPlan.objects.select_related("campaign", "requested_by")
        .defer("result", "accepted")
        .order_by("-created_at", "-id")
    )
    if campaign:
        rows = rows.filter(campaign__slug=campaign)
    return rows


def plan_detail(*, plan_id: int) -> FestivalPlan | None:
    rows = FestivalPlan.objects.select_related("campaign", "requested_by")
    return rows.filter(pk=plan_id).first()


REASON_LABELS = {
    planner.Reason.NO_OVERLAP: _lazy("No overlap between availability and opening hours"),
    planner.Reason.STUDIO_FULL: _lazy("Studio hours full that week"),
    planner.Reason.CREW_SHORT: _lazy("Crew or kit short"),
    planner.Reason.NOT_TRAINED: _lazy("CEO not trained yet"),
    planner.Reason.SAMPLES_LATE: _lazy("Samples not on site in time"),
}


@dataclass
class PlanResult:
    """A plan's proposal with the names a page shows, in four queries whatever its size (five
    once some of it was accepted: the bookings' statuses)."""

    bookings: list[dict[str, Any]]
    unmet: list[dict[str, Any]]


def plan_result(*, plan: FestivalPlan) -> PlanResult:
    rows = plan.result.get("bookings", [])
    unmet = plan.result.get("unmet", [])
    applications: dict[int, dict[str, Any]] = {
        a["pk"]: dict(a)
        for a in Application.objects.filter(
            pk__in={r["application"] for r in [*rows, *unmet]}
        ).values("pk", "reference", "full_name", "company_name")
    }
    studios = dict(
        Studio.objects.filter(pk__in={r["studio"] for r in rows}).values_list("pk", "name")
    )
    crew = dict(
        Crew.objects.filter(pk__in={r["crew"] for r in rows if r["crew"]}).values_list("pk", "name")
    )
    kits = dict(
        EquipmentSet.objects.filter(pk__in={r["kit"] for r in rows if r["kit"]}).values_list(
            "pk", "name"
        )
    )

    # A booking made from the plan may since have been cancelled: the page says so.
    accepted = {int(pk) for pk in plan.accepted.values()}
    statuses = (
        dict(Booking.objects.filter(pk__in=accepted).values_list("pk", "status"))
        if accepted
        else {}
    )

    def who(pk: int) -> dict[str, str]:
        a = applications.get(pk, {})
        return {
            "reference": a.get("reference", ""),
            "ceo": a.get("full_name", ""),
            "company_name": a.get("company_name", ""),
        }

    return PlanResult(
        bookings=[
            {
                **r,
                **who(r["application"]),
                "studio_name": studios.get(r["studio"], ""),
                "crew_name": crew.get(r["crew"], "") if r["crew"] else "",
                "kit_name": kits.get(r["kit"], "") if r["kit"] else "",
                "booking": plan.accepted.get(str(r["index"])),
                "booking_status": statuses.get(plan.accepted.get(str(r["index"]))),
            }
            for r in rows
        ],
        unmet=[
            {**u, **who(u["application"]), "reason_label": str(REASON_LABELS[u["reason"]])}
            for u in unmet
        ],
    )
