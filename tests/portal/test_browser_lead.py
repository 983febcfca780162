"""A lead in a real browser: a bulk decision, blind review switched on, and the dashboard."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from onboarding.applicants.models import Application, Status
from onboarding.core.models import Role
from onboarding.reviews.models import ReviewSettings
from tests.factories import UserFactory, demo_questionnaire
from tests.portal.staff_browser import serious_violations, sign_in
from tests.reviews.factories import ReviewedApplicationFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("default_rules")]


@pytest.fixture
def campaign():
    return demo_questionnaire().campaign


def test_a_lead_decides_many_at_once_and_sees_each_result(live_server, desktop, campaign):
    page = desktop
    UserFactory(role=Role.LEAD_REVIEWER, username="li")
    waiting = [ReviewedApplicationFactory(campaign=campaign) for _ in range(3)]
    decided = ReviewedApplicationFactory(campaign=campaign, status=Status.REJECTED)
    sign_in(page, live_server.url, "li")
    page.goto(f"{live_server.url}{reverse('portal:staff-queue')}?campaign={campaign.slug}")
    page.locator("#rows tr").nth(3).wait_for()

    for application in [*waiting, decided]:
        page.locator(f'#rows tr[data-id="{application.pk}"] input[type=checkbox]').check()
    assert page.locator("#bulk-count").inner_text() == "4 selected"
    page.select_option("#bulk-action", "waitlist")
    page.fill("#bulk-reason", "Strong, but the first sessions are full.")
    page.get_by_role("button", name="Decide", exact=True).click()
    page.locator("#bulk-summary", has_text="refused").wait_for()

    assert page.locator("#bulk-summary").inner_text() == "3 decided, 1 refused"
    refused = page.locator(f'#bulk-results li.refused[data-id="{decided.pk}"]')
    assert decided.reference in refused.inner_text()
    assert page.locator("#bulk-results li.ok").count() == 3
    assert serious_violations(page) == []

    statuses = dict(Application.objects.values_list("pk", "status"))
    assert [statuses[a.pk] for a in waiting] == [Status.WAITLISTED] * 3
    assert statuses[decided.pk] == Status.REJECTED

    # The CSV export carries the same filters as the page.
    href = page.locator("#export").get_attribute("href")
    assert href.startswith("/api/v1/review/export/?") and f"campaign={campaign.slug}" in href
    response = page.request.get(f"{live_server.url}{href}")
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    assert decided.reference in response.text()


def test_a_lead_switches_on_blind_review_and_a_reviewer_sees_no_identity(
    live_server, browser, desktop, campaign
):
    UserFactory(role=Role.LEAD_REVIEWER, username="li")
    reviewer = UserFactory(role=Role.REVIEWER, username="rosa")
    application = ReviewedApplicationFactory(
        campaign=campaign,
        full_name="Wang Fang",
        company_name="Mountain Pantry",
        review__reviewer=reviewer,
    )
    sign_in(desktop, live_server.url, "li")
    desktop.goto(f"{live_server.url}{reverse('portal:staff-dashboard')}?campaign={campaign.slug}")
    blind = desktop.locator("#set-hide_identity")
    blind.wait_for()
    desktop.wait_for_function("document.querySelector('#set-decision_days').value !== ''")
    assert not blind.is_checked()
    blind.check()
    desktop.get_by_role("button", name="Save review settings").click()
    desktop.locator("#settings-saved", has_text="Saved.").wait_for()
    assert ReviewSettings.objects.get(campaign=campaign).hide_identity is True

    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "rosa")
    page.locator(f'#rows tr[data-id="{application.pk}"]').wait_for()
    row = page.locator(f'#rows tr[data-id="{application.pk}"]').inner_text()
    assert "Wang Fang" not in row and "Mountain Pantry" not in row
    page.goto(
        f"{live_server.url}{reverse('portal:staff-review', args=[application.pk])}"
        f"?campaign={campaign.slug}"
    )
    page.locator("#review[data-loaded=true]").wait_for(state="attached")
    assert "Wang Fang" not in page.content()
    assert "Mountain Pantry" not in page.content()
    assert page.locator("h1").inner_text() == f"{application.reference} · —"
    context.close()


def test_the_dashboard_shows_what_the_database_holds(live_server, desktop, campaign):
    page = desktop
    UserFactory(role=Role.LEAD_REVIEWER, username="li")
    late = timezone.now() - timedelta(days=2)
    for _ in range(2):
        ReviewedApplicationFactory(campaign=campaign, review__decision_due_at=late)
    for _ in range(3):
        ReviewedApplicationFactory(campaign=campaign)
    ReviewedApplicationFactory(campaign=campaign, status=Status.APPROVED)

    sign_in(page, live_server.url, "li")
    page.goto(f"{live_server.url}{reverse('portal:staff-dashboard')}?campaign={campaign.slug}")
    page.locator("#dashboard[data-loaded=true]").wait_for()
    assert serious_violations(page) == []

    sent = Application.objects.filter(campaign=campaign).exclude(status=Status.DRAFT).count()
    funnel = page.locator("#table-funnel tbody tr").first.locator("td").first.inner_text()
    assert funnel == str(sent) == "6"
    overdue = Application.objects.filter(
        campaign=campaign,
        status__in=[Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_INFO],
        review__decision_due_at__lt=timezone.now(),
    ).count()
    badge = page.locator('[data-kind="overdue_reviews"] .count').inner_text()
    assert badge == str(overdue) == "2"
    per_day_total = page.locator("#table-per-day tbody tr").last.locator("td").first.inner_text()
    assert per_day_total == str(sent)
    # Every chart has its table, and the canvas is drawn.
    for chart in ("funnel", "per-day", "utilisation", "outcomes"):
        assert page.locator(f"#table-{chart} tbody tr").count() > 0
        assert page.locator(f"#chart-{chart}").bounding_box()["height"] > 50
