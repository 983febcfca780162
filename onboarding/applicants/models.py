import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onboarding.core.models import TimeStampedModel


class Campaign(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120, blank=True)
    slug = models.SlugField(unique=True)
    code = models.CharField(
        _("reference prefix"), max_length=8, unique=True, help_text=_("Starts every reference.")
    )
    application_opens_at = models.DateTimeField(_("applications open"))
    application_closes_at = models.DateTimeField(_("applications close"))
    sales_starts_on = models.DateField(_("sales start"))
    sales_ends_on = models.DateField(_("sales end"))
    min_weekly_events = models.PositiveSmallIntegerField(_("minimum live events a week"), default=1)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    is_active = models.BooleanField(_("active"), default=True)
    # What the campaign aims for; empty while no target is set. Set through campaign_targets_set.
    target_ceos_live = models.PositiveIntegerField(
        _("target: CEOs live"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How many CEOs should go live in this campaign."),
    )
    target_shows = models.PositiveIntegerField(
        _("target: shows"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How many live shows the campaign should hold."),
    )
    target_turnover_cny = models.DecimalField(
        _("target: turnover (CNY)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("The turnover the campaign's shows should reach, in yuan."),
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-application_opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(application_closes_at__gt=models.F("application_opens_at")),
                name="campaign_application_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(sales_ends_on__gte=models.F("sales_starts_on")),
                name="campaign_sales_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(target_ceos_live__isnull=True) | Q(target_ceos_live__gte=1),
                name="campaign_target_ceos_live_positive",
            ),
            models.CheckConstraint(
                condition=Q(target_shows__isnull=True) | Q(target_shows__gte=1),
                name="campaign_target_shows_positive",
            ),
            models.CheckConstraint(
                condition=Q(target_turnover_cny__isnull=True) | Q(target_turnover_cny__gt=0),
                name="campaign_target_turnover_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def accepts_applications(self, at=None) -> bool:
        at = at or timezone.now()
        return self.is_active and self.application_opens_at <= at < self.application_closes_at


UNKNOWN_CHANNEL_CODE_LENGTH = 50


class Channel(models.Model):
    """Where an applicant came from; invitation links carry its code (?via=code)."""

    class Kind(models.TextChoices):
        SOCIAL = "social", _("Social media")
        REFERRAL = "referral", _("Referral")
        PARTNER = "partner", _("Partner")
        OTHER = "other", _("Other")

    code = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        verbose_name = _("recruitment channel")
        verbose_name_plural = _("recruitment channels")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Industry(models.TextChoices):
    BEAUTY = "beauty", _("Beauty and personal care")
    FASHION = "fashion", _("Fashion and accessories")
    FOOD = "food", _("Food and drink")
    AGRICULTURE = "agriculture", _("Agriculture and fresh produce")
    HOME = "home", _("Home and furniture")
    ELECTRONICS = "electronics", _("Consumer electronics")
    HEALTH = "health", _("Health and wellness")
    MOTHER_BABY = "mother_baby", _("Mother and baby")
    SPORTS = "sports", _("Sports and outdoors")
    OTHER = "other", _("Other")


class LiveExperience(models.TextChoices):
    NONE = "none", _("Never streamed")
    OCCASIONAL = "occasional", _("A few times")
    REGULAR = "regular", _("Stream regularly")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    NEEDS_INFO = "needs_info", _("Needs information")
    APPROVED = "approved", _("Approved")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    TRAINED = "trained", _("Trained")
    SCHEDULED = "scheduled", _("Scheduled")
    LIVE = "live", _("Live")


# What the applicant sees: internal stages stay internal.
PUBLIC_STATUS_LABELS: dict[str, str | Promise] = {
    Status.DRAFT: _("Draft, not sent yet"),
    Status.SUBMITTED: _("Received, waiting for review"),
    Status.IN_REVIEW: _("Being reviewed"),
    Status.NEEDS_INFO: _("We need more information from you"),
    Status.APPROVED: _("Accepted: training comes next"),
    Status.WAITLISTED: _("On the waiting list"),
    Status.REJECTED: _("Not selected this time"),
    Status.WITHDRAWN: _("Withdrawn"),
    Status.TRAINED: _("Training complete"),
    Status.SCHEDULED: _("Show scheduled"),
    Status.LIVE: _("Live selling"),
}

# An applicant may hold one of these per campaign at a time (drafts do not count).
OPEN_STATUSES = [
    s for s in Status.values if s not in (Status.DRAFT, Status.WITHDRAWN, Status.REJECTED)
]


def new_draft_token() -> str:
    return secrets.token_urlsafe(24)


def display_name_of(*, brand: str, company: str, person: str, reference: str) -> str:
    """The one rule for naming an application on a page, a message or a feed: its brand, else its
    company, else the person's name, else its reference. For rows read with .values() too."""
    return brand or company or person or reference


class Application(TimeStampedModel):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="applications", verbose_name=_("campaign")
    )
    questionnaire = models.ForeignKey(
        "questionnaires.Questionnaire",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("questionnaire version"),
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    channel = models.ForeignKey(
        Channel,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        verbose_name=_("recruitment channel"),
    )
    # The ?via= code of an invitation link that names no channel (a typo, an old link): kept so
    # the intake counts show it as "unknown: <code>" instead of passing it off as direct.
    unknown_channel_code = models.CharField(
        _("unknown channel code"), max_length=UNKNOWN_CHANNEL_CODE_LENGTH, blank=True
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # Secret part of the private link: whoever holds it may edit the draft and see the status.
    draft_token = models.CharField(max_length=64, unique=True, default=new_draft_token)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )

    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)

    company_name = models.CharField(_("company"), max_length=200, blank=True)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices, blank=True)
    company_website = models.URLField(_("company website"), blank=True)
    years_in_business = models.PositiveSmallIntegerField(
        _("years in business"), null=True, blank=True
    )
    brand_name = models.CharField(_("brand"), max_length=200, blank=True)
    products = models.TextField(_("products"), max_length=2000, blank=True)

    on_camera_in_person = models.BooleanField(
        _("will appear on camera in person"), null=True, blank=True
    )
    live_experience = models.CharField(
        _("live-stream experience"), max_length=20, choices=LiveExperience.choices, blank=True
    )
    live_experience_notes = models.TextField(
        _("about your live-stream experience"), max_length=2000, blank=True
    )

    # Someone who keeps the CEO's diary: told when a show is not confirmed in time.
    assistant_name = models.CharField(_("assistant's name"), max_length=100, blank=True)
    assistant_email = models.EmailField(_("assistant's e-mail"), blank=True)
    assistant_phone = models.CharField(_("assistant's mobile phone"), max_length=20, blank=True)

    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                "campaign",
                Lower("email"),
                condition=Q(status__in=OPEN_STATUSES),
                name="one_open_application_per_email",
                violation_error_message=_("An application with this e-mail is already open."),
            ),
            models.UniqueConstraint(
                fields=["campaign", "phone"],
                condition=Q(status__in=OPEN_STATUSES),
                name="one_open_application_per_phone",
                violation_error_message=_("An application with this phone is already open."),
            ),
        ]
        indexes = [models.Index(fields=["campaign", "status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.display_name}"

    @property
    def display_name(self) -> str:
        """What the programme calls this applicant: see display_name_of."""
        return display_name_of(
            brand=self.brand_name,
            company=self.company_name,
            person=self.full_name,
            reference=self.reference,
        )

    @property
    def public_status_label(self) -> str:
        return str(PUBLIC_STATUS_LABELS[Status(self.status)])


class SocialAccount(models.Model):
    class Platform(models.TextChoices):
        DOUYIN = "douyin", _("Douyin")
        KUAISHOU = "kuaishou", _("Kuaishou")
        WEIBO = "weibo", _("Weibo")
        WECHAT_CHANNELS = "wechat_channels", _("WeChat Channels")
        XIAOHONGSHU = "xiaohongshu", _("Xiaohongshu")
        BILIBILI = "bilibili", _("Bilibili")
        TAOBAO_LIVE = "taobao_live", _("Taobao Live")
        INSTAGRAM = "instagram", _("Instagram")
        TIKTOK = "tiktok", _("TikTok")
        YOUTUBE = "youtube", _("YouTube")
        LINKEDIN = "linkedin", _("LinkedIn")
        OTHER = "other", _("Other")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="social_accounts"
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    handle = models.CharField(_("handle"), max_length=100)
    followers = models.PositiveIntegerField(_("followers"))

    class Meta:
        verbose_name = _("social account")
        verbose_name_plural = _("social accounts")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "platform", "handle"], name="social_account_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} @{self.handle}"


class PersonalDataAccess(models.Model):
    """A staff member opened an applicant's personal details: who, when, where (one row a read)."""

    class Via(models.TextChoices):
        REVIEW_DETAIL = "review_detail", _("Review queue: one application")
        STAFF_DETAIL = "staff_detail", _("Applications API: one application")
        ADMIN = "admin", _("Admin: change page")
        CSV_EXPORT = "csv_export", _("Review queue: CSV export")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="+", verbose_name=_("application")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("staff member"),
    )
    via = models.CharField(_("where"), max_length=20, choices=Via.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["application", "at"])]

    def __str__(self) -> str:
        return f"{self.actor_id} read {self.application_id} ({self.via})"


class AccessCode(models.Model):
    """A one-time code sent to the applicant's e-mail: with the private link, it proves who asks.

    Only a hash is kept; it is spent by its first right use, and refused after too many wrong
    tries or once expired.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("access code")
        verbose_name_plural = _("access codes")
        indexes = [models.Index(fields=["application", "created_at"])]

    def __str__(self) -> str:
        return f"code for {self.application_id} ({'used' if self.used_at else 'open'})"


class ErasureRequest(models.Model):
    """An applicant asked for their personal data to be erased; a lead confirms or refuses."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a lead")
        CONFIRMED = "confirmed", _("Erased")
        REFUSED = "refused", _("Refused")

    class Via(models.TextChoices):
        ACCOUNT = "account", _("Signed in")
        PRIVATE_LINK = "private_link", _("Private link and code")

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="erasure_requests",
        verbose_name=_("application"),
    )
    via = models.CharField(_("asked through"), max_length=20, choices=Via.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="pending"),
                name="one_pending_erasure_per_application",
            )
        ]

    def __str__(self) -> str:
        return f"erasure of {self.application_id} ({self.status})"
