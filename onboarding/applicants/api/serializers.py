from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from onboarding.applicants.models import Application, Campaign, SocialAccount
from onboarding.applicants.services import APPLICANT_FIELDS, MAX_SOCIAL_ACCOUNTS
from onboarding.core.api.serializers import StrictInputMixin, StrictSerializer
from onboarding.questionnaires.models import Answer


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


class SocialAccountSerializer(StrictInputMixin, serializers.ModelSerializer):
    class Meta:
        model = SocialAccount
        fields = ["platform", "handle", "followers"]


class ApplicantFieldsSerializer(StrictInputMixin, serializers.ModelSerializer):
    """Types and formats of the applicant's own fields; completeness is the service's call."""

    class Meta:
        model = Application
        fields = APPLICANT_FIELDS


class ApplicationSubmitSerializer(StrictSerializer):
    campaign = serializers.SlugRelatedField(slug_field="slug", queryset=Campaign.objects.all())
    channel = serializers.SlugField(required=False, allow_blank=True, max_length=50)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    applicant = ApplicantFieldsSerializer()
    social_accounts = SocialAccountSerializer(many=True, max_length=MAX_SOCIAL_ACCOUNTS)
    answers = serializers.DictField(child=serializers.JSONField(), allow_empty=True)
    consent = serializers.BooleanField(
        help_text=_("The applicant agrees to the processing of their personal data.")
    )


class DraftStartSerializer(StrictSerializer):
    campaign = serializers.SlugRelatedField(slug_field="slug", queryset=Campaign.objects.all())
    channel = serializers.SlugField(required=False, allow_blank=True, max_length=50)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)


class DraftSaveSerializer(StrictSerializer):
    applicant = ApplicantFieldsSerializer(partial=True, required=False)
    social_accounts = SocialAccountSerializer(
        many=True, required=False, max_length=MAX_SOCIAL_ACCOUNTS
    )
    answers = serializers.DictField(child=serializers.JSONField(), required=False)


class DraftSubmitSerializer(StrictSerializer):
    consent = serializers.BooleanField()


class AnswerSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question.key")
    label = serializers.CharField(source="question.label")
    kind = serializers.CharField(source="question.kind")

    class Meta:
        model = Answer
        fields = ["question", "label", "kind", "value"]


class ApplicationPublicSerializer(serializers.ModelSerializer):
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
        return {name: getattr(application, name) for name in APPLICANT_FIELDS}

    def get_answers(self, application: Application) -> dict:
        return {answer.question.key: answer.value for answer in application.answers.all()}


class ApplicationListSerializer(serializers.ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    channel = serializers.SlugRelatedField(slug_field="code", read_only=True)
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


class ApplicationDetailSerializer(ApplicationListSerializer):
    social_accounts = SocialAccountSerializer(many=True)
    answers = AnswerSerializer(many=True)

    class Meta(ApplicationListSerializer.Meta):
        fields = [
            *ApplicationListSerializer.Meta.fields,
            "job_title",
            "company_website",
            "years_in_business",
            "products",
            "live_experience",
            "live_experience_notes",
            "consent_given_at",
            "social_accounts",
            "answers",
        ]


class IntakeRowSerializer(serializers.Serializer):
    day = serializers.DateField()
    channel = serializers.CharField()
    applications = serializers.IntegerField()
