"""The planning API: who may use it, bad input, the figures to compare runs, acceptance."""

from datetime import datetime

import pytest
from django.utils import translation

from onboarding.core.models import Role
from onboarding.planning import services
from onboarding.planning.models import FestivalPlan, PlanStatus
from onboarding.studios.models import Booking
from tests.factories import BookingFactory
from tests.planning.factories import WEEK_FIRST, WEEK_LAST, approved_ceo, festival
from tests.studios.conftest import client_for

pytestmark = pytest.mark.django_db
PLANS = "/api/v1/planning/plans/"


@pytest.fixture
def fest():
    return festival(ceos=4, studios=2)


@pytest.fixture
def scheduler(fest):
    return client_for(fest.scheduler)


def ask(client, fest, **body):
    payload = {
        "campaign": fest.campaign.slug,
        "first_day": str(WEEK_FIRST),
        "last_day": str(WEEK_LAST),
        **body,
    }
    return client.post(PLANS, payload, format="json")


def run(plan_id: int) -> FestivalPlan:
    # The task's work, in-process (the worker test runs it through Celery).
    return services.plan_run(plan_id=plan_id)


def test_a_scheduler_asks_for_a_plan_and_reads_its_result(scheduler, fest):
    approved_ceo(fest.campaign)

    response = ask(scheduler, fest, priority="attendance", time_limit=5, seed=7)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["progress"], body["result"]) == ("queued", 0, None)
    assert (body["priority"], body["time_limit"], body["seed"]) == ("attendance", 5, 7)
    assert body["requested_by"] == fest.scheduler.username
    run(body["id"])

    detail = scheduler.get(f"{PLANS}{body['id']}/").json()
    assert (detail["status"], detail["progress"]) == ("done", 100)
    assert (detail["met"], detail["bound"], detail["gap"], detail["percent_of_bound"]) == (
        8,
        8,
        0,
        100.0,
    )
    first = detail["result"]["bookings"][0]
    assert first["studio_name"].startswith("Studio")
    assert first["ceo"].startswith("CEO ")
    assert first["crew_name"] and first["kit_name"] and first["booking"] is None
    [unmet] = detail["result"]["unmet"]
    assert (unmet["reason"], unmet["reason_label"]) == ("not_trained", "CEO not trained yet")


def test_two_runs_are_listed_with_their_figures(scheduler, fest, django_assert_max_num_queries):
    for seed in (1, 2):
        run(ask(scheduler, fest, seed=seed).json()["id"])
    other = festival(ceos=1, studios=1)
    services.plan_create(campaign=other.campaign, actor=other.scheduler)

    with django_assert_max_num_queries(4):
        response = scheduler.get(PLANS, {"campaign": fest.campaign.slug})

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["seed"] for r in rows] == [2, 1]
    assert all((r["met"], r["bound"], r["gap"]) == (8, 8, 0) for r in rows)
    assert "result" not in rows[0]
    assert response.json()["count"] == 2


@pytest.mark.parametrize("role", [Role.CEO, Role.REVIEWER, Role.TRAINER, Role.LEAD_REVIEWER])
def test_other_roles_get_403(fest, role):
    from tests.factories import UserFactory

    client = client_for(UserFactory(role=role, is_staff=role != Role.CEO))
    plan = services.plan_create(
        campaign=fest.campaign, actor=fest.scheduler, first_day=WEEK_FIRST, last_day=WEEK_LAST
    )
    assert ask(client, fest).status_code == 403
    assert client.get(PLANS).status_code == 403
    assert client.get(f"{PLANS}{plan.pk}/").status_code == 403
    assert client.post(f"{PLANS}{plan.pk}/cancel/").status_code == 403
    accept = client.post(f"{PLANS}{plan.pk}/accept/", {"mode": "each"}, format="json")
    assert accept.status_code == 403
    assert FestivalPlan.objects.count() == 1


def test_an_admin_may_plan_and_an_unknown_plan_is_404(fest):
    from tests.factories import UserFactory

    admin = client_for(UserFactory(role=Role.ADMIN, is_staff=True))
    assert ask(admin, fest).status_code == 201
    assert admin.get(f"{PLANS}999999/").status_code == 404
    assert admin.post(f"{PLANS}999999/accept/", {"mode": "each"}, format="json").status_code == 404


def test_bad_input_is_400_with_field_messages(scheduler, fest):
    response = ask(
        scheduler,
        fest,
        first_day="2027-05-30",
        last_day="2027-05-24",
        time_limit=0,
        priority="luck",
        colour="red",
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"time_limit", "priority", "colour"}
    response = ask(scheduler, fest, first_day="2027-05-30", last_day="2027-05-24")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"last_day"}
    response = ask(scheduler, fest, campaign="no-such-campaign")
    assert (response.status_code, list(response.json()["fields"])) == (400, ["campaign"])
    response = ask(scheduler, fest, last_day="2028-01-01")
    assert (response.status_code, list(response.json()["fields"])) == (400, ["last_day"])
    assert not FestivalPlan.objects.exists()


