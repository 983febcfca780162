"""Small shared pieces: the campaign's zone, percentages, a link label for an application."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from onboarding.applicants.models import Application

# How many items each attention list carries; `count` always gives them all.
FIRST_FEW = 5


def percent(part: float | Decimal | int, whole: float | Decimal | int) -> float | None:
    """part / whole in percent with one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return round(100 * float(part) / float(whole), 1)


def local_day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants a local day starts and ends (the next midnight), DST-safe."""
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return start, end


def application_label(application: Application) -> str:
    """Reference and who: the dashboard is for leads and admins, who see identities."""
    return f"{application.reference} {application.display_name}"


@dataclass(frozen=True)
class Item:
    kind: str
    id: int
    label: str
    at: datetime | None = None
    detail: str = ""


@dataclass(frozen=True)
class AttentionList:
    count: int
    items: list[Item]
