"""Festival plans: ask for one, run it (the Celery task), cancel it, accept all or part of it.

The planner itself is pure (onboarding/studios/planner/); here it is only fed and stored.
Acceptance books through `booking_create`, so every rule of a booking holds at the moment
of acceptance, whatever changed since the proposal was made.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.applicants.models import Application, Campaign
from onboarding.core.errors import DomainError, Invalid
from onboarding.core.models import User
from onboarding.core.services import audit_record
from onboarding.planning.errors import PlanAcceptRefused, PlanFinished, PlanNotDone
from onboarding.planning.loading import plan_input
from onboarding.planning.models import MAX_TIME_LIMIT, FestivalPlan, PlanStatus, Priority
from onboarding.studios import planner
from onboarding.studios.models import Crew, EquipmentSet, Studio
from onboarding.studios.services.bookings import booking_create
from onboarding.studios.services.common import lock_studios, require_scheduler

logger = logging.getLogger(__name__)

MAX_DAYS = 62
ALL_OR_NOTHING = "all_or_nothing"
EACH = "each"
MODES = (ALL_OR_NOTHING, EACH)
# Progress written at each step of a run (percent).
LOADING, SOLVING, STORING = 10, 30, 90


def plan_create(
    *,
    campaign: Campaign,
    actor: User,
    first_day: date | None = None,
    last_day: date | None = None,
    priority: str = Priority.SCORE,
    time_limit: int = 10,
    seed: int = 0,
) -> FestivalPlan:
    """Keep a new plan (queued) and start its task once the row is committed.

    The days default to the campaign's sales window and must lie inside it.
    """
    require_scheduler(actor, _("Only a scheduler plans studio time."))
    first_day = first_day or campaign.sales_starts_on
    last_day = last_day or campaign.sales_ends_on
    errors: dict[str, list[str]] = {}
    window = _("The sales window is %(first)s to %(last)s.") % {
        "first": campaign.sales_starts_on.isoformat(),
        "last": campaign.sales_ends_on.isoformat(),
    }
    if not campaign.sales_starts_on <= first_day <= campaign.sales_ends_on:
        errors["first_day"] = [window]
    if not campaign.sales_starts_on <= last_day <= campaign.sales_ends_on:
        errors["last_day"] = [window]
    if last_day < first_day:
        errors.setdefault("last_day", []).append(_("The last day comes after the first."))
    elif (last_day - first_day).days >= MAX_DAYS:
        errors.setdefault("last_day", []).append(
            _("Plan at most %(days)s days at once.") % {"days": MAX_DAYS}
        )
    if priority not in Priority.values:
        errors["priority"] = [_("Choose score, attendance or reach.")]
    if not 1 <= time_limit <= MAX_TIME_LIMIT:
        errors["time_limit"] = [_("Between 1 and %(max)s seconds.") % {"max": MAX_TIME_LIMIT}]
    if errors:
        raise Invalid(_("Some fields are not valid."), fields=errors)
    with transaction.atomic():
        plan = FestivalPlan.objects.create(
            campaign=campaign,
            requested_by=actor,
            first_day=first_day,
            last_day=last_day,
            priority=priority,
            time_limit=time_limit,
            seed=seed,
        )
        audit_record(
            subject=plan,
            action="plan_create",
            actor=actor,
            to_state=PlanStatus.QUEUED,
            data={
                "campaign": campaign.slug,
                "first_day": first_day.isoformat(),
                "last_day": last_day.isoformat(),
                "priority": priority,
                "time_limit": time_limit,
                "seed": seed,
            },
        )
        from onboarding.planning.tasks import festival_plan_run_task

        # robust: with the broker away the plan is kept all the same and shows as queued.
        transaction.on_commit(lambda: festival_plan_run_task.delay(plan.pk), robust=True)
    return plan


def _step(plan_id: int, progress: int, **values: Any) -> bool:
    """Write progress, unless a cancel came in: then mark the run cancelled and say False.

    One conditional UPDATE: a cancel between two steps is seen at the next one, never lost.
    """
    moved = FestivalPlan.objects.filter(
        pk=plan_id, status=PlanStatus.RUNNING, cancel_requested=False
    ).update(progress=progress, **values)
    if moved:
        return True
    FestivalPlan.objects.filter(pk=plan_id, status=PlanStatus.RUNNING).update(
        status=PlanStatus.CANCELLED, finished_at=timezone.now()
    )
    return False


def plan_run(*, plan_id: int) -> FestivalPlan:
    """Run a queued plan: load, solve, store, with progress and the cancel flag between steps.

    A plan that is no longer queued (cancelled before it started, or taken by another worker
    after a redelivery) is left as it is.
    """
    claimed = FestivalPlan.objects.filter(pk=plan_id, status=PlanStatus.QUEUED).update(
        status=PlanStatus.RUNNING, progress=0, started_at=timezone.now()
    )
    if claimed and _step(plan_id, LOADING):
        plan = FestivalPlan.objects.select_related("campaign").get(pk=plan_id)
        data = plan_input(plan=plan)
        if _step(plan_id, SOLVING):
            proposal = planner.plan_shows(data)
            if _step(plan_id, STORING):
                result = _result(proposal, data)
                _step(
                    plan_id,
                    100,
                    status=PlanStatus.DONE,
                    result=result,
                    wanted=proposal.wanted,
                    met=proposal.met,
                    bound=proposal.bound,
                    bound_source=proposal.bound_source,
                    finished_at=timezone.now(),
                )
    return FestivalPlan.objects.get(pk=plan_id)


def plan_failed(*, plan_id: int, error: str) -> None:
    FestivalPlan.objects.filter(
        pk=plan_id, status__in=[PlanStatus.QUEUED, PlanStatus.RUNNING]
    ).update(status=PlanStatus.FAILED, error=error[:2000], finished_at=timezone.now())


def _result(proposal: planner.Proposal, data: planner.PlanInput) -> dict[str, Any]:
    zones = {s.id: ZoneInfo(s.zone) for s in data.studios}
    return {
        "bookings": [
            {
                "index": index,
                "studio": b.studio,
                "application": b.ceo,
                "starts_at": b.show.start.astimezone(ZoneInfo("UTC")).isoformat(),
                "ends_at": b.show.end.astimezone(ZoneInfo("UTC")).isoformat(),
                # The studio's local day: the day the board shows it on.
                "day": b.show.start.astimezone(zones[b.studio]).date().isoformat(),
                "crew": b.crew,
                "kit": b.kit,
            }
            for index, b in enumerate(proposal.bookings)
        ],
        "unmet": [
            {
                "application": u.ceo,
                "week": u.week.isoformat(),
                "committed": u.committed,
                "met": u.met,
                "reason": str(u.reason),
            }
            for u in proposal.unmet
        ],
        "timings": {key: round(value, 3) for key, value in proposal.timings.items()},
    }


@transaction.atomic
def plan_cancel(*, plan_id: int, actor: User) -> FestivalPlan:
    """Stop a plan: a queued one at once, a running one at its task's next step."""
    require_scheduler(actor, _("Only a scheduler plans studio time."))
    plan = FestivalPlan.objects.select_for_update().get(pk=plan_id)
    if plan.status not in (PlanStatus.QUEUED, PlanStatus.RUNNING):
        raise PlanFinished(
            _("Plan #%(plan)s is %(status)s already.")
            % {"plan": plan.pk, "status": plan.get_status_display().lower()},
            status=plan.status,
        )
    previous = plan.status
    plan.cancel_requested = True
    fields = ["cancel_requested", "updated_at"]
    if plan.status == PlanStatus.QUEUED:
        plan.status, plan.finished_at = PlanStatus.CANCELLED, timezone.now()
        fields += ["status", "finished_at"]
    plan.save(update_fields=fields)
    audit_record(
        subject=plan,
        action="plan_cancel",
        actor=actor,
        from_state=previous,
        to_state=plan.status,
    )
    return plan


