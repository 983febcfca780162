"""The capacity view: studio hours against committed hours per day, with a what-if."""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from onboarding.applicants.models import Campaign
from onboarding.studios.api.permissions import IsScheduler
from onboarding.studios.api.serializers import capacity as s
from onboarding.studios.api.views.common import errors
from onboarding.studios.planner.capacity import WhatIf
from onboarding.studios.selectors.capacity import capacity_view, crunch_share


class CapacityView(APIView):
    permission_classes = [IsScheduler]

    @extend_schema(
        operation_id="capacity",
        parameters=[s.CapacityQuerySerializer],
        responses={200: s.CapacitySerializer, **errors(400, 401, 403)},
    )
    def get(self, request):
        """Per day of the campaign's sales window: studio hours against committed hours.

        Available: active studios' opening hours (each in its zone) less blackouts, one crew
        working at most `crew_shift_hours` a day in a studio. Committed: each approved or
        trained CEO's weekly commitment times the show length, spread over the days of the
        week they are available (in their zone). A day is a `crunch` when committed passes
        available (`over`) or `crunch_share` of it. The what-if parameters recompute it.
        """
        query = s.CapacityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        campaign = Campaign.objects.filter(slug=data["campaign"]).first()
        if campaign is None:
            raise serializers.ValidationError({"campaign": [_("No such campaign.")]})
        what_if = WhatIf(
            extra_studio=data.get("extra_studio"),
            longer_hours=data["longer_hours"],
            crews=2 if data["second_crew"] else 1,
        )
        result = capacity_view(
            campaign=campaign,
            what_if=what_if,
            show_length=timedelta(minutes=data["show_minutes"]),
        )
        body = {
            "campaign": campaign.slug,
            "first_day": campaign.sales_starts_on,
            "last_day": campaign.sales_ends_on,
            "timezone": campaign.timezone,
            "show_minutes": data["show_minutes"],
            "crunch_share": crunch_share(),
            "crew_shift_hours": float(settings.CAPACITY_CREW_SHIFT_HOURS),
            "what_if": {
                "extra_studio": what_if.extra_studio,
                "longer_hours": what_if.longer_hours,
                "crews": what_if.crews,
            },
            "studios": result.studios,
            "ceos": result.ceos,
            "ceos_without_availability": result.ceos_without_availability,
            "available_hours": result.available_hours,
            "committed_hours": result.committed_hours,
            "crunch_days": result.crunch_days,
            "days": [
                {
                    "day": d.day,
                    "available_hours": d.available_hours,
                    "committed_hours": d.committed_hours,
                    "share": None if d.share is None else round(d.share, 3),
                    "over": d.over,
                    "crunch": d.crunch,
                }
                for d in result.days
            ],
        }
        return Response(s.CapacitySerializer(body).data)
