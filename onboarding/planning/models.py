"""A festival plan: one run of the planner, kept with who asked, its settings and its result."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from onboarding.core.models import TimeStampedModel

MAX_TIME_LIMIT = 60


class Priority(models.TextChoices):
    """What weighs a CEO when studio hours run short."""

    SCORE = "score", _("Review score")
    ATTENDANCE = "attendance", _("Attendance so far")
    REACH = "reach", _("Brand reach (followers)")


class PlanStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Failed")


FINISHED = (PlanStatus.DONE, PlanStatus.CANCELLED, PlanStatus.FAILED)


class FestivalPlan(TimeStampedModel):
    """A proposed plan for a campaign's days; nothing is booked until a scheduler accepts it.

    `result` holds the proposal: `bookings` (each with its index, studio, application, times,
    crew and kit) and `unmet` (application, week, committed, met, reason). `accepted` maps a
    proposal's index to the booking made from it.
    """

    campaign = models.ForeignKey(
        "applicants.Campaign",
        on_delete=models.CASCADE,
        related_name="festival_plans",
        verbose_name=_("campaign"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("asked by"),
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    priority = models.CharField(
        _("priority"), max_length=20, choices=Priority.choices, default=Priority.SCORE
    )
    time_limit = models.PositiveSmallIntegerField(
        _("time limit (seconds)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TIME_LIMIT)],
    )
    seed = models.PositiveIntegerField(_("seed"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    # Set by the cancel endpoint while the task runs; the task stops at its next step.
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    error = models.TextField(_("error"), blank=True)
    wanted = models.PositiveIntegerField(_("shows wanted"), null=True, blank=True)
    met = models.PositiveIntegerField(_("shows proposed"), null=True, blank=True)
    bound = models.PositiveIntegerField(_("bound"), null=True, blank=True)
    bound_source = models.CharField(_("bound from"), max_length=40, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    accepted = models.JSONField(_("accepted proposals"), default=dict, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("festival plan")
        verbose_name_plural = _("festival plans")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="festival_plan_days_ordered"
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="festival_plan_progress_percent"
            ),
        ]
        indexes = [models.Index(fields=["campaign", "-created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.campaign} {self.first_day}–{self.last_day}"

    @property
    def gap(self) -> int | None:
        """Commitments the plan leaves below its bound."""
        if self.met is None or self.bound is None:
            return None
        return self.bound - self.met

    @property
    def percent_of_bound(self) -> float | None:
        if self.met is None or self.bound is None:
            return None
        return 100.0 if self.bound == 0 else round(100.0 * self.met / self.bound, 1)
