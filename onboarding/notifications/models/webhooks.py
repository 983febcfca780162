import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from onboarding.core.models import TimeStampedModel
from onboarding.notifications.models.fields import ChoiceArrayField


class WebhookEvent(models.TextChoices):
    APPLICATION_SUBMITTED = "application.submitted", _("Application submitted")
    APPLICATION_DECIDED = "application.decided", _("Application decided")
    BOOKING_CREATED = "booking.created", _("Booking created")
    BOOKING_MOVED = "booking.moved", _("Booking moved")
    BOOKING_CANCELLED = "booking.cancelled", _("Booking cancelled")
    SHOW_COMPLETED = "show.completed", _("Show completed")


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(TimeStampedModel):
    """Another system of the platform that hears about our events, signed with its secret."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=_new_secret,
        help_text=_("Bodies are signed with HMAC-SHA256 of this secret (X-Onboarding-Signature)."),
    )
    event_types = ChoiceArrayField(
        models.CharField(max_length=40, choices=WebhookEvent.choices),
        verbose_name=_("events"),
        default=list,
        blank=True,
        help_text=_("Empty: every event."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def wants(self, event_type: str) -> bool:
        return self.is_active and (not self.event_types or event_type in self.event_types)
