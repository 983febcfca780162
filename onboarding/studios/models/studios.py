"""Studios and what a booking needs from them: hours, blackouts, crew, kit, campaign rules."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from onboarding.core.models import TimeStampedModel


def validate_timezone(value: str) -> None:
    try:
        ZoneInfo(value)
    # A name too long for a file (OSError) is no zone either.
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValidationError(
            _("“%(value)s” is not a known time zone."), params={"value": value}
        ) from None


class SchedulingSettings(models.Model):
    """How one campaign schedules shows; every number here is the schedulers' to tune."""

    campaign = models.OneToOneField(
        "applicants.Campaign", on_delete=models.CASCADE, related_name="scheduling_settings"
    )
    cutoff_hours = models.PositiveSmallIntegerField(
        _("cut-off (hours before a show)"),
        default=48,
        help_text=_("Inside it, only a scheduler may move or cancel a booking."),
    )
    rehearsal_required = models.BooleanField(_("a studio rehearsal is required"), default=False)
    samples_due_hours = models.PositiveSmallIntegerField(
        _("samples due (hours before a show)"), default=72
    )
    attendance_threshold = models.PositiveSmallIntegerField(
        _("attendance threshold (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("CEOs whose attendance rate falls below it are flagged."),
    )

    class Meta:
        verbose_name = _("scheduling settings")
        verbose_name_plural = _("scheduling settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance_threshold__lte=100), name="attendance_threshold_percent"
            )
        ]

    def __str__(self) -> str:
        return str(self.campaign)


class Studio(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120)
    city = models.CharField(_("city"), max_length=80)
    address = models.CharField(_("address"), max_length=300, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_timezone]
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity (people)"), default=6, validators=[MinValueValidator(1)]
    )
    equipment = models.TextField(_("fixed equipment"), blank=True, max_length=2000)
    setup_minutes = models.PositiveSmallIntegerField(
        _("setup buffer (minutes)"), default=30, validators=[MaxValueValidator(240)]
    )
    teardown_minutes = models.PositiveSmallIntegerField(
        _("teardown buffer (minutes)"), default=30, validators=[MaxValueValidator(240)]
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("studio")
        verbose_name_plural = _("studios")
        ordering = ["city", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """One opening window on a weekday, in the studio's local time; a day may have several."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["studio", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")),
                name="opening_hours_ordered",
                violation_error_message=_("A studio closes after it opens."),
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="opening_hours_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Blackout(models.Model):
    """A period the studio cannot be booked: maintenance, a holiday, a private event."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="blackouts")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("blackout period")
        verbose_name_plural = _("blackout periods")
        ordering = ["studio", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="blackout_ordered",
                violation_error_message=_("A blackout ends after it starts."),
            )
        ]
        indexes = [models.Index(fields=["studio", "starts_at", "ends_at"])]

    def __str__(self) -> str:
        return self.reason


class Crew(models.Model):
    class Role(models.TextChoices):
        HOST_ASSISTANT = "host_assistant", _("Host assistant")
        CAMERA_OPERATOR = "camera_operator", _("Camera operator")

    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="crew_profiles",
        help_text=_("Their sign-in account, if any: their calendar feed then shows their shows."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("crew member")
        verbose_name_plural = _("crew")
        ordering = ["role", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class EquipmentSet(models.Model):
    name = models.CharField(_("name"), max_length=120)
    studio = models.ForeignKey(
        Studio,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="equipment_sets",
        help_text=_("Kit kept in one studio is booked there only; leave empty for kit that moves."),
    )
    description = models.TextField(_("contents"), blank=True, max_length=2000)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("equipment set")
        verbose_name_plural = _("equipment sets")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
