from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings


def add_business_days(start: datetime, days: int, tz: str | None = None) -> datetime:
    """`days` working days (Monday to Friday, in the zone `tz`) after `start`."""
    local = start.astimezone(ZoneInfo(tz or settings.DISPLAY_TIME_ZONE))
    while days > 0:
        local += timedelta(days=1)
        if local.weekday() < 5:
            days -= 1
    return local


def local_text(value: datetime, zone: str) -> str:
    """The wall-clock time in `zone`, as staff screens and exports print it: 2027-05-20 19:00."""
    return value.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def iso_utc(at: datetime | None) -> str | None:
    """An instant for other systems: ISO 8601 in UTC with a Z (None stays None)."""
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z") if at else None
