"""The capacity view's query (the what-if) and its answer."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from onboarding.core.api import fields as core_fields
from onboarding.core.api.serializers import StrictSerializer
from onboarding.studios.models import Studio


class CapacityQuerySerializer(StrictSerializer):
    campaign = serializers.SlugField(max_length=80, help_text=_("The campaign's slug."))
    extra_studio = core_fields.IntegerField(
        min_value=1,
        required=False,
        help_text=_("What if: one more studio like this one (its id)."),
    )
    longer_hours = core_fields.IntegerField(
        min_value=0,
        max_value=12,
        default=0,
        help_text=_("What if: every opening window this many hours longer (to midnight at most)."),
    )
    second_crew = serializers.BooleanField(
        default=False, help_text=_("What if: a second crew in every studio.")
    )
    show_minutes = core_fields.IntegerField(
        min_value=30, max_value=480, default=120, help_text=_("The length of one show.")
    )

    def validate_extra_studio(self, value: int) -> int:
        if not Studio.objects.filter(pk=value, active=True).exists():
            raise serializers.ValidationError(_("No such active studio."))
        return value


class CapacityDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    available_hours = serializers.FloatField()
    committed_hours = serializers.FloatField()
    share = serializers.FloatField(
        allow_null=True, help_text=_("Committed over available; null when no studio is open.")
    )
    over = serializers.BooleanField(help_text=_("More hours committed than studios have."))
    crunch = serializers.BooleanField(help_text=_("Over, or past the crunch share."))


class WhatIfSerializer(serializers.Serializer):
    extra_studio = serializers.IntegerField(allow_null=True)
    longer_hours = serializers.IntegerField()
    crews = serializers.IntegerField()


class CapacitySerializer(serializers.Serializer):
    campaign = serializers.CharField()
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    timezone = serializers.CharField()
    show_minutes = serializers.IntegerField()
    crunch_share = serializers.FloatField()
    crew_shift_hours = serializers.FloatField()
    what_if = WhatIfSerializer()
    studios = serializers.IntegerField(help_text=_("Studios counted, the what-if's included."))
    ceos = serializers.IntegerField(help_text=_("Approved or trained CEOs with available days."))
    ceos_without_availability = serializers.IntegerField()
    available_hours = serializers.FloatField()
    committed_hours = serializers.FloatField()
    crunch_days = serializers.IntegerField()
    days = CapacityDaySerializer(many=True)
