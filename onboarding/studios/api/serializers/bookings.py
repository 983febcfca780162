from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from onboarding.core import validators
from onboarding.core.api import fields as core_fields
from onboarding.core.api import serializers as core_serializers
from onboarding.core.api.rows import iso
from onboarding.core.api.serializers import StrictInputMixin, StrictSerializer
from onboarding.studios import selectors
from onboarding.studios.api.fields import WallClockDateTimeField
from onboarding.studios.api.serializers.studios import StudioBriefSerializer
from onboarding.studios.models import (
    Booking,
    BookingCrew,
    BookingEquipment,
    BookingStatus,
    SampleShipment,
    SchedulingSettings,
    ShowOutcome,
)
from onboarding.studios.timeutils import local


@extend_schema_field(
    # The enum sits inside allOf so the schema does not name it: "kind" means other choices in
    # other apps, and one name for two choice sets would make the schema ambiguous.
    {"allOf": [{"type": "string", "enum": Booking.Kind.values}], "default": Booking.Kind.SHOW}
)
class KindField(serializers.ChoiceField):
    pass


def kind_field() -> KindField:
    return KindField(choices=Booking.Kind.choices, default=Booking.Kind.SHOW)


def ids_field(**kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        max_length=20,
        required=False,
        default=list,
        **kwargs,
    )


class CrewAssignmentSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="crew.id")
    name = serializers.CharField(source="crew.name")
    role = serializers.CharField(source="crew.role")

    class Meta:
        model = BookingCrew
        fields = ["id", "name", "role"]


class EquipmentAssignmentSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="equipment.id")
    name = serializers.CharField(source="equipment.name")

    class Meta:
        model = BookingEquipment
        fields = ["id", "name"]


class BookingSerializer(serializers.ModelSerializer):
    studio = StudioBriefSerializer()
    kind = KindField(choices=Booking.Kind.choices, read_only=True)
    application = serializers.IntegerField(source="application_id")
    reference = serializers.CharField(source="application.reference")
    company_name = serializers.CharField(source="application.company_name")
    ceo = serializers.SerializerMethodField()
    local_starts_at = serializers.SerializerMethodField()
    local_ends_at = serializers.SerializerMethodField()
    crew = CrewAssignmentSerializer(source="crew_assignments", many=True)
    equipment = EquipmentAssignmentSerializer(source="equipment_assignments", many=True)
    series = serializers.IntegerField(source="series_id", allow_null=True)
    samples_status = serializers.SerializerMethodField()
    samples_late = serializers.SerializerMethodField()
    outcome = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = [
            "id",
            "studio",
            "application",
            "reference",
            "company_name",
            "ceo",
            "kind",
            "status",
            "starts_at",
            "ends_at",
            "local_starts_at",
            "local_ends_at",
            "buffered_start",
            "buffered_end",
            "crew",
            "equipment",
            "series",
            "samples_status",
            "samples_late",
            "outcome",
            "ready_at",
            "ready_override_reason",
            "attendance_confirmed_at",
            "cancel_reason",
            "cancelled_at",
            "created_at",
        ]

    def get_ceo(self, booking) -> str:
        return booking.ceo.get_full_name() or booking.application.full_name

    @extend_schema_field(serializers.DateTimeField(help_text=_("In the studio's time zone.")))
    def get_local_starts_at(self, booking) -> str:
        return local(booking.starts_at, booking.studio.timezone).isoformat()

    @extend_schema_field(serializers.DateTimeField(help_text=_("In the studio's time zone.")))
    def get_local_ends_at(self, booking) -> str:
        return local(booking.ends_at, booking.studio.timezone).isoformat()

    @extend_schema_field(
        serializers.CharField(allow_null=True, help_text=_("pending, shipped or received"))
    )
    def get_samples_status(self, booking) -> str | None:
        shipment = selectors.shipment_of(booking)
        return shipment.status if shipment else None

    def get_samples_late(self, booking) -> bool:
        return selectors.samples_late(booking, self.context.get("now"))

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=_("held or no_show")))
    def get_outcome(self, booking) -> str | None:
        outcome = selectors.outcome_of(booking)
        return outcome.result if outcome else None


# What booking_rows reads, through `.values()`; crew and kit come in one query each.
BOOKING_COLUMNS = [
    "id",
    "studio_id",
    "studio__name",
    "studio__city",
    "studio__address",
    "studio__timezone",
    "application_id",
    "application__reference",
    "application__company_name",
    "application__full_name",
    "application__campaign__scheduling_settings__samples_due_hours",
    "ceo__first_name",
    "ceo__last_name",
    "kind",
    "status",
    "starts_at",
    "ends_at",
    "buffered_start",
    "buffered_end",
    "series_id",
    "shipment__status",
    "outcome__result",
    "ready_at",
    "ready_override_reason",
    "attendance_confirmed_at",
    "cancel_reason",
    "cancelled_at",
    "created_at",
]
SAMPLES_DUE_HOURS = SchedulingSettings._meta.get_field("samples_due_hours").default


