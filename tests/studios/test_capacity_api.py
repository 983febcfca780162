"""GET /api/v1/capacity/: the campaign's days, loaded from the database, with the what-if."""

from datetime import UTC, datetime, time

import pytest

from onboarding.core.models import Role
from onboarding.studios.models import Blackout
from tests.factories import CampaignFactory, StudioFactory, TrainedApplicationFactory, UserFactory
from tests.studios.conftest import client_for, commit_weekly
from tests.studios.standby_world import set_availability

URL = "/api/v1/capacity/"


@pytest.fixture
def world(db):
    campaign = CampaignFactory()  # sales 2027-05-20 (a Thursday) to 2027-06-20
    studio = StudioFactory(hours=(time(10), time(20)))
    # Tuesday 2027-05-25, 12:00-14:00 in Shanghai: two hours closed.
    Blackout.objects.create(
        studio=studio,
        starts_at=datetime(2027, 5, 25, 4, tzinfo=UTC),
        ends_at=datetime(2027, 5, 25, 6, tzinfo=UTC),
        reason="Maintenance",
    )
    StudioFactory(active=False)
    for commitment in (3, 3):
        ceo = TrainedApplicationFactory(campaign=campaign)
        commit_weekly(ceo, commitment)
        set_availability(ceo, [{"day": "tue", "start": "19:00", "end": "22:00"}])
    approved = TrainedApplicationFactory(campaign=campaign, status="approved")
    commit_weekly(approved, 2)
    set_availability(approved, [{"day": "wed", "start": "19:00", "end": "22:00"}])
    # Rejected CEOs do not count.
    rejected = TrainedApplicationFactory(campaign=campaign, status="rejected")
    commit_weekly(rejected, 5)
    set_availability(rejected, [{"day": "wed", "start": "19:00", "end": "22:00"}])
    return {"campaign": campaign, "studio": studio, "scheduler": UserFactory(role=Role.SCHEDULER)}


def _days(body) -> dict[str, dict]:
    return {d["day"]: d for d in body["days"]}


def test_each_day_of_the_sales_window_with_its_hours_and_crunch(world):
    response = client_for(world["scheduler"]).get(URL, {"campaign": world["campaign"].slug})

    assert response.status_code == 200, response.json()
    body = response.json()
    days = _days(body)
    assert (body["first_day"], body["last_day"], len(days)) == ("2027-05-20", "2027-06-20", 32)
    assert (body["studios"], body["ceos"]) == (1, 3)
    # One crew: eight of the ten open hours; Tuesday loses two to the blackout.
    assert days["2027-05-24"]["available_hours"] == 8.0
    assert days["2027-05-25"]["available_hours"] == 8.0
    # Two CEOs, three two-hour shows each, all on Tuesdays: 12 hours wanted of 8.
    assert days["2027-05-25"]["committed_hours"] == 12.0
    assert (days["2027-05-25"]["over"], days["2027-05-25"]["crunch"]) == (True, True)
    # Wednesday: the approved CEO's two shows, four hours of eight; not a crunch.
    assert days["2027-05-26"]["committed_hours"] == 4.0
    assert days["2027-05-26"]["crunch"] is False
    assert body["crunch_days"] == 4  # the window's four Tuesdays


def test_the_what_if_recomputes_at_once(world):
    client = client_for(world["scheduler"])
    slug = world["campaign"].slug

    crew = _days(client.get(URL, {"campaign": slug, "second_crew": "true"}).json())
    longer = _days(
        client.get(URL, {"campaign": slug, "second_crew": "true", "longer_hours": 2}).json()
    )
    more = client.get(URL, {"campaign": slug, "extra_studio": world["studio"].pk}).json()

    assert crew["2027-05-24"]["available_hours"] == 10.0
    assert crew["2027-05-25"]["available_hours"] == 8.0  # the blackout day: 10 less 2
    assert longer["2027-05-24"]["available_hours"] == 12.0
    assert _days(more)["2027-05-25"]["available_hours"] == 16.0
    assert _days(more)["2027-05-25"]["crunch"] is False  # 12 of 16 is 75 %
    assert more["what_if"] == {"extra_studio": world["studio"].pk, "longer_hours": 0, "crews": 1}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"longer_hours": 13}, "longer_hours"),
        ({"longer_hours": "two"}, "longer_hours"),
        ({"extra_studio": 999999}, "extra_studio"),
        ({"second_crew": "maybe"}, "second_crew"),
        ({"show_minutes": 10}, "show_minutes"),
        ({"crews": 2}, "crews"),
    ],
)
def test_bad_what_ifs_are_400_naming_the_field(world, query, field):
    client = client_for(world["scheduler"])

    response = client.get(URL, {"campaign": world["campaign"].slug, **query})

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_an_unknown_or_missing_campaign_is_400(world):
    client = client_for(world["scheduler"])

    assert "campaign" in client.get(URL, {"campaign": "nope"}).json()["fields"]
    assert "campaign" in client.get(URL).json()["fields"]


@pytest.mark.parametrize("role", [Role.CEO, Role.REVIEWER, Role.TRAINER])
def test_only_schedulers_and_admins_see_it(world, role):
    response = client_for(UserFactory(role=role)).get(URL, {"campaign": world["campaign"].slug})

    assert response.status_code == 403


def test_a_fixed_number_of_queries_whatever_the_numbers(world, django_assert_max_num_queries):
    client = client_for(world["scheduler"])
    for _ in range(5):
        StudioFactory()
        ceo = TrainedApplicationFactory(campaign=world["campaign"])
        commit_weekly(ceo, 2)

    with django_assert_max_num_queries(12):
        response = client.get(URL, {"campaign": world["campaign"].slug})
    assert response.json()["studios"] == 6
