import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from onboarding.core.api import filters as core_filters
from onboarding.studios.models import Booking, BookingStatus
from onboarding.studios.selectors import waiting_for_attendance


class BookingFilter(core_filters.FilterSet):
    studio = django_filters.NumberFilter(field_name="studio_id")
    application = django_filters.NumberFilter(field_name="application_id")
    ceo = django_filters.NumberFilter(field_name="ceo_id")
    series = django_filters.NumberFilter(field_name="series_id")
    campaign = django_filters.CharFilter(field_name="application__campaign__slug")
    status = django_filters.ChoiceFilter(choices=BookingStatus.choices)
    kind = django_filters.ChoiceFilter(choices=Booking.Kind.choices)
    starts_after = core_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = core_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")
    attendance_confirmed = django_filters.BooleanFilter(
        method="filter_attendance_confirmed",
        help_text=_(
            "true: shows the CEO confirmed they will attend. false: shows still waiting for "
            "the CEO's yes, i.e. booked (not cancelled), not started yet, and unconfirmed."
        ),
    )

    class Meta:
        model = Booking
        fields = ["studio", "application", "ceo", "series", "status", "kind"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_attendance_confirmed(self, queryset, name: str, value: bool | None):
        if value is None:
            return queryset
        if value:
            return queryset.filter(attendance_confirmed_at__isnull=False)
        # Nobody chases a yes for a cancelled or finished show, or for a rehearsal.
        return waiting_for_attendance(queryset, now=timezone.now())
