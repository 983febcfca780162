"""The capacity view in a real browser: a scheduler sees the crunch days and tries a what-if."""

from datetime import time

import pytest
from django.urls import reverse

from onboarding.core.models import Role
from tests.factories import CampaignFactory, StudioFactory, TrainedApplicationFactory, UserFactory
from tests.portal.staff_browser import serious_violations, sign_in
from tests.studios.conftest import commit_weekly
from tests.studios.standby_world import set_availability

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_scheduler_sees_the_crunch_days_and_a_second_crew_clears_them(live_server, desktop):
    page = desktop
    # Given one studio open 10:00-20:00 and two CEOs wanting five two-hour shows on Tuesdays
    campaign = CampaignFactory()
    StudioFactory(name="West Lake", hours=(time(10), time(20)))
    for commitment in (3, 2):
        ceo = TrainedApplicationFactory(campaign=campaign)
        commit_weekly(ceo, commitment)
        set_availability(ceo, [{"day": "tue", "start": "19:00", "end": "22:00"}])
    UserFactory(role=Role.SCHEDULER, username="sam")
    sign_in(page, live_server.url, "sam")

    # When the scheduler opens the capacity view from the staff frame's navigation
    page.goto(f"{live_server.url}{reverse('portal:staff-board')}?campaign={campaign.slug}")
    page.get_by_role("link", name="Capacity").click()
    tuesday = page.locator("#capacity-rows tr[data-day='2027-05-25']")
    tuesday.wait_for()

    # Then Tuesday is over (ten hours wanted of eight, one crew) and the page is accessible
    assert "Over" in tuesday.inner_text()
    assert "10 h" in tuesday.inner_text()
    assert page.locator("#capacity-rows tr.crunch").count() == 4  # the window's four Tuesdays
    assert serious_violations(page) == []

    # When they try a second crew, it recomputes at once: ten hours of ten is a crunch, not over
    page.get_by_label("A second crew in every studio").check()
    page.wait_for_function(
        "!document.querySelector(\"tr[data-day='2027-05-25']\").textContent.includes('Over')"
    )
    assert "Crunch" in tuesday.inner_text()
    assert "second_crew=true" in page.url
    # A bad what-if shows the API's message beside its field
    page.fill("#longer-hours", "20")
    page.get_by_role("button", name="Recompute").click()
    page.locator("#longer-hours-error").wait_for()
    assert serious_violations(page) == []
