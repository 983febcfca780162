from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from onboarding.studios import selectors, services
from onboarding.studios.api.permissions import IsScheduler
from onboarding.studios.api.serializers import studios as s
from onboarding.studios.api.views.common import errors
from onboarding.studios.models import Blackout, Crew, EquipmentSet, Studio
from onboarding.studios.timeutils import aware_in


@extend_schema_view(
    list=extend_schema(
        responses={
            200: s.StudioSerializer(many=True),
            **errors(
                401,
            ),
        }
    ),
    retrieve=extend_schema(responses={200: s.StudioSerializer, **errors(401, 404)}),
)
class StudioViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Studios with their hours; schedulers keep them, blackouts included."""

    serializer_class = s.StudioSerializer
    ordering = ["city", "name", "id"]
    ordering_fields = ["city", "name"]

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [IsAuthenticated()]
        return [IsScheduler()]

    def get_queryset(self):
        studios = Studio.objects.prefetch_related("opening_hours")
        if selectors.is_scheduler(self.request.user):
            return studios
        return studios.filter(active=True)

    @extend_schema(
        request=s.StudioInputSerializer,
        responses={201: s.StudioSerializer, **errors(400, 401, 403)},
    )
    def create(self, request):
        serializer = s.StudioInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        studio = services.studio_save(actor=request.user, data=serializer.validated_data)
        return Response(self._show(studio), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.StudioInputSerializer,
        responses={200: s.StudioSerializer, **errors(400, 401, 403, 404)},
    )
    def partial_update(self, request, pk=None):
        studio = self.get_object()
        serializer = s.StudioInputSerializer(studio, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        studio = services.studio_save(
            actor=request.user, studio=studio, data=serializer.validated_data
        )
        return Response(self._show(studio))

    def _show(self, studio: Studio) -> dict:
        return s.StudioSerializer(self.get_queryset().get(pk=studio.pk)).data

    @extend_schema(
        request=s.OpeningHoursInputSerializer,
        responses={200: s.StudioSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["put"], url_path="opening-hours")
    def opening_hours(self, request, pk=None):
        """Replace the week's opening windows (local times of the studio)."""
        studio = self.get_object()
        serializer = s.OpeningHoursInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.opening_hours_replace(
            studio=studio,
            actor=request.user,
            windows=[
                (w["weekday"], w["opens"], w["closes"])
                for w in serializer.validated_data["windows"]
            ],
        )
        return Response(self._show(studio))

    @extend_schema(
        methods=["GET"], responses={200: s.BlackoutSerializer(many=True), **errors(401, 403, 404)}
    )
    @extend_schema(
        methods=["POST"],
        request=s.BlackoutInputSerializer,
        responses={201: s.BlackoutCreatedSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def blackouts(self, request, pk=None):
        """Periods the studio cannot be booked; adding one lists the bookings inside it."""
        studio = self.get_object()
        if request.method == "GET":
            return Response(s.BlackoutSerializer(studio.blackouts.all(), many=True).data)
        serializer = s.BlackoutInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        blackout, affected = services.blackout_add(
            studio=studio,
            actor=request.user,
            starts_at=aware_in(data["starts_at"], studio.timezone),
            ends_at=aware_in(data["ends_at"], studio.timezone),
            reason=data["reason"],
        )
        blackout.affected_bookings = [b.pk for b in affected]
        return Response(s.BlackoutCreatedSerializer(blackout).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, **errors(401, 403, 404)})
    @action(detail=True, methods=["delete"], url_path=r"blackouts/(?P<blackout_id>\d+)")
    def blackout_remove(self, request, pk=None, blackout_id=None):
        studio = self.get_object()
        blackout = get_object_or_404(Blackout, pk=blackout_id, studio=studio)
        services.blackout_remove(blackout=blackout, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[s.AvailabilityQuerySerializer],
        responses={200: s.DaySerializer(many=True), **errors(400, 401, 403, 404)},
    )
    @action(detail=True, pagination_class=None, filter_backends=[])
    def availability(self, request, pk=None):
        """Day by day in the studio's zone: opening windows, what is taken, what is free."""
        studio = self.get_object()
        query = s.AvailabilityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        days = selectors.availability(
            studio=studio, first=query.validated_data["from"], last=query.validated_data["to"]
        )
        return Response(s.DaySerializer(days, many=True).data)


@extend_schema_view(
    list=extend_schema(responses={200: s.CrewSerializer(many=True), **errors(401, 403)}),
    retrieve=extend_schema(responses={200: s.CrewSerializer, **errors(401, 403, 404)}),
)
class CrewViewSet(viewsets.ReadOnlyModelViewSet):
    """Host assistants and camera operators a booking can reserve (kept in the admin)."""

    queryset = Crew.objects.all()
    serializer_class = s.CrewSerializer
    permission_classes = [IsScheduler]
    filterset_fields = ["role", "active"]
    ordering = ["role", "name", "id"]


@extend_schema_view(
    list=extend_schema(responses={200: s.EquipmentSetSerializer(many=True), **errors(401, 403)}),
    retrieve=extend_schema(responses={200: s.EquipmentSetSerializer, **errors(401, 403, 404)}),
)
class EquipmentSetViewSet(viewsets.ReadOnlyModelViewSet):
    """Kit a booking can reserve (kept in the admin)."""

    queryset = EquipmentSet.objects.all()
    serializer_class = s.EquipmentSetSerializer
    permission_classes = [IsScheduler]
    filterset_fields = ["studio", "active"]
    ordering = ["name", "id"]
