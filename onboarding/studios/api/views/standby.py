"""Standby backfill: schedulers follow freed slots; a CEO sees, accepts or declines offers."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from onboarding.studios.api.permissions import IsScheduler
from onboarding.studios.api.serializers import standby as s
from onboarding.studios.api.serializers.bookings import BookingSerializer
from onboarding.studios.api.views.common import errors
from onboarding.studios.models import FreedSlot, StandbyOffer
from onboarding.studios.selectors import bookings_all
from onboarding.studios.selectors.standby import (
    RANKING,
    freed_slots,
    offers_for,
    standby_candidates,
)
from onboarding.studios.services.standby import standby_accept, standby_decline


@extend_schema_view(
    list=extend_schema(
        parameters=[s.FreedSlotQuerySerializer],
        responses={200: s.FreedSlotSerializer(many=True), **errors(400, 401, 403)},
    ),
    retrieve=extend_schema(responses={200: s.FreedSlotDetailSerializer, **errors(401, 403, 404)}),
)
class FreedSlotViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Slots freed by cancelled shows, with the offers made; one slot adds its standby list."""

    permission_classes = [IsScheduler]
    serializer_class = s.FreedSlotSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FreedSlot.objects.none()
        if self.action != "list":
            return freed_slots()
        query = s.FreedSlotQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        slots = freed_slots(status=data.get("status"))
        if "booking" in data:
            slots = slots.filter(cancelled_booking_id=data["booking"])
        return slots

    def retrieve(self, request, pk=None):
        slot = self.get_object()
        slot.candidates = (
            standby_candidates(slot=slot) if slot.status == FreedSlot.Status.OPEN else []
        )
        slot.ranking = RANKING
        return Response(s.FreedSlotDetailSerializer(slot).data)


@extend_schema_view(
    list=extend_schema(responses={200: s.MyOfferSerializer(many=True), **errors(401)}),
    retrieve=extend_schema(responses={200: s.MyOfferSerializer, **errors(401, 404)}),
)
class MyStandbyOfferViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The signed-in CEO's standby offers: a freed studio slot they may take, first come."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.MyOfferSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StandbyOffer.objects.none()
        return offers_for(user=self.request.user)

    @extend_schema(request=None, responses={200: BookingSerializer, **errors(401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Take the slot: it is booked for you at once, unless another CEO was quicker
        (409 `offer_closed`) or a booking rule refuses it (the booking's own 409)."""
        offer = self.get_object()
        booking = standby_accept(offer_id=offer.pk, actor=request.user)
        fresh = bookings_all().get(pk=booking.pk)
        return Response(
            BookingSerializer(fresh, context={"request": request, "now": timezone.now()}).data
        )

    @extend_schema(request=None, responses={200: s.MyOfferSerializer, **errors(401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """Say no: the slot goes to the next CEO on the list."""
        offer = self.get_object()
        standby_decline(offer_id=offer.pk, actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=offer.pk)).data)
