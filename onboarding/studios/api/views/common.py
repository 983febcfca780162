from django.db import connection
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from onboarding.applicants.models import Application, Campaign
from onboarding.core.api import schema
from onboarding.studios.models import Studio

SAID = {
    401: "Not signed in.",
    403: "Your role may not do this (or, inside the cut-off, only a scheduler may).",
    404: "No such object, or not yours to see.",
    409: "Clashes with the current state: `code` says how (booking_conflict, studio_closed, "
    "blackout, quota_exceeded, not_bookable, not_ready, idempotency_key_reused, conflict); a "
    "clash names `conflicting_booking`.",
}


def errors(*codes: int) -> dict:
    """The studios API's error answers, as core's schema.errors words them, with its own 40x."""
    return schema.errors(*codes, said=SAID)


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description="Repeat a request with the same key to get the first result (200) back, "
    "never a second booking. Up to 100 characters.",
)


def idempotency_key(request) -> str | None:
    key = (request.headers.get("Idempotency-Key") or "").strip()
    if len(key) > 100:
        raise serializers.ValidationError({"Idempotency-Key": [_("At most 100 characters.")]})
    return key or None


def studio_or_400(pk: int) -> Studio:
    studio = Studio.objects.filter(pk=pk).first()
    if studio is None:
        raise serializers.ValidationError({"studio": [_("No such studio.")]})
    return studio


def application_or_400(pk: int) -> Application:
    application = Application.objects.select_related("campaign").filter(pk=pk).first()
    if application is None:
        raise serializers.ValidationError({"application": [_("No such application.")]})
    return application


def _columns(model, names: tuple[str, ...] | None = None) -> list:
    """The model's concrete fields (those named, by attname), in the model's order."""
    fields = model._meta.concrete_fields
    return [f for f in fields if names is None or f.attname in names]


# What booking_create reads of the application before it locks (and re-reads) it: the columns
# check_bookable looks at, with the campaign's. Both rows are wide.
_STUDIO = _columns(Studio)
_APPLICATION = _columns(Application, ("id", "status", "reference", "user_id", "campaign_id"))
_CAMPAIGN = _columns(Campaign, ("id", "is_active", "name"))
_BOTH = (
    "SELECT "
    + ", ".join(
        [f's."{f.column}"' for f in _STUDIO]
        + [f'a."{f.column}"' for f in _APPLICATION]
        + [f'c."{f.column}"' for f in _CAMPAIGN]
    )
    + f""" FROM (SELECT 1) AS one
LEFT JOIN "{Studio._meta.db_table}" AS s ON s.id = %s
LEFT JOIN "{Application._meta.db_table}" AS a ON a.id = %s
LEFT JOIN "{Campaign._meta.db_table}" AS c ON c.id = a.campaign_id"""
)


def studio_and_application_or_400(
    studio_id: int, application_id: int
) -> tuple[Studio, Application]:
    """studio_or_400 and application_or_400 in one statement, for booking_create: of twenty
    writers racing for a studio nineteen are refused, and each statement is paid twenty times.
    The application (and its campaign) come with the columns check_bookable reads, the rest
    deferred."""
    with connection.cursor() as cursor:
        cursor.execute(_BOTH, (studio_id, application_id))
        row = cursor.fetchone()
    studio_values = row[: len(_STUDIO)]
    application_values = row[len(_STUDIO) : len(_STUDIO) + len(_APPLICATION)]
    campaign_values = row[len(_STUDIO) + len(_APPLICATION) :]
    if studio_values[0] is None:
        raise serializers.ValidationError({"studio": [_("No such studio.")]})
    if application_values[0] is None:
        raise serializers.ValidationError({"application": [_("No such application.")]})
    studio = Studio.from_db(connection.alias, [f.attname for f in _STUDIO], studio_values)
    application = Application.from_db(
        connection.alias, [f.attname for f in _APPLICATION], application_values
    )
    application.campaign = Campaign.from_db(
        connection.alias, [f.attname for f in _CAMPAIGN], campaign_values
    )
    return studio, application
