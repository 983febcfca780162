"""Bookings and recurring series, with the database guarantee against double booking.

Every booking reserves its studio, its CEO, its crew and its kit for the buffered range
(setup before, teardown after). PostgreSQL exclusion constraints over that range refuse a
second confirmed booking of any of them that overlaps, whatever the code above them does.
"""

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _

from onboarding.core.models import TimeStampedModel
from onboarding.studios.models.studios import Crew, EquipmentSet, Studio, validate_timezone


class TsTzRange(Func):
    """tstzrange(start, end), half-open: a booking ending at 20:00 and one starting then touch."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def _buffered_range() -> TsTzRange:
    return TsTzRange("buffered_start", "buffered_end")


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


CONFIRMED = Q(status=BookingStatus.CONFIRMED)


class Kind(models.TextChoices):
    SHOW = "show", _("Show")
    REHEARSAL = "rehearsal", _("Rehearsal")


class BookingSeries(TimeStampedModel):
    """A recurring rule, e.g. Tuesdays and Thursdays 20:00–22:00 local, first to last date."""

    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="series")
    application = models.ForeignKey(
        "applicants.Application", on_delete=models.PROTECT, related_name="booking_series"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SHOW)
    weekdays = ArrayField(
        models.PositiveSmallIntegerField(), verbose_name=_("weekdays (0 = Monday)"), size=7
    )
    start_time = models.TimeField(_("local start time"))
    duration = models.DurationField(_("duration"))
    first_date = models.DateField(_("first date"))
    last_date = models.DateField(_("last date"))
    # The zone the wall-clock time is kept in: the studio's when the series was made.
    timezone = models.CharField(_("time zone"), max_length=64, validators=[validate_timezone])
    crew = models.ManyToManyField(Crew, blank=True, related_name="+")
    equipment = models.ManyToManyField(EquipmentSet, blank=True, related_name="+")
    # NULL, not "", when absent: many rows without a key must not collide on the unique rule.
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("booking series")
        verbose_name_plural = _("booking series")
        ordering = ["-first_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_date__gte=F("first_date")), name="series_dates_ordered"
            ),
            models.UniqueConstraint(fields=["idempotency_key"], name="series_idempotency_key"),
        ]

    def __str__(self) -> str:
        return f"{self.studio} {self.first_date}–{self.last_date}"


class Booking(TimeStampedModel):
    Kind = Kind

    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("studio")
    )
    application = models.ForeignKey(
        "applicants.Application",
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("application"),
    )
    # The application's user, copied here so the database can keep one CEO in one place.
    ceo = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="studio_bookings",
        verbose_name=_("CEO"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    buffered_start = models.DateTimeField(_("studio taken from"))
    buffered_end = models.DateTimeField(_("studio taken until"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SHOW)
    status = models.CharField(
        _("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )
    # NULL, not "", when absent: many rows without a key must not collide on the unique rule.
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    series = models.ForeignKey(
        BookingSeries,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
        verbose_name=_("series"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, max_length=2000)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # Go-live readiness: set once the checklist passed and a scheduler confirmed the show.
    ready_at = models.DateTimeField(_("confirmed ready"), null=True, blank=True)
    ready_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when a scheduler confirmed the show although the checklist did not pass: why.
    ready_override_reason = models.TextField(
        _("reason for going live without the checklist"), blank=True, max_length=2000
    )
    # The CEO (or their assistant, or a scheduler who called them) said they will be there.
    # Cleared when the show moves: the promise was for the old time.
    attendance_confirmed_at = models.DateTimeField(_("attendance confirmed"), null=True, blank=True)
    attendance_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when confirmed through the reminder's link without signing in."),
    )

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="booking_ordered"),
            models.CheckConstraint(
                condition=Q(buffered_start__lte=F("starts_at"), buffered_end__gte=F("ends_at")),
                name="booking_buffers_around_show",
            ),
            models.UniqueConstraint(fields=["idempotency_key"], name="booking_idempotency_key"),
            ExclusionConstraint(
                name="booking_studio_no_overlap",
                expressions=[
                    ("studio", RangeOperators.EQUAL),
                    (_buffered_range(), RangeOperators.OVERLAPS),
                ],
                condition=CONFIRMED,
            ),
            ExclusionConstraint(
                name="booking_ceo_no_overlap",
                expressions=[
                    ("ceo", RangeOperators.EQUAL),
                    (_buffered_range(), RangeOperators.OVERLAPS),
                ],
                condition=CONFIRMED,
            ),
        ]
        indexes = [
            models.Index(fields=["application", "starts_at"]),
            models.Index(fields=["ceo", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.studio.name} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_confirmed_show(self) -> bool:
        return self.kind == Kind.SHOW and self.status == BookingStatus.CONFIRMED


class _Reservation(models.Model):
    """A person or kit held by a booking, with a copy of its range and status for the guard."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE)
    buffered_start = models.DateTimeField()
    buffered_end = models.DateTimeField()
    status = models.CharField(
        max_length=20, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )

    class Meta:
        abstract = True


class BookingCrew(_Reservation):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="crew_assignments")
    crew = models.ForeignKey(Crew, on_delete=models.PROTECT, related_name="assignments")

    class Meta:
        verbose_name = _("crew assignment")
        verbose_name_plural = _("crew assignments")
        ordering = ["crew__role", "crew__name"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "crew"], name="booking_crew_once"),
            ExclusionConstraint(
                name="booking_crew_no_overlap",
                expressions=[
                    ("crew", RangeOperators.EQUAL),
                    (_buffered_range(), RangeOperators.OVERLAPS),
                ],
                condition=CONFIRMED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.crew_id} on #{self.booking_id}"


class BookingEquipment(_Reservation):
    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="equipment_assignments"
    )
    equipment = models.ForeignKey(
        EquipmentSet, on_delete=models.PROTECT, related_name="assignments"
    )

    class Meta:
        verbose_name = _("equipment reservation")
        verbose_name_plural = _("equipment reservations")
        ordering = ["equipment__name"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "equipment"], name="booking_equipment_once"),
            ExclusionConstraint(
                name="booking_equipment_no_overlap",
                expressions=[
                    ("equipment", RangeOperators.EQUAL),
                    (_buffered_range(), RangeOperators.OVERLAPS),
                ],
                condition=CONFIRMED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.equipment_id} on #{self.booking_id}"
