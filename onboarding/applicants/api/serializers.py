from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from onboarding.applicants.models import Application, Campaign, SocialAccount
from onboarding.applicants.services import (
    APPLICANT_FIELDS,
    MAX_SOCIAL_ACCOUNTS,
    REQUIRED_ON_SUBMIT,
    applicant_data_of,
    submission_problems,
)
from onboarding.core.api.rows import CachedFieldsMixin, iso
from onboarding.core.api.serializers import StrictInputMixin, StrictSerializer
from onboarding.core.errors import Invalid
from onboarding.questionnaires.models import WEEKDAYS, Answer
from onboarding.questionnaires.selectors import (
    answer_values,
    questionnaire_active,
    with_live_version,
)
from onboarding.questionnaires.services import answers_clean


class CampaignSerializer(serializers.ModelSerializer):
    accepting_applications = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "slug",
            "name",
            "name_zh",
            "application_opens_at",
            "application_closes_at",
            "sales_starts_on",
            "sales_ends_on",
            "min_weekly_events",
            "timezone",
            "accepting_applications",
        ]

    def get_accepting_applications(self, campaign: Campaign) -> bool:
        return campaign.accepts_applications()


class SocialAccountSerializer(CachedFieldsMixin, StrictInputMixin, serializers.ModelSerializer):
    class Meta:
        model = SocialAccount
        fields = ["platform", "handle", "followers"]


class ApplicantFieldsSerializer(CachedFieldsMixin, StrictInputMixin, serializers.ModelSerializer):
    """Types and formats of the applicant's own fields; completeness is the service's call."""

    class Meta:
        model = Application
        fields = APPLICANT_FIELDS


# For the OpenAPI document (onboarding/core/api/schema.py): what submission_problems() demands
# beyond each field's type. A phone number is 6 to 15 digits, + first for abroad, once spaces,
# dashes and brackets are taken out (services.PHONE).
_SEP = r"[\s().-]*"
PHONE_PATTERN = rf"^{_SEP}(\+{_SEP})?([0-9]{_SEP}){{6,15}}$"
CONSENT_GIVEN = {"enum": [True]}


class SubmittedApplicantFieldsSerializer(ApplicantFieldsSerializer):
    """The applicant's fields on submission: the same checks, and the schema says what the
    service requires (REQUIRED_ON_SUBMIT, phone numbers' form)."""

    schema_required = REQUIRED_ON_SUBMIT
    schema_properties = {
        **{name: {"minLength": 1} for name in REQUIRED_ON_SUBMIT if name != "on_camera_in_person"},
        "on_camera_in_person": {"nullable": False},
        "phone": {"pattern": PHONE_PATTERN},
        "assistant_phone": {"pattern": rf"^$|{PHONE_PATTERN}"},
    }


class ApplicationSubmitSerializer(StrictSerializer):
    schema_properties = {"consent": CONSENT_GIVEN, "social_accounts": {"minItems": 1}}

    # Read with its live version's id, which spares the submission a query for it.
    campaign = serializers.SlugRelatedField(
        slug_field="slug", queryset=with_live_version(Campaign.objects.all())
    )
    channel = serializers.SlugField(required=False, allow_blank=True, max_length=50)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    applicant = SubmittedApplicantFieldsSerializer()
    # many=True hands max_length to the ListSerializer; the stubs do not know it.
    social_accounts = SocialAccountSerializer(many=True, max_length=MAX_SOCIAL_ACCOUNTS)  # type: ignore[call-arg]
    answers = serializers.DictField(child=serializers.JSONField(), allow_empty=True)
    consent = serializers.BooleanField(
        help_text=_("The applicant agrees to the processing of their personal data.")
    )

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            # A malformed field stops the service from running; ask it anyway what else is
            # wrong, so the applicant hears of every problem in one answer.
            raise serializers.ValidationError(_other_problems(data, exc.detail)) from None


def _other_problems(data, errors: dict) -> dict:
    if not isinstance(data, dict):
        return errors
    errors = dict(errors)
    applicant = data.get("applicant") if isinstance(data.get("applicant"), dict) else {}
    accounts = data.get("social_accounts") if isinstance(data.get("social_accounts"), list) else []
    missing = submission_problems(
        applicant_data=applicant, social_accounts=accounts, consent=data.get("consent") is True
    )
    for name, messages in missing.items():
        if name in APPLICANT_FIELDS:
            if isinstance(errors.get("applicant"), list):
                # The applicant object itself is missing or no object: that one message says it.
                continue
            applicant_errors = dict(errors.get("applicant") or {})
            applicant_errors.setdefault(name, messages)
            errors["applicant"] = applicant_errors
        else:
            errors.setdefault(name, messages)
    campaign = Campaign.objects.filter(slug=str(data.get("campaign", ""))).first()
    questionnaire = campaign and questionnaire_active(campaign_id=campaign.pk)
    if questionnaire and "answers" not in errors and isinstance(data.get("answers"), dict):
        try:
            answers_clean(questionnaire=questionnaire, raw=data["answers"])
        except Invalid as invalid:
            errors.update(invalid.fields)
    return errors


class DraftStartSerializer(StrictSerializer):
    campaign = serializers.SlugRelatedField(slug_field="slug", queryset=Campaign.objects.all())
    channel = serializers.SlugField(required=False, allow_blank=True, max_length=50)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)


class DraftSaveSerializer(StrictSerializer):
    applicant = ApplicantFieldsSerializer(partial=True, required=False)
    # many=True hands max_length to the ListSerializer; the stubs do not know it.
    social_accounts = SocialAccountSerializer(  # type: ignore[call-arg]
        many=True, required=False, max_length=MAX_SOCIAL_ACCOUNTS
    )
    answers = serializers.DictField(child=serializers.JSONField(), required=False)


