"""Serializer fields that refuse what the database cannot hold, with a 400 naming the field.

Every app declares its date and time inputs with these (or gets them through
`onboarding.core.api.serializers.ModelSerializer`), never DRF's own.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from onboarding.core import validators


class DateTimeField(serializers.DateTimeField):
    """ISO 8601 in, refused outside 1900-01-01 to 2999-12-31 UTC (offsets up to ±23:59 read)."""

    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        try:
            validators.check_datetime(parsed)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages, code="out_of_range") from None
        return parsed


class DateField(serializers.DateField):
    """ISO 8601 date in, refused outside 1900-01-01 to 2999-12-31."""

    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        try:
            validators.check_date(parsed)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages, code="out_of_range") from None
        return parsed


class IntegerField(serializers.IntegerField):
    """An integer a PostgreSQL `integer` column holds, unless the field says less."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", 2**31 - 1)
        kwargs.setdefault("min_value", -(2**31))
        super().__init__(**kwargs)
