"""A scheduler plans a festival week from the studio board in a real browser: runs a plan
through the real Celery worker, sees its proposed blocks and unmet commitments, accepts the part
for one CEO on one day, and finds those bookings in PostgreSQL.

Small factory data shaped like the demo (one campaign, two studios, six trained CEOs and one
approved CEO who is not trained yet); to be switched to the demo's template database when the
session fixture for it lands.
"""

from datetime import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from onboarding.planning.models import FestivalPlan, PlanStatus
from onboarding.studios import services as studios
from onboarding.studios.models import Booking
from tests.planning.factories import WEEK_FIRST, WEEK_LAST, approved_ceo, festival
from tests.portal.staff_browser import serious_violations, sign_in

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_scheduler_plans_the_week_on_the_board_and_accepts_part(
    live_server, desktop, celery_worker
):
    fest = festival(ceos=6, studios=2)
    waiting = approved_ceo(fest.campaign)
    desktop.set_viewport_size({"width": 1600, "height": 1000})
    sign_in(desktop, live_server.url, fest.scheduler.username)
    url = reverse("portal:staff-board")
    desktop.goto(
        f"{live_server.url}{url}?campaign={fest.campaign.slug}&view=week&date={WEEK_FIRST}"
    )
    page = desktop
    page.locator("#board[data-loaded=true]").wait_for()

    # The shown week (inside the sales window) is the plan's first guess
    assert page.locator("#plan-first").input_value() == str(WEEK_FIRST)
    assert page.locator("#plan-last").input_value() == str(WEEK_LAST)

    # 1. Run a plan: the worker takes it, the board follows it to the end
    page.select_option("#plan-priority", "reach")
    page.click("#plan-run")
    page.locator("#plan[data-plan$=':done']").wait_for(timeout=30_000)
    plan = FestivalPlan.objects.get()
    assert (plan.status, plan.priority, plan.requested_by) == (
        PlanStatus.DONE,
        "reach",
        fest.scheduler,
    )
    assert "12 of 14 shows proposed" in page.locator("#plan-figures").inner_text()

    # 2. Its blocks are drawn apart from real ones, and what it cannot meet says why
    proposed = page.locator("#calendar .ec-event.proposed")
    expect(proposed).to_have_count(12)
    assert "proposed" in proposed.first.inner_text()
    unmet = page.locator("#unmet tr")
    expect(unmet).to_have_count(1)
    assert waiting.full_name in unmet.inner_text()
    assert "CEO not trained yet" in unmet.inner_text()
    expect(page.locator("#runs tr")).to_have_count(1)
    assert serious_violations(page) == []

    # 3. Filter to one CEO on one day and accept that part
    ceo = fest.ceos[0]
    mine = [p for p in plan.result["bookings"] if p["application"] == ceo.pk]
    day = mine[0]["day"]
    page.select_option("#plan-ceo", str(ceo.pk))
    page.select_option("#plan-day", day)
    expect(page.locator("#proposals tr")).to_have_count(1)
    page.click("#accept-shown")
    page.locator("#accept-result", has_text="Booked 1.").wait_for()

    # 4. The booking is in PostgreSQL, made through the booking service, and on the board
    booking = Booking.objects.get()
    assert booking.application_id == ceo.pk
    assert booking.starts_at == datetime.fromisoformat(mine[0]["starts_at"])
    assert booking.idempotency_key == f"festival-plan-{plan.pk}-{mine[0]['index']}"
    assert booking.crew_assignments.count() == 1
    page.locator("#calendar .ec-event", has_text=f"#{booking.pk} ").wait_for()
    expect(proposed).to_have_count(0)  # the filter shows only this CEO's day, now booked
    assert f"booked #{booking.pk}" in page.locator("#proposals").inner_text()

    # 5. Cancelled since, the proposal says so rather than still "booked"
    studios.booking_cancel(booking=booking, actor=fest.scheduler, reason="The CEO is ill.")
    page.goto(
        f"{live_server.url}{url}?campaign={fest.campaign.slug}&view=week&date={WEEK_FIRST}"
        f"&plan={plan.pk}"
    )
    page.locator("#plan[data-plan$=':done']").wait_for()
    page.select_option("#plan-ceo", str(ceo.pk))
    page.select_option("#plan-day", day)
    expect(page.locator("#proposals")).to_contain_text(f"booked #{booking.pk}, since cancelled")
