"""The trainer's pages in a real browser: sessions listed, seats marked, a CEO trained.

Checked on the page and in PostgreSQL, with axe-core on each page.
"""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from onboarding.applicants.models import Application, Status
from onboarding.core.models import Role
from onboarding.training.models import Attendance, Enrolment
from onboarding.training.services import enrolment_create
from tests.factories import (
    ApplicationFactory,
    CampaignFactory,
    TrainingModuleFactory,
    TrainingSessionFactory,
    UserFactory,
)
from tests.portal.staff_browser import serious_violations, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("default_rules")]


def approved(campaign, name, company):
    user = UserFactory(role=Role.CEO)
    return ApplicationFactory(
        campaign=campaign,
        status=Status.APPROVED,
        user=user,
        full_name=name,
        company_name=company,
        accounts=0,
    )


def test_a_trainer_marks_everyone_present_and_the_ceos_become_trained(live_server, desktop):
    page = desktop
    # Given a campaign with one required module, attended already by nobody, and a session of
    # it that began an hour ago with two seats, both taken, and one CEO waiting
    campaign = CampaignFactory()
    module = TrainingModuleFactory(campaign=campaign, title_en="Live selling basics")
    trainer = UserFactory(role=Role.TRAINER, username="tao", is_staff=True)
    session = TrainingSessionFactory(
        module=module,
        trainer=trainer,
        capacity=2,
        starts_at=timezone.now() - timedelta(hours=1),
    )
    later = TrainingSessionFactory(module=module, trainer=trainer, capacity=1)
    wang = approved(campaign, "Wang Fang", "Hangzhou Tea")
    li = approved(campaign, "Li Na", "Ningbo Silk")
    zhao = approved(campaign, "Zhao Lei", "Suzhou Jade")
    qian = approved(campaign, "Qian Mei", "Lishui Bamboo")
    with time_machine.travel(timezone.now() - timedelta(hours=3)):
        for application in (wang, li, zhao):
            enrolment_create(session=session, application=application, actor=trainer)
    # And a session next week: its one seat taken, one CEO waiting
    for application in (wang, zhao):
        enrolment_create(session=later, application=application, actor=trainer)

    # When the trainer signs in, they land on their sessions: the coming one, then the past
    sign_in(page, live_server.url, "tao")
    # (the two lists load by separate requests, so wait for each)
    page.locator("#upcoming a").first.wait_for()
    page.locator("#past a").first.wait_for()
    assert f"campaign={campaign.slug}" in page.url
    assert page.locator("#upcoming tr").count() == 1
    assert page.locator("#past tr").count() == 1
    assert serious_violations(page) == []

    # And open the one under way: two seats, one waiting, each missing the module
    page.locator("#past a").first.click()
    page.wait_for_url(f"**{reverse('portal:staff-training-session', args=[session.pk])}")
    page.locator("#seats tr").nth(1).wait_for()
    assert page.locator("#waitlist li").inner_text().startswith("No. 1")
    assert "Zhao Lei" in page.locator("#waitlist").inner_text()
    assert page.locator("#seats").inner_text().count("Live selling basics") == 2
    assert serious_violations(page) == []

    # And marks everyone present
    page.get_by_role("button", name="Mark everyone present").click()
    page.locator("#status-line", has_text="2 marked present").wait_for()
    page.locator("#seats .badge-good").nth(1).wait_for()

    # Then both CEOs are trained, in PostgreSQL
    assert Attendance.objects.filter(enrolment__session=session, attended=True).count() == 2
    statuses = dict(
        Application.objects.filter(pk__in=[wang.pk, li.pk]).values_list("full_name", "status")
    )
    assert statuses == {"Wang Fang": Status.TRAINED, "Li Na": Status.TRAINED}

    # When they mark one absent after all, the mark is changed (and the page says so)
    page.locator("#seats tr", has_text="Li Na").get_by_label("Absent").check()
    page.locator("#status-line", has_text="Attendance saved for Li Na").wait_for()
    assert not Attendance.objects.get(
        enrolment__application=li, enrolment__session=session
    ).attended

    # And in next week's session they find a CEO by company and enrol her: it is full, so she
    # waits behind Zhao Lei
    page.goto(f"{live_server.url}{reverse('portal:staff-training-session', args=[later.pk])}")
    page.locator("#waitlist li").first.wait_for()
    page.fill("#enrol-search", "Lishui")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Enrol Qian Mei").click()
    page.locator("#waitlist li", has_text="No. 2 Qian Mei").wait_for()
    assert Enrolment.objects.get(application=qian, session=later).status == "waitlisted"

    # And remove the first on the waiting list: Qian Mei moves to number 1
    page.get_by_role("button", name="Remove Zhao Lei").click()
    page.locator("#waitlist li", has_text="No. 1 Qian Mei").wait_for()
    assert Enrolment.objects.get(application=zhao, session=later).status == "cancelled"

    # And a change the API refuses shows its message beside the form, nothing saved
    page.fill("#c-ends", "2020-01-01T10:00")
    page.fill("#c-capacity", "4")
    page.get_by_role("button", name="Save changes").click()
    page.locator("#change-form .api-error").wait_for()
    later.refresh_from_db()
    assert later.capacity == 1

    # And cancelling the session with a reason cancels it
    page.fill("#x-reason", "The trainer is ill.")
    page.get_by_role("button", name="Cancel the session").click()
    page.locator("#status-line", has_text="This session is cancelled").wait_for()
    later.refresh_from_db()
    assert later.status == "cancelled"
