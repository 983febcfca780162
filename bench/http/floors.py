"""The floor: plain Django views returning the same rows as each endpoint, with `.values()` and
`JsonResponse`, behind the same token authentication and the same middleware.

Served only by bench/http/settings.py's urlconf. Each reads the same table with the same filter,
order and page size as the endpoint it stands beside, plus the page's count as the endpoint's
pagination does; nothing is serialised field by field.
"""

from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, Model, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from onboarding.applicants.models import Application, PersonalDataAccess, SocialAccount, Status
from onboarding.applicants.workflow import LEADS
from onboarding.core.models import AuditEntry
from onboarding.insights import selectors as insights
from onboarding.notifications.models.inbox import Notification
from onboarding.questionnaires.models import Answer
from onboarding.reviews.models import ConflictOfInterest, ReviewerScore, ReviewNote
from onboarding.studios.models import (
    Blackout,
    Booking,
    BookingCrew,
    BookingEquipment,
    CalendarFeed,
    OpeningHours,
    Studio,
)
from onboarding.studios.selectors.feeds import HISTORY
from onboarding.training.models import Enrolment, TrainingSession

QUEUE_FIELDS = [
    "id",
    "reference",
    "status",
    "full_name",
    "company_name",
    "brand_name",
    "industry",
    "language",
    "submitted_at",
    "campaign__slug",
    "campaign__name",
    "review__score",
    "review__max_score",
    "review__hard_failed",
    "review__decision_due_at",
    "review__reviewer_id",
    "review__reviewer__username",
    # What the endpoint shows beside them: contact, the breakdown it derives soft points and
    # failed criteria from, the override and first approval, whether the campaign is blind.
    "email",
    "phone",
    "review__breakdown",
    "review__override_by_id",
    "review__first_approval_by_id",
    "campaign__review_settings__hide_identity",
]
APPLICATION_FIELDS = [
    "id",
    "reference",
    "status",
    "full_name",
    "email",
    "phone",
    "company_name",
    "industry",
    "language",
    "submitted_at",
    "campaign__slug",
    "channel__code",
    "questionnaire__version",
    "brand_name",
    "on_camera_in_person",
    "total_followers",
]
BOOKING_FIELDS = [
    "id",
    "studio_id",
    "studio__name",
    "application_id",
    "application__reference",
    "application__company_name",
    "ceo_id",
    "starts_at",
    "ends_at",
    "buffered_start",
    "buffered_end",
    "kind",
    "status",
    # What the endpoint shows beside them: the studio, the CEO's name, the series, samples and
    # their due rule, the outcome, readiness, attendance, cancellation.
    "studio__city",
    "studio__address",
    "studio__timezone",
    "application__full_name",
    "application__campaign__scheduling_settings__samples_due_hours",
    "ceo__first_name",
    "ceo__last_name",
    "series_id",
    "shipment__status",
    "outcome__result",
    "ready_at",
    "ready_override_reason",
    "attendance_confirmed_at",
    "cancel_reason",
    "cancelled_at",
    "created_at",
]
STUDIO_FIELDS = ["id", "name", "city", "timezone", "setup_minutes", "teardown_minutes"]
SESSION_FIELDS = [
    "id",
    "module_id",
    "module__code",
    "module__title_en",
    "trainer_id",
    "trainer__username",
    "starts_at",
    "ends_at",
    "location",
    "capacity",
    "status",
    # What the endpoint shows beside them: the campaign, the module's other title and whether
    # it is required, the trainer's name, the video link, seats taken and waiting, the
    # reader's own place.
    "module__campaign__slug",
    "module__title_zh",
    "module__required",
    "trainer__first_name",
    "trainer__last_name",
    "video_url",
    "seats_taken",
    "waitlisted",
    "my_status",
]


def _user(request):
    try:
        found = TokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        found = None
    return found[0] if found else None


def _page(request, rows, fields):
    size = min(int(request.GET.get("page_size", 25)), 100)
    return JsonResponse(
        {"count": rows.count(), "results": list(rows.values(*fields)[:size])},
        json_dumps_params={"default": str},
    )


def _guarded(view):
    def wrapped(request, *args, **kwargs):
        user = _user(request)
        if user is None:
            return JsonResponse({"code": "not_authenticated"}, status=401)
        return view(request, user, *args, **kwargs)

    return wrapped


@_guarded
def queue(request, user):
    conflicted = ConflictOfInterest.objects.filter(application=OuterRef("pk"), reviewer=user)
    rows = (
        Application.objects.exclude(status=Status.DRAFT)
        .filter(review__isnull=False)
        .exclude(Exists(conflicted))
        .order_by("submitted_at", "id")
    )
    return _page(request, rows, QUEUE_FIELDS)


