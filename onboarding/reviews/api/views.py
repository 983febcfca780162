from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404 as get_or_404
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from onboarding.applicants import services as applicant_services
from onboarding.applicants import workflow
from onboarding.applicants.api.rows import with_accounts_and_answers
from onboarding.applicants.models import Application, Campaign, PersonalDataAccess
from onboarding.applicants.services.privacy import access_record
from onboarding.core.api.permissions import HasRole, IsReviewStaff
from onboarding.core.api.rows import values_page
from onboarding.core.api.schema import errors
from onboarding.core.api.serializers import AuditEntrySerializer
from onboarding.core.api.throttling import ScopedRateThrottle
from onboarding.core.models import User
from onboarding.reviews import selectors, services
from onboarding.reviews.api import rows as review_rows
from onboarding.reviews.api import serializers as s
from onboarding.reviews.api.filters import QueueFilter
from onboarding.reviews.models import Criterion, RecomputeJob

ERRORS = errors(
    400,
    401,
    403,
    404,
    409,
    said={
        400: "Invalid input; `fields` says which and why.",
        401: "Not signed in.",
        403: "Your role may not do this, or you declared a conflict.",
        404: "No such application (or hidden from you).",
        409: "Not possible in the current state; the body names the state and the allowed actions.",
    },
)


class IsLead(HasRole):
    roles = tuple(workflow.LEADS)


REVIEW_DETAIL = PersonalDataAccess.Via.REVIEW_DETAIL


