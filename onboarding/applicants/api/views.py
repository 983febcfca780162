from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import filters, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import get_object_or_404 as get_or_404
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from onboarding.applicants import selectors, services
from onboarding.applicants.api import rows
from onboarding.applicants.api import serializers as s
from onboarding.applicants.api.filters import ApplicationFilter
from onboarding.applicants.exports import without_blind
from onboarding.applicants.models import Campaign, PersonalDataAccess
from onboarding.applicants.services.privacy import access_record
from onboarding.core.api.permissions import HasRole, IsReviewStaff
from onboarding.core.api.rows import values_page
from onboarding.core.api.schema import errors
from onboarding.core.api.throttling import ScopedRateThrottle
from onboarding.core.i18n import language_code
from onboarding.core.models import Role
from onboarding.questionnaires.api import QuestionnaireSerializer
from onboarding.questionnaires.selectors import questionnaire_active

STAFF_DETAIL = PersonalDataAccess.Via.STAFF_DETAIL


class IsStaffRole(HasRole):
    roles = tuple(role for role in Role.values if role != Role.CEO)


ERRORS = errors(
    400,
    409,
    413,
    said={
        409: "Conflicts with the current state (duplicate, closed).",
        413: "Request body too large.",
    },
)


class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    """Campaigns and the questionnaire their applicants answer (public)."""

    queryset = Campaign.objects.filter(is_active=True)
    serializer_class = s.CampaignSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    pagination_class = None

    @extend_schema(responses={200: QuestionnaireSerializer, 404: None})
    @action(detail=True)
    def questionnaire(self, request, slug=None):
        campaign = self.get_object()
        questionnaire = questionnaire_active(campaign_id=campaign.pk)
        if questionnaire is None:
            raise NotFound("No published questionnaire.")
        return Response(QuestionnaireSerializer(questionnaire).data)

    @extend_schema(
        methods=["GET"],
        responses={200: s.CampaignTargetsSerializer, 401: None, 403: None, 404: None},
    )
    @extend_schema(
        methods=["PATCH"],
        request=s.CampaignTargetsSerializer,
        responses={200: s.CampaignTargetsSerializer, 401: None, 403: None, 404: None, **ERRORS},
        description="Change some targets (null clears one): leads and administrators only, "
        "audited.",
    )
    @action(detail=True, methods=["get", "patch"], permission_classes=[IsStaffRole])
    def targets(self, request, slug=None):
        """What the campaign aims for: CEOs to go live, shows, turnover (CNY). Staff read it."""
        campaign = get_object_or_404(Campaign, slug=slug)
        if request.method == "PATCH":
            if not services.may_set_targets(request.user):
                raise PermissionDenied(_(services.TARGETS_NOT_ALLOWED))
            serializer = s.CampaignTargetsSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            campaign = services.campaign_targets_set(
                campaign_id=campaign.pk, actor=request.user, targets=serializer.validated_data
            )
        return Response(s.CampaignTargetsSerializer(campaign).data)

    @extend_schema(responses={200: s.IntakeRowSerializer(many=True), 401: None, 403: None})
    @action(detail=True, permission_classes=[IsReviewStaff])
    def intake(self, request, slug=None):
        """Applications per recruitment channel and day."""
        rows = selectors.intake_by_channel_and_day(campaign=self.get_object())
        return Response(s.IntakeRowSerializer(rows, many=True).data)


class IsAvailabilityStaff(HasRole):
    roles = services.AVAILABILITY_STAFF_ROLES


def availability_schema(view):
    """The OpenAPI description both availability endpoints share."""
    view = extend_schema(
        methods=["GET"],
        responses={200: s.AvailabilitySerializer, 401: None, 403: None, 404: None},
    )(view)
    return extend_schema(
        methods=["PUT"],
        request=s.AvailabilitySerializer,
        responses={200: s.AvailabilitySerializer, 401: None, 403: None, 404: None, **ERRORS},
        description="Replace the weekly availability. Checked like the questionnaire's "
        "weekly-availability question (400 naming `windows`); 409 for a draft or a closed "
        "application; audited (from, to, who).",
    )(view)


class ApplicationViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Sent applications. Anyone may submit one; only review staff may read them."""

    filterset_class = ApplicationFilter
    filter_backends = [
        *viewsets.GenericViewSet.filter_backends,
        filters.SearchFilter,
    ]
    search_fields = ["reference", "full_name", "company_name", "brand_name", "email", "phone"]
    ordering_fields = ["submitted_at", "company_name"]
    ordering = ["-submitted_at", "-id"]

    def get_permissions(self):
        if self.action == "create":
            return [AllowAny()]
        if self.action == "availability":
            return [IsAvailabilityStaff()]
        return [IsReviewStaff()]

    def get_throttles(self):
        if self.action == "create":
            self.throttle_scope = "application_submit"
            return [ScopedRateThrottle()]
        return super().get_throttles()

    def get_queryset(self):
        if self.action == "retrieve":
            queryset = selectors.application_detail_for_staff()
        else:
            queryset = selectors.applications_for_staff()
        # Blind review: reviewers meet those campaigns' applicants only in the review queue,
        # which hides who they are.
        return without_blind(queryset, self.request.user)

    def get_serializer_class(self):
        return {
            "create": s.ApplicationSubmitSerializer,
            "retrieve": s.ApplicationDetailSerializer,
        }.get(self.action, s.ApplicationListSerializer)

    def list(self, request, *args, **kwargs):
        queryset = selectors.applications_list_rows(self.get_queryset())
        page = values_page(self, queryset, s.LIST_COLUMNS)
        return self.get_paginated_response(s.list_rows(page))

    def retrieve(self, request, *args, **kwargs):
        # From rows (ApplicationDetailSerializer is the contract, tests/applicants/
        # test_detail_rows.py keeps them equal): the same lookup as get_object(), its 404 too.
        queryset = rows.with_accounts_and_answers(
            self.filter_queryset(self.get_queryset()).prefetch_related(None)
        )
        columns = [*rows.DETAIL_COLUMNS, rows.ACCOUNTS, rows.ANSWERS]
        row = get_or_404(queryset.values(*columns), pk=kwargs["pk"])
        self.check_object_permissions(request, row)
        access_record(actor=request.user, application_ids=[row["id"]], via=STAFF_DETAIL)
        return Response(rows.staff_detail(row))

    @availability_schema
    @action(detail=True, methods=["get", "put"])
    def availability(self, request, pk=None):
        """A CEO's weekly availability, read or replaced by schedulers, leads and admins."""
        return _availability(request, get_object_or_404(selectors.applications_for_staff(), pk=pk))

    @extend_schema(
        request=s.ApplicationSubmitSerializer,
        responses={201: s.ApplicationPublicSerializer, **ERRORS, 429: None},
    )
    def create(self, request):
        """Submit an application with its answers in one request."""
        serializer = s.ApplicationSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        application = services.application_submit(
            campaign=data["campaign"],
            applicant_data=data["applicant"],
            social_accounts=data["social_accounts"],
            answers=data["answers"],
            consent=data["consent"],
            language=language_code(data.get("language")),
            channel_code=data.get("channel"),
        )
        body = s.ApplicationPublicSerializer(application).data
        body["private_link"] = services.private_link(application)
        return Response(body, status=status.HTTP_201_CREATED)


class DraftViewSet(viewsets.GenericViewSet):
    """Drafts saved as the applicant goes; the token in the URL is the private link's secret."""

    permission_classes = [AllowAny]
    throttle_scope = "draft_write"
    throttle_classes = [ScopedRateThrottle]
    lookup_field = "draft_token"
    lookup_url_kwarg = "token"
    serializer_class = s.DraftSerializer

    def get_queryset(self):
        return selectors.applications_by_token()

    @extend_schema(request=s.DraftStartSerializer, responses={201: s.DraftSerializer, **ERRORS})
    def create(self, request):
        serializer = s.DraftStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        draft = services.draft_start(
            campaign=data["campaign"],
            language=language_code(data.get("language")),
            channel_code=data.get("channel"),
        )
        return Response(s.DraftSerializer(self.get_object_by(draft)).data, status=201)

    @extend_schema(responses={200: s.DraftSerializer, 404: None})
    def retrieve(self, request, token=None):
        return Response(s.DraftSerializer(self.get_object()).data)

    @extend_schema(request=s.DraftSaveSerializer, responses={200: s.DraftSerializer, **ERRORS})
    def partial_update(self, request, token=None):
        draft = self.get_object()
        serializer = s.DraftSaveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.draft_save(
            application=draft,
            applicant_data=data.get("applicant", {}),
            social_accounts=data.get("social_accounts"),
            answers=data.get("answers"),
        )
        return Response(s.DraftSerializer(self.get_object_by(draft)).data)

    @extend_schema(
        request=s.DraftSubmitSerializer, responses={201: s.ApplicationPublicSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, token=None):
        """Send the draft as it was saved; every missing or invalid field is reported at once."""
        draft = self.get_object()
        serializer = s.DraftSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.draft_submit(
            draft=draft, consent=serializer.validated_data["consent"]
        )
        body = s.ApplicationPublicSerializer(application).data
        body["private_link"] = services.private_link(application)
        return Response(body, status=status.HTTP_201_CREATED)

    def get_object_by(self, draft):
        return get_object_or_404(self.get_queryset(), pk=draft.pk)


class MyApplicationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in CEO's own applications, with applicant-facing statuses."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.ApplicationPublicSerializer

    def get_queryset(self):
        return selectors.applications_of_user(user_id=self.request.user.pk)

    @availability_schema
    @action(detail=True, methods=["get", "put"])
    def availability(self, request, pk=None):
        """The CEO's weekly availability for this application: read it, or replace it."""
        return _availability(request, self.get_object())


def _availability(request, application) -> Response:
    if request.method == "PUT":
        serializer = s.AvailabilitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.availability_update(
            application_id=application.pk,
            windows=serializer.validated_data["windows"],
            actor=request.user,
        )
    return Response({"windows": selectors.availability_of(application)})
