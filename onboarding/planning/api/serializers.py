"""Festival plans in and out: what a scheduler asks for, what a run found, what acceptance did."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from onboarding.core.api import fields as core_fields
from onboarding.core.api.serializers import StrictSerializer
from onboarding.planning.models import MAX_TIME_LIMIT, FestivalPlan, PlanStatus, Priority
from onboarding.planning.services import MODES
from onboarding.studios import planner


class PlanCreateSerializer(StrictSerializer):
    campaign = serializers.SlugField(help_text=_("The campaign's slug."))
    first_day = core_fields.DateField(
        required=False, help_text=_("First day planned (default: the sales window's first).")
    )
    last_day = core_fields.DateField(
        required=False, help_text=_("Last day planned (default: the sales window's last).")
    )
    priority = serializers.ChoiceField(
        choices=Priority.choices,
        default=Priority.SCORE,
        help_text=_("What weighs a CEO when studio hours run short."),
    )
    time_limit = core_fields.IntegerField(
        min_value=1, max_value=MAX_TIME_LIMIT, default=10, help_text=_("Seconds, 1 to 60.")
    )
    seed = core_fields.IntegerField(
        min_value=0, default=0, help_text=_("The same input and seed give the same plan.")
    )


class PlanListQuerySerializer(StrictSerializer):
    campaign = serializers.SlugField(required=False)
    page = core_fields.IntegerField(min_value=1, required=False)
    page_size = core_fields.IntegerField(min_value=1, max_value=100, required=False)


class PlanSerializer(serializers.ModelSerializer):
    """A plan's settings, state and figures (the list shows these, to compare runs)."""

    campaign = serializers.SlugField(source="campaign.slug")
    requested_by = serializers.CharField(
        source="requested_by.username", allow_null=True, default=None
    )
    status = serializers.ChoiceField(choices=PlanStatus.choices)
    priority = serializers.ChoiceField(choices=Priority.choices)
    gap = serializers.IntegerField(
        allow_null=True, help_text=_("Commitments below the bound: bound less met.")
    )
    percent_of_bound = serializers.FloatField(
        allow_null=True, help_text=_("Met as a percentage of the bound.")
    )

    class Meta:
        model = FestivalPlan
        fields = [
            "id",
            "campaign",
            "requested_by",
            "first_day",
            "last_day",
            "priority",
            "time_limit",
            "seed",
            "status",
            "progress",
            "cancel_requested",
            "error",
            "wanted",
            "met",
            "bound",
            "bound_source",
            "gap",
            "percent_of_bound",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class ProposedBookingSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    studio = serializers.IntegerField()
    studio_name = serializers.CharField()
    application = serializers.IntegerField()
    reference = serializers.CharField()
    ceo = serializers.CharField()
    company_name = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    day = serializers.DateField(help_text=_("The studio's local day."))
    crew = serializers.IntegerField(allow_null=True)
    crew_name = serializers.CharField()
    kit = serializers.IntegerField(allow_null=True)
    kit_name = serializers.CharField()
    booking = serializers.IntegerField(
        allow_null=True, help_text=_("The booking made from it, once accepted.")
    )
    # A plain string: a choice field here would give the bookings' status enum a second name.
    booking_status = serializers.CharField(
        allow_null=True,
        help_text=_("That booking's status now (it may have been cancelled since); null before."),
    )


class UnmetSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    reference = serializers.CharField()
    ceo = serializers.CharField()
    company_name = serializers.CharField()
    week = serializers.DateField(help_text=_("The week's Monday (campaign zone)."))
    committed = serializers.IntegerField()
    met = serializers.IntegerField(help_text=_("Shows that week: booked already and proposed."))
    reason = serializers.ChoiceField(choices=[(r.value, r.value) for r in planner.Reason])
    reason_label = serializers.CharField()


class PlanResultSerializer(serializers.Serializer):
    bookings = ProposedBookingSerializer(many=True)
    unmet = UnmetSerializer(many=True)


class PlanDetailSerializer(PlanSerializer):
    result = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "result"]
        read_only_fields = fields

    @extend_schema_field(PlanResultSerializer(allow_null=True))
    def get_result(self, plan):
        result = self.context.get("result")
        return PlanResultSerializer(result).data if result is not None else None


class PlanAcceptSerializer(StrictSerializer):
    mode = serializers.ChoiceField(
        choices=[(m, m) for m in MODES],
        help_text=_(
            "all_or_nothing: every selected proposal is booked in one transaction, or none; "
            "each: each is booked on its own, the impossible ones reported."
        ),
    )
    applications = serializers.ListField(
        child=core_fields.IntegerField(min_value=1),
        required=False,
        max_length=2000,
        help_text=_("Only these CEOs' proposals (application ids)."),
    )
    days = serializers.ListField(
        child=core_fields.DateField(),
        required=False,
        max_length=62,
        help_text=_("Only proposals on these days (the studio's local day)."),
    )
    studios = serializers.ListField(
        child=core_fields.IntegerField(min_value=1),
        required=False,
        max_length=500,
        help_text=_("Only proposals in these studios."),
    )


class AcceptedSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    booking = serializers.IntegerField()


class ImpossibleSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    code = serializers.CharField(help_text=_("The booking service's refusal code."))
    message = serializers.CharField()
    conflicting_booking = serializers.IntegerField(allow_null=True, required=False)


class AcceptanceSerializer(serializers.Serializer):
    mode = serializers.CharField()
    booked = AcceptedSerializer(many=True)
    already = AcceptedSerializer(many=True, help_text=_("Accepted before: not booked again."))
    impossible = ImpossibleSerializer(many=True)