class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The review queue and the actions a reviewer takes on one application."""

    permission_classes = [IsReviewStaff]
    filterset_class = QueueFilter
    ordering_fields = ["review__score", "submitted_at", "review__decision_due_at"]
    ordering = ["submitted_at", "id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        if self.action == "retrieve":
            return selectors.review_detail(user=self.request.user)
        return selectors.review_queue(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.ReviewDetailSerializer
        return s.QueueRowSerializer

    def list(self, request, *args, **kwargs):
        page = values_page(self, self.get_queryset(), s.QUEUE_COLUMNS)
        return self.get_paginated_response(s.queue_rows(page, user=request.user))

    def retrieve(self, request, *args, **kwargs):
        # From rows (ReviewDetailSerializer is the contract, tests/reviews/test_detail_rows.py
        # keeps them equal): the same lookup as get_object(), its 404 too.
        queryset = with_accounts_and_answers(
            self.filter_queryset(selectors.review_queue(user=request.user))
        )
        row = get_or_404(queryset.values(*review_rows.DETAIL_COLUMNS), pk=kwargs["pk"])
        self.check_object_permissions(request, row)
        if not review_rows.identity_hidden(row, user=request.user):
            access_record(actor=request.user, application_ids=[row["id"]], via=REVIEW_DETAIL)
        return Response(review_rows.review_detail(row, user=request.user))

    @extend_schema(
        request=s.DecideInputSerializer,
        responses={
            200: s.QueueRowSerializer,
            **ERRORS,
            403: OpenApiResponse(
                description="Your role may not do this, you declared a conflict, or the "
                "application is assigned to another reviewer (`assigned_to` names them)."
            ),
            409: OpenApiResponse(
                description="Not possible in the current state (the body names the state and "
                "the allowed actions), or an approval of an application that fails a hard "
                "requirement without a lead's `override_hard_failure` (code "
                "`hard_requirement_failed`, `failed_criteria` names them)."
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Approve, reject, waitlist or ask for information, with a reason.

        Deciding is for the assigned reviewer and leads; an unassigned application goes to the
        reviewer who decides it. With four eyes on, any other reviewer gives the second approval.
        """
        application = self.get_object()
        serializer = s.DecideInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.review_decide(
            application_id=application.pk, actor=request.user, **serializer.validated_data
        )
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        request=s.ScoreInputSerializer, responses={200: s.ReviewerScoreSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        application = self.get_object()
        serializer = s.ScoreInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = services.review_score(
            application_id=application.pk, reviewer=request.user, **serializer.validated_data
        )
        return Response(s.ReviewerScoreSerializer(entry).data)

    @extend_schema(request=s.NoteInputSerializer, responses={201: s.NoteSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        application = self.get_object()
        serializer = s.NoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = services.review_note_add(
            application_id=application.pk, author=request.user, **serializer.validated_data
        )
        return Response(s.NoteSerializer(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ConflictInputSerializer, responses={204: None, **ERRORS})
    @action(detail=True, methods=["post"])
    def conflict(self, request, pk=None):
        """Declare a conflict of interest: the application leaves your queue for good."""
        application = self.get_object()
        serializer = s.ConflictInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.conflict_declare(
            application_id=application.pk, reviewer=request.user, **serializer.validated_data
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.AssignInputSerializer, responses={200: s.QueueRowSerializer, **ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[IsLead])
    def assign(self, request, pk=None):
        application = self.get_object()
        serializer = s.AssignInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reviewer = get_object_or_404(User, pk=serializer.validated_data["reviewer"])
        services.review_assign(application_id=application.pk, reviewer=reviewer, actor=request.user)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(responses={200: AuditEntrySerializer(many=True), **ERRORS})
    @action(detail=True)
    def history(self, request, pk=None):
        """Every decision and change, with who, when, from, to and why."""
        application = self.get_object()
        return Response(s.history_rows(application=application, user=request.user))


class BulkDecisionView(APIView):
    """One decision, one reason, many applications; each one done or refused on its own."""

    permission_classes = [IsLead]

    @extend_schema(
        request=s.BulkDecisionSerializer,
        responses={200: s.BulkResultSerializer(many=True), **ERRORS},
    )
    def post(self, request):
        serializer = s.BulkDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        visible = set(
            selectors.review_queue(user=request.user)
            .filter(pk__in=data["applications"])
            .values_list("pk", flat=True)
        )
        results = services.review_bulk_decide(
            application_ids=[pk for pk in data["applications"] if pk in visible],
            actor=request.user,
            action=data["action"],
            reason=data["reason"],
            notify=data["notify"],
        )
        results += [
            services.BulkResult(pk, False, code="not_found", message=_("No such application."))
            for pk in data["applications"]
            if pk not in visible
        ]
        return Response(s.BulkResultSerializer(results, many=True).data)


class CriteriaView(APIView):
    """A campaign's screening criteria; replacing them re-scores every application.

    One shape both ways: `{"criteria": [...]}`; what GET gives, PUT takes back.
    """

    permission_classes = [IsLead]

    @extend_schema(responses={200: s.CriteriaSerializer, **ERRORS})
    def get(self, request, slug):
        campaign = get_object_or_404(Campaign, slug=slug)
        criteria = Criterion.objects.filter(campaign=campaign)
        return Response(s.CriteriaSerializer({"criteria": criteria}).data)

    @extend_schema(
        request=s.CriteriaSerializer, responses={202: s.RecomputeJobSerializer, **ERRORS}
    )
    def put(self, request, slug):
        campaign = get_object_or_404(Campaign, slug=slug)
        serializer = s.CriteriaSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = services.criteria_replace(
            campaign=campaign, criteria=serializer.validated_data["criteria"], actor=request.user
        )
        return Response(s.RecomputeJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


SETTINGS_HELP = (
    "Leads only (reviewers 403). `hide_identity` is blind review: reviewers see no name, "
    "e-mail, phone, company, brand, website, social handles or assistant of the applicant, in "
    "the queue, the details, the history and CSV exports; leads still do. `four_eyes`: an "
    "approval waits for a second, different reviewer. `open_scoring`: any reviewer may score "
    "and add notes (off: only the assigned reviewer and leads); deciding is always for the "
    "assigned reviewer and leads. `decision_days` (1-60 business days) and "
    "`info_response_days` (1-90 days) apply to what is sent or asked from now on. Every "
    "change is audited on the campaign (who, what, from, to). A campaign without settings "
    "shows the defaults."
)


class ReviewSettingsView(APIView):
    """A campaign's review settings: what GET gives, PUT takes back; PATCH changes some."""

    permission_classes = [IsLead]

    @extend_schema(description=SETTINGS_HELP, responses={200: s.ReviewSettingsSerializer, **ERRORS})
    def get(self, request, slug):
        campaign = get_object_or_404(Campaign, slug=slug)
        return Response(s.ReviewSettingsSerializer(services.settings_of(campaign)).data)

    @extend_schema(
        description=SETTINGS_HELP,
        request=s.ReviewSettingsSerializer,
        responses={200: s.ReviewSettingsSerializer, **ERRORS},
    )
    def put(self, request, slug):
        return self._update(request, slug, partial=False)

    @extend_schema(
        description=SETTINGS_HELP,
        request=s.ReviewSettingsSerializer(partial=True),
        responses={200: s.ReviewSettingsSerializer, **ERRORS},
    )
    def patch(self, request, slug):
        return self._update(request, slug, partial=True)

    def _update(self, request, slug, *, partial: bool):
        campaign = get_object_or_404(Campaign, slug=slug)
        serializer = s.ReviewSettingsSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        updated = services.review_settings_update(
            campaign=campaign, data=serializer.validated_data, actor=request.user
        )
        return Response(s.ReviewSettingsSerializer(updated).data)


class RecomputeJobView(APIView):
    permission_classes = [IsLead]

    @extend_schema(responses={200: s.RecomputeJobSerializer, **ERRORS})
    def get(self, request, pk):
        job = get_object_or_404(RecomputeJob.objects.select_related("campaign"), pk=pk)
        return Response(s.RecomputeJobSerializer(job).data)


class ApplicantViewSet(viewsets.GenericViewSet):
    """The applicant's side, through the private link's token: timeline, withdraw, answer."""

    permission_classes = [AllowAny]
    throttle_scope = "draft_write"
    throttle_classes = [ScopedRateThrottle]
    lookup_field = "draft_token"
    lookup_url_kwarg = "token"

    def get_queryset(self):
        return Application.objects.select_related("campaign", "review")

    def get_serializer_class(self):
        # Each action reads its own input; OPTIONS describes it from here (withdraw takes none).
        inputs = {"answer": s.NoteInputSerializer, "assistant": s.AssistantSerializer}
        return inputs.get(self.action, serializers.Serializer)

    @extend_schema(responses={200: s.TimelineSerializer, 404: None})
    @action(detail=True)
    def timeline(self, request, token=None):
        """Where the application stands, what happens next and by when."""
        timeline = selectors.application_timeline(application=self.get_object())
        return Response(s.TimelineSerializer(timeline).data)

    @extend_schema(request=None, responses={200: s.TimelineSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, token=None):
        application = applicant_services.application_withdraw(application_id=self.get_object().pk)
        timeline = selectors.application_timeline(application=application)
        return Response(s.TimelineSerializer(timeline).data)

    @extend_schema(methods=["GET"], responses={200: s.AssistantSerializer, 404: None})
    @extend_schema(
        methods=["PUT"],
        request=s.AssistantSerializer,
        responses={200: s.AssistantSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "put"])
    def assistant(self, request, token=None):
        """The assistant who hears when a show is not confirmed in time; empty fields: none."""
        application = self.get_object()
        if request.method == "PUT":
            serializer = s.AssistantSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            # PUT replaces: a field left out is cleared.
            data = {
                name: serializer.validated_data.get(name, "")
                for name in applicant_services.ASSISTANT_FIELDS
            }
            application = applicant_services.assistant_update(application=application, data=data)
        return Response(s.AssistantSerializer(application).data)

    @extend_schema(request=s.NoteInputSerializer, responses={200: s.TimelineSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def answer(self, request, token=None):
        """Answer the reviewer's information request; the application goes back to review."""
        serializer = s.NoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.info_answer(
            application=self.get_object(), text=serializer.validated_data["text"]
        )
        timeline = selectors.application_timeline(application=application)
        return Response(s.TimelineSerializer(timeline).data)
