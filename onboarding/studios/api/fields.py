from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from onboarding.core.api import fields as core_fields


class WallClockDateTimeField(core_fields.DateTimeField):
    """ISO 8601 input; with an offset it is an instant, without one the studio's local time.

    Naive values stay naive here: the view reads them in the studio's zone, which it knows.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("ISO 8601. Without an offset, read as local time in the studio's time zone."),
        )
        super().__init__(**kwargs)

    def enforce_timezone(self, value):
        if timezone.is_naive(value):
            return value
        return super().enforce_timezone(value)


class ZonedDateTimeField(serializers.DateTimeField):
    """Output as given, keeping the zone the value carries (a studio's local time)."""

    def to_representation(self, value):
        return value.isoformat() if value else None
