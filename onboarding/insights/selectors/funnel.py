"""Where a campaign's applications stand and have been: the funnel, intake per day, reviews.

An application counts in every stage it has reached. It reached a stage when its status is,
or its history (the audit rows its transitions wrote) shows it was ever, one of the statuses
that stage stands for. Later stages on the main path imply the earlier ones: an application
approved straight from "submitted" was reviewed, and one that is live was trained and
scheduled. Side stages (needs info, waitlisted, rejected) count only when actually visited.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from onboarding.applicants import workflow
from onboarding.applicants.models import Application, Campaign, Status
from onboarding.core.models import AuditEntry
from onboarding.insights.selectors.common import percent
from onboarding.reviews.models import ReviewSettings
from onboarding.reviews.selectors import OPEN_REVIEW

S = Status
APPLIED = "applied"
# stage: (statuses that show it was reached, the stage its conversion is measured from)
STAGES: dict[str, tuple[frozenset[str], str | None]] = {
    APPLIED: (frozenset(), None),
    S.IN_REVIEW: (
        frozenset(
            {S.IN_REVIEW, S.NEEDS_INFO, S.APPROVED, S.WAITLISTED, S.REJECTED}
            | {S.TRAINED, S.SCHEDULED, S.LIVE}
        ),
        APPLIED,
    ),
    S.NEEDS_INFO: (frozenset({S.NEEDS_INFO}), S.IN_REVIEW),
    S.APPROVED: (frozenset({S.APPROVED, S.TRAINED, S.SCHEDULED, S.LIVE}), S.IN_REVIEW),
    S.WAITLISTED: (frozenset({S.WAITLISTED}), S.IN_REVIEW),
    S.REJECTED: (frozenset({S.REJECTED}), S.IN_REVIEW),
    S.TRAINED: (frozenset({S.TRAINED, S.SCHEDULED, S.LIVE}), S.APPROVED),
    S.SCHEDULED: (frozenset({S.SCHEDULED, S.LIVE}), S.TRAINED),
    S.LIVE: (frozenset({S.LIVE}), S.SCHEDULED),
}
# "Applied" is current while nobody has picked the application up yet.
CURRENT_STATUS = {APPLIED: S.SUBMITTED}


@dataclass(frozen=True)
class Stage:
    stage: str
    label: str
    reached: int
    current: int
    from_stage: str | None
    conversion: float | None
    of_applied: float | None


def sent_applications(*, campaign: Campaign) -> QuerySet[Application]:
    """Every application of the campaign that was sent (withdrawn ones included)."""
    return Application.objects.filter(campaign=campaign).exclude(status=S.DRAFT)


def _history(statuses: Iterable[str]) -> Exists:
    return Exists(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Application),
            object_id=OuterRef("pk"),
            to_state__in=list(statuses),
        )
    )


def funnel(*, campaign: Campaign) -> list[Stage]:
    """The nine stages with reached, current and conversion figures. One query."""
    counts = {}
    for stage, (statuses, _from) in STAGES.items():
        if stage == APPLIED:
            counts[f"{stage}__reached"] = Count("pk")
        else:
            reached = Q(status__in=list(statuses)) | Q(_history(statuses))
            counts[f"{stage}__reached"] = Count("pk", filter=reached)
        counts[f"{stage}__current"] = Count("pk", filter=Q(status=CURRENT_STATUS.get(stage, stage)))
    row = sent_applications(campaign=campaign).aggregate(**counts)
    applied = row[f"{APPLIED}__reached"]
    stages = []
    for stage, (_statuses, from_stage) in STAGES.items():
        reached = row[f"{stage}__reached"]
        label = _("Applied") if stage == APPLIED else Status(stage).label
        stages.append(
            Stage(
                stage=stage,
                label=str(label),
                reached=reached,
                current=row[f"{stage}__current"],
                from_stage=from_stage,
                conversion=percent(reached, row[f"{from_stage}__reached"]) if from_stage else None,
                of_applied=percent(reached, applied),
            )
        )
    return stages


def reached(stages: list[Stage], stage: str) -> int:
    return next(s.reached for s in stages if s.stage == stage)


@dataclass(frozen=True)
class IntakeDay:
    date: date
    total: int
    channels: dict[str, int]


@dataclass(frozen=True)
class Intake:
    total: int
    channels: list[dict]
    days: list[IntakeDay]
    peak: dict | None


def applications_per_day(*, campaign: Campaign, today: date) -> Intake:
    """Sent applications per local day of submission (campaign zone), split by channel.

    Days run from the day applications opened to today or the closing day, whichever comes
    first, widened to any day that holds an application; days without any show as zeros.
    One query.
    """
    tz = ZoneInfo(campaign.timezone)
    rows = list(
        sent_applications(campaign=campaign)
        .filter(submitted_at__isnull=False)
        .annotate(day=TruncDate("submitted_at", tzinfo=tz))
        .values("day", "channel__code", "channel__name")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    first = campaign.application_opens_at.astimezone(tz).date()
    last = min(today, campaign.application_closes_at.astimezone(tz).date())
    if rows:
        first, last = min(first, rows[0]["day"]), max(last, rows[-1]["day"])
    per_day: dict[date, dict[str, int]] = {}
    names: dict[str, str] = {}
    totals: dict[str, int] = {}
    for row in rows:
        code = row["channel__code"] or ""
        names[code] = row["channel__name"] or str(_("No channel"))
        per_day.setdefault(row["day"], {})[code] = row["n"]
        totals[code] = totals.get(code, 0) + row["n"]
    days = [
        IntakeDay(day, sum(per_day.get(day, {}).values()), per_day.get(day, {}))
        for day in (first + timedelta(days=n) for n in range(max((last - first).days + 1, 0)))
    ]
    total = sum(totals.values())
    peak_day = max(days, key=lambda d: (d.total, -d.date.toordinal()), default=None)
    peak = None
    if peak_day is not None and peak_day.total:
        peak = {
            "date": peak_day.date,
            "total": peak_day.total,
            "share": percent(peak_day.total, total),
        }
    channels = [
        {"code": code, "name": names[code], "count": n}
        for code, n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return Intake(total=total, channels=channels, days=days, peak=peak)


def decision_days(*, campaign: Campaign) -> int:
    try:
        return campaign.review_settings.decision_days
    except ReviewSettings.DoesNotExist:
        return ReviewSettings._meta.get_field("decision_days").default


@dataclass(frozen=True)
class ReviewTarget:
    decision_days: int
    open: int
    overdue: int
    on_track: int
    overdue_rate: float | None
    decided: int
    decided_on_time: int
    on_time_rate: float | None


def overdue_filter(now: datetime) -> Q:
    """The review queue's own rule for overdue (reviews.selectors.is_overdue, in SQL)."""
    return Q(status__in=OPEN_REVIEW, review__decision_due_at__lt=now)


