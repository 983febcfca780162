"""A scheduler on the studio board in a real browser: books a CEO, meets a clash, drags a
booking, cancels one and records an outcome; each checked in PostgreSQL."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from onboarding.core.models import AuditEntry, Role
from onboarding.studios.models import Booking, BookingStatus, ShowOutcome
from onboarding.studios.services import booking_create
from tests.factories import (
    BookingFactory,
    CrewFactory,
    StudioFactory,
    TrainedApplicationFactory,
    UserFactory,
)
from tests.portal.staff_browser import serious_violations, sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day, hour, minute=0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def local_start(booking: Booking) -> tuple[int, int]:
    start = booking.starts_at.astimezone(SHANGHAI)
    return start.hour, start.minute


@pytest.fixture
def week():
    """Next week's Monday in Shanghai: every booking made here is in the future."""
    today = timezone.now().astimezone(SHANGHAI).date()
    return today + timedelta(days=7 - today.weekday())


@pytest.fixture
def board(live_server, desktop):
    desktop.set_viewport_size({"width": 1600, "height": 1000})

    def open_day(day):
        url = f"{live_server.url}{reverse('portal:staff-board')}?view=day&date={day}"
        desktop.goto(url)
        desktop.locator("#board[data-loaded=true]").wait_for()
        return desktop

    return open_day


def slot_x(page, day, hour, minute=0) -> float:
    label = page.locator(f'#calendar time[datetime="{day}T{hour:02}:{minute:02}:00"]')
    label.wait_for()
    box = label.locator("xpath=..").bounding_box()
    return box["x"]


def row_y(page, studio: str) -> float:
    head = page.locator("#calendar .ec-row-head", has_text=studio)
    head.wait_for()
    box = head.bounding_box()
    return box["y"] + box["height"] / 2


def drag(page, start: tuple[float, float], end: tuple[float, float]) -> None:
    page.mouse.move(*start)
    page.mouse.down()
    steps = 12
    for step in range(1, steps + 1):
        page.mouse.move(
            start[0] + (end[0] - start[0]) * step / steps,
            start[1] + (end[1] - start[1]) * step / steps,
        )
    page.mouse.up()


def block(page, booking_id: int):
    return page.locator("#calendar .ec-event", has_text=f"#{booking_id} ")


def settled_box(page, booking_id: int) -> dict:
    """The block's box once the calendar has stopped drawing it (the plan panel may redraw the
    events just after the board loads, detaching the block between two reads)."""
    last = None
    for _ in range(50):
        block(page, booking_id).wait_for()
        box = block(page, booking_id).bounding_box()
        if box is not None and box == last:
            return box
        last = box
        page.wait_for_timeout(50)
    raise AssertionError(f"block #{booking_id} never settled")


def drag_block(page, booking_id: int, dx: float) -> None:
    box = settled_box(page, booking_id)
    start = (box["x"] + 12, box["y"] + box["height"] / 2)
    drag(page, start, (start[0] + dx, start[1]))