DETAIL_FIELDS = [
    "job_title",
    "company_website",
    "years_in_business",
    "products",
    "on_camera_in_person",
    "live_experience",
    "live_experience_notes",
    "language",
]
STAFF_DETAIL_FIELDS = [
    *APPLICATION_FIELDS[:-1],  # the list's, without the followers' sum
    *DETAIL_FIELDS,
    "assistant_name",
    "assistant_email",
    "assistant_phone",
    "consent_given_at",
]


def _accounts_and_answers(pk: int) -> dict:
    return {
        "social_accounts": list(
            SocialAccount.objects.filter(application_id=pk).values(
                "platform", "handle", "followers"
            )
        ),
        "answers": list(
            Answer.objects.filter(application_id=pk)
            .order_by("question__position")
            .values("question__key", "question__label_en", "question__kind", "value")
        ),
    }


def _read_recorded(user, pk: int, via: str) -> None:
    """The read of personal data recorded, as the endpoint must record it (the privacy audit:
    one PersonalDataAccess row, committed with the request), the plainest way: one INSERT.
    Without it the floor skipped a durable write the page may not skip, and the ratio measured
    the disk's commit (a WAL flush) rather than the API layer."""
    PersonalDataAccess.objects.create(application_id=pk, actor=user, via=via)


@_guarded
def review_detail(request, user, pk):
    """One application as the review page shows it: its row, accounts, answers, the review's
    scores, notes and history, and the read recorded unless blind review hid who applied."""
    conflicted = ConflictOfInterest.objects.filter(application=OuterRef("pk"), reviewer=user)
    row = (
        Application.objects.exclude(status=Status.DRAFT)
        .filter(pk=pk, review__isnull=False)
        .exclude(Exists(conflicted))
        .values(*QUEUE_FIELDS, *DETAIL_FIELDS)
        .first()
    )
    if row is None:
        return JsonResponse({"code": "not_found"}, status=404)
    if not (row["campaign__review_settings__hide_identity"] and not user.has_role(*LEADS)):
        _read_recorded(user, pk, PersonalDataAccess.Via.REVIEW_DETAIL)
    kind = ContentType.objects.get_for_model(Application)
    return JsonResponse(
        {
            **row,
            **_accounts_and_answers(pk),
            "scores": list(
                ReviewerScore.objects.filter(application_id=pk).values(
                    "reviewer__username", "score", "comment", "updated_at"
                )
            ),
            "notes": list(
                ReviewNote.objects.filter(application_id=pk).values(
                    "id", "author__username", "from_applicant", "text", "created_at"
                )
            ),
            "history": list(
                AuditEntry.objects.filter(content_type=kind, object_id=pk).values(
                    "created_at", "actor__username", "action", "from_state", "to_state", "reason"
                )
            ),
        },
        json_dumps_params={"default": str},
    )


@_guarded
def application_detail(request, user, pk):
    """One application as staff read it: its row, accounts and answers, and the read recorded."""
    row = (
        Application.objects.exclude(status=Status.DRAFT)
        .filter(pk=pk)
        .values(*STAFF_DETAIL_FIELDS)
        .first()
    )
    if row is None:
        return JsonResponse({"code": "not_found"}, status=404)
    _read_recorded(user, pk, PersonalDataAccess.Via.STAFF_DETAIL)
    return JsonResponse({**row, **_accounts_and_answers(pk)}, json_dumps_params={"default": str})


@_guarded
def applications(request, user):
    followers = (
        SocialAccount.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(total=Sum("followers"))
        .values("total")
    )
    rows = (
        Application.objects.exclude(status=Status.DRAFT)
        .annotate(total_followers=Coalesce(Subquery(followers), 0))
        .order_by("-submitted_at", "-id")
    )
    return _page(request, rows, APPLICATION_FIELDS)


def _with_crew_and_kit(rows: list[dict]) -> list[dict]:
    """Each booking's crew and kit, one query each, as the endpoint's prefetch reads them."""
    by_id = {row["id"]: {**row, "crew": [], "equipment": []} for row in rows}
    crew = BookingCrew.objects.filter(booking_id__in=by_id)
    for item in crew.values("booking_id", "crew_id", "crew__name", "crew__role"):
        by_id[item["booking_id"]]["crew"].append(item)
    kit = BookingEquipment.objects.filter(booking_id__in=by_id)
    for item in kit.values("booking_id", "equipment_id", "equipment__name"):
        by_id[item["booking_id"]]["equipment"].append(item)
    return list(by_id.values())


