from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onboarding.core.models import TimeStampedModel
from onboarding.notifications.models.fields import ChoiceArrayField
from onboarding.notifications.models.outbox import PERSONAL_CHANNEL_CHOICES, Message


class Notification(models.Model):
    """A line in a person's in-app notification list."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # The outbox row it came from: one notification per message, however often it is sent.
    message = models.OneToOneField(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="notification"
    )
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="notification_user_recent")]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(TimeStampedModel):
    """How a person wants to hear from us. Empty language or zone: the account's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    channels = ChoiceArrayField(
        models.CharField(max_length=20, choices=PERSONAL_CHANNEL_CHOICES),
        verbose_name=_("channels"),
        default=list,
        blank=True,
        help_text=_("E-mail is always on."),
    )
    phone = models.CharField(_("mobile phone for SMS"), max_length=20, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    timezone = models.CharField(_("time zone"), max_length=64, blank=True)
    quiet_hours = models.BooleanField(_("quiet hours"), default=True)
    quiet_start = models.TimeField(_("quiet from"), default="22:00")
    quiet_end = models.TimeField(_("quiet until"), default="08:00")

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
