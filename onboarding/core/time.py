from datetime import datetime, timedelta
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
