from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from onboarding.core.api import fields

UNKNOWN_FIELD = _("Unknown field.")


class StrictInputMixin:
    """Refuse keys the serializer does not declare, instead of silently dropping them."""

    def to_internal_value(self, data):
        unknown = {}
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = {name: [UNKNOWN_FIELD] for name in sorted(set(data) - writable)}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            # Every problem in one answer: the unknown keys and the known fields' own.
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unknown}) from None
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class StrictSerializer(StrictInputMixin, serializers.Serializer):
    pass


class ModelSerializer(serializers.ModelSerializer):
    """ModelSerializer whose date and time fields refuse what the database cannot hold."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: fields.DateTimeField,
        models.DateField: fields.DateField,
    }