def review_target(*, campaign: Campaign, now: datetime) -> ReviewTarget:
    """Open reviews against their decision date, and first decisions made in time. One query.

    A review's decision date is set on submission: the campaign's decision_days business days
    later. The first decision is the earliest approve, reject, waitlist or information request
    in the application's history.
    """
    first_decision = (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Application),
            object_id=OuterRef("pk"),
            action__in=[str(a) for a in workflow.DECISIONS],
        )
        .order_by("created_at", "id")
        .values("created_at")[:1]
    )
    row = (
        sent_applications(campaign=campaign)
        .filter(review__isnull=False)
        .annotate(first_decision=Subquery(first_decision))
        .aggregate(
            open=Count("pk", filter=Q(status__in=OPEN_REVIEW)),
            overdue=Count("pk", filter=overdue_filter(now)),
            decided=Count("pk", filter=Q(first_decision__isnull=False)),
            on_time=Count(
                "pk",
                filter=Q(first_decision__isnull=False)
                & (
                    Q(review__decision_due_at__isnull=True)
                    | Q(first_decision__lte=F("review__decision_due_at"))
                ),
            ),
        )
    )
    return ReviewTarget(
        decision_days=decision_days(campaign=campaign),
        open=row["open"],
        overdue=row["overdue"],
        on_track=row["open"] - row["overdue"],
        overdue_rate=percent(row["overdue"], row["open"]),
        decided=row["decided"],
        decided_on_time=row["on_time"],
        on_time_rate=percent(row["on_time"], row["decided"]),
    )
