"""The studio board's shapes: a week of studios, blocks and shaded ranges; a slot's reasons."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from onboarding.core.api import fields as core_fields
from onboarding.core.api.rows import iso
from onboarding.core.api.serializers import StrictSerializer
from onboarding.studios.api.fields import WallClockDateTimeField
from onboarding.studios.api.serializers.bookings import (
    KindField,
    ceo_name_of,
    crew_and_kit,
    ids_field,
    kind_field,
    samples_late_of,
)
from onboarding.studios.api.serializers.studios import OpeningHoursSerializer
from onboarding.studios.models import Booking, Studio
from onboarding.studios.selectors.board import MAX_DAYS, Board, block_state


class BoardQuerySerializer(StrictSerializer):
    # "from" is a Python keyword: declared through the class namespace.
    locals()["from"] = core_fields.DateField(help_text=_("First local day shown."))
    to = core_fields.DateField(help_text=_("Last local day shown (at most 31 days on)."))
    studio = core_fields.IntegerField(min_value=1, required=False)

    def validate(self, attrs):
        first, last = attrs["from"], attrs["to"]
        if last < first:
            raise serializers.ValidationError({"to": [_("The last day comes after the first.")]})
        if last - first >= timedelta(days=MAX_DAYS):
            raise serializers.ValidationError({"to": [_("Show at most 31 days at once.")]})
        return attrs


class BoardStudioSerializer(serializers.ModelSerializer):
    opening_hours = OpeningHoursSerializer(many=True, read_only=True)

    class Meta:
        model = Studio
        fields = [
            "id",
            "name",
            "city",
            "timezone",
            "setup_minutes",
            "teardown_minutes",
            "opening_hours",
        ]


class BoardBlockSerializer(serializers.ModelSerializer):
    studio = serializers.IntegerField(source="studio_id")
    kind = KindField(choices=Booking.Kind.choices, read_only=True)
    application = serializers.IntegerField(source="application_id")
    reference = serializers.CharField(source="application.reference")
    company_name = serializers.CharField(source="application.company_name")
    campaign = serializers.CharField(source="application.campaign.slug")
    ceo = serializers.SerializerMethodField()
    series = serializers.IntegerField(source="series_id", allow_null=True)
    crew = serializers.SerializerMethodField()
    equipment = serializers.SerializerMethodField()
    ceo_confirmed = serializers.SerializerMethodField(
        help_text=_("The CEO said they will be there.")
    )
    samples_late = serializers.SerializerMethodField()
    samples_status = serializers.SerializerMethodField()
    ready = serializers.SerializerMethodField(help_text=_("Confirmed ready for go-live."))
    not_ready = serializers.SerializerMethodField(
        help_text=_("A show without an outcome not yet confirmed ready for go-live.")
    )
    outcome = serializers.SerializerMethodField(help_text=_("held, no_show or null"))

    class Meta:
        model = Booking
        fields = [
            "id",
            "studio",
            "application",
            "reference",
            "company_name",
            "campaign",
            "ceo",
            "kind",
            "starts_at",
            "ends_at",
            "buffered_start",
            "buffered_end",
            "series",
            "crew",
            "equipment",
            "ceo_confirmed",
            "samples_late",
            "samples_status",
            "ready",
            "not_ready",
            "outcome",
            "ready_override_reason",
        ]

    def _state(self, booking) -> dict:
        cache = self.context.setdefault("states", {})
        if booking.pk not in cache:
            cache[booking.pk] = block_state(booking, self.context["now"])
        return cache[booking.pk]

    def get_ceo(self, booking) -> str:
        return booking.ceo.get_full_name() or booking.application.full_name

    def get_crew(self, booking) -> list[dict]:
        return [
            {"id": a.crew_id, "name": a.crew.name, "role": a.crew.role}
            for a in booking.crew_assignments.all()
        ]

    def get_equipment(self, booking) -> list[dict]:
        return [
            {"id": a.equipment_id, "name": a.equipment.name}
            for a in booking.equipment_assignments.all()
        ]

    def get_ceo_confirmed(self, booking) -> bool:
        return self._state(booking)["ceo_confirmed"]

    def get_samples_late(self, booking) -> bool:
        return self._state(booking)["samples_late"]

    def get_samples_status(self, booking) -> str | None:
        return self._state(booking)["samples_status"]

    def get_ready(self, booking) -> bool:
        return self._state(booking)["ready"]

    def get_not_ready(self, booking) -> bool:
        return self._state(booking)["not_ready"]

    def get_outcome(self, booking) -> str | None:
        return self._state(booking)["outcome"]


class BackgroundSerializer(serializers.Serializer):
    studio = serializers.IntegerField()
    kind = serializers.ChoiceField(
        choices=[("closed", "closed"), ("blackout", "blackout")],
        help_text=_("closed: outside opening hours; blackout: the studio cannot be booked."),
    )
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    reason = serializers.CharField()


def board_rows(board: Board) -> dict:
    """The board as BoardSerializer writes it, from board_week(as_rows=True): the week's blocks
    built from `.values()` rows (a busy week has hundreds; DRF's fields and Django's prefetch
    of crew and kit per block were most of a request)."""
    now = board.now
    ids = board.booking_ids if board.booking_ids is not None else [r["id"] for r in board.bookings]
    crew, kit = crew_and_kit(ids)
    blocks = []
    for row in board.bookings:
        outcome = row["outcome__result"]
        blocks.append(
            {
                "id": row["id"],
                "studio": row["studio_id"],
                "application": row["application_id"],
                "reference": row["application__reference"],
                "company_name": row["application__company_name"],
                "campaign": row["application__campaign__slug"],
                "ceo": ceo_name_of(row),
                "kind": row["kind"],
                "starts_at": iso(row["starts_at"]),
                "ends_at": iso(row["ends_at"]),
                "buffered_start": iso(row["buffered_start"]),
                "buffered_end": iso(row["buffered_end"]),
                "series": row["series_id"],
                "crew": crew[row["id"]],
                "equipment": kit[row["id"]],
                "ceo_confirmed": row["attendance_confirmed_at"] is not None,
                "samples_late": samples_late_of(row, now),
                "samples_status": row["shipment__status"],
                "ready": row["ready_at"] is not None,
                "not_ready": row["kind"] == Booking.Kind.SHOW
                and row["ready_at"] is None
                and outcome is None,
                "outcome": outcome,
                "ready_override_reason": row["ready_override_reason"],
            }
        )
    return {
        "from": board.first.isoformat(),
        "to": board.last.isoformat(),
        "generated_at": iso(now),
        "studios": BoardStudioSerializer(board.studios, many=True).data,
        "bookings": blocks,
        "background": [
            {
                "studio": shade.studio,
                "kind": shade.kind,
                "starts_at": iso(shade.starts_at),
                "ends_at": iso(shade.ends_at),
                "reason": shade.reason,
            }
            for shade in board.background
        ],
    }


class BoardSerializer(serializers.Serializer):
    locals()["from"] = serializers.DateField(source="first")
    to = serializers.DateField(source="last")
    generated_at = serializers.DateTimeField(source="now")
    studios = BoardStudioSerializer(many=True)
    bookings = BoardBlockSerializer(many=True)
    background = BackgroundSerializer(many=True)


class SlotCheckQuerySerializer(StrictSerializer):
    studio = core_fields.IntegerField(min_value=1)
    starts_at = WallClockDateTimeField()
    ends_at = WallClockDateTimeField()
    application = core_fields.IntegerField(min_value=1, required=False)
    crew = ids_field(help_text=_("Crew member ids."))
    equipment = ids_field(help_text=_("Equipment set ids."))
    kind = kind_field()
    booking = core_fields.IntegerField(
        min_value=1,
        required=False,
        help_text=_("When moving a booking: its id, so it is not in its own way."),
    )


class SlotReasonSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=_(
            "invalid, not_bookable, studio_closed, blackout, booking_conflict; as warnings "
            "quota_exceeded and outside_availability"
        )
    )
    message = serializers.CharField()
    conflicting_booking = serializers.IntegerField(allow_null=True)
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class SlotCheckSerializer(serializers.Serializer):
    bookable = serializers.BooleanField()
    reasons = SlotReasonSerializer(
        many=True, help_text=_("Why booking this slot would be refused; empty when it is free.")
    )
    warnings = SlotReasonSerializer(
        many=True, help_text=_("What booking it needs a word about, but does not refuse.")
    )


class CeoSearchQuerySerializer(StrictSerializer):
    q = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Words in the name, company, brand or reference."),
    )
    campaign = serializers.SlugField(required=False)


class CeoToBookSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    full_name = serializers.CharField()
    company_name = serializers.CharField()
    brand_name = serializers.CharField()
    campaign = serializers.CharField(source="campaign.slug")
    status = serializers.CharField()
