"""On the living demo, in a real browser: the demo's scheduler runs a plan of next week from the
studio board through the real Celery worker, sees it drawn apart from the demo's bookings,
accepts one CEO's day, and finds that booking in PostgreSQL.

The server and the worker see only committed rows, so this test loads the demo itself (the shared
load of tests/demo/ lives in a transaction that is never committed).
"""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from onboarding.planning.models import FestivalPlan, PlanStatus
from onboarding.studios.models import Booking
from seeds import demo
from seeds.accounts import DEMO_PASSWORD
from tests.portal.staff_browser import serious_violations, sign_in

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_demo_scheduler_plans_next_week_and_accepts_one_ceos_day(
    live_server, desktop, celery_worker
):
    clock = demo.load()
    monday = clock.today + timedelta(days=7 - clock.today.weekday())
    page = desktop
    page.set_viewport_size({"width": 1600, "height": 1000})
    sign_in(page, live_server.url, "scheduler", password=DEMO_PASSWORD)
    page.goto(
        f"{live_server.url}{reverse('portal:staff-board')}"
        f"?campaign=brave-ceo-2&view=week&date={monday}"
    )
    page.locator("#board[data-loaded=true]").wait_for()
    assert page.locator("#plan-first").input_value() == str(monday)
    before = Booking.objects.count()

    # The worker takes the plan; the board follows it to the end
    page.click("#plan-run")
    page.locator("#plan[data-plan$=':done']").wait_for(timeout=60_000)
    plan = FestivalPlan.objects.get()
    assert plan.status == PlanStatus.DONE, plan.error
    assert 0 < plan.met <= plan.bound
    assert (
        f"{plan.met} of {plan.wanted} shows proposed" in page.locator("#plan-figures").inner_text()
    )

    # Its blocks are drawn apart from the demo's bookings
    proposed = page.locator("#calendar .ec-event.proposed")
    expect(proposed).to_have_count(plan.met)
    assert page.locator("#calendar .ec-event:not(.proposed)").count() > 0
    assert serious_violations(page) == []

    # One CEO's day accepted from the board
    first = plan.result["bookings"][0]
    page.select_option("#plan-ceo", str(first["application"]))
    page.select_option("#plan-day", first["day"])
    expect(page.locator("#proposals tr")).to_have_count(1)
    page.click("#accept-shown")
    page.locator("#accept-result", has_text="Booked 1.").wait_for()

    # And it is in PostgreSQL, booked through the booking service
    booking = Booking.objects.get(idempotency_key=f"festival-plan-{plan.pk}-{first['index']}")
    assert booking.application_id == first["application"]
    assert booking.starts_at == datetime.fromisoformat(first["starts_at"])
    assert Booking.objects.count() == before + 1
