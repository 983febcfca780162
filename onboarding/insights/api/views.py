from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from onboarding.core.api.permissions import HasRole
from onboarding.core.models import Role
from onboarding.insights import selectors
from onboarding.insights.api.serializers import DashboardQuerySerializer, DashboardSerializer


class IsLeadOrAdmin(HasRole):
    roles = (Role.LEAD_REVIEWER, Role.ADMIN)
    message = gettext_lazy("Only lead reviewers and administrators see the campaign dashboard.")


class DashboardView(APIView):
    """The campaign dashboard: what needs attention now, the funnel, intake, reviews against
    their target, training, studio use, attendance, show outcomes and the targets."""

    permission_classes = [IsLeadOrAdmin]

    @extend_schema(
        parameters=[DashboardQuerySerializer],
        responses={
            200: DashboardSerializer,
            400: OpenApiResponse(description="No campaign given: `fields.campaign` says so."),
            401: OpenApiResponse(description="Not signed in."),
            403: OpenApiResponse(description="Only lead reviewers and administrators."),
            404: OpenApiResponse(description="No campaign with this slug."),
        },
        description="Every figure is described in docs/api-dashboard.md. Instants are UTC; "
        "days are local dates in the campaign's time zone (`campaign.timezone`). A fixed "
        "number of queries, whatever the size of the campaign.",
    )
    def get(self, request):
        query = DashboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        campaign = selectors.dashboard_campaign(slug=query.validated_data["campaign"])
        if campaign is None:
            raise NotFound(_("No campaign with this slug."))
        figures = selectors.dashboard(campaign=campaign, user=request.user)
        return Response(DashboardSerializer(figures).data)