@dataclass
class Acceptance:
    mode: str
    booked: list[dict[str, Any]] = field(default_factory=list)
    already: list[dict[str, Any]] = field(default_factory=list)
    impossible: list[dict[str, Any]] = field(default_factory=list)


def _selected(
    plan: FestivalPlan,
    applications: Iterable[int] | None,
    days: Iterable[date] | None,
    studios: Iterable[int] | None,
) -> list[dict[str, Any]]:
    rows = plan.result.get("bookings", [])
    errors: dict[str, list[str]] = {}
    if studios is not None:
        rooms = set(studios)
        unknown_studios = sorted(rooms - {r["studio"] for r in rows})
        if unknown_studios:
            errors["studios"] = [
                _("The plan proposes nothing in studio %(id)s.") % {"id": pk}
                for pk in unknown_studios
            ]
        rows = [r for r in rows if r["studio"] in rooms]
    if applications is not None:
        wanted = set(applications)
        unknown = sorted(wanted - {r["application"] for r in rows})
        if unknown:
            errors["applications"] = [
                _("The plan proposes nothing for application %(id)s.") % {"id": pk}
                for pk in unknown
            ]
        rows = [r for r in rows if r["application"] in wanted]
    if days is not None:
        chosen = {d.isoformat() for d in days}
        unknown_days = sorted(chosen - {r["day"] for r in plan.result.get("bookings", [])})
        if unknown_days:
            errors["days"] = [
                _("The plan proposes nothing on %(day)s.") % {"day": day} for day in unknown_days
            ]
        rows = [r for r in rows if r["day"] in chosen]
    if errors:
        raise Invalid(_("Some fields are not valid."), fields=errors)
    return sorted(rows, key=lambda r: (r["starts_at"], r["studio"], r["index"]))


