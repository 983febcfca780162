from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from onboarding.applicants.api.serializers import AnswerSerializer, SocialAccountSerializer
from onboarding.applicants.exports import IDENTITY_FIELDS
from onboarding.applicants.models import Application
from onboarding.applicants.workflow import DECISIONS, LEADS
from onboarding.core.api.rows import CachedFieldsMixin, iso
from onboarding.core.api.serializers import (
    AuditEntrySerializer,
    StrictInputMixin,
    StrictSerializer,
)
from onboarding.reviews import scoring, selectors
from onboarding.reviews.models import (
    Criterion,
    RecomputeJob,
    ReviewerScore,
    ReviewNote,
    ReviewSettings,
)
from onboarding.reviews.services import SETTINGS_FIELDS

HIDDEN = "—"


class _IdentityAware(CachedFieldsMixin, serializers.ModelSerializer):
    """Blanks who applied when the campaign hides identity from this reader (blind review):
    the fields of IDENTITY_FIELDS, social handles, handles in the breakdown, the applicant's
    own login in the history."""

    def to_representation(self, application):
        data = super().to_representation(application)
        user = self.context["request"].user
        if selectors.identity_hidden(user=user, application=application):
            for name in IDENTITY_FIELDS:
                if name in data:
                    data[name] = HIDDEN
            for account in data.get("social_accounts", []):
                account["handle"] = HIDDEN
            for shown, entry in zip(
                data.get("breakdown", []), application.review.breakdown, strict=False
            ):
                shown["why"] = scoring.describe(entry, anonymous=True)
        return data


class QueueRowSerializer(_IdentityAware):
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    score = serializers.SerializerMethodField(
        help_text=_("Points on the soft criteria; null when a hard requirement fails.")
    )
    max_score = serializers.IntegerField(source="review.max_score")
    soft_score = serializers.SerializerMethodField(
        help_text=_("Points on the soft criteria, whatever the hard ones say.")
    )
    score_text = serializers.SerializerMethodField(
        help_text=_("The score as a reviewer reads it: “42 / 60”, or which hard requirement fails.")
    )
    hard_failed = serializers.BooleanField(source="review.hard_failed")
    failed_criteria = serializers.SerializerMethodField(
        help_text=_("Names of the hard criteria the application fails.")
    )
    hard_failure_overridden = serializers.SerializerMethodField(
        help_text=_("A lead approved it despite the hard failure; the reason is in the history.")
    )
    reviewer = serializers.CharField(
        source="review.reviewer.username", default=None, allow_null=True
    )
    decision_due_at = serializers.DateTimeField(source="review.decision_due_at", allow_null=True)
    overdue = serializers.SerializerMethodField()
    awaiting_second_approval = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "campaign",
            "status",
            "full_name",
            "company_name",
            "brand_name",
            "industry",
            "email",
            "phone",
            "score",
            "max_score",
            "soft_score",
            "score_text",
            "hard_failed",
            "failed_criteria",
            "hard_failure_overridden",
            "reviewer",
            "submitted_at",
            "decision_due_at",
            "overdue",
            "awaiting_second_approval",
        ]

    def get_score(self, application) -> int | None:
        return None if application.review.hard_failed else application.review.score

    def get_soft_score(self, application) -> int:
        return scoring.soft_points(application.review.breakdown)

    def get_failed_criteria(self, application) -> list[str]:
        return scoring.failed_hard(application.review.breakdown)

    def get_hard_failure_overridden(self, application) -> bool:
        return application.review.override_by_id is not None

    def get_score_text(self, application) -> str:
        review = application.review
        return _score_text(review.score, review.max_score, review.hard_failed, review.breakdown)

    def get_overdue(self, application) -> bool:
        return selectors.is_overdue(application, self.context.get("now"))

    def get_awaiting_second_approval(self, application) -> bool:
        return application.review.first_approval_by_id is not None


def _score_text(score: int, max_score: int, hard_failed: bool, breakdown: list[dict]) -> str:
    if not hard_failed:
        return f"{score} / {max_score}"
    failed = scoring.failed_hard(breakdown)
    names = ", ".join(f"“{name}”" for name in failed) or _("a hard requirement")
    return str(_("Fails %(criteria)s") % {"criteria": names})


# What queue_rows reads: the queue's columns, through `.values()`.
QUEUE_COLUMNS = [
    "id",
    "reference",
    "campaign__slug",
    "campaign__review_settings__hide_identity",
    "status",
    "full_name",
    "company_name",
    "brand_name",
    "industry",
    "email",
    "phone",
    "submitted_at",
    "review__score",
    "review__max_score",
    "review__breakdown",
    "review__hard_failed",
    "review__override_by_id",
    "review__first_approval_by_id",
    "review__reviewer__username",
    "review__decision_due_at",
]


def queue_rows(rows: list[dict], *, user) -> list[dict]:
    """The queue's page as QueueRowSerializer writes it, from QUEUE_COLUMNS rows (the queue is
    read all day: DRF's field-by-field work was most of a request). Blind review as there."""
    lead = user.has_role(*LEADS)
    now = timezone.now()
    shown = []
    for row in rows:
        breakdown = row["review__breakdown"]
        hard_failed = row["review__hard_failed"]
        score, due = row["review__score"], row["review__decision_due_at"]
        item = {
            "id": row["id"],
            "reference": row["reference"],
            "campaign": row["campaign__slug"],
            "status": row["status"],
            "full_name": row["full_name"],
            "company_name": row["company_name"],
            "brand_name": row["brand_name"],
            "industry": row["industry"],
            "email": row["email"],
            "phone": row["phone"],
            "score": None if hard_failed else score,
            "max_score": row["review__max_score"],
            "soft_score": scoring.soft_points(breakdown),
            "score_text": _score_text(score, row["review__max_score"], hard_failed, breakdown),
            "hard_failed": hard_failed,
            "failed_criteria": scoring.failed_hard(breakdown),
            "hard_failure_overridden": row["review__override_by_id"] is not None,
            "reviewer": row["review__reviewer__username"],
            "submitted_at": iso(row["submitted_at"]),
            "decision_due_at": iso(due),
            "overdue": bool(row["status"] in selectors.OPEN_REVIEW and due and due < now),
            "awaiting_second_approval": row["review__first_approval_by_id"] is not None,
        }
        if row["campaign__review_settings__hide_identity"] and not lead:
            for name in IDENTITY_FIELDS:
                if name in item:
                    item[name] = HIDDEN
        shown.append(item)
    return shown


class BreakdownSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    hard = serializers.BooleanField()
    passed = serializers.BooleanField()
    points = serializers.IntegerField()
    weight = serializers.IntegerField()
    why = serializers.SerializerMethodField()

    def get_why(self, entry) -> str:
        return scoring.describe(entry)


class ReviewerScoreSerializer(CachedFieldsMixin, serializers.ModelSerializer):
    reviewer = serializers.CharField(source="reviewer.username")

    class Meta:
        model = ReviewerScore
        fields = ["reviewer", "score", "comment", "updated_at"]


class NoteSerializer(CachedFieldsMixin, serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", default=None, allow_null=True)

    class Meta:
        model = ReviewNote
        fields = ["id", "author", "from_applicant", "text", "created_at"]


# The application's own fields the review detail shows beyond the queue's (rows.py reads them too).
DETAIL_FIELDS = [
    "job_title",
    "company_website",
    "years_in_business",
    "products",
    "on_camera_in_person",
    "live_experience",
    "live_experience_notes",
    "language",
]


class ReviewDetailSerializer(QueueRowSerializer):
    social_accounts = SocialAccountSerializer(many=True)
    answers = AnswerSerializer(many=True)
    breakdown = BreakdownSerializer(source="review.breakdown", many=True)
    scores = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta(QueueRowSerializer.Meta):
        fields = [
            *QueueRowSerializer.Meta.fields,
            *DETAIL_FIELDS,
            "social_accounts",
            "answers",
            "breakdown",
            "scores",
            "notes",
            "history",
        ]

    def get_scores(self, application) -> list[dict]:
        scores = selectors.visible_scores(
            user=self.context["request"].user, application_id=application.pk
        )
        return ReviewerScoreSerializer(scores, many=True).data

    def get_notes(self, application) -> list[dict]:
        return NoteSerializer(selectors.review_notes(application_id=application.pk), many=True).data

    def get_history(self, application) -> list[dict]:
        return history_rows(application=application, user=self.context["request"].user)


def history_rows(*, application: Application, user) -> list[dict]:
    """The application's history; in blind review the applicant's own login is blanked."""
    entries = list(selectors.decision_history(application=application))
    rows = AuditEntrySerializer(entries, many=True).data
    if selectors.identity_hidden(user=user, application=application):
        for row, entry in zip(rows, entries, strict=True):
            if entry.actor is not None and selectors.is_applicant(entry.actor, application):
                row["actor"] = HIDDEN
    return rows


class DecisionSerializer(StrictSerializer):
    action = serializers.ChoiceField(choices=[(a.value, a.label) for a in DECISIONS])
    reason = serializers.CharField(max_length=4000)
    notify = serializers.BooleanField(default=True)


class DecideInputSerializer(DecisionSerializer):
    override_hard_failure = serializers.BooleanField(
        default=False,
        help_text=_(
            "Leads only, with an approval: approve although a hard requirement fails. The "
            "reason is kept in the history. Without it, such an approval is a 409 naming the "
            "failed criteria."
        ),
    )


class BulkDecisionSerializer(DecisionSerializer):
    applications = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=500
    )


class BulkResultSerializer(serializers.Serializer):
    application_id = serializers.IntegerField()
    ok = serializers.BooleanField()
    status = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()


class ScoreInputSerializer(StrictSerializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class NoteInputSerializer(StrictSerializer):
    text = serializers.CharField(max_length=4000)


class AssistantSerializer(StrictInputMixin, serializers.ModelSerializer):
    """The CEO's assistant: told, with the CEO's phone, when a show is not confirmed in time."""

    class Meta:
        model = Application
        fields = ["assistant_name", "assistant_email", "assistant_phone"]


class ConflictInputSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=2000)


class AssignInputSerializer(StrictSerializer):
    reviewer = serializers.IntegerField(min_value=1, help_text=_("User id of the reviewer."))


class CriterionSerializer(StrictInputMixin, serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["kind", "name", "hard", "weight", "params"]


class CriteriaSerializer(StrictSerializer):
    """One shape both ways: what GET gives, PUT takes back."""

    # many=True hands max_length to the ListSerializer; the stubs do not know it.
    criteria = CriterionSerializer(many=True, max_length=50)  # type: ignore[call-arg]


class ReviewSettingsSerializer(StrictInputMixin, serializers.ModelSerializer):
    """A campaign's review settings; PUT needs each of them, PATCH the ones it changes."""

    class Meta:
        model = ReviewSettings
        fields = list(SETTINGS_FIELDS)
        extra_kwargs = {name: {"required": True} for name in SETTINGS_FIELDS}


class RecomputeJobSerializer(serializers.ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = RecomputeJob
        fields = ["id", "campaign", "status", "total", "done", "created_at", "finished_at", "error"]


class TimelineSerializer(serializers.Serializer):
    status = serializers.CharField()
    next_step = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)
    question = serializers.CharField(allow_blank=True)
    can_withdraw = serializers.BooleanField()
    history = serializers.ListField(child=serializers.DictField())
