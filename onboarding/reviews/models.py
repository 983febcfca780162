from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from onboarding.core.models import TimeStampedModel


class ReviewSettings(models.Model):
    """How one campaign is reviewed; every number here is the staff's to tune."""

    campaign = models.OneToOneField(
        "applicants.Campaign", on_delete=models.CASCADE, related_name="review_settings"
    )
    hide_identity = models.BooleanField(
        _("blind review: hide applicants' identity from reviewers"),
        default=False,
        help_text=_(
            "Reviewers see no name, e-mail, phone, company, brand, website, social handles or "
            "assistant, in the queue, the details, the history and CSV exports; leads still do."
        ),
    )
    four_eyes = models.BooleanField(
        _("approvals need a second reviewer"),
        default=False,
        help_text=_("An approval waits for a second, different reviewer before it counts."),
    )
    open_scoring = models.BooleanField(
        _("every reviewer may score and add notes"),
        default=True,
        help_text=_(
            "On: any reviewer gives a score and notes, for several opinions. Off: only the "
            "assigned reviewer and leads do. Deciding is always for the assigned reviewer and "
            "leads."
        ),
    )
    decision_days = models.PositiveSmallIntegerField(
        _("decision within (business days)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("For applications sent or answered from now on; due dates set stay."),
    )
    info_response_days = models.PositiveSmallIntegerField(
        _("applicant answers an information request within (days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("For information requests asked from now on."),
    )

    class Meta:
        verbose_name = _("review settings")
        verbose_name_plural = _("review settings")

    def __str__(self) -> str:
        return str(self.campaign)


class Criterion(models.Model):
    """One screening rule; hard rules must pass, soft rules add their weight when they pass."""

    class Kind(models.TextChoices):
        ON_CAMERA = "on_camera", _("Appears on camera in person")
        FOLLOWERS = "followers", _("Followers on a platform at or above a threshold")
        WEEKLY_EVENTS = "weekly_events", _("Weekly live events at or above the campaign minimum")
        ANSWER_AT_LEAST = "answer_at_least", _("A numeric answer at or above a minimum")
        YEARS_IN_BUSINESS = "years_in_business", _("Years in business at or above a minimum")
        INDUSTRY = "industry", _("Industry is one of a list")
        LIVE_EXPERIENCE = "live_experience", _("Live-stream experience is one of a list")

    campaign = models.ForeignKey(
        "applicants.Campaign", on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    hard = models.BooleanField(_("hard requirement"), default=False)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=10, validators=[MaxValueValidator(1000)]
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)

    class Meta:
        verbose_name = _("screening criterion")
        verbose_name_plural = _("screening criteria")
        ordering = ["campaign", "position", "id"]

    def __str__(self) -> str:
        return self.name


class ReviewCase(models.Model):
    """The review side of one application: its screening result, reviewer and deadline."""

    application = models.OneToOneField(
        "applicants.Application",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="review",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_cases",
        verbose_name=_("assigned reviewer"),
    )
    score = models.IntegerField(_("score"), default=0, db_index=True)
    max_score = models.IntegerField(_("maximum score"), default=0)
    hard_failed = models.BooleanField(_("fails a hard requirement"), default=False)
    breakdown = models.JSONField(_("score breakdown"), default=list)
    screened_at = models.DateTimeField(_("screened"), null=True)
    decision_due_at = models.DateTimeField(_("decision due"), null=True, db_index=True)
    # Four eyes: the first approval waits here for a second, different reviewer.
    first_approval_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A lead approved it although it fails a hard requirement; the reason is in the history too.
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hard requirement overridden by"),
    )
    override_reason = models.TextField(_("why the hard requirement was overridden"), blank=True)

    class Meta:
        verbose_name = _("review case")
        verbose_name_plural = _("review cases")
        indexes = [models.Index(fields=["reviewer", "score"])]

    def __str__(self) -> str:
        return f"review of {self.application_id}"


class ReviewerScore(TimeStampedModel):
    """A reviewer's own judgement, hidden from other reviewers until they give theirs."""

    application = models.ForeignKey(
        "applicants.Application", on_delete=models.CASCADE, related_name="reviewer_scores"
    )
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    score = models.PositiveSmallIntegerField(
        _("score (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("reviewer score")
        verbose_name_plural = _("reviewer scores")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_score_each"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="score_1_to_5"
            ),
        ]


class ReviewNote(TimeStampedModel):
    """Internal notes; an applicant's answer to an information request is one too."""

    application = models.ForeignKey(
        "applicants.Application", on_delete=models.CASCADE, related_name="review_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    from_applicant = models.BooleanField(default=False)
    text = models.TextField(_("note"), max_length=4000)

    class Meta:
        verbose_name = _("review note")
        verbose_name_plural = _("review notes")
        ordering = ["created_at", "id"]


class ConflictOfInterest(TimeStampedModel):
    application = models.ForeignKey(
        "applicants.Application", on_delete=models.CASCADE, related_name="conflicts"
    )
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    reason = models.TextField(_("reason"), max_length=2000)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_conflict_each")
        ]


class RecomputeJob(TimeStampedModel):
    """Re-scoring a whole campaign after its criteria changed, with progress for the lead."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    campaign = models.ForeignKey("applicants.Campaign", on_delete=models.CASCADE)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("re-scoring job")
        verbose_name_plural = _("re-scoring jobs")


class ReviewerWorkload(models.Model):
    """How many open reviews (submitted, in review, needs info) a reviewer holds in a campaign.

    Kept by the database, not by Python: triggers on review cases and applications change it in
    the transaction that assigns, reassigns, decides or withdraws (onboarding/reviews/workload.py),
    whatever the path (a service, the admin, a bulk update), so choosing the least busy reviewer
    reads one small row per reviewer instead of counting the campaign's applications.
    """

    campaign = models.ForeignKey("applicants.Campaign", on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    open_reviews = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("reviewer workload")
        verbose_name_plural = _("reviewer workloads")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "reviewer"], name="one_workload_each")
        ]
        # The least busy first: the choice reads this index's first unlocked entry.
        indexes = [
            models.Index(
                fields=["campaign", "open_reviews", "reviewer"], name="workload_least_busy"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id} in {self.campaign_id}: {self.open_reviews}"
