"""Filters whose values the database can hold: a 400 naming the parameter, never a 500."""

import django_filters
from django import forms
from django.db import models
from django_filters import fields as filter_fields
from django_filters.rest_framework import DjangoFilterBackend

from onboarding.core import validators


class IsoDateTimeFormField(filter_fields.IsoDateTimeField):
    """ISO 8601, read in UTC: an offset PostgreSQL refuses (beyond ±15:59) never reaches it."""

    def to_python(self, value):
        parsed = super().to_python(value)
        return None if parsed is None else validators.check_datetime(parsed)


class DateFormField(forms.DateField):
    def to_python(self, value):
        parsed = super().to_python(value)
        return None if parsed is None else validators.check_date(parsed)


class IsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = IsoDateTimeFormField


class DateFilter(django_filters.DateFilter):
    field_class = DateFormField


class FilterSet(django_filters.FilterSet):
    """The base of every API filter set: generated date filters use the fields above."""

    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        models.DateTimeField: {"filter_class": IsoDateTimeFilter},
        models.DateField: {"filter_class": DateFilter},
    }


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, skipped for a request that names none of the filter set's
    parameters: building the filter set and its form (a deep copy of every filter, choices
    normalised again) cost more than a queue page's own query, and with no parameter every
    filter leaves the queryset as it is anyway. A request naming one goes the usual way (its
    400s included); a name and its widget's suffixes (`_min`, `_after`, …) count."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not _names_a_filter(
            request.query_params, filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


def _names_a_filter(params, names) -> bool:
    return any(key == name or key.startswith(f"{name}_") for key in params for name in names)
