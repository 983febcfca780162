"""Festival plans over the API: schedulers and admins only (403 for every other role)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from onboarding.applicants.models import Campaign
from onboarding.planning import selectors, services
from onboarding.planning.api import serializers as s
from onboarding.planning.models import FestivalPlan, PlanStatus
from onboarding.studios.api.permissions import IsScheduler
from onboarding.studios.api.views.common import errors

CONFLICT = OpenApiResponse(
    description="plan_not_done (accept before the run finished), plan_finished (cancel a "
    "finished plan), plan_accept_refused (all_or_nothing and some proposals can no longer be "
    "booked: nothing was; `impossible` lists them with the booking service's reasons)."
)


@extend_schema_view(
    list=extend_schema(
        parameters=[s.PlanListQuerySerializer],
        responses={200: s.PlanSerializer(many=True), **errors(400, 401, 403)},
    ),
    retrieve=extend_schema(responses={200: s.PlanDetailSerializer, **errors(401, 403, 404)}),
)
class FestivalPlanViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Proposed studio plans for a campaign's festival days, kept per run to compare."""

    permission_classes = [IsScheduler]
    serializer_class = s.PlanSerializer
    queryset = FestivalPlan.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FestivalPlan.objects.none()
        if self.action == "list":
            query = s.PlanListQuerySerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            return selectors.plans(campaign=query.validated_data.get("campaign"))
        return selectors.plans().defer(None)

    def list(self, request, *args, **kwargs):
        """Runs, newest first, with their settings and figures (met, bound, gap, percent).

        Filter by `campaign` (slug) to compare two runs of one campaign. Three queries.
        """
        return super().list(request, *args, **kwargs)

    def _detail(self, plan: FestivalPlan, code: int = status.HTTP_200_OK) -> Response:
        result = selectors.plan_result(plan=plan) if plan.status == PlanStatus.DONE else None
        data = s.PlanDetailSerializer(plan, context={"result": result}).data
        return Response(data, status=code)

    def retrieve(self, request, *args, **kwargs):
        """One plan: status and progress while it runs; when done, the proposal.

        `result.bookings`: each proposed show (studio, CEO, times, crew, kit, and the booking
        made from it once accepted); `result.unmet`: each CEO-week left below its commitment,
        with the reason (no_overlap, studio_full, crew_short, not_trained, samples_late).
        """
        return self._detail(self.get_object())

    @extend_schema(
        request=s.PlanCreateSerializer,
        responses={201: s.PlanDetailSerializer, **errors(400, 401, 403)},
    )
    def create(self, request):
        """Ask for a plan: it is kept (queued) and a Celery task runs it; poll it for progress."""
        body = s.PlanCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        campaign = Campaign.objects.filter(slug=data["campaign"]).first()
        if campaign is None:
            raise serializers.ValidationError({"campaign": [_("No such campaign.")]})
        plan = services.plan_create(
            campaign=campaign,
            actor=request.user,
            first_day=data.get("first_day"),
            last_day=data.get("last_day"),
            priority=data["priority"],
            time_limit=data["time_limit"],
            seed=data["seed"],
        )
        return self._detail(selectors.plan_detail(plan_id=plan.pk), status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: s.PlanDetailSerializer, **errors(401, 403, 404), 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel: a queued plan at once; a running one stops at its next step."""
        plan = self.get_object()
        services.plan_cancel(plan_id=plan.pk, actor=request.user)
        return self._detail(selectors.plan_detail(plan_id=plan.pk))

    @extend_schema(
        request=s.PlanAcceptSerializer,
        responses={200: s.AcceptanceSerializer, **errors(400, 401, 403, 404), 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Book all of the proposal, or the part for some CEOs, days and/or studios.

        Each proposal goes through the booking service, so every rule holds now; what became
        impossible since the proposal comes back in `impossible` with the service's code and
        message. Accepting a proposal twice never books it twice (`already`).
        """
        plan = self.get_object()
        body = s.PlanAcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        outcome = services.plan_accept(
            plan_id=plan.pk,
            actor=request.user,
            mode=data["mode"],
            applications=data.get("applications"),
            days=data.get("days"),
            studios=data.get("studios"),
        )
        return Response(s.AcceptanceSerializer(outcome).data)
