"""The studio board's API: a week in one request (fixed queries), slot reasons, CEO search."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onboarding.core.models import Role
from onboarding.studios.models import Blackout, BookingCrew, BookingEquipment, SampleShipment
from tests.factories import (
    BookingFactory,
    CrewFactory,
    EquipmentSetFactory,
    StudioFactory,
    TrainedApplicationFactory,
    UserFactory,
)
from tests.studios.conftest import SHOW_END, SHOW_START, client_for

BOARD = "/api/v1/board/"
SLOT = "/api/v1/board/slot-check/"
CEOS = "/api/v1/board/ceos/"
BUDGET = 10
# The Monday and Sunday of SHOW_START's week (a Tuesday), seen a week before.
MONDAY, SUNDAY = "2027-05-24", "2027-05-30"
BEFORE = SHOW_START - timedelta(days=7)


@pytest.fixture
def scheduler_api(scheduler):
    return client_for(scheduler)


def _week_of_data(scale: int) -> None:
    """Per unit: two studios (10:00-22:00), two bookings with crew, kit and samples, a blackout."""
    for unit in range(scale):
        for number in range(2):
            studio = StudioFactory(hours=(time(10), time(22)))
            Blackout.objects.create(
                studio=studio,
                starts_at=SHOW_START + timedelta(days=2),
                ends_at=SHOW_START + timedelta(days=2, hours=3),
                reason="Maintenance",
            )
            for day in range(2):
                start = SHOW_START + timedelta(days=day, minutes=unit + number)
                booking = BookingFactory(studio=studio, starts_at=start)
                BookingCrew.objects.create(
                    booking=booking,
                    crew=CrewFactory(),
                    buffered_start=booking.buffered_start,
                    buffered_end=booking.buffered_end,
                )
                BookingEquipment.objects.create(
                    booking=booking,
                    equipment=EquipmentSetFactory(),
                    buffered_start=booking.buffered_start,
                    buffered_end=booking.buffered_end,
                )
                SampleShipment.objects.create(booking=booking)


@pytest.mark.parametrize("scale", [1, 10])
def test_the_week_is_one_request_in_a_fixed_number_of_queries(scheduler_api, scale):
    # Given one and ten times the studios, bookings, crew, kit, shipments and blackouts
    _week_of_data(scale)
    ContentType.objects.clear_cache()

    # When a scheduler reads the week
    with time_machine.travel(BEFORE, tick=False), CaptureQueriesContext(connection) as queries:
        response = scheduler_api.get(BOARD, {"from": MONDAY, "to": SUNDAY})

    # Then it is all there, in the same small number of queries
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["studios"]) == 2 * scale
    assert len(body["bookings"]) == 4 * scale
    assert len(queries.captured_queries) <= BUDGET
    block = body["bookings"][0]
    assert block["kind"] == "show" and block["ceo_confirmed"] is False
    assert len(block["crew"]) == 1 and len(block["equipment"]) == 1
    assert block["samples_status"] == "pending" and block["not_ready"] is True
    assert block["buffered_start"] < block["starts_at"]
    kinds = {(b["studio"], b["kind"]) for b in body["background"]}
    assert {kind for _studio, kind in kinds} == {"closed", "blackout"}
    blackout = next(b for b in body["background"] if b["kind"] == "blackout")
    assert blackout["reason"] == "Maintenance"


def test_closed_hours_are_the_day_outside_its_opening_window(scheduler_api):
    studio = StudioFactory(hours=(time(10), time(22)))

    response = scheduler_api.get(BOARD, {"from": MONDAY, "to": MONDAY, "studio": studio.pk})

    closed = [b for b in response.json()["background"] if b["kind"] == "closed"]
    # 00:00-10:00 and 22:00-24:00 in Shanghai (UTC+8)
    assert [(c["starts_at"], c["ends_at"]) for c in closed] == [
        ("2027-05-23T16:00:00Z", "2027-05-24T02:00:00Z"),
        ("2027-05-24T14:00:00Z", "2027-05-24T16:00:00Z"),
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": SUNDAY, "to": MONDAY}, "to"),
        ({"from": "2027-05-01", "to": "2027-06-30"}, "to"),
        ({"from": "soon", "to": SUNDAY}, "from"),
        ({"from": MONDAY, "to": SUNDAY, "colour": "red"}, "colour"),
    ],
)
def test_a_bad_range_is_a_400_naming_the_field(scheduler_api, query, field):
    response = scheduler_api.get(BOARD, query)

    assert response.status_code == 400
    assert field in response.json()["fields"]


@pytest.mark.parametrize("role", [Role.CEO, Role.REVIEWER, Role.LEAD_REVIEWER, Role.TRAINER])
def test_the_board_is_for_schedulers_and_admins(role, db):
    client = client_for(UserFactory(role=role))
    for path, query in [
        (BOARD, {"from": MONDAY, "to": SUNDAY}),
        (SLOT, {}),
        (CEOS, {}),
    ]:
        assert client.get(path, query).status_code == 403


def _slot(studio, start, end, **extra):
    times = {"starts_at": start.isoformat(), "ends_at": end.isoformat()}
    return {"studio": studio.pk, **times, **extra}


@time_machine.travel(BEFORE, tick=False)
def test_a_free_slot_has_no_reason(scheduler_api, studio, application):
    response = scheduler_api.get(
        SLOT, _slot(studio, SHOW_START, SHOW_END, application=application.pk)
    )

    assert response.status_code == 200, response.content
    assert response.json() == {"bookable": True, "reasons": [], "warnings": []}


@time_machine.travel(BEFORE, tick=False)
def test_a_taken_slot_names_the_booking_in_the_way(scheduler_api, studio, application):
    taken = BookingFactory(studio=studio, starts_at=SHOW_START + timedelta(minutes=30))

    body = scheduler_api.get(SLOT, _slot(studio, SHOW_START, SHOW_END)).json()

    assert body["bookable"] is False
    assert [(r["code"], r["conflicting_booking"]) for r in body["reasons"]] == [
        ("booking_conflict", taken.pk)
    ]
    assert f"#{taken.pk}" in body["reasons"][0]["message"]
    # Moving that same booking there is no clash with itself
    moved = scheduler_api.get(SLOT, _slot(studio, SHOW_START, SHOW_END, booking=taken.pk))
    assert moved.json()["bookable"] is True


@time_machine.travel(BEFORE, tick=False)
def test_crew_and_kit_busy_elsewhere_are_named(scheduler_api, application):
    crew, kit = CrewFactory(name="Lin"), EquipmentSetFactory(name="Kit A")
    other = BookingFactory(starts_at=SHOW_START)
    BookingCrew.objects.create(
        booking=other,
        crew=crew,
        buffered_start=other.buffered_start,
        buffered_end=other.buffered_end,
    )
    BookingEquipment.objects.create(
        booking=other,
        equipment=kit,
        buffered_start=other.buffered_start,
        buffered_end=other.buffered_end,
    )
    studio = StudioFactory()

    crew_body = scheduler_api.get(SLOT, _slot(studio, SHOW_START, SHOW_END, crew=crew.pk)).json()
    kit_body = scheduler_api.get(SLOT, _slot(studio, SHOW_START, SHOW_END, equipment=kit.pk))

    assert crew_body["reasons"][0]["conflicting_booking"] == other.pk
    assert "Lin" in crew_body["reasons"][0]["message"]
    assert "Kit A" in kit_body.json()["reasons"][0]["message"]


@time_machine.travel(BEFORE, tick=False)
def test_closed_hours_and_blackouts_and_the_past_are_reasons(scheduler_api):
    studio = StudioFactory(hours=(time(10), time(22)))
    # 21:00-23:00 in Shanghai runs past closing
    late = datetime(2027, 5, 25, 13, 0, tzinfo=UTC)
    closed = scheduler_api.get(SLOT, _slot(studio, late, late + timedelta(hours=2))).json()
    assert [r["code"] for r in closed["reasons"]] == ["studio_closed"]

    studio = StudioFactory()
    Blackout.objects.create(
        studio=studio, starts_at=SHOW_START, ends_at=SHOW_END, reason="Fire drill"
    )
    blocked = scheduler_api.get(
        SLOT, _slot(studio, SHOW_START - timedelta(hours=3), SHOW_START - timedelta(hours=2))
    ).json()
    assert blocked["bookable"] is True
    inside = scheduler_api.get(SLOT, _slot(studio, SHOW_START, SHOW_END)).json()
    assert [r["code"] for r in inside["reasons"]] == ["blackout"]
    assert "Fire drill" in inside["reasons"][0]["message"]

    past = BEFORE - timedelta(days=1)
    old = scheduler_api.get(SLOT, _slot(studio, past, past + timedelta(hours=1))).json()
    assert "invalid" in [r["code"] for r in old["reasons"]]


@time_machine.travel(BEFORE, tick=False)
def test_an_untrained_ceo_is_not_bookable(scheduler_api, studio):
    approved = TrainedApplicationFactory(status="approved")

    body = scheduler_api.get(
        SLOT, _slot(studio, SHOW_START, SHOW_END, application=approved.pk)
    ).json()

    assert [r["code"] for r in body["reasons"]] == ["not_bookable"]


def test_ceo_search_finds_trained_ceos_by_name_company_or_reference(scheduler_api):
    wang = TrainedApplicationFactory(full_name="Wang Fang", company_name="Mountain Pantry")
    TrainedApplicationFactory(full_name="Li Lei", company_name="River Tea")
    TrainedApplicationFactory(full_name="Wang Wei", status="approved")

    def found(q):
        response = scheduler_api.get(CEOS, {"q": q})
        assert response.status_code == 200
        return [row["application"] for row in response.json()]

    assert found("wang") == [wang.pk]
    assert found("pantry") == [wang.pk]
    assert found(wang.reference) == [wang.pk]
    assert len(found("")) == 2


@pytest.mark.parametrize("scale", [1, 10])
def test_ceo_search_is_one_query(scheduler_api, scale):
    for _ in range(scale):
        TrainedApplicationFactory()
    with CaptureQueriesContext(connection) as queries:
        response = scheduler_api.get(CEOS, {"q": ""})
    assert len(response.json()) == scale
    assert len(queries.captured_queries) <= 3
