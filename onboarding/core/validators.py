"""Limits every input shares: dates and times the database and our arithmetic can hold, no NUL.

Plain Django (no DRF), so API fields, filters, services and page forms apply the same rule.
"""

from datetime import UTC, date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# PostgreSQL holds years 4713 BC to 294276 AD, Python 1 to 9999, and an offset of at most
# ±15:59. We take a narrower window, in UTC: a value near Python's ends would still overflow
# in a service that adds a buffer or a reminder's lead time, or converts it to a studio's zone.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)

DATE_OUT_OF_RANGE = _("Enter a date from %(earliest)s to %(latest)s.")
DATETIME_OUT_OF_RANGE = _("Enter a time from %(earliest)s to %(latest)s (UTC).")
NUL_REFUSED = _("Null characters are not allowed.")

NUL = "\x00"


def _limits() -> dict[str, str]:
    return {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()}


def check_date(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise ValidationError(DATE_OUT_OF_RANGE, code="out_of_range", params=_limits())
    return value


def check_datetime(value: datetime) -> datetime:
    """The value, in UTC when it carries an offset; ValidationError if it is out of range.

    A naive value (a studio's wall-clock time, read in its zone later) is checked as it is.
    """
    if value.utcoffset() is not None:
        try:
            value = value.astimezone(UTC)
        except OverflowError:
            raise ValidationError(
                DATETIME_OUT_OF_RANGE, code="out_of_range", params=_limits()
            ) from None
    if not EARLIEST <= value.date() <= LATEST:
        raise ValidationError(DATETIME_OUT_OF_RANGE, code="out_of_range", params=_limits())
    return value


def nul_path(value: Any) -> list[str | int] | None:
    """Where in a parsed JSON value a NUL character sits (keys included), or None.

    PostgreSQL stores it in neither text nor jsonb, so it is refused at the door.
    """
    if isinstance(value, str):
        return [] if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and NUL in key:
                return [key.replace(NUL, "")]
            found = nul_path(item)
            if found is not None:
                return [key, *found]
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = nul_path(item)
            if found is not None:
                return [index, *found]
    return None
