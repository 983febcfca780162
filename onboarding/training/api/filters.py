import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from onboarding.core.api import filters as core_filters
from onboarding.training.models import Enrolment, TrainingModule, TrainingSession


class ModuleFilter(core_filters.FilterSet):
    campaign = django_filters.CharFilter(field_name="campaign__slug", label=_("Campaign slug"))

    class Meta:
        model = TrainingModule
        fields = ["campaign", "required"]


class SessionFilter(core_filters.FilterSet):
    campaign = django_filters.CharFilter(field_name="module__campaign__slug", label=_("Campaign"))
    module = django_filters.NumberFilter(field_name="module_id", label=_("Module id"))
    trainer = django_filters.NumberFilter(field_name="trainer_id", label=_("Trainer's user id"))
    starts_after = core_filters.IsoDateTimeFilter(
        field_name="starts_at", lookup_expr="gte", label=_("Starts at or after")
    )
    starts_before = core_filters.IsoDateTimeFilter(
        field_name="starts_at", lookup_expr="lt", label=_("Starts before")
    )
    status = django_filters.ChoiceFilter(choices=TrainingSession.Status.choices)
    available = django_filters.BooleanFilter(method="filter_available", label=_("Has seats left"))
    mine = django_filters.BooleanFilter(
        method="filter_mine", label=_("Sessions I teach or hold a place in")
    )

    class Meta:
        model = TrainingSession
        fields = ["campaign", "module", "trainer", "status"]

    def filter_available(self, queryset, name, value):
        # `seats_taken` is the selector's annotation, so this stays one query.
        open_seats = Q(status=TrainingSession.Status.SCHEDULED, seats_taken__lt=F("capacity"))
        return queryset.filter(open_seats) if value else queryset.exclude(open_seats)

    def filter_mine(self, queryset, name, value):
        mine = Q(trainer=self.request.user) | Q(my_status__isnull=False)
        return queryset.filter(mine) if value else queryset.exclude(mine)


class EnrolmentFilter(core_filters.FilterSet):
    session = django_filters.NumberFilter(field_name="session_id")
    application = django_filters.NumberFilter(field_name="application_id")
    campaign = django_filters.CharFilter(field_name="session__module__campaign__slug")
    status = django_filters.MultipleChoiceFilter(choices=Enrolment.Status.choices)

    class Meta:
        model = Enrolment
        fields = ["session", "application", "status"]
