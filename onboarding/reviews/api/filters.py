import django_filters
from django.db.models import Q
from django.utils import timezone

from onboarding.applicants.models import Application, Industry, Status
from onboarding.core.api import filters as core_filters
from onboarding.reviews.selectors import OPEN_REVIEW


class QueueFilter(core_filters.FilterSet):
    campaign = django_filters.CharFilter(field_name="campaign__slug")
    # Every join here is to-one, so DISTINCT (django-filter's default) only slows the count.
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, distinct=False)
    industry = django_filters.MultipleChoiceFilter(choices=Industry.choices, distinct=False)
    score_min = django_filters.NumberFilter(field_name="review__score", lookup_expr="gte")
    score_max = django_filters.NumberFilter(field_name="review__score", lookup_expr="lte")
    reviewer = django_filters.NumberFilter(field_name="review__reviewer_id")
    mine = django_filters.BooleanFilter(method="filter_mine", label="Assigned to me")
    overdue = django_filters.BooleanFilter(method="filter_overdue")
    hard_failed = django_filters.BooleanFilter(field_name="review__hard_failed")

    class Meta:
        model = Application
        fields = ["campaign", "status", "industry", "reviewer"]

    def filter_mine(self, queryset, name, value):
        if value:
            return queryset.filter(review__reviewer=self.request.user)
        return queryset

    def filter_overdue(self, queryset, name, value):
        late = Q(
            status__in=OPEN_REVIEW,
            review__decision_due_at__lt=timezone.now(),
        )
        return queryset.filter(late) if value else queryset.exclude(late)
