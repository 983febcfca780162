"""On-air training: modules of a campaign, their sessions, who enrols and who attended."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onboarding.core.i18n import localized
from onboarding.core.models import Role, TimeStampedModel


class TrainingModule(TimeStampedModel):
    """One course of a campaign's training, such as camera presence; required ones must be done."""

    campaign = models.ForeignKey(
        "applicants.Campaign",
        on_delete=models.PROTECT,
        related_name="training_modules",
        verbose_name=_("campaign"),
    )
    code = models.SlugField(_("code"), max_length=50)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=4000, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), max_length=4000, blank=True)
    required = models.BooleanField(
        _("required"),
        default=True,
        help_text=_("A CEO is trained once every required module is attended."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        ordering = ["campaign", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="training_module_code_unique")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")


class TrainingSession(TimeStampedModel):
    """A module taught at a time and place (or on a video link), with a number of seats."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    module = models.ForeignKey(
        TrainingModule, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("module")
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="training_sessions",
        limit_choices_to={"role": Role.TRAINER},
        verbose_name=_("trainer"),
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=255, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="training_session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="training_session_has_a_seat"
            ),
        ]
        indexes = [models.Index(fields=["trainer", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def title(self) -> str:
        """The module's title in the active language (calendar feeds show it)."""
        return self.module.title


class Enrolment(TimeStampedModel):
    """A CEO's seat in a session, or their place on its waiting list (oldest first)."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("session"),
    )
    application = models.ForeignKey(
        "applicants.Application",
        on_delete=models.CASCADE,
        related_name="training_enrolments",
        verbose_name=_("application"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("enrolled by"),
    )
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        # The waiting list is served in this order.
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "application"],
                condition=~Q(status="cancelled"),
                name="one_live_enrolment_per_session",
                violation_error_message=_("This CEO is already enrolled in this session."),
            )
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.application_id} in {self.session_id} ({self.status})"


class Attendance(models.Model):
    """Whether an enrolled CEO came, as the session's trainer marked it."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("enrolment")
    )
    attended = models.BooleanField(_("attended"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {'attended' if self.attended else 'absent'}"
