"""The staff frame's other pages in a real browser: accessible, and saying what the API says."""

import pytest
from django.urls import reverse

from onboarding.applicants.models import Application, Status
from onboarding.core.models import Role
from onboarding.reviews.models import ReviewCase
from tests.factories import UserFactory, demo_questionnaire
from tests.portal.staff_browser import serious_violations, sign_in
from tests.reviews.factories import ReviewedApplicationFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("default_rules")]


def test_sign_in_start_and_refusal_pages_are_accessible(live_server, desktop):
    page = desktop
    UserFactory(role=Role.TRAINER, username="tao", is_staff=True)
    UserFactory(role=Role.CEO, username="wang@example.com")
    page.goto(f"{live_server.url}{reverse('portal:login')}")
    assert page.locator("label[for=id_username]").inner_text() == "E-mail or username"
    assert serious_violations(page) == []

    sign_in(page, live_server.url, "tao")
    # A trainer lands on their training sessions.
    assert page.url.startswith(f"{live_server.url}{reverse('portal:staff-training')}")
    assert serious_violations(page) == []
    response = page.goto(f"{live_server.url}{reverse('portal:staff-queue')}")
    assert response.status == 403
    assert serious_violations(page) == []

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}{reverse('portal:home')}")  # signed out: sign in anew
    sign_in(page, live_server.url, "wang@example.com")
    assert page.url == f"{live_server.url}{reverse('portal:my-applications')}"


def test_a_lead_reassigns_then_overrides_a_failed_hard_requirement_the_api_refused(
    live_server, desktop
):
    page = desktop
    campaign = demo_questionnaire().campaign
    UserFactory(role=Role.LEAD_REVIEWER, username="li")
    UserFactory(role=Role.REVIEWER, username="rosa", first_name="", last_name="")
    application = ReviewedApplicationFactory(
        campaign=campaign, review__hard_failed=True, on_camera_in_person=False
    )
    sign_in(page, live_server.url, "li")
    page.goto(
        f"{live_server.url}{reverse('portal:staff-review', args=[application.pk])}"
        f"?campaign={campaign.slug}"
    )
    page.locator("#assign-reviewer[data-ready=true]").wait_for(state="attached")
    page.locator("#summary .badge-bad").first.wait_for()

    # Reassigned from the page; the summary says who holds it now.
    page.select_option("#assign-reviewer", label="rosa (rosa)")
    page.get_by_role("button", name="Reassign").click()
    page.wait_for_function("document.querySelector('#summary').textContent.includes('rosa')")
    assert ReviewCase.objects.get(application=application).reviewer.username == "rosa"

    page.keyboard.press("a")
    page.locator("#override:not([hidden])").wait_for()
    assert serious_violations(page) == []
    page.fill("#decide-reason", "Presents with her co-founder; we accept it this time.")
    page.get_by_role("button", name="Confirm").click()
    page.locator("#decide .api-error").wait_for()  # the API's refusal, in the dialog
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED

    page.locator("input[name=override_hard_failure]").check()
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"**{reverse('portal:staff-queue')}?**")
    assert Application.objects.get(pk=application.pk).status == Status.APPROVED
