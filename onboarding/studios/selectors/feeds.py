"""What each private calendar feed holds: shows, crew duties and training sessions."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from onboarding.core.models import User
from onboarding.studios.models import Booking, BookingCrew, BookingStatus, CalendarFeed, Studio
from onboarding.studios.selectors.common import is_scheduler
from onboarding.training.selectors import sessions_for_user

# Calendar apps keep what they once saw; the feed only needs the recent past and the future.
HISTORY = timedelta(days=90)


@dataclass
class Event:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str = ""
    description: str = ""
    stamp: datetime | None = None


def feed_by_token(*, token: str) -> CalendarFeed | None:
    return CalendarFeed.objects.select_related("user", "studio").filter(token=token).first()


def feeds_visible(*, user: User) -> QuerySet[CalendarFeed]:
    feeds = CalendarFeed.objects.select_related("user", "studio").order_by("id")
    return feeds if is_scheduler(user) else feeds.filter(user=user)


def _place(studio: Studio) -> str:
    return ", ".join(part for part in (studio.name, studio.address, studio.city) if part)


def _booking_uid(booking_id: int) -> str:
    return f"studio-booking-{booking_id}@ceo-onboarding"


def _confirmed_since(since: datetime) -> QuerySet[Booking]:
    return Booking.objects.filter(
        status=BookingStatus.CONFIRMED, ends_at__gte=since
    ).select_related("studio", "application")


def _studio_events(studio: Studio, since: datetime) -> list[Event]:
    # Rows, not instances: a studio's feed holds hundreds of bookings and is polled.
    bookings = _confirmed_since(since).filter(studio=studio)
    rows = list(
        bookings.values(
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
    crew: dict[int, list[str]] = {row["id"]: [] for row in rows}
    # BookingCrew's own order (role, then name), as the booking's crew_assignments give it;
    # the bookings as a subquery, not hundreds of ids as parameters.
    duties = BookingCrew.objects.filter(booking__in=bookings.values("id"))
    for item in duties.values("booking_id", "crew__name"):
        crew.setdefault(item["booking_id"], []).append(item["crew__name"])
    show, rehearsal, place = _("Show"), _("Rehearsal"), _place(studio)
    describe = _("Booking #%(booking)s, %(reference)s. Crew: %(crew)s.")
    events = []
    for b in rows:
        label = show if b["kind"] == Booking.Kind.SHOW else rehearsal
        brand = b["application__brand_name"] or b["application__company_name"]
        events.append(
            Event(
                uid=_booking_uid(b["id"]),
                starts_at=b["starts_at"],
                ends_at=b["ends_at"],
                summary=f"{label}: {brand}",
                location=place,
                description=describe
                % {
                    "booking": b["id"],
                    "reference": b["application__reference"],
                    "crew": ", ".join(crew[b["id"]]) or "—",
                },
                stamp=b["updated_at"],
            )
        )
    return events


def _user_events(user: User, since: datetime) -> list[Event]:
    events = []
    for b in _confirmed_since(since).filter(ceo=user):
        summary = (
            _("Live show at %(studio)s")
            if b.kind == Booking.Kind.SHOW
            else _("Studio rehearsal at %(studio)s")
        )
        events.append(
            Event(
                uid=_booking_uid(b.pk),
                starts_at=b.starts_at,
                ends_at=b.ends_at,
                summary=summary % {"studio": b.studio.name},
                location=_place(b.studio),
                description=_("Booking #%(booking)s") % {"booking": b.pk},
                stamp=b.updated_at,
            )
        )
    duties = BookingCrew.objects.filter(
        crew__user=user, status=BookingStatus.CONFIRMED, booking__ends_at__gte=since
    ).select_related("crew", "booking__studio", "booking__application")
    for duty in duties:
        b = duty.booking
        events.append(
            Event(
                uid=_booking_uid(b.pk),
                starts_at=b.buffered_start,
                ends_at=b.buffered_end,
                summary=_("%(role)s: %(brand)s at %(studio)s")
                % {
                    "role": duty.crew.get_role_display(),
                    "brand": b.application.brand_name or b.application.company_name,
                    "studio": b.studio.name,
                },
                location=_place(b.studio),
                description=_("Booking #%(booking)s, with setup and teardown.") % {"booking": b.pk},
                stamp=b.updated_at,
            )
        )
    for session in sessions_for_user(user=user):
        if session.ends_at < since:
            continue
        events.append(
            Event(
                uid=f"training-session-{session.pk}@ceo-onboarding",
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                summary=_("Training: %(title)s") % {"title": session.title},
                location=session.location or session.video_url or "",
                description=session.video_url or "",
                stamp=getattr(session, "updated_at", None),
            )
        )
    return events


def feed_events(*, feed: CalendarFeed, now: datetime | None = None) -> tuple[str, list[Event]]:
    """The feed's name and its events, in the owner's language; one event per uid."""
    since = (now or timezone.now()) - HISTORY
    language = feed.user.language if feed.user else translation.get_language()
    with translation.override(language):
        if feed.studio is not None:
            name = _("Studio %(studio)s") % {"studio": feed.studio.name}
            events = _studio_events(feed.studio, since)
        else:
            # A feed is of a studio or of a person (the model's check constraint).
            user = feed.user
            assert user is not None
            name = _("Live shows and training of %(name)s") % {
                "name": user.get_full_name() or user.username
            }
            events = _user_events(user, since)
    unique = {event.uid: event for event in reversed(events)}
    return name, sorted(unique.values(), key=lambda e: (e.starts_at, e.uid))
