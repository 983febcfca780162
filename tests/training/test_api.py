"""The training API: who may call what, the error shape, filters and the query budget."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onboarding.applicants.models import Status
from onboarding.core.models import Role
from onboarding.training.models import Enrolment, TrainingSession
from tests.factories import (
    CampaignFactory,
    EnrolmentFactory,
    TrainingModuleFactory,
    TrainingSessionFactory,
    UserFactory,
)
from tests.training.conftest import approved_ceo, client_for

BASE = "/api/v1/training"
SESSIONS = f"{BASE}/sessions/"


def _session_body(module, **overrides):
    starts_at = timezone.now() + timedelta(days=5)
    body = {
        "module": module.pk,
        "starts_at": starts_at.isoformat(),
        "ends_at": (starts_at + timedelta(hours=2)).isoformat(),
        "location": "Hangzhou training centre, room 2",
        "capacity": 12,
    }
    body.update(overrides)
    return body


# Who gets what, route by route: an anonymous caller always gets 401.
ROUTES = [
    ("get", SESSIONS, {Role.REVIEWER: 200, Role.SCHEDULER: 200, Role.CEO: 200}),
    ("get", f"{BASE}/modules/", {Role.REVIEWER: 200, Role.CEO: 200}),
    ("post", SESSIONS, {Role.REVIEWER: 403, Role.SCHEDULER: 403, Role.CEO: 403}),
    ("post", f"{SESSIONS}{{id}}/cancel/", {Role.SCHEDULER: 403, Role.CEO: 403}),
    ("post", f"{SESSIONS}{{id}}/enrol/", {Role.REVIEWER: 403, Role.LEAD_REVIEWER: 403}),
    ("post", f"{SESSIONS}{{id}}/attendance/", {Role.SCHEDULER: 403, Role.CEO: 403}),
    ("get", f"{SESSIONS}{{id}}/enrolments/", {Role.REVIEWER: 403, Role.CEO: 403}),
    ("get", f"{BASE}/enrolments/", {Role.REVIEWER: 403, Role.CEO: 200, Role.SCHEDULER: 200}),
]
CASES = [
    (method, url, role, expected)
    for method, url, by_role in ROUTES
    for role, expected in [(None, 401), *by_role.items()]
]


@pytest.mark.parametrize(("method", "url", "role", "expected"), CASES)
def test_each_role_gets_what_it_may(api_client, session, method, url, role, expected):
    client = api_client if role is None else client_for(UserFactory(role=role, is_staff=True))
    if role == Role.CEO:
        # A CEO who applied to the session's campaign sees it (others get 404).
        client = client_for(approved_ceo(session.module.campaign).user)

    response = getattr(client, method)(url.format(id=session.pk), {}, format="json")

    assert response.status_code == expected, response.content


def test_a_trainer_publishes_a_session(trainer_client, module, trainer):
    response = trainer_client.post(SESSIONS, _session_body(module), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["trainer"]["id"] == trainer.pk
    assert body["seats_left"] == 12
    assert body["campaign"] == module.campaign.slug


def test_a_session_ending_before_it_starts_is_a_400_naming_the_field(trainer_client, module):
    body = _session_body(module)
    body["ends_at"] = (timezone.now() + timedelta(days=4)).isoformat()

    response = trainer_client.post(SESSIONS, body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "ends_at" in response.json()["fields"]
    assert not TrainingSession.objects.exists()


def test_unknown_fields_are_refused(trainer_client, module):
    response = trainer_client.post(SESSIONS, _session_body(module, colour="red"), format="json")

    assert response.status_code == 400
    assert "colour" in response.json()["fields"]


def test_another_trainer_may_not_change_the_session(session):
    other = client_for(UserFactory(role=Role.TRAINER, is_staff=True))

    response = other.patch(f"{SESSIONS}{session.pk}/", {"capacity": 30}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_the_trainer_adds_seats(trainer_client, session):
    response = trainer_client.patch(f"{SESSIONS}{session.pk}/", {"capacity": 30}, format="json")

    assert response.status_code == 200
    assert response.json()["seats_left"] == 30


@pytest.mark.parametrize(
    "location",
    ["x" * 256, " " * 255 + "ß", "ß" + "\n" * 300],
    ids=["long", "padded-before", "padded-after"],
)
def test_a_location_longer_than_the_document_allows_is_a_400(trainer_client, session, location):
    # The document says maxLength 255 of what is sent, spaces included (found by schemathesis:
    # DRF trims first and measures after).
    before = session.location

    response = trainer_client.patch(
        f"{SESSIONS}{session.pk}/", {"location": location}, format="json"
    )

    assert response.status_code == 400, response.content
    assert "255" in response.json()["fields"]["location"][0]
    session.refresh_from_db()
    assert session.location == before


def test_a_ceo_enrols_with_an_empty_body_and_is_told_when_they_wait(session):
    session.capacity = 1
    session.save()
    first, second = (approved_ceo(session.module.campaign) for _ in range(2))

    seated = client_for(first.user).post(f"{SESSIONS}{session.pk}/enrol/", format="json")
    waiting = client_for(second.user).post(f"{SESSIONS}{session.pk}/enrol/", {}, format="json")

    assert seated.status_code == 201
    assert seated.json()["status"] == "enrolled"
    assert seated.json()["application"] == first.pk
    assert waiting.status_code == 201
    assert waiting.json()["status"] == "waitlisted"
    assert waiting.json()["waitlist_position"] == 1
    assert "waiting list" in waiting.json()["message"]


def test_a_ceo_who_will_not_wait_gets_409_full(session):
    session.capacity = 1
    session.save()
    EnrolmentFactory(session=session)
    application = approved_ceo(session.module.campaign)

    response = client_for(application.user).post(
        f"{SESSIONS}{session.pk}/enrol/", {"waitlist": False}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "full"


def test_enrolling_twice_is_409(session):
    application = approved_ceo(session.module.campaign)
    client = client_for(application.user)
    client.post(f"{SESSIONS}{session.pk}/enrol/", format="json")

    response = client.post(f"{SESSIONS}{session.pk}/enrol/", format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_a_ceo_not_yet_approved_gets_409(session):
    application = approved_ceo(session.module.campaign, status=Status.IN_REVIEW)

    response = client_for(application.user).post(f"{SESSIONS}{session.pk}/enrol/", format="json")

    assert response.status_code == 409
    assert response.json()["status"] == Status.IN_REVIEW


def test_a_ceo_does_not_see_sessions_of_campaigns_they_did_not_apply_to(session):
    outsider = approved_ceo(CampaignFactory())
    client = client_for(outsider.user)

    listed = client.get(SESSIONS)
    enrol = client.post(f"{SESSIONS}{session.pk}/enrol/", format="json")

    assert listed.json()["count"] == 0
    assert enrol.status_code == 404


def test_staff_name_the_application_they_enrol(scheduler_client, session):
    application = approved_ceo(session.module.campaign)

    missing = scheduler_client.post(f"{SESSIONS}{session.pk}/enrol/", {}, format="json")
    named = scheduler_client.post(
        f"{SESSIONS}{session.pk}/enrol/", {"application": application.pk}, format="json"
    )

    assert missing.status_code == 400
    assert "application" in missing.json()["fields"]
    assert named.status_code == 201
    assert named.json()["status"] == "enrolled"


def test_a_ceo_cancels_their_seat_and_the_next_one_moves_up(session):
    session.capacity = 1
    session.save()
    seated, waiting = (approved_ceo(session.module.campaign) for _ in range(2))
    seat = EnrolmentFactory(session=session, application=seated)
    EnrolmentFactory(session=session, application=waiting, status="waitlisted")
    stranger = client_for(approved_ceo(session.module.campaign).user)

    hidden = stranger.post(f"{BASE}/enrolments/{seat.pk}/cancel/", format="json")
    response = client_for(seated.user).post(f"{BASE}/enrolments/{seat.pk}/cancel/", format="json")

    assert hidden.status_code == 404
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert Enrolment.objects.get(application=waiting).status == "enrolled"


def test_the_trainer_marks_attendance_and_completion_shows(trainer_client, started_session):
    application = approved_ceo(started_session.module.campaign)
    EnrolmentFactory(session=started_session, application=application)

    response = trainer_client.post(
        f"{SESSIONS}{started_session.pk}/attendance/",
        {"application": application.pk, "attended": True},
        format="json",
    )

    assert response.status_code == 200, response.content
    # The session's module is the campaign's only required one.
    assert response.json()["application_status"] == Status.TRAINED


def test_another_trainer_may_not_mark_attendance(started_session):
    application = approved_ceo(started_session.module.campaign)
    EnrolmentFactory(session=started_session, application=application)
    other = client_for(UserFactory(role=Role.TRAINER, is_staff=True))

    response = other.post(
        f"{SESSIONS}{started_session.pk}/attendance/",
        {"application": application.pk, "attended": True},
        format="json",
    )

    assert response.status_code == 403


def test_filters_by_campaign_date_and_free_seats(reviewer_client, trainer):
    module = TrainingModuleFactory()
    soon = TrainingSessionFactory(module=module, trainer=trainer, capacity=1)
    later = TrainingSessionFactory(
        module=module, trainer=trainer, starts_at=timezone.now() + timedelta(days=30)
    )
    TrainingSessionFactory()  # another campaign
    EnrolmentFactory(session=soon)

    by_campaign = reviewer_client.get(SESSIONS, {"campaign": module.campaign.slug}).json()
    free = reviewer_client.get(SESSIONS, {"campaign": module.campaign.slug, "available": True})
    before = reviewer_client.get(
        SESSIONS, {"starts_before": (timezone.now() + timedelta(days=10)).isoformat()}
    ).json()

    assert {row["id"] for row in by_campaign["results"]} == {soon.pk, later.pk}
    assert [row["id"] for row in free.json()["results"]] == [later.pk]
    assert later.pk not in {row["id"] for row in before["results"]}


@pytest.mark.parametrize("page_size", [10, 50, 100])
def test_session_list_query_budget_is_fixed(django_assert_max_num_queries, page_size, trainer):
    campaign = CampaignFactory()
    modules = TrainingModuleFactory.create_batch(4, campaign=campaign)
    sessions = [
        TrainingSessionFactory(module=modules[n % 4], trainer=trainer, capacity=3)
        for n in range(100)
    ]
    ceo = approved_ceo(campaign)
    for session in sessions[:20]:
        EnrolmentFactory(session=session, application=ceo)
    client = client_for(ceo.user)

    # token and user, count, page
    with django_assert_max_num_queries(3):
        response = client.get(SESSIONS, {"page_size": page_size})

    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == page_size
    assert rows[0]["my_status"] == "enrolled"
    assert rows[0]["seats_left"] == 2


@pytest.mark.parametrize("page_size", [10, 100])
def test_enrolment_list_query_budget_is_fixed(
    scheduler_client, django_assert_max_num_queries, page_size
):
    session = TrainingSessionFactory(capacity=50)
    EnrolmentFactory.create_batch(50, session=session, application__accounts=0)
    EnrolmentFactory.create_batch(50, session=session, status="waitlisted", application__accounts=0)

    with django_assert_max_num_queries(3):
        response = scheduler_client.get(f"{BASE}/enrolments/", {"page_size": page_size})

    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == page_size
    assert max(row["waitlist_position"] or 0 for row in rows) == (0 if page_size == 10 else 50)
