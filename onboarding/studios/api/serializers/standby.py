"""Standby backfill as the API shows it: freed slots, their offers, the ranked standby list."""

from rest_framework import serializers

from onboarding.core.api.serializers import StrictSerializer
from onboarding.studios.api.serializers.studios import StudioBriefSerializer
from onboarding.studios.models import FreedSlot, StandbyOffer


class OfferSerializer(serializers.ModelSerializer):
    """An offer as a scheduler sees it."""

    reference = serializers.CharField(source="application.reference")
    ceo_name = serializers.CharField(source="application.full_name")

    class Meta:
        model = StandbyOffer
        fields = [
            "id",
            "application",
            "reference",
            "ceo_name",
            "rank",
            "wave",
            "status",
            "offered_at",
            "expires_at",
            "answered_at",
        ]


class StandbyCandidateSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application.pk")
    reference = serializers.CharField(source="application.reference")
    ceo_name = serializers.CharField(source="application.full_name")
    commitment = serializers.IntegerField()
    booked_that_week = serializers.IntegerField()
    shortfall = serializers.IntegerField()
    shows_in_campaign = serializers.IntegerField()
    score = serializers.IntegerField(allow_null=True)


class FreedSlotSerializer(serializers.ModelSerializer):
    studio = StudioBriefSerializer()
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    offers = OfferSerializer(many=True)

    class Meta:
        model = FreedSlot
        fields = [
            "id",
            "studio",
            "campaign",
            "cancelled_booking",
            "starts_at",
            "ends_at",
            "status",
            "booking",
            "created_at",
            "closed_at",
            "offers",
        ]


class FreedSlotDetailSerializer(FreedSlotSerializer):
    candidates = StandbyCandidateSerializer(
        many=True, help_text="Ready CEOs not offered it yet, best first."
    )
    ranking = serializers.CharField(help_text="How the standby list is ordered.")

    class Meta(FreedSlotSerializer.Meta):
        fields = [*FreedSlotSerializer.Meta.fields, "candidates", "ranking"]


class FreedSlotQuerySerializer(StrictSerializer):
    status = serializers.ChoiceField(choices=FreedSlot.Status.choices, required=False)
    booking = serializers.IntegerField(
        min_value=1, required=False, help_text="The cancelled booking whose slot it is."
    )


class MyOfferSerializer(serializers.ModelSerializer):
    """An offer as the CEO it was made to sees it."""

    studio = StudioBriefSerializer(source="slot.studio")
    starts_at = serializers.DateTimeField(source="slot.starts_at")
    ends_at = serializers.DateTimeField(source="slot.ends_at")
    reference = serializers.CharField(source="application.reference")
    booking = serializers.SerializerMethodField()

    class Meta:
        model = StandbyOffer
        fields = [
            "id",
            "reference",
            "studio",
            "starts_at",
            "ends_at",
            "status",
            "offered_at",
            "expires_at",
            "answered_at",
            "booking",
        ]

    def get_booking(self, offer: StandbyOffer) -> int | None:
        """The booking it became, once accepted."""
        if offer.status == StandbyOffer.Status.ACCEPTED:
            return offer.slot.booking_id
        return None
