"""The application form: new applications, drafts behind their private link, and sending."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from onboarding.applicants import services
from onboarding.applicants.models import Application, Campaign, Status
from onboarding.core.errors import Conflict, Invalid
from onboarding.core.i18n import language_code
from onboarding.portal.application_form import ApplicationForm
from onboarding.portal.forms import AssistantForm
from onboarding.portal.views.common import (
    application_or_404,
    display_zone,
    draft_start_with,
    open_campaign,
    throttle_allows,
)
from onboarding.reviews.selectors import application_timeline

SUBMIT = "submit"


def _render_form(
    request: HttpRequest,
    *,
    campaign: Campaign,
    form: ApplicationForm,
    application: Application | None = None,
    via: str = "",
    conflict: str = "",
    status: int = 200,
) -> HttpResponse:
    if application is None:
        action = reverse("portal:apply", args=[campaign.slug])
        autosave = reverse("portal:apply-autosave", args=[campaign.slug])
    else:
        action = reverse("portal:draft", args=[application.draft_token])
        autosave = reverse("portal:draft-autosave", args=[application.draft_token])
    context = {
        "campaign": campaign,
        "form": form,
        "application": application,
        "private_url": application and request.build_absolute_uri(action),
        "form_action": action,
        "autosave_url": autosave,
        "via": via,
        "conflict": conflict,
    }
    return render(request, "portal/apply.html", context, status=status)


def render_status(
    request: HttpRequest,
    application: Application,
    *,
    conflict: str = "",
    status: int = 200,
    answer_errors: list[str] | None = None,
    assistant_form: AssistantForm | None = None,
) -> HttpResponse:
    open_ = application.status not in (Status.WITHDRAWN, Status.REJECTED)
    if assistant_form is None and open_:
        assistant_form = AssistantForm(instance=application)
    context = {
        "assistant_form": assistant_form,
        "application": application,
        "timeline": application_timeline(application=application),
        "answer_errors": answer_errors or [],
        "campaign": application.campaign,
        "private_url": request.build_absolute_uri(
            reverse("portal:draft", args=[application.draft_token])
        ),
        "display_zone": display_zone(request),
        "conflict": conflict,
    }
    return render(request, "portal/status.html", context, status=status)


def _closed(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/closed.html", status=404)


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/too_many.html", status=429)


@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    found = open_campaign(slug)
    if found is None:
        return _closed(request)
    campaign, questionnaire = found
    # Invitation links carry ?via=<channel>; the form posts it back in a hidden field.
    via = request.POST.get("via") or request.GET.get("via") or ""
    if request.method in ("GET", "HEAD"):
        return _render_form(
            request, campaign=campaign, form=ApplicationForm(questionnaire=questionnaire), via=via
        )

    form = ApplicationForm(questionnaire=questionnaire, data=request.POST)
    submitting = request.POST.get("action") == SUBMIT
    if not throttle_allows(request, "application_submit" if submitting else "draft_write"):
        return _too_many(request)
    if not form.is_valid(partial=not submitting):
        return _render_form(request, campaign=campaign, form=form, via=via, status=400)
    try:
        if submitting:
            application = services.application_submit(
                campaign=campaign,
                language=language_code(),
                channel_code=via or None,
                **form.submit_data(),
            )
        else:
            application = draft_start_with(campaign=campaign, form=form, channel_code=via)
    except Invalid as exc:
        form.add_invalid(exc)
        return _render_form(request, campaign=campaign, form=form, via=via, status=400)
    except Conflict as exc:
        return _render_form(
            request, campaign=campaign, form=form, via=via, conflict=exc.message, status=409
        )
    return _after_write(request, application, submitted=submitting)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def draft(request: HttpRequest, token: str) -> HttpResponse:
    application = application_or_404(token)
    if request.method in ("GET", "HEAD"):
        if application.status != Status.DRAFT:
            return render_status(request, application)
        form = ApplicationForm.for_draft(application)
        return _render_form(
            request, campaign=application.campaign, form=form, application=application
        )

    form = ApplicationForm(questionnaire=application.questionnaire, data=request.POST)
    submitting = request.POST.get("action") == SUBMIT
    if not throttle_allows(request, "application_submit" if submitting else "draft_write"):
        return _too_many(request)
    page = {"campaign": application.campaign, "form": form, "application": application}
    if not form.is_valid(partial=not submitting):
        return _render_form(request, **page, status=400)
    try:
        if submitting:
            application = services.application_submit(
                campaign=application.campaign,
                language=language_code(),
                draft=application,
                **form.submit_data(),
            )
        else:
            services.draft_save(application=application, **form.draft_data())
    except Invalid as exc:
        form.add_invalid(exc)
        return _render_form(request, **page, status=400)
    except Conflict as exc:
        application = application_or_404(token)
        if application.status != Status.DRAFT:
            return render_status(request, application, conflict=exc.message, status=409)
        return _render_form(request, **page, conflict=exc.message, status=409)
    return _after_write(request, application, submitted=submitting)


def _after_write(
    request: HttpRequest, application: Application, *, submitted: bool
) -> HttpResponse:
    if submitted:
        return redirect("portal:submitted", token=application.draft_token)
    messages.success(
        request,
        _(
            "Your draft is saved. Bookmark this page: its address is your private link, and "
            "anyone who has it can see and change your application."
        ),
    )
    return redirect("portal:draft", token=application.draft_token)


@never_cache
@require_safe
def submitted(request: HttpRequest, token: str) -> HttpResponse:
    """The thank-you page right after sending, with the reference and the private link."""
    application = application_or_404(token)
    if application.status == Status.DRAFT:
        return redirect("portal:draft", token=token)
    context = {
        "application": application,
        "campaign": application.campaign,
        "private_url": request.build_absolute_uri(reverse("portal:draft", args=[token])),
    }
    return render(request, "portal/submitted.html", context)
