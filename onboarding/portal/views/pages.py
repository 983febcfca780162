"""The public front page, and the signed-in applicant's applications and shows ahead."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from onboarding.applicants import selectors
from onboarding.notifications.timefmt import dual_time
from onboarding.portal.views.common import display_zone
from onboarding.portal.views.me import me_context
from onboarding.studios.links import attendance_token
from onboarding.studios.selectors import shows_ahead_of


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {"campaigns": selectors.campaigns_open(), "via": request.GET.get("via", "")}
    return render(request, "portal/home.html", context)


@never_cache
@require_safe
@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = selectors.applications_of_user(user_id=request.user.pk)
    zone = str(display_zone(request))
    shows = [
        {
            "booking": booking,
            "when": dual_time(
                booking.starts_at, event_zone=booking.studio.timezone, viewer_zone=zone
            ),
            "confirm_token": attendance_token(booking.pk),
        }
        for booking in shows_ahead_of(user=request.user)
    ]
    context = {
        "applications": applications,
        "shows": shows,
        "display_zone": display_zone(request),
        **me_context(request),
    }
    return render(request, "portal/my_applications.html", context)
