from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Role(models.TextChoices):
    CEO = "ceo", _("CEO applicant")
    REVIEWER = "reviewer", _("Reviewer")
    LEAD_REVIEWER = "lead_reviewer", _("Lead reviewer")
    TRAINER = "trainer", _("Trainer")
    SCHEDULER = "scheduler", _("Scheduler")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CEO)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    # The staff portal opens on the campaign this person worked on last (a slug, not a key:
    # core knows no domain app).
    last_campaign = models.SlugField(_("last campaign"), blank=True, default="")

    class Meta(AbstractUser.Meta):
        # Accounts are found by e-mail whatever its case (`email__iexact` compares UPPER()):
        # each submission and each sign-in, which without it scan every account.
        indexes = [models.Index(Upper("email"), name="user_email_upper")]

    def has_role(self, *roles: str) -> bool:
        return self.is_active and (self.is_superuser or self.role in roles)


class AuditEntry(models.Model):
    """One append-only line of history: who moved what from where to where, and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.BigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("action"), max_length=50)
    from_state = models.CharField(_("from"), max_length=30, blank=True)
    to_state = models.CharField(_("to"), max_length=30, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"
