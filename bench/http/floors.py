"""The floor: plain Django views returning the same rows as each endpoint, with `.values()` and
`JsonResponse`, behind the same token authentication and the same middleware.

Served only by bench/http/settings.py's urlconf. Each reads the same table with the same filter,
order and page size as the endpoint it stands beside, plus the page's count as the endpoint's
pagination does; nothing is serialised field by field.
"""

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from onboarding.applicants.models import Application, Campaign, SocialAccount, Status
from onboarding.notifications.models.inbox import Notification
from onboarding.reviews.models import ConflictOfInterest
from onboarding.studios.models import Booking, BookingCrew, BookingEquipment, CalendarFeed
from onboarding.studios.selectors.feeds import HISTORY
from onboarding.training.models import TrainingSession

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
    first = date.fromisoformat(request.GET["from"])
    last = date.fromisoformat(request.GET["to"])
    rows = Booking.objects.filter(
        starts_at__date__gte=first, starts_at__date__lt=last + timedelta(days=1)
    ).order_by("studio_id", "starts_at")
    return JsonResponse(
        {"bookings": list(rows.values(*BOOKING_FIELDS))}, json_dumps_params={"default": str}
    )


@_guarded
def sessions(request, user):
    rows = TrainingSession.objects.order_by("starts_at", "id")
    return _page(request, rows, SESSION_FIELDS)


@_guarded
def dashboard(request, user):
    campaign = Campaign.objects.values("id", "slug", "name").get(slug=request.GET["campaign"])
    by_status = (
        Application.objects.filter(campaign_id=campaign["id"])
        .values("status")
        .annotate(n=Count("id"))
        .order_by("status")
    )
    return JsonResponse({"campaign": campaign, "funnel": list(by_status)})


@_guarded
def notifications(request, user):
    rows = Notification.objects.filter(user=user).order_by("-created_at", "-id")
    return _page(request, rows, ["id", "kind", "title", "body", "created_at", "read_at"])


def ics(request, token):
    feed = CalendarFeed.objects.filter(token=token).values("studio_id").first()
    if feed is None:
        return HttpResponse(status=404)
    since = timezone.now() - HISTORY
    rows = Booking.objects.filter(studio_id=feed["studio_id"], ends_at__gte=since).order_by(
        "starts_at"
    )
    lines = [
        f"{r['id']} {r['starts_at']:%Y%m%dT%H%M%SZ} {r['ends_at']:%Y%m%dT%H%M%SZ} {r['kind']}"
        for r in rows.values("id", "starts_at", "ends_at", "kind")
    ]
    return HttpResponse("\n".join(lines), content_type="text/calendar")