@_guarded
def bookings(request, user):
    size = min(int(request.GET.get("page_size", 25)), 100)
    rows = Booking.objects.order_by("starts_at", "id")
    page = list(rows.values(*BOOKING_FIELDS)[:size])
    return JsonResponse(
        {"count": rows.count(), "results": _with_crew_and_kit(page)},
        json_dumps_params={"default": str},
    )


@_guarded
def board(request, user):
    """The week's studios, their opening hours and blackouts, its bookings with crew and kit."""
    first = date.fromisoformat(request.GET["from"])
    last = date.fromisoformat(request.GET["to"])
    start = datetime.combine(first, time(0), tzinfo=UTC) - timedelta(hours=14)
    end = datetime.combine(last + timedelta(days=2), time(0), tzinfo=UTC)
    studios = Studio.objects.filter(active=True)
    rows = Booking.objects.filter(
        studio__active=True,
        status="confirmed",
        buffered_start__lt=end,
        buffered_end__gt=start,
    ).order_by("starts_at", "id")
    return JsonResponse(
        {
            "studios": list(studios.values(*STUDIO_FIELDS)),
            "opening_hours": list(
                OpeningHours.objects.filter(studio__active=True).values(
                    "studio_id", "weekday", "opens", "closes"
                )
            ),
            "blackouts": list(
                Blackout.objects.filter(
                    studio__active=True, starts_at__lt=end, ends_at__gt=start
                ).values("studio_id", "starts_at", "ends_at", "reason")
            ),
            "bookings": _with_crew_and_kit(list(rows.values(*BOOKING_FIELDS))),
        },
        json_dumps_params={"default": str},
    )


@_guarded
def sessions(request, user):
    mine = Enrolment.objects.filter(
        session=OuterRef("pk"), application__user=user, status__in=["enrolled", "waitlisted"]
    ).order_by("created_at")
    rows = TrainingSession.objects.annotate(
        seats_taken=Count("enrolments", filter=Q(enrolments__status="enrolled")),
        waitlisted=Count("enrolments", filter=Q(enrolments__status="waitlisted")),
        my_status=Subquery(mine.values("status")[:1]),
    ).order_by("starts_at", "id")
    return _page(request, rows, SESSION_FIELDS)


@_guarded
def dashboard(request, user):
    """The same figures (the dashboard's own selectors: its queries are the figures), written
    with JsonResponse instead of DRF and DashboardSerializer."""
    campaign = insights.dashboard_campaign(slug=request.GET["campaign"])
    figures = insights.dashboard(campaign=campaign, user=user)
    return JsonResponse(_plain(figures), json_dumps_params={"default": str})


def _plain(value):
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Model):
        return value.pk
    return value


@_guarded
def notifications(request, user):
    rows = Notification.objects.filter(user=user).order_by("-created_at", "-id")
    return _page(request, rows, ["id", "kind", "title", "body", "created_at", "read_at"])


def ics(request, token):
    """The same events as iCalendar text (plain formatting: no escaping or folding)."""
    feed = CalendarFeed.objects.filter(token=token).values("studio_id", "studio__name").first()
    if feed is None:
        return HttpResponse(status=404)
    since = timezone.now() - HISTORY
    rows = list(
        Booking.objects.filter(studio_id=feed["studio_id"], ends_at__gte=since, status="confirmed")
        .order_by("starts_at", "id")
        .values(
            "id",
            "kind",
            "starts_at",
            "ends_at",
            "updated_at",
            "application__brand_name",
            "application__company_name",
            "application__reference",
        )
    )
    crew = {row["id"]: [] for row in rows}
    for item in BookingCrew.objects.filter(booking_id__in=crew).values("booking_id", "crew__name"):
        crew[item["booking_id"]].append(item["crew__name"])
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"X-WR-CALNAME:Studio {feed['studio__name']}"]
    for r in rows:
        lines += [
            "BEGIN:VEVENT",
            f"SUMMARY:{r['kind']}: "
            f"{r['application__brand_name'] or r['application__company_name']}",
            f"DTSTART:{r['starts_at']:%Y%m%dT%H%M%SZ}",
            f"DTEND:{r['ends_at']:%Y%m%dT%H%M%SZ}",
            f"DTSTAMP:{r['updated_at']:%Y%m%dT%H%M%SZ}",
            f"UID:studio-booking-{r['id']}@ceo-onboarding",
            f"DESCRIPTION:Booking #{r['id']}, {r['application__reference']}. "
            f"Crew: {', '.join(crew[r['id']]) or '-'}.",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return HttpResponse("".join(f"{line}\r\n" for line in lines), content_type="text/calendar")
