from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from onboarding.applicants.models import Application
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


# What booking_create reads of the application before it locks (and re-reads) it: the columns
# check_bookable looks at. Its row and its campaign's are wide, and loading them all was a
# quarter of a refused booking's time.
BOOKING_LOOK = ("status", "reference", "user_id", "campaign__is_active", "campaign__name")


def application_or_400(pk: int, *, only: tuple[str, ...] = ()) -> Application:
    """The application with its campaign (`only` those columns of them, as QuerySet.only)."""
    applications = Application.objects.select_related("campaign")
    if only:
        applications = applications.only(*only)
    application = applications.filter(pk=pk).first()
    if application is None:
        raise serializers.ValidationError({"application": [_("No such application.")]})
    return application
