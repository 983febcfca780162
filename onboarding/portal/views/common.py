"""Helpers the portal's views share; the rules themselves stay in the services."""

import math
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import Http404, HttpRequest

from onboarding.applicants import selectors, services
from onboarding.applicants.models import Application, Campaign
from onboarding.core.api.throttling import ScopedRateThrottle
from onboarding.core.i18n import language_code
from onboarding.portal.application_form import ApplicationForm
from onboarding.questionnaires.models import Questionnaire
from onboarding.questionnaires.selectors import questionnaire_active


def display_zone(request: HttpRequest) -> ZoneInfo:
    user = request.user
    zone = getattr(user, "timezone", "") if user.is_authenticated else ""
    return ZoneInfo(zone or settings.DISPLAY_TIME_ZONE)


def open_campaign(slug: str) -> tuple[Campaign, Questionnaire] | None:
    """The campaign taking applications under this slug, with the questionnaire it asks."""
    campaign = selectors.campaigns_open().filter(slug=slug).first()
    if campaign is None:
        return None
    questionnaire = questionnaire_active(campaign_id=campaign.pk)
    return (campaign, questionnaire) if questionnaire else None


def application_or_404(token: str) -> Application:
    application = selectors.application_by_token(token=token)
    if application is None:
        raise Http404
    return application


def draft_start_with(
    *, campaign: Campaign, form: ApplicationForm, channel_code: str | None
) -> Application:
    """Open a draft holding what was typed so far."""
    return services.draft_start(
        campaign=campaign,
        language=language_code(),
        channel_code=channel_code or None,
        **form.draft_data(),
    )


def throttle_allows(request: HttpRequest, scope: str) -> bool:
    """The API's rate limits (same scopes, same counters) for the pages' writes."""
    throttle = ScopedRateThrottle()
    if throttle.allow_request(request, SimpleNamespace(throttle_scope=scope)):
        return True
    # RetryAfterMiddleware puts it in the 429's Retry-After header.
    request.retry_after = math.ceil(throttle.wait() or 0)
    return False
