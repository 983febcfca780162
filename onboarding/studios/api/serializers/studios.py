from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from onboarding.core.api import fields as core_fields
from onboarding.core.api.serializers import StrictInputMixin, StrictSerializer
from onboarding.studios.api.fields import WallClockDateTimeField, ZonedDateTimeField
from onboarding.studios.models import Blackout, Crew, EquipmentSet, OpeningHours, Studio
from onboarding.studios.services.studios import STUDIO_FIELDS


class OpeningHoursSerializer(serializers.ModelSerializer):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]


class StudioSerializer(serializers.ModelSerializer):
    opening_hours = OpeningHoursSerializer(many=True, read_only=True)

    class Meta:
        model = Studio
        fields = ["id", *STUDIO_FIELDS, "opening_hours"]


class StudioBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Studio
        fields = ["id", "name", "city", "address", "timezone"]


class StudioInputSerializer(StrictInputMixin, serializers.ModelSerializer):
    """Studio details; the service checks them again, so this only shapes the input."""

    class Meta:
        model = Studio
        fields = STUDIO_FIELDS


class OpeningWindowSerializer(StrictSerializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text=_("0 is Monday."))
    opens = serializers.TimeField()
    closes = serializers.TimeField(help_text=_("23:59 means open until midnight."))


class OpeningHoursInputSerializer(StrictSerializer):
    # many=True hands max_length to the ListSerializer; the stubs do not know it.
    windows = OpeningWindowSerializer(many=True, max_length=70)  # type: ignore[call-arg]


class BlackoutSerializer(serializers.ModelSerializer):
    class Meta:
        model = Blackout
        fields = ["id", "starts_at", "ends_at", "reason"]


class BlackoutInputSerializer(StrictSerializer):
    starts_at = WallClockDateTimeField()
    ends_at = WallClockDateTimeField()
    reason = serializers.CharField(max_length=300)


class BlackoutCreatedSerializer(BlackoutSerializer):
    affected_bookings = serializers.ListField(
        child=serializers.IntegerField(),
        help_text=_("Confirmed bookings inside the blackout: move or cancel each."),
    )

    class Meta(BlackoutSerializer.Meta):
        fields = [*BlackoutSerializer.Meta.fields, "affected_bookings"]


class AvailabilityQuerySerializer(StrictSerializer):
    # "from" is a Python keyword: the field is declared under its public name below.
    to = core_fields.DateField(help_text=_("Last local date, included."))

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = core_fields.DateField(help_text=_("First local date."))
        return fields

    def validate(self, attrs):
        first, last = attrs["from"], attrs["to"]
        if last < first:
            raise serializers.ValidationError({"to": [_("Comes on or after “from”.")]})
        if (last - first).days > 62:
            raise serializers.ValidationError({"to": [_("At most 63 days at a time.")]})
        return attrs


class IntervalSerializer(serializers.Serializer):
    starts_at = ZonedDateTimeField()
    ends_at = ZonedDateTimeField()
    kind = serializers.CharField(help_text=_("open, free, show, rehearsal or blackout"))
    booking = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()


class DaySerializer(serializers.Serializer):
    date = serializers.DateField()
    open = IntervalSerializer(many=True)
    busy = IntervalSerializer(many=True, help_text=_("Bookings with their buffers; blackouts."))
    free = IntervalSerializer(many=True)


class CrewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Crew
        fields = ["id", "name", "role", "user", "active"]


class EquipmentSetSerializer(serializers.ModelSerializer):
    class Meta:
        model = EquipmentSet
        fields = ["id", "name", "studio", "description", "active"]