def booking_rows(rows: list[dict], *, now: datetime) -> list[dict]:
    """The bookings page as BookingSerializer writes it, from BOOKING_COLUMNS rows (the list
    is read all day; DRF's nested serialisers were most of a request). Same crew and kit order."""
    crew, kit = crew_and_kit([row["id"] for row in rows])
    return [_booking_row(row, crew[row["id"]], kit[row["id"]], now) for row in rows]


def booking_row(booking_id: int, *, now: datetime, crew: bool = True, kit: bool = True) -> dict:
    """One booking as BookingSerializer writes it, in one query (three with crew and kit);
    `crew` or `kit` False when the caller knows the booking has none (one it just made)."""
    row = Booking.objects.filter(pk=booking_id).values(*BOOKING_COLUMNS).get()
    people, sets = crew_and_kit([booking_id], crew=crew, kit=kit)
    return _booking_row(row, people[booking_id], sets[booking_id], now)


def crew_and_kit(
    ids: Iterable[int], *, crew: bool = True, kit: bool = True
) -> tuple[dict[int, list], dict[int, list]]:
    """Each booking's crew and kit as the serializers write them (one query each, their order)."""
    people: dict[int, list] = defaultdict(list)
    sets: dict[int, list] = defaultdict(list)
    assigned = BookingCrew.objects.filter(booking_id__in=ids)
    for item in (
        assigned.values("booking_id", "crew_id", "crew__name", "crew__role") if crew else ()
    ):
        people[item["booking_id"]].append(
            {"id": item["crew_id"], "name": item["crew__name"], "role": item["crew__role"]}
        )
    reserved = BookingEquipment.objects.filter(booking_id__in=ids)
    for item in reserved.values("booking_id", "equipment_id", "equipment__name") if kit else ():
        sets[item["booking_id"]].append(
            {"id": item["equipment_id"], "name": item["equipment__name"]}
        )
    return people, sets


def samples_late_of(row: dict, now: datetime) -> bool:
    """selectors.samples_late for a row of BOOKING_COLUMNS (or the board's BLOCK_COLUMNS)."""
    if row["kind"] != Booking.Kind.SHOW or row["status"] != BookingStatus.CONFIRMED:
        return False
    if row["shipment__status"] == SampleShipment.Status.RECEIVED:
        return False
    hours = row["application__campaign__scheduling_settings__samples_due_hours"]
    due = row["starts_at"] - timedelta(hours=SAMPLES_DUE_HOURS if hours is None else hours)
    return due <= now < row["ends_at"]


def ceo_name_of(row: dict) -> str:
    name = f"{row['ceo__first_name']} {row['ceo__last_name']}".strip()
    return name or row["application__full_name"]


def _booking_row(row: dict, crew: list, kit: list, now: datetime) -> dict:
    zone = ZoneInfo(row["studio__timezone"])
    return {
        "id": row["id"],
        "studio": {
            "id": row["studio_id"],
            "name": row["studio__name"],
            "city": row["studio__city"],
            "address": row["studio__address"],
            "timezone": row["studio__timezone"],
        },
        "application": row["application_id"],
        "reference": row["application__reference"],
        "company_name": row["application__company_name"],
        "ceo": ceo_name_of(row),
        "kind": row["kind"],
        "status": row["status"],
        "starts_at": iso(row["starts_at"]),
        "ends_at": iso(row["ends_at"]),
        "local_starts_at": row["starts_at"].astimezone(zone).isoformat(),
        "local_ends_at": row["ends_at"].astimezone(zone).isoformat(),
        "buffered_start": iso(row["buffered_start"]),
        "buffered_end": iso(row["buffered_end"]),
        "crew": crew,
        "equipment": kit,
        "series": row["series_id"],
        "samples_status": row["shipment__status"],
        "samples_late": samples_late_of(row, now),
        "outcome": row["outcome__result"],
        "ready_at": iso(row["ready_at"]),
        "ready_override_reason": row["ready_override_reason"],
        "attendance_confirmed_at": iso(row["attendance_confirmed_at"]),
        "cancel_reason": row["cancel_reason"],
        "cancelled_at": iso(row["cancelled_at"]),
        "created_at": iso(row["created_at"]),
    }


