from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from onboarding.core.api import fields
from onboarding.core.models import AuditEntry

UNKNOWN_FIELD = _("Unknown field.")


class StrictInputMixin:
    """Refuse keys the serializer does not declare, and values the document does not allow:
    text that is not a string or is longer than its maxLength (spaces count), and a boolean that
    is not JSON's true or false."""

    def to_internal_value(self, data):
        refused = {}
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            refused = {name: [UNKNOWN_FIELD] for name in sorted(set(data) - writable)}
            # A query string carries only text: its "true" is a boolean's only spelling.
            body = not isinstance(data, QueryDict)
            for name, field in self.fields.items():
                if not field.read_only and data.get(name) is not None:
                    message = _refusal(field, data[name], body=body)
                    if message:
                        refused[name] = [message]
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


def _refusal(field: serializers.Field, value, *, body: bool) -> str | None:
    """What DRF would let through although the OpenAPI document does not allow it."""
    if isinstance(field, serializers.CharField):
        # DRF would turn the number 12 into "12", and it measures the text only once it has
        # trimmed the spaces around it; the document (type: string, maxLength) does neither.
        if not isinstance(value, str):
            return field.error_messages["invalid"]
        if field.max_length is not None and len(value) > field.max_length:
            return field.error_messages["max_length"].format(max_length=field.max_length)
    # DRF reads 1, 0.0, "yes" and "on" as booleans; in a JSON body the document says boolean.
    if isinstance(field, serializers.BooleanField) and body and not isinstance(value, bool):
        return field.error_messages["invalid"]
    return None


class StrictSerializer(StrictInputMixin, serializers.Serializer):
    pass


class AuditEntrySerializer(serializers.ModelSerializer):
    """One row of an object's history (an application's, a booking's): who, when, from, to, why."""

    actor = serializers.CharField(source="actor.username", default=None, allow_null=True)

    class Meta:
        model = AuditEntry
        fields = ["created_at", "actor", "action", "from_state", "to_state", "reason", "data"]


class ModelSerializer(serializers.ModelSerializer):
    """ModelSerializer whose date and time fields refuse what the database cannot hold."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: fields.DateTimeField,
        models.DateField: fields.DateField,
    }
