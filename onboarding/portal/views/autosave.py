"""Autosave: the application page posts itself here while the applicant types (apply.js).

Only well-formedness is checked, as for any draft; answers are JSON so the script can show the
time of the save or the fields that could not be saved.
"""

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from onboarding.applicants import services
from onboarding.applicants.models import Application
from onboarding.core.errors import Conflict, Invalid
from onboarding.portal.application_form import ApplicationForm
from onboarding.portal.views.common import (
    application_or_404,
    display_zone,
    draft_start_with,
    open_campaign,
    throttle_allows,
)


def _saved(request: HttpRequest, application: Application, *, status: int = 200) -> JsonResponse:
    saved_at = timezone.localtime(application.updated_at, display_zone(request)).strftime("%H:%M")
    token = application.draft_token
    body = {
        "saved_at": saved_at,
        "message": _("Saved at %(time)s.") % {"time": saved_at},
        "private_url": reverse("portal:draft", args=[token]),
        "autosave_url": reverse("portal:draft-autosave", args=[token]),
    }
    if status == 201:
        body["notice"] = _(
            "This page's address is now your private link: bookmark it to come back later."
        )
    return JsonResponse(body, status=status)


def _invalid(form: ApplicationForm) -> JsonResponse:
    return JsonResponse(
        {
            "code": "invalid",
            "message": _("Not saved: please check the fields marked below."),
            "fields": form.field_errors(),
        },
        status=400,
    )


def _error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)


def _throttled() -> JsonResponse:
    return _error("throttled", _("Too many saves in a short time; we will try again."), 429)


@never_cache
@require_POST
def apply_autosave(request: HttpRequest, slug: str) -> JsonResponse:
    """The first save of a new application: it opens the draft and names its private link."""
    found = open_campaign(slug)
    if found is None:
        return _error("not_found", _("This campaign is not taking applications."), 404)
    campaign, questionnaire = found
    if not throttle_allows(request, "draft_write"):
        return _throttled()
    form = ApplicationForm(questionnaire=questionnaire, data=request.POST)
    if not form.is_valid(partial=True):
        return _invalid(form)
    try:
        application = draft_start_with(
            campaign=campaign, form=form, channel_code=request.POST.get("via")
        )
    except Invalid as exc:
        form.add_invalid(exc)
        return _invalid(form)
    except Conflict as exc:
        return _error("conflict", exc.message, 409)
    return _saved(request, application, status=201)


@never_cache
@require_POST
def draft_autosave(request: HttpRequest, token: str) -> JsonResponse:
    application = application_or_404(token)
    if not throttle_allows(request, "draft_write"):
        return _throttled()
    form = ApplicationForm(questionnaire=application.questionnaire, data=request.POST)
    if not form.is_valid(partial=True):
        return _invalid(form)
    try:
        application = services.draft_save(application=application, **form.draft_data())
    except Invalid as exc:
        form.add_invalid(exc)
        return _invalid(form)
    except Conflict as exc:
        return _error("conflict", exc.message, 409)
    return _saved(request, application)
