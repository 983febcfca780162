"""What the applicant does after sending: answer an information request, name an assistant,
or withdraw."""

import copy

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onboarding.applicants import services
from onboarding.core.errors import Conflict, Invalid
from onboarding.portal.forms import AssistantForm
from onboarding.portal.views.application import render_status
from onboarding.portal.views.common import application_or_404
from onboarding.reviews.services import info_answer


@require_POST
def answer(request: HttpRequest, token: str) -> HttpResponse:
    application = application_or_404(token)
    try:
        info_answer(application=application, text=request.POST.get("text", ""))
    except Invalid as exc:
        return render_status(
            request, application, status=400, answer_errors=exc.fields.get("text", [exc.message])
        )
    except Conflict as exc:
        return render_status(request, application, conflict=exc.message, status=409)
    messages.success(request, _("Thank you: your answer is with the reviewer."))
    return redirect("portal:draft", token=token)


@require_POST
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    application = application_or_404(token)
    if request.POST.get("confirm") != "yes":
        return render_status(
            request,
            application,
            conflict=_("Tick the box to confirm you want to withdraw."),
            status=400,
        )
    try:
        services.application_withdraw(application_id=application.pk)
    except Conflict as exc:
        return render_status(request, application, conflict=exc.message, status=409)
    messages.success(request, _("Your application is withdrawn."))
    return redirect("portal:draft", token=token)


@require_POST
def assistant(request: HttpRequest, token: str) -> HttpResponse:
    application = application_or_404(token)
    # A copy: a refused form must not change the application the page shows around it.
    form = AssistantForm(request.POST, instance=copy.copy(application))
    if not form.is_valid():
        return render_status(request, application, assistant_form=form, status=400)
    data = {name: form.cleaned_data[name] for name in services.ASSISTANT_FIELDS}
    try:
        services.assistant_update(application=application, data=data)
    except Invalid as exc:
        for name, problems in exc.fields.items():
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
        return render_status(request, application, assistant_form=form, status=400)
    except Conflict as exc:
        return render_status(request, application, conflict=exc.message, status=409)
    messages.success(request, _("Saved: your assistant's details are up to date."))
    return redirect("portal:draft", token=token)
