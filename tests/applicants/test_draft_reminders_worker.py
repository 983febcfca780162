"""Moving a campaign's closing time moves its drafts' reminders, through a real Celery worker."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from onboarding.applicants.reminders import draft_times
from onboarding.applicants.services import draft_save, draft_start
from onboarding.core.models import Role
from onboarding.notifications.models import Message
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("default_rules"),
]

PENDING, CANCELLED = Message.Status.PENDING, Message.Status.CANCELLED


def _reminders(draft, status=PENDING):
    return Message.objects.filter(event_key=f"draft_unfinished:{draft.pk}", status=status)


def _wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the worker did not get to it in time")
        time.sleep(0.1)


def test_moving_the_campaigns_closing_in_the_admin_moves_its_drafts_reminders(
    client, campaign, celery_worker
):
    draft = draft_start(campaign=campaign, language="en")
    draft_save(
        application=draft, applicant_data={"full_name": "Chen Min", "email": "c@example.com"}
    )
    first = _reminders(draft).get()
    later = campaign.application_closes_at + timedelta(days=10)
    zone = timezone.get_current_timezone()  # the admin reads wall times in the site's zone
    client.force_login(UserFactory(role=Role.LEAD_REVIEWER, is_staff=True))

    answer = client.post(
        reverse("admin:applicants_campaign_change", args=[campaign.pk]),
        {
            "name": campaign.name,
            "slug": campaign.slug,
            "code": campaign.code,
            "application_opens_at_0": campaign.application_opens_at.astimezone(zone).date(),
            "application_opens_at_1": campaign.application_opens_at.astimezone(zone).time(),
            "application_closes_at_0": later.astimezone(zone).date(),
            "application_closes_at_1": later.astimezone(zone).time(),
            "sales_starts_on": campaign.sales_starts_on,
            "sales_ends_on": campaign.sales_ends_on,
            "min_weekly_events": campaign.min_weekly_events,
            "timezone": campaign.timezone,
            "is_active": "on",
        },
    )

    assert answer.status_code == 302
    _wait_for(lambda: _reminders(draft).filter(due_at=later - timedelta(days=2)).exists())
    first.refresh_from_db()
    assert first.status == CANCELLED
    assert _reminders(draft).count() == 1
    assert draft_times(draft.pk) == (later, later)
