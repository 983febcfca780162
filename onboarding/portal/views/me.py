"""What /me/ adds for a CEO on top of their applications: training, shows, the calendar link,
notifications, weekly availability, preferences and the scorecard. The sections are filled by
me.js from /api/v1/; this module only names the application they are about and the words."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from onboarding.applicants.models import Application, Status
from onboarding.insights.selectors.scorecard import scorecard_applications
from onboarding.notifications.models.outbox import PERSONAL_CHANNEL_CHOICES
from onboarding.portal.views.staff import common_strings
from onboarding.questionnaires.models import WEEKDAYS

WEEKDAY_LABELS = {
    "mon": _("Monday"),
    "tue": _("Tuesday"),
    "wed": _("Wednesday"),
    "thu": _("Thursday"),
    "fri": _("Friday"),
    "sat": _("Saturday"),
    "sun": _("Sunday"),
}


def current_application(user) -> Application | None:
    """The CEO's newest sent application: the one the self-service sections are about."""
    return (
        Application.objects.filter(user=user)
        .exclude(status=Status.DRAFT)
        .select_related("campaign")
        .order_by("-submitted_at", "-id")
        .first()
    )


def _frame_strings() -> dict:
    """api.js's words; the internal status names are left out: CEOs see public ones only."""
    return {k: v for k, v in common_strings().items() if not k.startswith("status.")}


def me_strings() -> dict:
    return {
        **_frame_strings(),
        "enrol": _("Enrol"),
        "enrol_in": _("Enrol in {title}"),
        "leave": _("Give up my place"),
        "leave_named": _("Give up my place in {title}"),
        "seats_left": _("{count} seats left"),
        "full": _("Full: you would join the waiting list"),
        "no_open_sessions": _("No open sessions right now."),
        "no_enrolments": _("You are not enrolled in any session yet."),
        "attended": _("You attended."),
        "missed": _("Marked absent."),
        "confirm": _("Confirm I will be there"),
        "confirm_show": _("Confirm I will be there: {when}"),
        "confirmed": _("You confirmed you will be there."),
        "crew": _("Crew: {names}"),
        "no_crew": _("Crew not assigned yet"),
        "checklist": _("Checklist"),
        "no_shows": _("No shows booked yet."),
        "rehearsal": _("Rehearsal"),
        "show": _("Show"),
        "copied": _("Copied. Paste it into your calendar app as a subscription."),
        "copy_failed": _("Select the link and copy it yourself."),
        "new_link": _("A new link was made; the old one no longer works."),
        "no_notifications": _("No notifications."),
        "unread": _("unread"),
        "mark_read": _("Mark read"),
        "mark_read_named": _("Mark “{title}” read"),
        "saved": _("Saved."),
        "remove_window": _("Remove this window"),
        "day": _("Day"),
        "from": _("From"),
        "to": _("To"),
        **{f"weekday.{day}": label for day, label in WEEKDAY_LABELS.items()},
    }


@never_cache
@require_safe
@login_required
def me_scorecard(request: HttpRequest) -> HttpResponse:
    """The CEO's own scorecard (?application=<id> for another of their own applications)."""
    applications = scorecard_applications(user=request.user).filter(user=request.user)
    wanted = request.GET.get("application", "")
    if wanted:
        if not wanted.isdigit():
            raise Http404
        application = applications.filter(pk=int(wanted)).first()
    else:
        application = applications.order_by("-submitted_at", "-id").first()
    if application is None:
        raise Http404
    return render(
        request,
        "portal/me_scorecard.html",
        {"application": application, "strings": scorecard_strings()},
    )


def scorecard_strings() -> dict:
    return {
        **_frame_strings(),
        "held": _("Held"),
        "no_show": _("No-show"),
        "not_recorded": _("Not recorded yet"),
        "week": _("Week {number}"),
        "running": _("still running"),
        "no_shows": _("No shows yet."),
        "of_commitment": _("{held} of {commitment}"),
    }


def me_context(request: HttpRequest) -> dict:
    """What my_applications.html needs for the self-service sections."""
    application = current_application(request.user)
    return {
        "me_application": application,
        "strings": me_strings(),
        "weekdays": [(day, WEEKDAY_LABELS[day]) for day in WEEKDAYS],
        "channels": PERSONAL_CHANNEL_CHOICES,
        "languages": settings.LANGUAGES,
    }
