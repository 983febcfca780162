from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from onboarding.core.api import fields

UNKNOWN_FIELD = _("Unknown field.")


class StrictInputMixin:
    """Refuse keys the serializer does not declare, instead of silently dropping them."""

    def to_internal_value(self, data):
        refused = {}
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            refused = {name: [UNKNOWN_FIELD] for name in sorted(set(data) - writable)}
            # A text field takes text: DRF would turn the number 12 into "12", which the
            # OpenAPI document (type: string) does not allow.
            for name, field in self.fields.items():
                value = data.get(name)
                text = isinstance(field, serializers.CharField) and not field.read_only
                if text and value is not None and not isinstance(value, str):
                    refused[name] = [field.error_messages["invalid"]]
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            # Every problem in one answer: the unknown keys and the known fields' own.
            if refused and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **refused}) from None
            raise
        if refused:
            raise serializers.ValidationError(refused)
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
