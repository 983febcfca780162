"""The dashboard's response, field by field; docs/api-dashboard.md describes each figure."""

from rest_framework import serializers

from onboarding.core.api.serializers import StrictSerializer


class DashboardQuerySerializer(StrictSerializer):
    campaign = serializers.SlugField(help_text="The campaign's slug.")


class DashboardCampaignRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    timezone = serializers.CharField(help_text="Days in this response are local dates here.")


# --- What needs attention now -------------------------------------------------------------


class DashboardAttentionItemSerializer(serializers.Serializer):
    """One thing to link to: `kind` says what `id` is (application, booking, session)."""

    kind = serializers.ChoiceField(choices=["application", "booking", "session"])
    id = serializers.IntegerField()
    label = serializers.CharField()
    at = serializers.DateTimeField(
        allow_null=True, help_text="When it is due or starts (UTC); null when it has no time."
    )
    detail = serializers.CharField(allow_blank=True)


class DashboardAttentionListSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="All of them, not only those in `items`.")
    items = DashboardAttentionItemSerializer(
        many=True, help_text="The first few, most urgent first."
    )


class DashboardAttentionSerializer(serializers.Serializer):
    overdue_reviews = DashboardAttentionListSerializer()
    unconfirmed_shows = DashboardAttentionListSerializer()
    late_samples = DashboardAttentionListSerializer()
    attendance_flagged = DashboardAttentionListSerializer()
    full_sessions = DashboardAttentionListSerializer()


# --- The funnel ---------------------------------------------------------------------------


class DashboardFunnelStageSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(
        choices=[
            "applied",
            "in_review",
            "needs_info",
            "approved",
            "waitlisted",
            "rejected",
            "trained",
            "scheduled",
            "live",
        ]
    )
    label = serializers.CharField()
    reached = serializers.IntegerField(help_text="Applications that ever reached this stage.")
    current = serializers.IntegerField(help_text="Applications in this stage now.")
    from_stage = serializers.CharField(
        allow_null=True, help_text="The stage `conversion` is measured from (null for applied)."
    )
    conversion = serializers.FloatField(
        allow_null=True,
        help_text="reached / reached of `from_stage`, in percent (one decimal); null if 0/0.",
    )
    of_applied = serializers.FloatField(
        allow_null=True, help_text="reached / applied, in percent (one decimal)."
    )


# --- Applications per day -----------------------------------------------------------------


class DashboardChannelCountSerializer(serializers.Serializer):
    code = serializers.CharField(help_text='The channel\'s code; "" for no channel.')
    name = serializers.CharField()
    count = serializers.IntegerField()


class DashboardDayApplicationsSerializer(serializers.Serializer):
    date = serializers.DateField()
    total = serializers.IntegerField()
    channels = serializers.DictField(
        child=serializers.IntegerField(), help_text='Count per channel code ("" = none).'
    )


class DashboardPeakDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    total = serializers.IntegerField()
    share = serializers.FloatField(help_text="Percent of all applications, one decimal.")


class DashboardApplicationsPerDaySerializer(serializers.Serializer):
    total = serializers.IntegerField()
    channels = DashboardChannelCountSerializer(
        many=True, help_text="Every channel seen, largest first."
    )
    days = DashboardDayApplicationsSerializer(
        many=True, help_text="Every local day, zeros included."
    )
    peak = DashboardPeakDaySerializer(
        allow_null=True, help_text="The busiest day; the earliest on a tie."
    )


# --- Reviews against the decision target --------------------------------------------------


class DashboardReviewTargetSerializer(serializers.Serializer):
    decision_days = serializers.IntegerField(help_text="Business days to decide (settings).")
    open = serializers.IntegerField(help_text="Waiting for a decision now.")
    overdue = serializers.IntegerField(help_text="Open and past their decision date.")
    on_track = serializers.IntegerField(help_text="Open and not yet due.")
    overdue_rate = serializers.FloatField(allow_null=True, help_text="overdue / open, percent.")
    decided = serializers.IntegerField(help_text="Applications with a first decision.")
    decided_on_time = serializers.IntegerField(
        help_text="First decision at or before the decision date."
    )
    on_time_rate = serializers.FloatField(allow_null=True, help_text="percent of decided.")


# --- Training -----------------------------------------------------------------------------