def plan_accept(
    *,
    plan_id: int,
    actor: User,
    mode: str = EACH,
    applications: Iterable[int] | None = None,
    days: Iterable[date] | None = None,
    studios: Iterable[int] | None = None,
) -> Acceptance:
    """Book the plan's proposals (all, or those of some CEOs, days and/or studios).

    Each goes through `booking_create` with a key of its own (`festival-plan-<plan>-<index>`),
    so accepting twice never books twice. What can no longer be booked (a studio, CEO, crew
    member or kit taken since, hours changed, a quota filled) is reported with the booking
    service's code and message. `each`: the rest are booked, each on its own. `all_or_nothing`:
    all are booked in one transaction, or, if any cannot be, none (a 409 listing them).
    """
    require_scheduler(actor, _("Only a scheduler books studio time."))
    if mode not in MODES:
        raise Invalid(
            _("Some fields are not valid."),
            fields={"mode": [_("Choose all_or_nothing or each.")]},
        )
    plan = FestivalPlan.objects.select_related("campaign").get(pk=plan_id)
    if plan.status != PlanStatus.DONE:
        raise PlanNotDone(
            _("Plan #%(plan)s is %(status)s; only a finished plan can be accepted.")
            % {"plan": plan.pk, "status": plan.get_status_display().lower()},
            status=plan.status,
        )
    rows = _selected(plan, applications, days, studios)
    outcome = Acceptance(mode=mode)
    todo = []
    for row in rows:
        booking_id = plan.accepted.get(str(row["index"]))
        if booking_id:
            outcome.already.append({"index": row["index"], "booking": booking_id})
        else:
            todo.append(row)
    refs = _references(todo)
    if mode == EACH:
        for row in todo:
            _book(plan, row, refs, actor, outcome)
        _remember(plan.pk, [*outcome.booked, *outcome.already])
    else:
        try:
            with transaction.atomic():
                # Every studio of the selection locked up front, in id order (the booking
                # service's lock order): the many bookings of one transaction never wait on
                # another writer in a circle.
                lock_studios(*{row["studio"] for row in todo})
                for row in todo:
                    _book(plan, row, refs, actor, outcome)
                if outcome.impossible:
                    raise _RollBack
                _remember(plan.pk, [*outcome.booked, *outcome.already])
        except _RollBack:
            raise PlanAcceptRefused(
                _(
                    "%(count)s of the %(total)s proposed bookings can no longer be made; "
                    "nothing was booked."
                )
                % {"count": len(outcome.impossible), "total": len(todo)},
                impossible=outcome.impossible,
                booked=[],
                already=outcome.already,
            ) from None
    audit_record(
        subject=plan,
        action="plan_accept",
        actor=actor,
        data={
            "mode": mode,
            "booked": [b["booking"] for b in outcome.booked],
            "impossible": [i["index"] for i in outcome.impossible],
        },
    )
    return outcome


class _RollBack(Exception):
    pass


@dataclass
class _Refs:
    studios: dict[int, Studio]
    applications: dict[int, Application]
    crew: dict[int, Crew]
    kits: dict[int, EquipmentSet]


def _references(rows: list[dict[str, Any]]) -> _Refs:
    """The rows the selection names, four queries whatever its size."""
    return _Refs(
        studios=Studio.objects.in_bulk({r["studio"] for r in rows}),
        applications=Application.objects.select_related("campaign").in_bulk(
            {r["application"] for r in rows}
        ),
        crew=Crew.objects.in_bulk({r["crew"] for r in rows if r["crew"]}),
        kits=EquipmentSet.objects.in_bulk({r["kit"] for r in rows if r["kit"]}),
    )


def _book(
    plan: FestivalPlan, row: dict[str, Any], refs: _Refs, actor: User, outcome: Acceptance
) -> None:
    studio = refs.studios.get(row["studio"])
    application = refs.applications.get(row["application"])
    if studio is None or application is None:
        outcome.impossible.append(
            {"index": row["index"], "code": "gone", "message": _("The studio or CEO is gone.")}
        )
        return
    try:
        booking, created = booking_create(
            studio=studio,
            application=application,
            starts_at=datetime.fromisoformat(row["starts_at"]),
            ends_at=datetime.fromisoformat(row["ends_at"]),
            actor=actor,
            crew=[refs.crew[row["crew"]]] if row["crew"] in refs.crew else [],
            equipment=[refs.kits[row["kit"]]] if row["kit"] in refs.kits else [],
            idempotency_key=f"festival-plan-{plan.pk}-{row['index']}",
        )
    except DomainError as error:
        outcome.impossible.append(
            {
                "index": row["index"],
                "code": error.code,
                "message": error.message,
                "conflicting_booking": error.extra.get("conflicting_booking"),
            }
        )
        return
    (outcome.booked if created else outcome.already).append(
        {"index": row["index"], "booking": booking.pk}
    )


def _remember(plan_id: int, booked: list[dict[str, Any]]) -> None:
    """Note which proposals became which bookings (the plan row locked: two acceptances add)."""
    if not booked:
        return
    with transaction.atomic():
        plan = FestivalPlan.objects.select_for_update().get(pk=plan_id)
        new = {str(b["index"]): b["booking"] for b in booked}
        if all(plan.accepted.get(key) == value for key, value in new.items()):
            return
        plan.accepted = {**plan.accepted, **new}
        plan.save(update_fields=["accepted", "updated_at"])
