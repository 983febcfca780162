"""Times in messages: in the event's own zone and, when it differs, the reader's, both labelled."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onboarding.core.i18n import language_code

# Day, date and 24-hour time, in each language's own order.
_FORMATS = {"en": ("D j M Y, H:i", "H:i"), "zh-hans": ("Y年n月j日（D）H:i", "H:i")}


def _formats(language: str) -> tuple[str, str]:
    return _FORMATS[language_code(language)]


# The zones our readers are most often in, named in the reader's language; others by their
# city as the zone database spells it.
_PLACES = {
    "Asia/Shanghai": gettext_lazy("Shanghai"),
    "Asia/Hong_Kong": gettext_lazy("Hong Kong"),
    "Asia/Taipei": gettext_lazy("Taipei"),
    "Asia/Singapore": gettext_lazy("Singapore"),
    "Asia/Tokyo": gettext_lazy("Tokyo"),
    "Europe/London": gettext_lazy("London"),
    "Europe/Berlin": gettext_lazy("Berlin"),
    "America/New_York": gettext_lazy("New York"),
    "America/Los_Angeles": gettext_lazy("Los Angeles"),
}


def _place(zone: str) -> str:
    if zone in _PLACES:
        return str(_PLACES[zone])
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def dual_time(
    value: datetime, *, event_zone: str, viewer_zone: str = "", language: str | None = None
) -> str:
    """For example "Thu 20 May 2027, 19:00 (Shanghai time, where it happens); 13:00 (Berlin
    time, yours)". The second part only when the reader's zone shows a different time."""
    language = language or translation.get_language() or "en"
    long_format, short_format = _formats(language)
    with translation.override(language):
        local = value.astimezone(ZoneInfo(event_zone))
        text = _("%(when)s (%(place)s time, where it happens)") % {
            "when": formats.date_format(local, long_format),
            "place": _place(event_zone),
        }
        if not viewer_zone or viewer_zone == event_zone:
            return text
        theirs = value.astimezone(ZoneInfo(viewer_zone))
        if theirs.utcoffset() == local.utcoffset():
            return text
        # The reader's date only when it is another day than at the venue.
        fmt = short_format if theirs.date() == local.date() else long_format
        return (
            text
            + "; "
            + _("%(when)s (%(place)s time, yours)")
            % {
                "when": formats.date_format(theirs, fmt),
                "place": _place(viewer_zone),
            }
        )


def local_time(value: datetime, *, zone: str, language: str | None = None) -> str:
    """One time in one zone, labelled: "Thu 20 May 2027, 19:00 (Shanghai time)"."""
    language = language or translation.get_language() or "en"
    with translation.override(language):
        return _("%(when)s (%(place)s time)") % {
            "when": formats.date_format(value.astimezone(ZoneInfo(zone)), _formats(language)[0]),
            "place": _place(zone),
        }
