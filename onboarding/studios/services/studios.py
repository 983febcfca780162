"""Studios as schedulers keep them: details, opening hours and blackout periods."""

from datetime import datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from onboarding.core.errors import Invalid
from onboarding.core.models import User
from onboarding.core.services import audit_record, require_reason
from onboarding.studios.models import Blackout, Booking, BookingStatus, OpeningHours, Studio
from onboarding.studios.services.common import lock_studios, require_scheduler

STUDIO_FIELDS = [
    "name",
    "city",
    "address",
    "timezone",
    "capacity",
    "equipment",
    "setup_minutes",
    "teardown_minutes",
    "active",
]


def _clean(instance: Model, fields: list[str]) -> None:
    try:
        instance.full_clean(exclude=[f.name for f in instance._meta.fields if f.name not in fields])
    except ValidationError as exc:
        raise Invalid(_("Some fields are not valid."), fields=exc.message_dict) from None


@transaction.atomic
def studio_save(*, actor: User, data: dict[str, Any], studio: Studio | None = None) -> Studio:
    """Create a studio or change its details; buffers apply to bookings made from now on."""
    require_scheduler(actor, _("Only a scheduler manages studios."))
    unknown = sorted(set(data) - set(STUDIO_FIELDS))
    if unknown:
        raise Invalid(
            _("Some fields are not known."), fields={n: [_("Unknown field.")] for n in unknown}
        )
    if studio is not None:
        studio = Studio.objects.select_for_update().get(pk=studio.pk)
    else:
        studio = Studio()
    before = {name: getattr(studio, name) for name in data} if studio.pk else {}
    for name, value in data.items():
        setattr(studio, name, value)
    _clean(studio, list(data) if studio.pk else STUDIO_FIELDS)
    created = studio.pk is None
    studio.save()
    audit_record(
        subject=studio,
        action="studio_create" if created else "studio_update",
        actor=actor,
        data={"changed": sorted(data), "before": {k: str(v) for k, v in before.items()}},
    )
    return studio


def opening_hours_problems(windows: list[tuple[int, time, time]]) -> list[str]:
    """What is wrong with a week's opening windows (the admin's inline shows the same)."""
    errors = []
    by_day: dict[int, list[tuple[time, time]]] = {}
    for weekday, opens, closes in windows:
        if not 0 <= weekday <= 6 or closes <= opens:
            errors.append(_("Each window needs a weekday 0–6 and closes after it opens."))
            continue
        for other_opens, other_closes in by_day.get(weekday, []):
            if opens < other_closes and other_opens < closes:
                errors.append(_("Windows on the same day overlap."))
        by_day.setdefault(weekday, []).append((opens, closes))
    return sorted(set(errors))


@transaction.atomic
def opening_hours_replace(
    *, studio: Studio, actor: User, windows: list[tuple[int, time, time]]
) -> list[OpeningHours]:
    """Replace the week's opening windows; overlapping windows on one day are refused.

    Bookings already made are kept, even where they now fall outside the hours.
    """
    require_scheduler(actor, _("Only a scheduler manages studios."))
    errors = opening_hours_problems(windows)
    if errors:
        raise Invalid(_("Some fields are not valid."), fields={"windows": errors})
    lock_studios(studio.pk)
    studio.opening_hours.all().delete()
    rows = OpeningHours.objects.bulk_create(
        OpeningHours(studio=studio, weekday=d, opens=o, closes=c) for d, o, c in windows
    )
    audit_record(
        subject=studio,
        action="opening_hours_replace",
        actor=actor,
        data={"windows": [[d, o.isoformat(), c.isoformat()] for d, o, c in windows]},
    )
    return rows


@transaction.atomic
def blackout_add(
    *, studio: Studio, actor: User, starts_at: datetime, ends_at: datetime, reason: str
) -> tuple[Blackout, list[Booking]]:
    """Close the studio for a period; returns the confirmed bookings now inside it.

    They are not cancelled here: the scheduler moves or cancels each, with a reason.
    """
    require_scheduler(actor, _("Only a scheduler manages studios."))
    reason = require_reason(reason)
    if ends_at <= starts_at:
        raise Invalid(
            _("Some fields are not valid."), fields={"ends_at": [_("Ends after it starts.")]}
        )
    # Under the studio's lock, so no booking slips in while the blackout is being written.
    lock_studios(studio.pk)
    blackout = Blackout.objects.create(
        studio=studio, starts_at=starts_at, ends_at=ends_at, reason=reason, created_by=actor
    )
    affected = list(
        Booking.objects.filter(
            studio=studio,
            status=BookingStatus.CONFIRMED,
            buffered_start__lt=ends_at,
            buffered_end__gt=starts_at,
        ).order_by("starts_at")
    )
    audit_record(
        subject=studio,
        action="blackout_add",
        actor=actor,
        reason=reason,
        data={"blackout": blackout.pk, "affected_bookings": [b.pk for b in affected]},
    )
    return blackout, affected


@transaction.atomic
def blackout_remove(*, blackout: Blackout, actor: User) -> None:
    require_scheduler(actor, _("Only a scheduler manages studios."))
    audit_record(
        subject=blackout.studio,
        action="blackout_remove",
        actor=actor,
        reason=blackout.reason,
        data={"starts_at": blackout.starts_at.isoformat(), "ends_at": blackout.ends_at.isoformat()},
    )
    blackout.delete()
