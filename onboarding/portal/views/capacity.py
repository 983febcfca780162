"""The capacity view for schedulers (/staff/capacity/): a frame filled from /api/v1/capacity/.

Every figure, the what-if included, is the API's; this view renders the form and the words.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from onboarding.portal.views.board import BOARD_ROLES
from onboarding.portal.views.staff import _render, common_strings, staff_page


def capacity_strings() -> dict:
    return {
        **common_strings(),
        "over": _("Over: more hours committed than studios have"),
        "crunch": _("Crunch: past {share} % of studio hours"),
        "fine": _("Enough studio hours"),
        "closed": _("No studio open"),
        "summary": _(
            "{studios} studios, {ceos} CEOs: {committed} of {available} studio hours "
            "committed; {crunch} crunch days."
        ),
        "without": _("{count} CEOs committed without giving any available day: not counted."),
        "no_extra": _("No extra studio"),
        "hours": _("{hours} h"),
    }


@staff_page(BOARD_ROLES)
def capacity(request: HttpRequest) -> HttpResponse:
    return _render(request, "staff/capacity.html", strings=capacity_strings())
