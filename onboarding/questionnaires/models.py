from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onboarding.core.i18n import is_chinese, localized
from onboarding.core.models import TimeStampedModel


class Questionnaire(TimeStampedModel):
    """One version of a campaign's questions; published versions are never edited again."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    campaign = models.ForeignKey(
        "applicants.Campaign", on_delete=models.PROTECT, related_name="questionnaires"
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    consent_text_en = models.TextField(_("consent text (English)"))
    consent_text_zh = models.TextField(_("consent text (Chinese)"))

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["campaign", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "version"], name="questionnaire_version_unique"
            ),
            models.UniqueConstraint(
                fields=["campaign"],
                condition=Q(status="published"),
                name="one_published_questionnaire_per_campaign",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} v{self.version} ({self.get_status_display()})"

    @property
    def consent_text(self) -> str:
        return localized(self, "consent_text")


class Question(models.Model):
    class Kind(models.TextChoices):
        NUMBER = "number", _("Number")
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        TEXT = "text", _("Text")
        YES_NO = "yes_no", _("Yes or no")
        WEEKLY_AVAILABILITY = "weekly_availability", _("Weekly availability")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(
        _("key"), help_text=_("Stable name of the question across versions, e.g. weekly_events.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    label_en = models.CharField(_("question (English)"), max_length=300)
    label_zh = models.CharField(_("question (Chinese)"), max_length=300)
    help_en = models.CharField(_("help (English)"), max_length=500, blank=True)
    help_zh = models.CharField(_("help (Chinese)"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    min_value = models.IntegerField(_("minimum"), null=True, blank=True)
    max_value = models.IntegerField(_("maximum"), null=True, blank=True)
    max_length = models.PositiveIntegerField(_("maximum length"), default=1000)
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_('A list of {"value": "...", "en": "...", "zh": "..."}.'),
    )
    # Shown only when the answer to an earlier question is one of these values.
    show_if_key = models.SlugField(_("show only if question"), blank=True)
    show_if_values = models.JSONField(_("has one of the values"), default=list, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="question_key_unique"),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="question_bounds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.label_en}"

    @property
    def label(self) -> str:
        return localized(self, "label")

    @property
    def help_text(self) -> str:
        return localized(self, "help")

    def choice_pairs(self) -> list[tuple[str, str]]:
        chinese = is_chinese()
        return [(c["value"], (chinese and c.get("zh")) or c.get("en", "")) for c in self.choices]

    def choice_values(self) -> list[str]:
        return [c["value"] for c in self.choices]


class Answer(models.Model):
    application = models.ForeignKey(
        "applicants.Application", on_delete=models.CASCADE, related_name="answers"
    )
    # The question row belongs to one questionnaire version, so the answer keeps its version.
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(_("answer"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question.key} = {self.value}"


WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