class DashboardTrainingSerializer(serializers.Serializer):
    approved = serializers.IntegerField(help_text="Applications that reached approved.")
    enrolled = serializers.IntegerField(help_text="... holding a seat in a session.")
    waitlisted = serializers.IntegerField(help_text="... waiting for a seat, with none held.")
    attended = serializers.IntegerField(help_text="... marked present at a session at least once.")
    trained = serializers.IntegerField(help_text="... that reached trained.")
    completion_rate = serializers.FloatField(allow_null=True, help_text="trained / approved, %.")


# --- Studio utilisation -------------------------------------------------------------------


class DashboardStudioDaySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    open_hours = serializers.FloatField()
    booked_hours = serializers.FloatField()
    campaign_hours = serializers.FloatField()


class DashboardUtilisationDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    open_hours = serializers.FloatField(help_text="Opening hours minus blackouts, all studios.")
    booked_hours = serializers.FloatField(
        help_text="Confirmed bookings (buffers included) inside the open hours."
    )
    campaign_hours = serializers.FloatField(help_text="The part of booked_hours of this campaign.")
    rate = serializers.FloatField(allow_null=True, help_text="booked / open, percent.")
    studios = DashboardStudioDaySerializer(many=True)


class DashboardUtilisationSerializer(serializers.Serializer):
    first = serializers.DateField()
    last = serializers.DateField()
    open_hours = serializers.FloatField()
    booked_hours = serializers.FloatField()
    campaign_hours = serializers.FloatField()
    rate = serializers.FloatField(allow_null=True)
    days = DashboardUtilisationDaySerializer(many=True)


# --- Attendance against commitments -------------------------------------------------------


class DashboardAttendanceSerializer(serializers.Serializer):
    weeks = serializers.IntegerField(
        allow_null=True, help_text="Whole sales weeks so far; null with no bookable CEO."
    )
    ceos = serializers.IntegerField(help_text="Bookable CEOs (trained, scheduled or live).")
    expected = serializers.IntegerField(help_text="Shows committed over those weeks.")
    held = serializers.IntegerField()
    no_shows = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text="held / expected, percent.")
    threshold = serializers.IntegerField(help_text="Scheduling settings' threshold, percent.")
    flagged = serializers.IntegerField(help_text="CEOs under the threshold.")


# --- Outcomes -----------------------------------------------------------------------------


class DashboardOutcomeFiguresSerializer(serializers.Serializer):
    held = serializers.IntegerField()
    no_shows = serializers.IntegerField()
    turnover_cny = serializers.DecimalField(max_digits=16, decimal_places=2)
    viewers = serializers.IntegerField()
    new_followers = serializers.IntegerField()


class DashboardOutcomeDaySerializer(DashboardOutcomeFiguresSerializer):
    date = serializers.DateField()


class DashboardOutcomesSerializer(serializers.Serializer):
    total = DashboardOutcomeFiguresSerializer()
    days = DashboardOutcomeDaySerializer(
        many=True, help_text="Days with at least one recorded outcome."
    )


# --- Targets ------------------------------------------------------------------------------


class DashboardCountTargetSerializer(serializers.Serializer):
    target = serializers.IntegerField(allow_null=True, help_text="Null when none is set.")
    reached = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text="reached / target, percent.")


class DashboardMoneyTargetSerializer(serializers.Serializer):
    target = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, help_text="Null when none is set."
    )
    reached = serializers.DecimalField(max_digits=16, decimal_places=2)
    rate = serializers.FloatField(allow_null=True, help_text="reached / target, percent.")


class DashboardTargetsSerializer(serializers.Serializer):
    ceos_live = DashboardCountTargetSerializer(help_text="CEOs who reached live.")
    shows = DashboardCountTargetSerializer(help_text="Shows held (recorded outcomes).")
    turnover_cny = DashboardMoneyTargetSerializer(help_text="Turnover of the shows held, CNY.")


class DashboardSerializer(serializers.Serializer):
    campaign = DashboardCampaignRefSerializer()
    generated_at = serializers.DateTimeField(help_text="The instant the figures are for (UTC).")
    today = serializers.DateField(help_text="Today in the campaign's zone.")
    attention = DashboardAttentionSerializer()
    funnel = DashboardFunnelStageSerializer(many=True)
    applications_per_day = DashboardApplicationsPerDaySerializer()
    reviews = DashboardReviewTargetSerializer()
    training = DashboardTrainingSerializer()
    utilisation = DashboardUtilisationSerializer()
    attendance = DashboardAttendanceSerializer()
    outcomes = DashboardOutcomesSerializer()
    targets = DashboardTargetsSerializer()
