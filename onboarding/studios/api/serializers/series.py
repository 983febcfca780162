from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from onboarding.core.api import fields as core_fields
from onboarding.core.api.serializers import StrictSerializer
from onboarding.studios.api.serializers.bookings import KindField, ids_field, kind_field
from onboarding.studios.models import Booking, BookingSeries
from onboarding.studios.services import Scope

WEEKDAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 0, "maximum": 6},
            {"type": "string", "pattern": "^(mon|tue|wed|thu|fri|sat|sun)$"},
        ]
    }
)
class WeekdayField(serializers.Field):
    """A weekday as 0 (Monday) to 6, or its short English name: mon, tue … sun."""

    default_error_messages = {"invalid": _("Use 0–6 or mon, tue, wed, thu, fri, sat, sun.")}

    def to_internal_value(self, data):
        if isinstance(data, str) and data.lower() in WEEKDAY_NAMES:
            return WEEKDAY_NAMES.index(data.lower())
        if isinstance(data, int) and not isinstance(data, bool) and 0 <= data <= 6:
            return data
        self.fail("invalid")

    def to_representation(self, value):
        return value


class SeriesSerializer(serializers.ModelSerializer):
    kind = KindField(choices=Booking.Kind.choices, read_only=True)
    duration_minutes = serializers.SerializerMethodField()
    crew = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    equipment = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = BookingSeries
        fields = [
            "id",
            "studio",
            "application",
            "kind",
            "weekdays",
            "start_time",
            "duration_minutes",
            "first_date",
            "last_date",
            "timezone",
            "crew",
            "equipment",
            "created_at",
        ]

    def get_duration_minutes(self, series) -> int:
        return int(series.duration.total_seconds() // 60)


class SeriesCreateSerializer(StrictSerializer):
    studio = serializers.IntegerField(min_value=1)
    application = serializers.IntegerField(min_value=1)
    kind = kind_field()
    weekdays = serializers.ListField(child=WeekdayField(), min_length=1, max_length=7)
    start_time = serializers.TimeField(help_text=_("Local time in the studio's zone."))
    duration_minutes = serializers.IntegerField(min_value=1, max_value=720)
    first_date = core_fields.DateField(
        required=False, help_text=_("Defaults to the campaign's first sales day.")
    )
    last_date = core_fields.DateField(
        required=False, help_text=_("Defaults to the campaign's last sales day.")
    )
    crew = ids_field()
    equipment = ids_field()
    quota_override_reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )


class OccurrenceSerializer(serializers.Serializer):
    date = serializers.DateField()
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    status = serializers.CharField(
        help_text=_(
            "booked, moved, cancelled or unchanged; otherwise why not: booking_conflict, "
            "blackout, studio_closed, quota_exceeded, past, nonexistent_local_time, …"
        )
    )
    ok = serializers.BooleanField()
    booking = serializers.IntegerField(allow_null=True)
    conflicting_booking = serializers.IntegerField(allow_null=True)
    message = serializers.CharField()


class SeriesResultSerializer(serializers.Serializer):
    series = SeriesSerializer()
    booked = serializers.IntegerField()
    refused = serializers.IntegerField()
    occurrences = OccurrenceSerializer(many=True)


class SeriesEditSerializer(StrictSerializer):
    booking = serializers.IntegerField(min_value=1, help_text=_("The occurrence edited from."))
    scope = serializers.ChoiceField(choices=Scope.choices)
    start_time = serializers.TimeField(required=False)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=720, required=False)
    cancel = serializers.BooleanField(default=False)
    reason = serializers.CharField(max_length=2000)