class DraftSubmitSerializer(StrictSerializer):
    schema_properties = {"consent": CONSENT_GIVEN}

    consent = serializers.BooleanField()


class AnswerSerializer(CachedFieldsMixin, serializers.ModelSerializer):
    question = serializers.CharField(source="question.key")
    label = serializers.CharField(source="question.label")
    kind = serializers.CharField(source="question.kind")

    class Meta:
        model = Answer
        fields = ["question", "label", "kind", "value"]


class ApplicationPublicSerializer(CachedFieldsMixin, serializers.ModelSerializer):
    """What the applicant sees: a public status, never the internal stage."""

    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status = serializers.CharField(source="public_status_label")
    questionnaire_version = serializers.IntegerField(source="questionnaire.version")

    class Meta:
        model = Application
        fields = [
            "reference",
            "campaign",
            "status",
            "submitted_at",
            "questionnaire_version",
        ]


class DraftSerializer(serializers.ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status = serializers.CharField(source="public_status_label")
    applicant = serializers.SerializerMethodField()
    social_accounts = SocialAccountSerializer(many=True)
    answers = serializers.SerializerMethodField()
    questionnaire_version = serializers.IntegerField(source="questionnaire.version")

    class Meta:
        model = Application
        fields = [
            "reference",
            "token",
            "campaign",
            "status",
            "applicant",
            "social_accounts",
            "answers",
            "questionnaire_version",
        ]

    token = serializers.CharField(source="draft_token")

    def get_applicant(self, application: Application) -> dict:
        return applicant_data_of(application)

    def get_answers(self, application: Application) -> dict:
        return answer_values(application)


class ApplicationListSerializer(CachedFieldsMixin, serializers.ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    channel = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    questionnaire_version = serializers.IntegerField(source="questionnaire.version")
    total_followers = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "campaign",
            "status",
            "channel",
            "language",
            "full_name",
            "company_name",
            "industry",
            "brand_name",
            "email",
            "phone",
            "on_camera_in_person",
            "total_followers",
            "questionnaire_version",
            "submitted_at",
        ]

    def get_total_followers(self, application: Application) -> int:
        return sum(account.followers for account in application.social_accounts.all())


# What list_rows reads (selectors.applications_list_rows adds total_followers).
LIST_COLUMNS = [
    "id",
    "reference",
    "campaign__slug",
    "status",
    "channel__code",
    "language",
    "full_name",
    "company_name",
    "industry",
    "brand_name",
    "email",
    "phone",
    "on_camera_in_person",
    "total_followers",
    "questionnaire__version",
    "submitted_at",
]


def list_row(row: dict) -> dict:
    """One application as ApplicationListSerializer writes it, from a LIST_COLUMNS row."""
    return {
        "id": row["id"],
        "reference": row["reference"],
        "campaign": row["campaign__slug"],
        "status": row["status"],
        "channel": row["channel__code"],
        "language": row["language"],
        "full_name": row["full_name"],
        "company_name": row["company_name"],
        "industry": row["industry"],
        "brand_name": row["brand_name"],
        "email": row["email"],
        "phone": row["phone"],
        "on_camera_in_person": row["on_camera_in_person"],
        "total_followers": row["total_followers"],
        "questionnaire_version": row["questionnaire__version"],
        "submitted_at": iso(row["submitted_at"]),
    }


def list_rows(rows: list[dict]) -> list[dict]:
    """The staff list's page as ApplicationListSerializer writes it, from LIST_COLUMNS rows."""
    return [list_row(row) for row in rows]


# The application's own fields the staff detail shows beyond the list's (rows.py reads them too).
DETAIL_FIELDS = [
    "job_title",
    "company_website",
    "years_in_business",
    "products",
    "live_experience",
    "live_experience_notes",
    "assistant_name",
    "assistant_email",
    "assistant_phone",
    "consent_given_at",
]


class ApplicationDetailSerializer(ApplicationListSerializer):
    social_accounts = SocialAccountSerializer(many=True)
    answers = AnswerSerializer(many=True)

    class Meta(ApplicationListSerializer.Meta):
        fields = [
            *ApplicationListSerializer.Meta.fields,
            *DETAIL_FIELDS,
            "social_accounts",
            "answers",
        ]


class IntakeRowSerializer(serializers.Serializer):
    day = serializers.DateField()
    channel = serializers.CharField()
    applications = serializers.IntegerField()


class CampaignTargetsSerializer(StrictSerializer):
    """A campaign's targets; null clears one. Leads and admins change them (PATCH)."""

    target_ceos_live = serializers.IntegerField(
        min_value=1, allow_null=True, required=False, help_text=_("CEOs to go live.")
    )
    target_shows = serializers.IntegerField(
        min_value=1, allow_null=True, required=False, help_text=_("Live shows to hold.")
    )
    target_turnover_cny = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        allow_null=True,
        required=False,
        help_text=_("Turnover to reach, in yuan."),
    )


class AvailabilityWindowSerializer(serializers.Serializer):
    """One weekly window (documentation of the shape; the questionnaire's rule checks it)."""

    day = serializers.ChoiceField(choices=WEEKDAYS)
    start = serializers.CharField(help_text=_("HH:MM, 24-hour, in the campaign's time zone."))
    end = serializers.CharField(help_text=_("HH:MM, after start."))


@extend_schema_field(AvailabilityWindowSerializer(many=True))
class AvailabilityWindowsField(serializers.JSONField):
    """Taken as sent: the weekly-availability question's own rule checks it, in the service."""


class AvailabilitySerializer(StrictSerializer):
    """The CEO's weekly availability, the same shape read (GET) and written (PUT)."""

    windows = AvailabilityWindowsField(
        help_text=_("Weekly windows, none overlapping on a day; at most four a day.")
    )
