import django_filters

from onboarding.core.api import filters as core_filters
from onboarding.studios.models import Booking, BookingStatus


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
        field_name="attendance_confirmed_at",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = Booking
        fields = ["studio", "application", "ceo", "series", "status", "kind"]
