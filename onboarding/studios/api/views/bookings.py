from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from onboarding.applicants.models import Campaign
from onboarding.core.api.rows import values_page
from onboarding.core.api.serializers import AuditEntrySerializer
from onboarding.core.selectors import audit_history
from onboarding.studios import selectors, services
from onboarding.studios.api.filters import BookingFilter
from onboarding.studios.api.permissions import IsScheduler, SeesBookings
from onboarding.studios.api.serializers import bookings as s
from onboarding.studios.api.views.common import (
    IDEMPOTENCY_KEY,
    errors,
    idempotency_key,
    studio_and_application_or_400,
    studio_or_400,
)
from onboarding.studios.models import Booking
from onboarding.studios.timeutils import aware_in

SCHEDULER_ONLY = {"create", "confirm_ready", "history", "quota", "attendance"}


@extend_schema_view(
    list=extend_schema(responses={200: s.BookingSerializer(many=True), **errors(401, 403)}),
    retrieve=extend_schema(responses={200: s.BookingSerializer, **errors(401, 403, 404)}),
)
class BookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Studio bookings: schedulers see and make them all; a CEO sees and may change their own."""

    serializer_class = s.BookingSerializer
    filterset_class = BookingFilter
    ordering_fields = ["starts_at", "created_at"]
    ordering = ["starts_at", "id"]

    def get_permissions(self):
        if self.action in SCHEDULER_ONLY:
            return [IsScheduler()]
        return [SeesBookings()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Booking.objects.none()
        return selectors.bookings_visible(user=self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}

    def list(self, request, *args, **kwargs):
        page = values_page(self, self.get_queryset(), s.BOOKING_COLUMNS)
        return self.get_paginated_response(s.booking_rows(page, now=timezone.now()))

    def _show(self, booking: Booking, code: int = status.HTTP_200_OK, **known) -> Response:
        """The booking as BookingSerializer writes it, read back as rows (`known`: crew=False
        or kit=False where the caller knows there are none)."""
        return Response(s.booking_row(booking.pk, now=timezone.now(), **known), status=code)

    @extend_schema(
        request=s.BookingCreateSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: s.BookingSerializer,
            200: OpenApiResponse(
                s.BookingSerializer, description="A retry with a known Idempotency-Key."
            ),
            **errors(400, 401, 403, 409),
        },
    )
    def create(self, request):
        """Book a studio, the CEO, crew and kit together: all of them or none."""
        serializer = s.BookingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        key = idempotency_key(request)
        studio, application = studio_and_application_or_400(data["studio"], data["application"])
        booking, created = services.booking_create(
            studio=studio,
            application=application,
            starts_at=aware_in(data["starts_at"], studio.timezone),
            ends_at=aware_in(data["ends_at"], studio.timezone),
            actor=request.user,
            crew=data["crew"],
            equipment=data["equipment"],
            kind=data["kind"],
            idempotency_key=key,
            quota_override_reason=data["quota_override_reason"],
        )
        if not created:
            return self._show(booking)
        # A booking just made holds the crew and kit asked for, nothing else.
        return self._show(
            booking, status.HTTP_201_CREATED, crew=bool(data["crew"]), kit=bool(data["equipment"])
        )

    @extend_schema(
        request=s.BookingMoveSerializer,
        responses={200: s.BookingSerializer, **errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move in time or to another studio, with a reason; crew and kit move along."""
        booking = self.get_object()
        serializer = s.BookingMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        studio = studio_or_400(data["studio"]) if "studio" in data else booking.studio
        services.booking_move(
            booking=booking,
            studio=studio,
            starts_at=aware_in(data["starts_at"], studio.timezone),
            ends_at=aware_in(data["ends_at"], studio.timezone),
            actor=request.user,
            reason=data["reason"],
            quota_override_reason=data["quota_override_reason"],
        )
        return self._show(booking)

    @extend_schema(
        request=s.CancelSerializer,
        responses={200: s.BookingSerializer, **errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        booking = self.get_object()
        serializer = s.CancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.booking_cancel(
            booking=booking, actor=request.user, reason=serializer.validated_data["reason"]
        )
        return self._show(booking)

    @extend_schema(responses={200: s.ReadinessSerializer, **errors(401, 403, 404)})
    @action(detail=True)
    def readiness(self, request, pk=None):
        """The go-live checklist: training, samples, rehearsal where required."""
        return Response(s.ReadinessSerializer(selectors.readiness(booking=self.get_object())).data)

    @extend_schema(
        request=s.ReadyConfirmSerializer,
        responses={200: s.BookingSerializer, **errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="confirm-ready")
    def confirm_ready(self, request, pk=None):
        """Confirm the show for go-live once its checklist passes; 409 `not_ready` lists what
        is `missing`. With `override_reason`, a scheduler confirms it anyway, on the record.

        A show is recorded as held (and its CEO goes live) only once confirmed ready.
        """
        booking = self.get_object()
        serializer = s.ReadyConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.booking_confirm_ready(
            booking=booking,
            actor=request.user,
            override_reason=serializer.validated_data["override_reason"],
        )
        return self._show(booking)

    @extend_schema(
        request=s.AttendanceConfirmSerializer,
        responses={200: s.BookingSerializer, **errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="confirm-attendance")
    def confirm_attendance(self, request, pk=None):
        """The CEO will be there: said by the CEO, or recorded by a scheduler who asked them."""
        booking = self.get_object()
        serializer = s.AttendanceConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.attendance_confirm(
            booking=booking,
            actor=request.user,
            starts_at=serializer.validated_data.get("starts_at"),
        )
        return self._show(booking)

    @extend_schema(methods=["GET"], responses={200: s.ShipmentSerializer, **errors(401, 403, 404)})
    @extend_schema(
        methods=["PATCH"],
        request=s.ShipmentSerializer,
        responses={200: s.ShipmentSerializer, **errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["get", "patch"])
    def shipment(self, request, pk=None):
        """The samples' journey; the CEO fills in carrier and tracking, the studio receipt."""
        booking = self.get_object()
        if request.method == "GET":
            shipment = selectors.shipment_of(booking)
            if shipment is None:
                raise NotFound(_("No shipment yet."))
            return Response(s.ShipmentSerializer(shipment).data)
        serializer = s.ShipmentSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        shipment = services.shipment_update(
            booking=booking, actor=request.user, **serializer.validated_data
        )
        return Response(s.ShipmentSerializer(shipment).data)

    @extend_schema(methods=["GET"], responses={200: s.OutcomeSerializer, **errors(401, 403, 404)})
    @extend_schema(
        methods=["POST"],
        request=s.OutcomeSerializer,
        responses={
            200: s.OutcomeSerializer,
            **errors(400, 401, 403, 404),
            409: OpenApiResponse(
                description="Refused: the booking is cancelled or has not started, or (code "
                "`not_ready`) a show recorded as held was not confirmed ready for go-live; "
                "`missing` lists the checklist items and `confirmation`. Confirm it with "
                "POST confirm-ready/, or override the checklist there with `override_reason`.",
            ),
        },
    )
    @action(detail=True, methods=["get", "post"])
    def outcome(self, request, pk=None):
        """Held or no-show, viewers, turnover (CNY) and new followers.

        A show is held live only once confirmed ready (or overridden) with confirm-ready/; its
        CEO's first held show takes them live.
        """
        booking = self.get_object()
        if request.method == "GET":
            outcome = selectors.outcome_of(booking)
            if outcome is None:
                raise NotFound(_("No outcome yet."))
            return Response(s.OutcomeSerializer(outcome).data)
        serializer = s.OutcomeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = services.outcome_record(
            booking=booking, actor=request.user, **serializer.validated_data
        )
        return Response(s.OutcomeSerializer(outcome).data)

    @extend_schema(responses={200: AuditEntrySerializer(many=True), **errors(401, 403, 404)})
    @action(detail=True, pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Every change, with who, when and why; cut-off and quota overrides included."""
        entries = audit_history(subject=self.get_object())
        return Response(AuditEntrySerializer(entries, many=True).data)

    @extend_schema(
        parameters=[s.QuotaQuerySerializer],
        responses={200: s.QuotaRowSerializer(many=True), **errors(400, 401, 403, 404)},
    )
    @action(detail=False, filter_backends=[])
    def quota(self, request):
        """Per CEO and ISO week: shows committed in the questionnaire, and shows booked."""
        query = s.QuotaQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        campaign = get_object_or_404(Campaign, slug=query.validated_data["campaign"])
        week = query.validated_data.get("week")
        try:
            monday = selectors.parse_week(week) if week else None
        except ValueError:
            return Response(
                {"code": "invalid", "message": _("Not an ISO week."), "fields": {"week": [week]}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        rows = selectors.weekly_quota(campaign=campaign, week=monday)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.QuotaRowSerializer(page, many=True).data)

    @extend_schema(
        parameters=[s.AttendanceQuerySerializer],
        responses={200: s.AttendanceRowSerializer(many=True), **errors(400, 401, 403, 404)},
    )
    @action(detail=False, filter_backends=[])
    def attendance(self, request):
        """Each CEO's shows held against their commitment; `flagged` under the threshold."""
        query = s.AttendanceQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        campaign = get_object_or_404(Campaign, slug=query.validated_data["campaign"])
        rows = selectors.attendance(campaign=campaign)
        flagged = query.validated_data.get("flagged")
        if flagged is not None:
            rows = [row for row in rows if row.flagged == flagged]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.AttendanceRowSerializer(page, many=True).data)