def test_a_scheduler_runs_the_week_from_the_board(live_server, desktop, board, week):
    scheduler = UserFactory(role=Role.SCHEDULER, username="sam")
    studio = StudioFactory(name="West Lake", hours=(time(8), time(23, 59)))
    StudioFactory(name="Lakeside", hours=(time(8), time(22)))
    crew = CrewFactory(name="Lin Camera")
    wang = TrainedApplicationFactory(full_name="Wang Fang", company_name="Mountain Pantry")
    tuesday, wednesday, thursday = (week + timedelta(days=n) for n in (1, 2, 3))

    def book(day, hour, name):
        application = TrainedApplicationFactory(full_name=name)
        booking, _created = booking_create(
            studio=studio,
            application=application,
            starts_at=at(day, hour),
            ends_at=at(day, hour + 2),
            actor=scheduler,
        )
        return booking

    in_the_way = book(tuesday, 14, "Li Lei")
    to_move = book(wednesday, 10, "Zhou Min")
    to_cancel = book(thursday, 10, "Chen Jie")
    yesterday = timezone.now().astimezone(SHANGHAI).date() - timedelta(days=1)
    held = BookingFactory(
        studio=studio,
        application=TrainedApplicationFactory(full_name="Sun Li"),
        starts_at=at(yesterday, 10),
        ends_at=at(yesterday, 12),
    )
    sign_in(desktop, live_server.url, "sam")

    # 1. Book Wang Fang on Tuesday 10:00-12:00 by dragging across free time in West Lake
    page = board(tuesday)
    assert serious_violations(page) == []
    y = row_y(page, "West Lake")
    drag(page, (slot_x(page, tuesday, 10) + 4, y), (slot_x(page, tuesday, 12) - 4, y))
    dialog = page.locator("#new-dialog")
    dialog.wait_for()
    assert page.locator("#new-start").input_value() == f"{tuesday}T10:00"
    assert page.locator("#new-end").input_value() == f"{tuesday}T12:00"
    page.fill("#ceo-search", "pantry")
    page.get_by_label("Wang Fang · Mountain Pantry", exact=False).check()
    dialog.get_by_label("Lin Camera").check()
    page.locator("#slot-check .slot-ok").wait_for()
    assert serious_violations(page) == []
    page.click("#new-submit")
    page.locator("#board-status", has_text="Booked #").wait_for()
    booking = Booking.objects.get(application=wang)
    assert local_start(booking) == (10, 0)
    assert booking.idempotency_key
    assert list(booking.crew_assignments.values_list("crew_id", flat=True)) == [crew.pk]
    block(page, booking.pk).wait_for()

    # 2. Drag it onto Li Lei's show: the API's 409 is on the board, naming it; nothing moves
    before = settled_box(page, booking.pk)
    drag_block(page, booking.pk, slot_x(page, tuesday, 14) - slot_x(page, tuesday, 10))
    page.fill("#move-reason", "The CEO asked for the afternoon")
    page.click("#move-confirm")
    refusal = page.locator("#board-message .board-refusal")
    refusal.wait_for()
    assert f"#{in_the_way.pk}" in refusal.inner_text()
    assert "Nothing moved" in refusal.inner_text()
    after = settled_box(page, booking.pk)
    assert abs(after["x"] - before["x"]) < 2
    booking.refresh_from_db()
    assert local_start(booking) == (10, 0)

    # 3. Drag Zhou Min's Wednesday show two hours later, giving a reason
    page = board(wednesday)
    drag_block(page, to_move.pk, slot_x(page, wednesday, 12) - slot_x(page, wednesday, 10))
    page.fill("#move-reason", "Studio lights are serviced in the morning")
    page.click("#move-confirm")
    page.locator("#board-status", has_text=f"Booking #{to_move.pk} moved").wait_for()
    to_move.refresh_from_db()
    assert local_start(to_move) == (12, 0)
    assert AuditEntry.objects.filter(
        action="booking_move", reason="Studio lights are serviced in the morning"
    ).exists()

    # 4. Cancel Chen Jie's Thursday show with a reason
    page = board(thursday)
    block(page, to_cancel.pk).click()
    page.locator("#booking-dialog").wait_for()
    page.click("#cancel-box summary")
    page.fill("#cancel-reason", "The CEO is ill")
    page.get_by_role("button", name="Cancel booking").click()
    page.locator("#board-status", has_text=f"Booking #{to_cancel.pk} cancelled").wait_for()
    to_cancel.refresh_from_db()
    assert to_cancel.status == BookingStatus.CANCELLED
    assert to_cancel.cancel_reason == "The CEO is ill"
    expect(block(page, to_cancel.pk)).to_have_count(0)

    # 5. Yesterday's show: the go-live gate shows what is missing; confirm with a reason,
    # then record it held
    page = board(yesterday)
    block(page, held.pk).click()
    missing = page.locator("#gate-missing")
    missing.wait_for()
    assert "Product samples received at the studio" in missing.inner_text()
    assert serious_violations(page) == []
    page.fill("#ready-reason", "Samples came by hand on the day")
    page.get_by_role("button", name="Confirm ready for go-live").click()
    page.locator("#gate", has_text="confirmed ready").wait_for()
    page.get_by_label("Held").check()
    page.fill("#out-viewers", "1200")
    page.fill("#out-turnover", "34567.80")
    page.fill("#out-followers", "150")
    page.get_by_role("button", name="Save outcome").click()
    page.locator("#board-status", has_text=f"Outcome recorded for booking #{held.pk}").wait_for()
    outcome = ShowOutcome.objects.get(booking=held)
    assert outcome.result == ShowOutcome.Result.HELD
    assert (outcome.viewers, str(outcome.turnover), outcome.new_followers) == (
        1200,
        "34567.80",
        150,
    )
    held.refresh_from_db()
    assert held.ready_override_reason == "Samples came by hand on the day"


def test_the_reports_beside_the_board_make_a_series_and_pass_axe(live_server, desktop, week):
    UserFactory(role=Role.SCHEDULER, username="sam")
    studio = StudioFactory(name="West Lake")
    wang = TrainedApplicationFactory(full_name="Wang Fang", company_name="Mountain Pantry")
    sign_in(desktop, live_server.url, "sam")
    url = reverse("portal:staff-board-reports")
    desktop.goto(f"{live_server.url}{url}?campaign={wang.campaign.slug}#series")
    desktop.locator("#reports[data-loaded=true]").wait_for()
    # data-loaded is set once every list is drawn: the attendance, by its own request, is there
    assert "Wang Fang" in desktop.locator("#attendance-rows").inner_text()
    assert serious_violations(desktop) == []

    desktop.select_option("#s-studio", str(studio.pk))
    desktop.select_option("#s-ceo", str(wang.pk))
    desktop.fill("#s-time", "20:00")
    desktop.fill("#s-first", str(week))
    desktop.fill("#s-last", str(week + timedelta(days=6)))
    desktop.get_by_label("Tue").check()
    desktop.get_by_role("button", name="Create series").click()
    desktop.locator("#series-result", has_text="1 booked").wait_for()
    booking = Booking.objects.get(application=wang)
    assert booking.series_id is not None
    assert local_start(booking) == (20, 0)
    expect(desktop.locator("#series-rows tr")).to_have_count(1)
