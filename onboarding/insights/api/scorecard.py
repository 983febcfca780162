"""GET /api/v1/scorecards/{application_id}/: a CEO's shows and weeks against their commitment."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from onboarding.insights.selectors.scorecard import scorecard, scorecard_applications


class ScorecardApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    full_name = serializers.CharField()
    company_name = serializers.CharField()
    status = serializers.CharField()
    campaign = serializers.CharField(source="campaign.slug")


class ScorecardShowSerializer(serializers.Serializer):
    booking = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    local_date = serializers.DateField(help_text="The show's day in the campaign's time zone.")
    studio = serializers.CharField()
    result = serializers.CharField(
        allow_null=True, help_text="held, no_show, or null while not recorded."
    )
    turnover_cny = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    viewers = serializers.IntegerField(allow_null=True)
    new_followers = serializers.IntegerField(allow_null=True)


class ScorecardWeekSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="1 for the first sales week.")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    complete = serializers.BooleanField(help_text="False for the week still running.")
    commitment = serializers.IntegerField(help_text="Shows a week the CEO committed to.")
    booked = serializers.IntegerField()
    held = serializers.IntegerField()
    no_shows = serializers.IntegerField()
    turnover_cny = serializers.DecimalField(max_digits=14, decimal_places=2)
    viewers = serializers.IntegerField()
    new_followers = serializers.IntegerField()
    rate = serializers.FloatField(
        allow_null=True, help_text="Held against the commitment, in percent; whole weeks only."
    )


class ScorecardTotalsSerializer(serializers.Serializer):
    commitment_per_week = serializers.IntegerField()
    weeks_complete = serializers.IntegerField()
    expected = serializers.IntegerField(help_text="commitment_per_week × weeks_complete.")
    held = serializers.IntegerField()
    no_shows = serializers.IntegerField()
    turnover_cny = serializers.DecimalField(max_digits=14, decimal_places=2)
    viewers = serializers.IntegerField()
    new_followers = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class ScorecardSerializer(serializers.Serializer):
    application = ScorecardApplicationSerializer()
    timezone = serializers.CharField(help_text="The campaign's zone, in which weeks are counted.")
    totals = ScorecardTotalsSerializer()
    weeks = ScorecardWeekSerializer(many=True, help_text="Newest week first.")
    shows = ScorecardShowSerializer(many=True, help_text="Confirmed shows, newest first.")


class ScorecardView(APIView):
    """A CEO's scorecard: per show and per sales week, turnover, viewers, new followers and
    attendance against the commitment. Staff read anyone's; a CEO only their own."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={
            200: ScorecardSerializer,
            401: OpenApiResponse(description="Not signed in."),
            404: OpenApiResponse(description="No such application, or not yours."),
        },
        description="A fixed number of queries, whatever the number of shows. Weeks are "
        "seven local days from the campaign's sales start, as the attendance report counts.",
    )
    def get(self, request, application_id: int):
        application = scorecard_applications(user=request.user).filter(pk=application_id).first()
        if application is None:
            raise NotFound(_("No such application."))
        return Response(ScorecardSerializer(scorecard(application=application)).data)
