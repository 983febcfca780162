"""A reviewer works through the queue from the keyboard, in a real browser; PostgreSQL agrees."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from onboarding.applicants.models import Application, Status
from onboarding.core.models import Role
from tests.factories import UserFactory, demo_questionnaire
from tests.portal.staff_browser import serious_violations, sign_in
from tests.reviews.factories import ReviewedApplicationFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("default_rules")]


def test_a_reviewer_decides_three_applications_from_the_keyboard(live_server, desktop):
    page = desktop
    campaign = demo_questionnaire().campaign
    reviewer = UserFactory(role=Role.REVIEWER, username="rosa")
    first, second, third = (
        ReviewedApplicationFactory(campaign=campaign, review__reviewer=reviewer, review__score=40)
        for _ in range(3)
    )
    sign_in(page, live_server.url, "rosa")
    assert page.url.endswith(f"{reverse('portal:staff-queue')}?campaign={campaign.slug}")
    page.locator("#rows tr").nth(2).wait_for()
    assert serious_violations(page) == []

    # j/k move through the rows, Enter opens the one with the focus.
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert page.locator("tr.is-current").get_attribute("data-id") == str(second.pk)
    page.keyboard.press("k")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/staff/queue/{first.pk}/**")
    page.locator("#review[data-loaded=true]").wait_for(state="attached")
    page.locator("#next:not([hidden])").wait_for()
    assert first.reference in page.locator("h1").inner_text()
    assert serious_violations(page) == []

    # a: approve, with a reason, sent with Ctrl+Enter; the next application opens.
    page.keyboard.press("a")
    page.locator("#decide[open]").wait_for()
    page.keyboard.type("Strong brand, on camera herself.")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(f"**/staff/queue/{second.pk}/**")
    page.locator("#next:not([hidden])").wait_for()

    # r: reject; an empty reason is refused by the API, shown beside the field.
    page.keyboard.press("r")
    page.locator("#decide[open]").wait_for()
    page.keyboard.press("Control+Enter")
    page.locator("#decide .field-error").wait_for()
    assert page.locator("#decide-reason").get_attribute("aria-invalid") == "true"
    page.keyboard.type("No live experience and no time for shows.")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # untick "tell the applicant"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/staff/queue/{third.pk}/**")

    # The third one in Chinese: w opens the waitlist decision, Esc closes it, w again.
    # (the URL is the same before and after the switch, so wait for the new page's language)
    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    page.wait_for_url(f"**/staff/queue/{third.pk}/**")
    page.locator("#review[data-loaded=true]").wait_for(state="attached")
    assert "审核队列" in page.locator(".staff-nav").inner_text()
    page.keyboard.press("w")
    page.locator("#decide[open]").wait_for()
    page.keyboard.press("Escape")
    page.locator("#decide:not([open])").wait_for(state="attached")
    page.keyboard.press("w")
    assert page.locator("#decide-dialog-title").inner_text() == "列入候补"
    page.keyboard.type("名额已满，先候补。")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(f"**{reverse('portal:staff-queue')}?**")
    assert serious_violations(page) == []

    statuses = dict(
        Application.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list(
            "pk", "status"
        )
    )
    assert statuses == {
        first.pk: Status.APPROVED,
        second.pk: Status.REJECTED,
        third.pk: Status.WAITLISTED,
    }


def test_past_the_exact_count_the_pager_says_about(live_server, desktop, monkeypatch):
    # The bound is 10,000 rows; lowered here (the live server runs in this process).
    from onboarding.core.api import pagination

    monkeypatch.setattr(pagination, "COUNTED_EXACTLY_UP_TO", 2)
    campaign = demo_questionnaire().campaign
    reviewer = UserFactory(role=Role.REVIEWER, username="rosa")
    for _ in range(3):
        ReviewedApplicationFactory(campaign=campaign, review__reviewer=reviewer)
    sign_in(desktop, live_server.url, "rosa")
    desktop.locator("#rows tr").nth(2).wait_for()

    assert "of about" in desktop.locator("#pager").inner_text()
    desktop.get_by_role("button", name="简体中文").click()
    # (the English page's rows are there until the Chinese page replaces it)
    expect(desktop.locator("html")).to_have_attribute("lang", "zh-Hans")
    desktop.locator("#rows tr").nth(2).wait_for()
    expect(desktop.locator("#pager")).to_contain_text("约")