def test_cancel_and_accept_answer_409_in_the_wrong_state(scheduler, fest):
    plan_id = ask(scheduler, fest).json()["id"]
    accept = scheduler.post(f"{PLANS}{plan_id}/accept/", {"mode": "each"}, format="json")
    assert (accept.status_code, accept.json()["code"]) == (409, "plan_not_done")

    cancel = scheduler.post(f"{PLANS}{plan_id}/cancel/")
    assert (cancel.status_code, cancel.json()["status"]) == (200, "cancelled")
    again = scheduler.post(f"{PLANS}{plan_id}/cancel/")
    assert (again.status_code, again.json()["code"]) == (409, "plan_finished")


def test_accepting_part_by_ceo_and_day(scheduler, fest):
    plan_id = ask(scheduler, fest).json()["id"]
    plan = run(plan_id)
    ceo = fest.ceos[0].pk
    mine = [p for p in plan.result["bookings"] if p["application"] == ceo]
    day = mine[0]["day"]

    response = scheduler.post(
        f"{PLANS}{plan_id}/accept/",
        {"mode": "each", "applications": [ceo], "days": [day]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["mode"], body["impossible"], body["already"]) == ("each", [], [])
    [booked] = body["booked"]
    booking = Booking.objects.get(pk=booked["booking"])
    assert (booking.application_id, booking.starts_at.isoformat()) == (ceo, mine[0]["starts_at"])
    detail = scheduler.get(f"{PLANS}{plan_id}/").json()
    by_index = {p["index"]: p["booking"] for p in detail["result"]["bookings"]}
    assert by_index[booked["index"]] == booking.pk
    assert sum(1 for v in by_index.values() if v) == 1


def test_a_booking_cancelled_since_it_was_accepted_shows_as_cancelled(scheduler, fest):
    plan_id = ask(scheduler, fest).json()["id"]
    run(plan_id)
    accept = scheduler.post(f"{PLANS}{plan_id}/accept/", {"mode": "each"}, format="json")
    booked = accept.json()["booked"]
    first, rest = booked[0], booked[1:]
    cancel = scheduler.post(
        f"/api/v1/bookings/{first['booking']}/cancel/", {"reason": "CEO ill"}, format="json"
    )
    assert cancel.status_code == 200, cancel.json()

    rows = scheduler.get(f"{PLANS}{plan_id}/").json()["result"]["bookings"]

    status = {p["index"]: (p["booking"], p["booking_status"]) for p in rows}
    assert status[first["index"]] == (first["booking"], "cancelled")
    assert {status[b["index"]] for b in rest} == {(b["booking"], "confirmed") for b in rest}
    unbooked = set(status) - {b["index"] for b in booked}
    assert {status[i] for i in unbooked} <= {(None, None)}


def test_all_or_nothing_refusal_lists_what_became_impossible(scheduler, fest):
    plan_id = ask(scheduler, fest).json()["id"]
    plan = run(plan_id)
    proposal = plan.result["bookings"][0]
    studio = next(s for s in fest.studios if s.pk == proposal["studio"])
    # Someone books that studio time after the proposal was made
    BookingFactory(studio=studio, starts_at=datetime.fromisoformat(proposal["starts_at"]))

    response = scheduler.post(
        f"{PLANS}{plan_id}/accept/", {"mode": "all_or_nothing"}, format="json"
    )

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "plan_accept_refused"
    assert [(i["index"], i["code"]) for i in body["impossible"]] == [
        (proposal["index"], "booking_conflict")
    ]
    assert Booking.objects.count() == 1
    bad = scheduler.post(f"{PLANS}{plan_id}/accept/", {"mode": "some"}, format="json")
    assert (bad.status_code, list(bad.json()["fields"])) == (400, ["mode"])
    assert FestivalPlan.objects.get(pk=plan_id).status == PlanStatus.DONE


def test_a_plan_reads_in_a_fixed_number_of_queries_and_accepts_by_studio(
    scheduler, fest, django_assert_max_num_queries
):
    plan_id = ask(scheduler, fest).json()["id"]
    plan = run(plan_id)
    with django_assert_max_num_queries(9):
        detail = scheduler.get(f"{PLANS}{plan_id}/")
    assert len(detail.json()["result"]["bookings"]) == 8
    studio = fest.studios[1].pk
    in_studio = [p for p in plan.result["bookings"] if p["studio"] == studio]

    response = scheduler.post(
        f"{PLANS}{plan_id}/accept/", {"mode": "all_or_nothing", "studios": [studio]}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert len(response.json()["booked"]) == len(in_studio) > 0
    assert set(Booking.objects.values_list("studio_id", flat=True)) == {studio}
    unknown = scheduler.post(
        f"{PLANS}{plan_id}/accept/", {"mode": "each", "studios": [999999]}, format="json"
    )
    assert (unknown.status_code, list(unknown.json()["fields"])) == (400, ["studios"])


def test_the_board_page_speaks_chinese_for_the_plan(fest):
    from django.test import Client

    client = Client()
    client.force_login(fest.scheduler)
    fest.scheduler.language = "zh-hans"
    fest.scheduler.save(update_fields=["language"])
    # The request activates the user's language in this thread; put it back afterwards.
    with translation.override(translation.get_language()):
        page = client.get(
            f"/staff/board/?campaign={fest.campaign.slug}", HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
    text = page.content.decode()
    assert page.status_code == 200
    assert "大促排期计划" in text and "运行排期" in text
    assert "CEO 尚未完成培训" not in text  # reasons come from the API, in the user's language
