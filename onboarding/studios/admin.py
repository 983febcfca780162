"""Staff screens for studios and their resources; bookings are read here, written by services.

Bookings, series, shipments, outcomes and feeds are read-only in the admin: every change to
them goes through a service that checks its rules and writes an audit row (API endpoints).
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from onboarding.core.time import local_text
from onboarding.studios.models import (
    Blackout,
    Booking,
    BookingCrew,
    BookingEquipment,
    BookingSeries,
    CalendarFeed,
    Crew,
    EquipmentSet,
    OpeningHours,
    SampleShipment,
    SchedulingSettings,
    ShowOutcome,
    Studio,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(SchedulingSettings)
class SchedulingSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "campaign",
        "cutoff_hours",
        "rehearsal_required",
        "samples_due_hours",
        "attendance_threshold",
    ]
    list_select_related = ["campaign"]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class BlackoutInline(admin.TabularInline):
    model = Blackout
    extra = 0
    fields = ["starts_at", "ends_at", "reason"]


class EquipmentSetInline(admin.TabularInline):
    model = EquipmentSet
    extra = 0
    fields = ["name", "description", "active"]


@admin.register(Studio)
class StudioAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "timezone", "capacity", "setup_minutes", "teardown_minutes"]
    list_filter = ["active", "city"]
    search_fields = ["name", "city", "address"]
    inlines = [OpeningHoursInline, BlackoutInline, EquipmentSetInline]


@admin.register(Crew)
class CrewAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "user", "active"]
    list_filter = ["role", "active"]
    search_fields = ["name"]
    raw_id_fields = ["user"]


@admin.register(EquipmentSet)
class EquipmentSetAdmin(admin.ModelAdmin):
    list_display = ["name", "studio", "active"]
    list_filter = ["studio", "active"]
    search_fields = ["name"]


class CrewInline(ReadOnlyInline):
    model = BookingCrew
    fields = ["crew", "status"]


class EquipmentInline(ReadOnlyInline):
    model = BookingEquipment
    fields = ["equipment", "status"]


class ShipmentInline(ReadOnlyInline):
    model = SampleShipment
    fields = ["carrier", "tracking_number", "status", "expected_arrival", "received_at"]


class OutcomeInline(ReadOnlyInline):
    model = ShowOutcome
    fields = ["result", "viewers", "turnover", "new_followers", "recorded_by", "notes"]


class AttendanceFilter(admin.SimpleListFilter):
    title = _("attendance confirmed")
    parameter_name = "attendance"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(attendance_confirmed_at__isnull=self.value() == "no")
        return queryset


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "studio",
        "reference",
        "local_start",
        "kind",
        "status",
        "attendance_confirmed_at",
        "ready_at",
    ]
    list_filter = ["status", "kind", AttendanceFilter, "studio", "application__campaign"]
    search_fields = ["application__reference", "application__company_name", "ceo__username"]
    date_hierarchy = "starts_at"
    list_select_related = ["studio", "application"]
    inlines = [CrewInline, EquipmentInline, ShipmentInline, OutcomeInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Booking]:
        return super().get_queryset(request).select_related("studio", "application", "ceo")

    @admin.display(description=_("application"), ordering="application__reference")
    def reference(self, booking: Booking) -> str:
        return booking.application.reference

    @admin.display(description=_("starts (studio time)"), ordering="starts_at")
    def local_start(self, booking: Booking) -> str:
        return local_text(booking.starts_at, booking.studio.timezone)


@admin.register(BookingSeries)
class BookingSeriesAdmin(ReadOnlyAdmin):
    list_display = ["id", "studio", "application", "weekdays", "start_time", "first_date"]
    list_filter = ["studio"]
    list_select_related = ["studio", "application"]


@admin.register(SampleShipment)
class SampleShipmentAdmin(ReadOnlyAdmin):
    list_display = ["booking", "carrier", "tracking_number", "status", "expected_arrival"]
    list_filter = ["status"]
    search_fields = ["tracking_number", "booking__application__reference"]
    list_select_related = ["booking__studio"]


@admin.register(ShowOutcome)
class ShowOutcomeAdmin(ReadOnlyAdmin):
    list_display = ["booking", "result", "viewers", "turnover", "new_followers", "recorded_at"]
    list_filter = ["result"]
    list_select_related = ["booking__studio"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    # The token is the feed's only secret: it never shows here.
    list_display = ["id", "user", "studio", "created_at", "rotated_at"]
    fields = ["user", "studio", "created_at", "rotated_at"]
    list_select_related = ["user", "studio"]
