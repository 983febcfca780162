"""What happens around a show: the samples' journey, the outcome, and the private feeds."""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onboarding.studios.models.bookings import Booking
from onboarding.studios.models.studios import Studio


class SampleShipment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Not sent yet")
        SHIPPED = "shipped", _("On its way")
        RECEIVED = "received", _("Received at the studio")

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="shipment")
    carrier = models.CharField(_("carrier"), max_length=80, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=80, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    expected_arrival = models.DateTimeField(_("expected arrival"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("samples shipment")
        verbose_name_plural = _("samples shipments")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="received", received_at__isnull=False) | ~Q(status="received"),
                name="shipment_received_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_number}".strip() or str(self.get_status_display())


class ShowOutcome(models.Model):
    class Result(models.TextChoices):
        HELD = "held", _("Held")
        NO_SHOW = "no_show", _("No-show")

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="outcome")
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    viewers = models.PositiveIntegerField(_("viewers"), null=True, blank=True)
    turnover = models.DecimalField(
        _("turnover (CNY)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    new_followers = models.PositiveIntegerField(_("new followers"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("show outcome")
        verbose_name_plural = _("show outcomes")
        constraints = [
            models.CheckConstraint(
                condition=Q(turnover__isnull=True) | Q(turnover__gte=0),
                name="outcome_turnover_not_negative",
            )
        ]

    def __str__(self) -> str:
        return str(self.get_result_display())


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private iCalendar feed; whoever holds the token reads it, so it can be rotated."""

    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    studio = models.OneToOneField(
        Studio, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    rotated_at = models.DateTimeField(_("token last changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, studio__isnull=True)
                | Q(user__isnull=True, studio__isnull=False),
                name="feed_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"feed of {self.user or self.studio}"
