"""Standby backfill: a cancelled show's slot offered to ready CEOs, the first to accept gets it.

A `FreedSlot` is the studio time a cancelled show left; `StandbyOffer` rows are the offers made
for it, a wave at a time. Two rules the database keeps, whatever the code above does: a slot
holds at most one accepted offer (a partial unique index), and a slot is filled by one booking
(a unique foreign key). The accepting service also locks the slot's row, so a second
acceptance waits and then finds the slot filled.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onboarding.studios.models.bookings import Booking
from onboarding.studios.models.studios import Studio


class FreedSlot(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Offered to standby CEOs")
        FILLED = "filled", _("Taken by a standby CEO")
        EXHAUSTED = "exhausted", _("Nobody ready took it")
        CLOSED = "closed", _("Closed")

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="freed_slots")
    campaign = models.ForeignKey(
        "applicants.Campaign", on_delete=models.CASCADE, related_name="freed_slots"
    )
    cancelled_booking = models.OneToOneField(
        Booking, on_delete=models.CASCADE, related_name="freed_slot"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    # The booking a standby CEO got; unique, so one slot can never fill two bookings.
    booking = models.OneToOneField(
        Booking,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="filled_slot",
    )
    # The scheduler the backfill books for (booking_create wants a scheduler): the one who
    # cancelled, or the one who booked the cancelled show.
    scheduler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("freed"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("freed slot")
        verbose_name_plural = _("freed slots")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.studio_id} {self.starts_at:%Y-%m-%d %H:%M}"


class StandbyOffer(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Taken by someone else")

    slot = models.ForeignKey(FreedSlot, on_delete=models.CASCADE, related_name="offers")
    application = models.ForeignKey(
        "applicants.Application", on_delete=models.CASCADE, related_name="standby_offers"
    )
    ceo = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="standby_offers"
    )
    rank = models.PositiveSmallIntegerField(_("place on the standby list"))
    wave = models.PositiveSmallIntegerField(_("wave"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    offered_at = models.DateTimeField(_("offered"))
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("standby offer")
        verbose_name_plural = _("standby offers")
        ordering = ["slot", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status="accepted"),
                name="standby_one_accepted_per_slot",
            ),
            models.UniqueConstraint(
                fields=["slot", "application"], name="standby_one_offer_per_ceo"
            ),
        ]
        indexes = [
            models.Index(
                fields=["expires_at"], condition=Q(status="pending"), name="standby_pending"
            ),
            models.Index(fields=["ceo", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.slot_id} → {self.application_id} ({self.status})"
