"""Staff screens for studios and their resources; bookings are read here, written by services.

Bookings, series, shipments, outcomes and feeds are read-only in the admin: every change to
them goes through a service that checks its rules and writes an audit row (API endpoints).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onboarding.core.errors import DomainError
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
    FreedSlot,
    OpeningHours,
    SampleShipment,
    SchedulingSettings,
    ShowOutcome,
    StandbyOffer,
    Studio,
)
from onboarding.studios.selectors import waiting_for_attendance
from onboarding.studios.services import (
    blackout_add,
    blackout_remove,
    opening_hours_problems,
    opening_hours_replace,
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


def _windows(formset) -> list[tuple]:
    """The week's windows as the rows stand once saved (deleted and empty rows left out)."""
    windows = []
    for row in formset.forms:
        data = getattr(row, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        if all(data.get(name) is not None for name in ("weekday", "opens", "closes")):
            windows.append((data["weekday"], data["opens"], data["closes"]))
    return windows


class OpeningHoursFormSet(forms.BaseInlineFormSet):
    """The week as a whole, checked by the service's own rule (no overlaps on a day)."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        problems = opening_hours_problems(_windows(self))
        if problems:
            raise forms.ValidationError(problems)


class OpeningHoursInline(admin.TabularInline):
    """Saved through opening_hours_replace (StudioAdmin.save_formset), audited."""

    model = OpeningHours
    formset = OpeningHoursFormSet
    extra = 0


class BlackoutInline(admin.TabularInline):
    """Added and removed through the blackout services (StudioAdmin.save_formset), audited."""

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

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is OpeningHours:
            # The week is replaced whole through its service: the overlap check, the lock on
            # the studio and the audit row, as from the API.
            formset.save(commit=False)
            if formset.new_objects or formset.changed_objects or formset.deleted_objects:
                try:
                    opening_hours_replace(
                        studio=form.instance, actor=request.user, windows=_windows(formset)
                    )
                except DomainError as exc:
                    # The inline's own check passed; the service still has the last word.
                    raise PermissionDenied(exc.message) from exc
            return
        if formset.model is not Blackout:
            super().save_formset(request, form, formset, change)
            return
        # Blackouts go through their services, as from the API: each add or removal leaves its
        # audit row, and the bookings a new one covers are named. A changed one is a removal
        # and an addition, both on the record.
        formset.save(commit=False)
        changed = [blackout for blackout, _fields in formset.changed_objects]
        with transaction.atomic():
            for blackout in [*formset.deleted_objects, *changed]:
                blackout_remove(blackout=Blackout.objects.get(pk=blackout.pk), actor=request.user)
            for blackout in [*formset.new_objects, *changed]:
                _blackout, affected = blackout_add(
                    studio=form.instance,
                    actor=request.user,
                    starts_at=blackout.starts_at,
                    ends_at=blackout.ends_at,
                    reason=blackout.reason,
                )
                if affected:
                    self.message_user(
                        request,
                        gettext(
                            "Booked inside the blackout “%(reason)s”: %(bookings)s. Move or "
                            "cancel each, with a reason."
                        )
                        % {
                            "reason": blackout.reason,
                            "bookings": ", ".join(f"#{b.pk}" for b in affected),
                        },
                        messages.WARNING,
                    )


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
        return [("yes", _("Yes")), ("no", _("Not yet: shows ahead to chase"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(attendance_confirmed_at__isnull=False)
        if self.value() == "no":
            # As the API's attendance_confirmed=false: no cancelled or finished shows.
            return waiting_for_attendance(queryset, now=timezone.now())
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


class StandbyOfferInline(ReadOnlyInline):
    model = StandbyOffer
    fields = ["rank", "wave", "application", "status", "offered_at", "expires_at", "answered_at"]
    readonly_fields = fields


@admin.register(FreedSlot)
class FreedSlotAdmin(ReadOnlyAdmin):
    """Slots freed by cancelled shows and their standby offers; written by the services only."""

    list_display = ["studio", "starts_at", "status", "cancelled_booking", "booking"]
    list_filter = ["status", "studio"]
    list_select_related = ["studio", "cancelled_booking__studio", "booking__studio"]
    inlines = [StandbyOfferInline]
