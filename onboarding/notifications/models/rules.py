from django.db import models
from django.utils.translation import gettext_lazy as _

from onboarding.core.models import TimeStampedModel
from onboarding.notifications.models.fields import ChoiceArrayField
from onboarding.notifications.models.outbox import PERSONAL_CHANNEL_CHOICES


class ReminderKind(models.TextChoices):
    TRAINING_SESSION = "training_session", _("Training session")
    STUDIO_SHOW = "studio_show", _("Studio show")
    SAMPLES_NOT_SHIPPED = "samples_not_shipped", _("Samples not shipped")
    DRAFT_UNFINISHED = "draft_unfinished", _("Application draft unfinished")
    INFO_REQUEST_UNANSWERED = "info_request_unanswered", _("Information request unanswered")
    OUTCOME_MISSING = "outcome_missing", _("Show outcome not recorded")
    ATTENDANCE_UNCONFIRMED = "attendance_unconfirmed", _("Show attendance not confirmed")


class ReminderRule(TimeStampedModel):
    """When a reminder goes, and on which channels: staff set these per campaign.

    Rules without a campaign are the defaults, used for a campaign with no rule of that kind.
    """

    class Anchor(models.TextChoices):
        BEFORE_START = "before_start", _("before the event starts")
        AFTER_END = "after_end", _("after the event ends")

    campaign = models.ForeignKey(
        "applicants.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: the default for campaigns without rules of this kind."),
    )
    kind = models.CharField(_("kind"), max_length=60, choices=ReminderKind.choices)
    offset = models.DurationField(_("offset"), help_text=_("For example 1 day, 0:00:00."))
    anchor = models.CharField(
        _("relative to"), max_length=20, choices=Anchor.choices, default=Anchor.BEFORE_START
    )
    channels = ChoiceArrayField(
        models.CharField(max_length=20, choices=PERSONAL_CHANNEL_CHOICES),
        verbose_name=_("channels"),
        default=list,
        help_text=_("E-mail always goes; in-app and SMS go to people who chose them."),
    )
    urgent = models.BooleanField(
        _("urgent"), default=False, help_text=_("Urgent reminders ignore quiet hours.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["kind", "campaign_id", "-offset"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind", "anchor", "offset"],
                name="reminder_rule_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.offset} {self.get_anchor_display()}"


class MessageTemplate(TimeStampedModel):
    """The wording of one kind of message in one language; staff edit it in the admin.

    Subject and body take {placeholders} or Django template syntax ({{ title }}, and
    {% dual_time starts_at_utc %} for any other time, printed in both zones).
    """

    class Language(models.TextChoices):
        EN = "en", _("English")
        ZH_HANS = "zh-hans", _("Simplified Chinese")

    campaign = models.ForeignKey(
        "applicants.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: the default wording."),
    )
    kind = models.CharField(_("kind"), max_length=60)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    sms_body = models.CharField(
        _("SMS text"), max_length=320, blank=True, help_text=_("Empty: the subject is sent.")
    )

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["kind", "language", "campaign_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind", "language"],
                name="message_template_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.language})"
