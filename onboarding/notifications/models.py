from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onboarding.core.models import TimeStampedModel


class Message(TimeStampedModel):
    """A message in the outbox: written in the transaction that causes it, sent once."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.EMAIL)
    kind = models.CharField(_("kind"), max_length=60)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    # Same key, same message: scheduling it twice is a no-op.
    dedupe_key = models.CharField(max_length=200, unique=True)
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(
                fields=["due_at"], name="message_pending_due", condition=Q(status="pending")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.status})"
