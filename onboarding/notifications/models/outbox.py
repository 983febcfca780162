import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onboarding.core.models import TimeStampedModel


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    IN_APP = "in_app", _("In-app")
    SMS = "sms", _("SMS")
    WEBHOOK = "webhook", _("Webhook")


# What a person may hear on; webhooks are for other systems.
PERSONAL_CHANNELS = (Channel.EMAIL, Channel.IN_APP, Channel.SMS)
PERSONAL_CHANNEL_CHOICES = [(channel.value, channel.label) for channel in PERSONAL_CHANNELS]


def event_key(kind: str, event_id: int | str) -> str:
    """How a message names its event: "studio_show:42" (read back by Message.event_kind/_id)."""
    return f"{kind}:{event_id}"


# Statuses a live reminder can be in: two rows in these never share a unique key.
LIVE_STATUSES = ["pending", "sending", "sent", "failed"]


class Message(TimeStampedModel):
    """A message in the outbox: written in the transaction that causes it, sent once.

    `due_at` is when it is meant to go and, with recipient, channel, event and kind, names the
    message (the unique key). `next_attempt_at` is when the dispatcher may take it: later than
    `due_at` in quiet hours or after a failure.
    """

    Channel = Channel

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        SKIPPED = "skipped", _("Not sent (event over or moved)")

    # Idempotency key handed to the provider: the e-mail's Message-ID, the SMS gateway's key,
    # the webhook's delivery id. The same on every attempt.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.EMAIL
    )
    kind = models.CharField(_("kind"), max_length=60)
    recipient = models.CharField(_("recipient"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    endpoint = models.ForeignKey(
        "notifications.WebhookEndpoint",
        verbose_name=_("webhook endpoint"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    language = models.CharField(_("language"), max_length=10)
    recipient_timezone = models.CharField(_("recipient's time zone"), max_length=64, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    # A caller's own key for one-off messages: the same key twice is one message.
    dedupe_key = models.CharField(max_length=200, blank=True, default="")
    event_key = models.CharField(_("event"), max_length=100, blank=True, default="")
    event_starts_at = models.DateTimeField(_("event starts"), null=True, blank=True)
    event_ends_at = models.DateTimeField(_("event ends"), null=True, blank=True)
    rule = models.ForeignKey(
        "notifications.ReminderRule",
        verbose_name=_("reminder rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    due_at = models.DateTimeField(_("due"))
    next_attempt_at = models.DateTimeField(_("next attempt"))
    # Set when a dispatcher handed the row to the broker, so a second dispatcher leaves it.
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            # Event first: the same index finds an event's reminders to move or cancel.
            models.UniqueConstraint(
                fields=["event_key", "kind", "recipient", "channel", "due_at"],
                condition=~Q(event_key="") & Q(status__in=LIVE_STATUSES),
                name="message_once_per_event_kind_due",
            ),
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=~Q(dedupe_key="") & Q(status__in=LIVE_STATUSES),
                name="message_once_per_dedupe_key",
            ),
        ]
        indexes = [
            # What the dispatcher reads: due rows not yet handed to the broker...
            models.Index(
                fields=["next_attempt_at"],
                name="message_pending_unqueued",
                condition=Q(status="pending", queued_at__isnull=True),
            ),
            # ...rows handed over long ago and never taken...
            models.Index(
                fields=["queued_at"],
                name="message_pending_queued",
                condition=Q(status="pending", queued_at__isnull=False),
            ),
            # ...and claims whose sender may have died.
            models.Index(
                fields=["claimed_at"], name="message_sending", condition=Q(status="sending")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.status})"

    @property
    def event_kind(self) -> str:
        return self.event_key.partition(":")[0]

    @property
    def event_id(self) -> str:
        return self.event_key.partition(":")[2]


class Delivery(models.Model):
    """The sent log: one line per attempt, and the provider's receipt when it accepted.

    At most one `accepted` line per message (a database guarantee). It is written in the same
    transaction that marks the message sent, and every resend checks it first.
    """

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted by the provider")
        FAILED = "failed", _("Failed")
        INTERRUPTED = "interrupted", _("Sender stopped mid-send")
        SKIPPED = "skipped", _("Not sent")

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="deliveries"
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    provider_id = models.CharField(_("provider's id"), max_length=200, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"))

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery log")
        ordering = ["message", "finished_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message"],
                condition=Q(outcome="accepted"),
                name="delivery_one_acceptance_per_message",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.attempt} {self.outcome}"
