"""Helpers the studio services share: slots, locks, reasons and audit snapshots."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext as _

from onboarding.applicants.models import Application
from onboarding.core.errors import Invalid, NotAllowed
from onboarding.core.models import User
from onboarding.studios.models import (
    Booking,
    Crew,
    EquipmentSet,
    Studio,
)
from onboarding.studios.selectors.common import is_scheduler


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime
    buffered_start: datetime
    buffered_end: datetime

    @classmethod
    def in_studio(cls, studio: Studio, starts_at: datetime, ends_at: datetime) -> "Slot":
        return cls(
            starts_at,
            ends_at,
            starts_at - timedelta(minutes=studio.setup_minutes),
            ends_at + timedelta(minutes=studio.teardown_minutes),
        )


def ids_of(items: Iterable[Any]) -> list[int]:
    return sorted({int(getattr(item, "pk", item)) for item in items})


def require_scheduler(actor: User | None, message: str) -> None:
    if not is_scheduler(actor):
        raise NotAllowed(message)


def lock_studios(*studio_ids: int) -> dict[int, Studio]:
    """Lock the studios' rows, always in id order, so two movers never wait on each other."""
    studios = Studio.objects.select_for_update().filter(pk__in=set(studio_ids)).order_by("pk")
    return {studio.pk: studio for studio in studios}


def lock_booking(booking_id: int) -> Booking:
    """The booking with its studio, application and campaign; only the booking's row is locked."""
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("studio", "application__campaign")
        .get(pk=booking_id)
    )


def lock_application(application_id: int) -> Application:
    """The application and its campaign; only the application's row is locked."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .get(pk=application_id)
    )


def lock_crew(crew: Iterable[Any], *, lock: bool = True) -> list[Crew]:
    """The active crew asked for, locked in id order (only read with lock=False)."""
    wanted = ids_of(crew)
    if not wanted:
        return []
    rows = list(_locked(Crew, lock).filter(pk__in=wanted, active=True).order_by("pk"))
    unknown = sorted(set(wanted) - {row.pk for row in rows})
    if unknown:
        raise Invalid(
            _("Some crew members are unknown or inactive."),
            fields={"crew": [_("Unknown or inactive: %(ids)s.") % {"ids": unknown}]},
        )
    return rows


def lock_equipment(
    equipment: Iterable[Any], studio: Studio, *, lock: bool = True
) -> list[EquipmentSet]:
    """The active kit asked for, kept here or anywhere, locked in id order (read, lock=False)."""
    wanted = ids_of(equipment)
    if not wanted:
        return []
    rows = list(_locked(EquipmentSet, lock).filter(pk__in=wanted, active=True).order_by("pk"))
    unknown = sorted(set(wanted) - {row.pk for row in rows})
    if unknown:
        raise Invalid(
            _("Some equipment sets are unknown or inactive."),
            fields={"equipment": [_("Unknown or inactive: %(ids)s.") % {"ids": unknown}]},
        )
    elsewhere = [row.name for row in rows if row.studio_id not in (None, studio.pk)]
    if elsewhere:
        raise Invalid(
            _("Some equipment belongs to another studio."),
            fields={"equipment": [_("Kept in another studio: %(names)s.") % {"names": elsewhere}]},
        )
    return rows


def _locked(model: Any, lock: bool) -> Any:
    return model.objects.select_for_update() if lock else model.objects.all()


def snapshot(booking: Booking) -> dict[str, Any]:
    """What an audit row keeps of a booking's place in time."""
    return {
        "studio": booking.studio_id,
        "starts_at": booking.starts_at.isoformat(),
        "ends_at": booking.ends_at.isoformat(),
    }
