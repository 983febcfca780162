"""The page behind the signed link in a show reminder: one button to say "I will be there".

Opening the link only shows the show; the button confirms. Mail scanners and link previews
open links on their own, and must not confirm a show for a CEO who never saw it.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from onboarding.core.errors import Conflict
from onboarding.notifications.timefmt import dual_time
from onboarding.portal.views.common import display_zone
from onboarding.studios.models import Booking, BookingStatus
from onboarding.studios.selectors import show_by_link
from onboarding.studios.services import attendance_confirm


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def show_confirm(request: HttpRequest, token: str) -> HttpResponse:
    booking = show_by_link(token=token)
    if booking is None:
        raise Http404(_("This link is not valid."))
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # Nobody chose a language here yet: the CEO's own, as in the reminder.
        translation.activate(booking.application.language)
        request.LANGUAGE_CODE = translation.get_language()
    if request.method != "POST":
        return _page(request, booking)
    # The time the page showed: a show moved since is refused rather than confirmed unseen.
    try:
        seen = parse_datetime(request.POST.get("starts_at", ""))
    except ValueError:
        # Well formed but no date (month 13): as unreadable as any other edited field.
        seen = None
    if seen is None:
        return _page(request, booking, status=400, problem=_("Reload the page and try again."))
    try:
        attendance_confirm(booking=booking, actor=request.user, by_link=True, starts_at=seen)
    except Conflict as exc:
        booking.refresh_from_db()
        return _page(request, booking, status=409, problem=exc.message)
    messages.success(request, _("Thank you: we have noted that you will be there."))
    return redirect("portal:show-confirm", token=token)


def _page(
    request: HttpRequest, booking: Booking, *, status: int = 200, problem: str = ""
) -> HttpResponse:
    studio, application = booking.studio, booking.application
    zones = {
        "event_zone": studio.timezone,
        "viewer_zone": str(display_zone(request)) if request.user.is_authenticated else "",
    }
    open_ = booking.status == BookingStatus.CONFIRMED and booking.ends_at > timezone.now()
    context = {
        "booking": booking,
        "title": application.display_name,
        "studio": studio,
        "starts_at": dual_time(booking.starts_at, **zones),
        "ends_at": dual_time(booking.ends_at, **zones),
        "cancelled": booking.status != BookingStatus.CONFIRMED,
        "over": booking.ends_at <= timezone.now(),
        "can_confirm": open_ and booking.attendance_confirmed_at is None,
        "problem": problem,
    }
    return render(request, "portal/show_confirm.html", context, status=status)
