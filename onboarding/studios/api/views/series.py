from datetime import timedelta

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from onboarding.studios import services
from onboarding.studios.api.permissions import IsScheduler
from onboarding.studios.api.serializers import series as s
from onboarding.studios.api.views.common import (
    IDEMPOTENCY_KEY,
    application_or_400,
    errors,
    idempotency_key,
    studio_or_400,
)
from onboarding.studios.models import Booking, BookingSeries


def _result(series: BookingSeries, results: list) -> dict:
    return s.SeriesResultSerializer(
        {
            "series": series,
            "booked": sum(r.status == "booked" for r in results),
            "refused": sum(not r.ok for r in results),
            "occurrences": results,
        }
    ).data


@extend_schema_view(
    list=extend_schema(responses={200: s.SeriesSerializer(many=True), **errors(401, 403)}),
    retrieve=extend_schema(responses={200: s.SeriesSerializer, **errors(401, 403, 404)}),
)
class SeriesViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Recurring bookings; each occurrence is booked or refused on its own, with the reason."""

    serializer_class = s.SeriesSerializer
    permission_classes = [IsScheduler]
    filterset_fields = ["studio", "application"]
    ordering = ["-first_date", "-id"]

    def get_queryset(self):
        return BookingSeries.objects.prefetch_related("crew", "equipment")

    @extend_schema(
        request=s.SeriesCreateSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: s.SeriesResultSerializer,
            200: OpenApiResponse(
                s.SeriesResultSerializer, description="A retry with a known Idempotency-Key."
            ),
            **errors(400, 401, 403),
        },
    )
    def create(self, request):
        """Book e.g. Tuesdays and Thursdays 20:00–22:00 local for the whole sales window."""
        serializer = s.SeriesCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        application = application_or_400(data["application"])
        series, results, created = services.series_create(
            studio=studio_or_400(data["studio"]),
            application=application,
            weekdays=data["weekdays"],
            start_time=data["start_time"],
            duration=timedelta(minutes=data["duration_minutes"]),
            first_date=data.get("first_date", application.campaign.sales_starts_on),
            last_date=data.get("last_date", application.campaign.sales_ends_on),
            actor=request.user,
            crew=data["crew"],
            equipment=data["equipment"],
            kind=data["kind"],
            quota_override_reason=data["quota_override_reason"],
            idempotency_key=idempotency_key(request),
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(_result(series, results), status=code)

    @extend_schema(responses={200: s.SeriesResultSerializer, **errors(401, 403, 404)})
    @action(detail=True)
    def occurrences(self, request, pk=None):
        """Each date of the rule, with its booking if it has one."""
        series = self.get_object()
        return Response(_result(series, services.series_results(series=series)))

    @extend_schema(
        request=s.SeriesEditSerializer,
        responses={200: s.SeriesResultSerializer, **errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def edit(self, request, pk=None):
        """Change this occurrence, this and the following ones, or all future ones."""
        series = self.get_object()
        serializer = s.SeriesEditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        booking = Booking.objects.filter(pk=data["booking"], series=series).first()
        if booking is None:
            raise serializers.ValidationError({"booking": [_("Not an occurrence of this series.")]})
        minutes = data.get("duration_minutes")
        series, results = services.series_edit(
            series=series,
            booking=booking,
            scope=data["scope"],
            actor=request.user,
            reason=data["reason"],
            start_time=data.get("start_time"),
            duration=timedelta(minutes=minutes) if minutes else None,
            cancel=data["cancel"],
        )
        return Response(_result(series, results))
