"""Filters whose values the database can hold: a 400 naming the parameter, never a 500."""

import django_filters
from django import forms
from django.db import models
from django_filters import fields as filter_fields

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
