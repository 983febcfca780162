"""Wall-clock times in a studio's zone, and the instants they stand for."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from onboarding.core.errors import Invalid


class NonexistentLocalTime(Invalid):
    """The clock jumps over this time on this day (the start of summer time)."""

    code = "nonexistent_local_time"


def local_to_utc(day: date, at: time, zone: str) -> datetime:
    """The instant that reads `at` on `day` in `zone`; refuses a time the clock skips.

    An ambiguous time (the repeated hour in autumn) takes its first, earlier reading.
    """
    tz = ZoneInfo(zone)
    local = datetime.combine(day, at, tzinfo=tz)
    instant = local.astimezone(ZoneInfo("UTC"))
    if instant.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentLocalTime(
            _("%(time)s does not exist on %(date)s in %(zone)s (the clocks go forward).")
            % {"time": at.strftime("%H:%M"), "date": day.isoformat(), "zone": zone}
        )
    return instant


def aware_in(value: datetime, zone: str) -> datetime:
    """A naive value read as wall-clock time in `zone`; an aware one as it is, in UTC."""
    if value.tzinfo is None:
        return local_to_utc(value.date(), value.time(), zone)
    return value.astimezone(ZoneInfo("UTC"))


def local(value: datetime, zone: str) -> datetime:
    return value.astimezone(ZoneInfo(zone))
