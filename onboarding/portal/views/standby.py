"""The CEO's standby offers (/me/standby/): a freed studio slot they may take, first come.

The list and the Accept and Decline buttons are filled by me_standby.js from
/api/v1/me/standby-offers/; this view renders the frame and the words."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from onboarding.portal.views.me import me_strings


def standby_strings() -> dict:
    return {
        **me_strings(),
        "accept": _("Accept this slot"),
        "decline": _("No, thank you"),
        "until": _("Answer by {when}"),
        "no_offers": _("No standby offers right now."),
        "booked": _("It is yours: the show is booked."),
        "status.pending": _("Waiting for your answer"),
        "status.accepted": _("You took it"),
        "status.declined": _("You declined"),
        "status.expired": _("Expired"),
        "status.withdrawn": _("Taken by another CEO"),
    }


@never_cache
@require_safe
@login_required
def me_standby(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/me_standby.html", {"strings": standby_strings()})