class BookingCreateSerializer(StrictSerializer):
    studio = serializers.IntegerField(min_value=1)
    application = serializers.IntegerField(min_value=1)
    starts_at = WallClockDateTimeField()
    ends_at = WallClockDateTimeField()
    kind = kind_field()
    crew = ids_field(help_text=_("Crew member ids: host assistants, camera operators."))
    equipment = ids_field(help_text=_("Equipment set ids."))
    quota_override_reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("A scheduler's reason to book past the CEO's weekly commitment."),
    )


class BookingMoveSerializer(StrictSerializer):
    starts_at = WallClockDateTimeField()
    ends_at = WallClockDateTimeField()
    studio = serializers.IntegerField(min_value=1, required=False)
    reason = serializers.CharField(max_length=2000)
    quota_override_reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )


class AttendanceConfirmSerializer(StrictSerializer):
    starts_at = core_fields.DateTimeField(
        required=False,
        help_text=_("The start the person confirming saw; a show moved since is a 409."),
    )


class ReadyConfirmSerializer(StrictSerializer):
    override_reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "A scheduler's reason to confirm the show for go-live although its checklist does "
            "not pass (kept on the booking and in its history). Without it, a 409 `not_ready` "
            "lists what is `missing`."
        ),
    )


class CancelSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=2000)


class CheckSerializer(serializers.Serializer):
    key = serializers.CharField()
    ok = serializers.BooleanField()
    label = serializers.CharField()
    detail = serializers.CharField()


class ReadinessSerializer(serializers.Serializer):
    ready = serializers.BooleanField()
    items = CheckSerializer(many=True)
    missing = serializers.ListField(child=serializers.CharField())
    samples_late = serializers.BooleanField()
    samples_due_at = serializers.DateTimeField(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    override_reason = serializers.CharField(
        help_text=_("Why a scheduler confirmed it although the checklist did not pass.")
    )


class ShipmentSerializer(StrictInputMixin, core_serializers.ModelSerializer):
    """Read as a whole; written in part (PATCH): only the fields given change."""

    class Meta:
        model = SampleShipment
        fields = [
            "carrier",
            "tracking_number",
            "status",
            "expected_arrival",
            "received_at",
            "updated_at",
        ]
        read_only_fields = ["received_at", "updated_at"]
        extra_kwargs = {name: {"required": False} for name in fields}


class OutcomeSerializer(StrictSerializer):
    result = serializers.ChoiceField(choices=ShowOutcome.Result.choices)
    viewers = core_fields.IntegerField(min_value=0, required=False, allow_null=True)
    turnover = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        help_text=_("Turnover in CNY."),
    )
    new_followers = core_fields.IntegerField(min_value=0, required=False, allow_null=True)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    recorded_at = serializers.DateTimeField(read_only=True)


class QuotaQuerySerializer(StrictSerializer):
    campaign = serializers.SlugField()
    week = serializers.RegexField(
        r"^\d{4}-W\d{2}$", required=False, help_text=_("ISO week, e.g. 2027-W21.")
    )
    page = serializers.IntegerField(min_value=1, required=False)
    page_size = serializers.IntegerField(min_value=1, required=False)

    def validate_week(self, value: str) -> str:
        # A week near year 9999 ends past the last date Python can count to.
        try:
            validators.check_date(selectors.parse_week(value))
        except ValueError:
            raise serializers.ValidationError(_("Not an ISO week.")) from None
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        return value


class QuotaRowSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    reference = serializers.CharField()
    ceo = serializers.CharField()
    company = serializers.CharField()
    week = serializers.CharField()
    week_starts = serializers.DateField()
    commitment = serializers.IntegerField(
        help_text=_("Live events a week, from the questionnaire.")
    )
    booked = serializers.IntegerField()
    remaining = serializers.IntegerField()
    filled = serializers.BooleanField()


class AttendanceQuerySerializer(StrictSerializer):
    campaign = serializers.SlugField()
    flagged = serializers.BooleanField(required=False, allow_null=True, default=None)
    page = serializers.IntegerField(min_value=1, required=False)
    page_size = serializers.IntegerField(min_value=1, required=False)


class AttendanceRowSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    reference = serializers.CharField()
    ceo = serializers.CharField()
    company = serializers.CharField()
    commitment = serializers.IntegerField()
    weeks = serializers.IntegerField(help_text=_("Whole sales weeks so far."))
    expected = serializers.IntegerField()
    held = serializers.IntegerField()
    no_shows = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text=_("Shows held per 100 committed."))
    threshold = serializers.IntegerField()
    flagged = serializers.BooleanField()
