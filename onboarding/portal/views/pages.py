"""The public front page and the signed-in applicant's list of applications."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from onboarding.applicants import selectors
from onboarding.portal.views.common import display_zone


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = {"campaigns": selectors.campaigns_open(), "via": request.GET.get("via", "")}
    return render(request, "portal/home.html", context)


@never_cache
@require_GET
@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = selectors.applications_of_user(user_id=request.user.pk)
    context = {"applications": applications, "display_zone": display_zone(request)}
    return render(request, "portal/my_applications.html", context)
