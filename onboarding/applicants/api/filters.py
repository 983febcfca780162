import django_filters

from onboarding.applicants.models import Application, Industry, Status
from onboarding.core.api import filters as core_filters


class ApplicationFilter(core_filters.FilterSet):
    campaign = django_filters.CharFilter(field_name="campaign__slug")
    channel = django_filters.CharFilter(field_name="channel__code")
    # Every join here is to-one, so DISTINCT (django-filter's default) only slows the count.
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, distinct=False)
    industry = django_filters.MultipleChoiceFilter(choices=Industry.choices, distinct=False)
    submitted_after = core_filters.DateFilter(field_name="submitted_at", lookup_expr="date__gte")
    submitted_before = core_filters.DateFilter(field_name="submitted_at", lookup_expr="date__lte")

    class Meta:
        model = Application
        fields = ["campaign", "channel", "status", "industry"]
