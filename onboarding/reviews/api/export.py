"""For the staff portal's queue (leads): the filtered queue as CSV, and who can be assigned.

Both read through the queue's own selector, filter and serializer, so the file shows what the
queue shows (identity hidden where the campaign is blind for this reader).
"""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers

from onboarding.applicants import workflow
from onboarding.applicants.models import Application, PersonalDataAccess
from onboarding.applicants.services.privacy import access_record
from onboarding.core.api.permissions import HasRole
from onboarding.core.models import User
from onboarding.reviews import selectors
from onboarding.reviews.api.filters import QueueFilter
from onboarding.reviews.api.serializers import QueueRowSerializer


class _IsLead(HasRole):
    roles = tuple(workflow.LEADS)


CSV_EXPORT = PersonalDataAccess.Via.CSV_EXPORT

# The CSV's columns: the queue row's fields, in the queue's order, less what only the page uses.
NOT_IN_CSV = {
    "id",
    "soft_score",
    "score_text",
    "failed_criteria",
    "hard_failure_overridden",
    "awaiting_second_approval",
}
COLUMNS = [name for name in QueueRowSerializer.Meta.fields if name not in NOT_IN_CSV]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class QueueExportView(generics.GenericAPIView):
    """The review queue as a CSV file, with the same filters and ordering as the list."""

    permission_classes = [_IsLead]
    filterset_class = QueueFilter
    ordering_fields = ["review__score", "submitted_at", "review__decision_due_at"]
    ordering = ["submitted_at", "id"]
    serializer_class = QueueRowSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return selectors.review_queue(user=self.request.user)

    @extend_schema(
        filters=True,
        responses={
            (200, "text/csv"): OpenApiTypes.STR,
            403: OpenApiResponse(description="Leads and administrators only."),
        },
    )
    def get(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        rows = self.get_serializer(
            queryset, many=True, context={**self.get_serializer_context(), "now": timezone.now()}
        ).data
        # One access line per applicant whose details the file shows, in one insert.
        shown = [row["id"] for row in rows if row.get("email")]
        access_record(actor=request.user, application_ids=shown, via=CSV_EXPORT)
        out = io.StringIO()
        out.write("\ufeff")  # Excel reads UTF-8 (Chinese names) only after a byte order mark.
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([_cell(row.get(name)) for name in COLUMNS])
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="review-queue-{stamp}.csv"'
        return response


class ReviewerSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "name", "role"]

    def get_name(self, user) -> str:
        return user.get_full_name() or user.username


class ReviewerListView(generics.ListAPIView):
    """Active reviewers, lead reviewers and administrators: whom a lead can assign."""

    permission_classes = [_IsLead]
    serializer_class = ReviewerSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return User.objects.filter(is_active=True, role__in=workflow.REVIEWERS).order_by("username")

    @extend_schema(responses={200: ReviewerSerializer(many=True)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
