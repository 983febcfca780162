"""Inputs the database cannot hold are a 400 naming the field (or a form error), never a 500.

Found by a schema-driven fuzzer run signed in: OPTIONS without a serializer, times PostgreSQL
refuses, NUL characters, integers beyond a column's range.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.schemas.generators import EndpointEnumerator
from rest_framework.test import APIClient

from onboarding.applicants.models import Status
from onboarding.core.models import Role
from onboarding.core.services import audit_record
from onboarding.questionnaires.forms import QuestionForm
from onboarding.studios.links import attendance_token
from tests.factories import (
    ApplicationFactory,
    BookingFactory,
    EnrolmentFactory,
    StudioFactory,
    TrainedApplicationFactory,
    TrainingSessionFactory,
    UserFactory,
    valid_answers,
    valid_submission,
)

ROLES = [None, *Role.values]
NUL = "\x00"


def _client(role: str | None) -> APIClient:
    client = APIClient()
    if role is not None:
        user = UserFactory(role=role, is_staff=role != Role.CEO)
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def _api_routes() -> list[str]:
    """Every /api/v1/ route as DRF's schema generator sees it, e.g. /api/v1/applicant/{token}/."""
    paths = {path for path, _method, _view in EndpointEnumerator().get_api_endpoints()}
    return sorted(path for path in paths if path.startswith("/api/v1/"))


@pytest.fixture
def objects(campaign):
    """One of each kind of object, so that detail routes find something to describe."""
    application = ApplicationFactory(campaign=campaign, status=Status.NEEDS_INFO)
    booking = BookingFactory()
    session = TrainingSessionFactory(module__campaign=campaign)
    enrolment = EnrolmentFactory(session=session)
    return {
        "/api/v1/applicant/": application.draft_token,
        "/api/v1/drafts/": ApplicationFactory(campaign=campaign, status=Status.DRAFT).draft_token,
        "/api/v1/applications/": application.pk,
        "/api/v1/review/applications/": application.pk,
        "/api/v1/campaigns/": campaign.slug,
        "/api/v1/review/campaigns/": campaign.slug,
        "/api/v1/bookings/": booking.pk,
        "/api/v1/studios/": booking.studio_id,
        "/api/v1/training/sessions/": session.pk,
        "/api/v1/training/modules/": session.module_id,
        "/api/v1/training/enrolments/": enrolment.pk,
    }


def _fill(route: str, objects: dict) -> str:
    prefix = max((p for p in objects if route.startswith(p)), key=len, default=None)
    first = objects.get(prefix, 1)
    # The first parameter names the object of the route's prefix; any further one gets 1.
    url = re.sub(r"\{[^}]+\}", str(first), route, count=1)
    return re.sub(r"\{[^}]+\}", "1", url)


@pytest.mark.parametrize("role", ROLES)
def test_options_answers_every_api_route_without_a_server_error(db, objects, role):
    # Given every route under /api/v1/ and a user of this role (or nobody)
    client = _client(role)
    routes = _api_routes()
    assert "/api/v1/applicant/{token}/answer/" in routes

    # When each is asked what it takes
    answers = {route: client.options(_fill(route, objects)) for route in routes}

    # Then none fails, and the applicant's answer route describes its input
    failed = {route: r.status_code for route, r in answers.items() if r.status_code >= 500}
    assert failed == {}
    answer = answers["/api/v1/applicant/{token}/answer/"]
    assert answer.status_code == 200
    assert "text" in answer.json()["actions"]["POST"]


# Dates and times


@pytest.fixture
def trainer_api(db):
    return _client(Role.TRAINER)


@pytest.fixture
def scheduler_api(db):
    return _client(Role.SCHEDULER)


@pytest.mark.parametrize(
    "value",
    [
        "0524-08-01T14:02:08+23:25",  # an offset PostgreSQL refuses
        "0001-01-01T00:00:00+10:00",  # before year 1 in UTC
        "9999-12-31T23:00:00-10:00",  # after 9999 in UTC
        "1899-12-31T23:59:59Z",
    ],
)
@pytest.mark.parametrize(
    ("url", "role"),
    [
        ("/api/v1/training/sessions/?starts_before={}", Role.TRAINER),
        ("/api/v1/training/sessions/?starts_after={}", Role.TRAINER),
        ("/api/v1/bookings/?starts_after={}", Role.SCHEDULER),
    ],
)
def test_a_time_filter_out_of_range_is_a_400_naming_it(db, url, role, value):
    response = _client(role).get(url.format(value.replace("+", "%2B")))

    assert response.status_code == 400
    name = url.split("?")[1].split("=")[0]
    assert name in response.json()["fields"]


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_a_date_filter_out_of_range_is_a_400_naming_it(db, value):
    response = _client(Role.LEAD_REVIEWER).get(f"/api/v1/applications/?submitted_after={value}")

    assert response.status_code == 400
    assert "submitted_after" in response.json()["fields"]


def test_a_time_filter_in_range_still_filters(db, trainer_api):
    session = TrainingSessionFactory()
    later = (session.starts_at + timedelta(hours=1)).isoformat().replace("+", "%2B")

    response = trainer_api.get(f"/api/v1/training/sessions/?starts_before={later}")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [session.pk]


@pytest.mark.parametrize(
    "value", ["0524-08-01T14:02:08+23:25", "0001-01-01T00:00:00", "9999-12-31T23:30:00"]
)
def test_a_session_body_with_a_time_out_of_range_is_a_400_naming_it(trainer_api, value):
    session = TrainingSessionFactory()
    body = {
        "module": session.module_id,
        "starts_at": value,
        "ends_at": "2027-05-25T14:00:00Z",
        "capacity": 10,
    }

    response = trainer_api.post("/api/v1/training/sessions/", body, format="json")

    assert response.status_code == 400
    assert "starts_at" in response.json()["fields"]


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00", "9999-12-31T23:30:00+14:00"])
def test_a_booking_body_with_a_time_out_of_range_is_a_400_naming_it(scheduler_api, value):
    application = TrainedApplicationFactory()
    body = {
        "studio": StudioFactory().pk,
        "application": application.pk,
        "starts_at": value,
        "ends_at": "2027-05-25T22:00:00",
    }

    response = scheduler_api.post("/api/v1/bookings/", body, format="json")

    assert response.status_code == 400
    assert "starts_at" in response.json()["fields"]


@pytest.mark.parametrize(
    ("field", "value"), [("first_date", "0001-01-01"), ("last_date", "9999-12-31")]
)
def test_a_series_body_with_a_date_out_of_range_is_a_400_naming_it(scheduler_api, field, value):
    body = {
        "studio": StudioFactory().pk,
        "application": TrainedApplicationFactory().pk,
        "weekdays": ["tue"],
        "start_time": "20:00",
        "duration_minutes": 120,
        "first_date": "2027-05-20",
        "last_date": "2027-06-18",
        field: value,
    }

    response = scheduler_api.post("/api/v1/series/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()["fields"]


@pytest.mark.parametrize("week", ["9999-W52", "0001-W01"])
def test_a_quota_week_out_of_range_is_a_400_naming_it(scheduler_api, campaign, week):
    response = scheduler_api.get(f"/api/v1/bookings/quota/?campaign={campaign.slug}&week={week}")

    assert response.status_code == 400
    assert "week" in response.json()["fields"]


# NUL characters


def test_nul_in_a_json_answer_is_a_400_naming_the_answer(api_client, campaign):
    token = api_client.post("/api/v1/drafts/", {"campaign": campaign.slug}, format="json")
    token = token.json()["token"]

    response = api_client.patch(
        f"/api/v1/drafts/{token}/",
        {"answers": {"pickup_address": f"No. 8{NUL} Tea Garden Road"}},
        format="json",
    )

    assert response.status_code == 400
    assert "pickup_address" in response.json()["fields"]["answers"]


def test_nul_in_a_json_key_or_a_list_item_is_a_400(api_client, campaign):
    body = valid_submission(campaign)
    body["answers"] = valid_answers(product_categories=["food", f"fresh{NUL}"])

    response = api_client.post("/api/v1/applications/", body, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "answers": {"product_categories": {"1": ["Null characters are not allowed."]}}
    }
    body["answers"] = {f"main{NUL}_goal": "sales"}
    assert api_client.post("/api/v1/applications/", body, format="json").status_code == 400


def test_nul_in_an_applicant_answer_through_the_api_is_a_400(api_client, campaign):
    application = ApplicationFactory(campaign=campaign, status=Status.NEEDS_INFO)

    response = api_client.post(
        f"/api/v1/applicant/{application.draft_token}/answer/",
        {"text": f"Here{NUL} it is"},
        format="json",
    )

    assert response.status_code == 400
    assert "text" in response.json()["fields"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/drafts/ab%00c/",
        "/api/v1/drafts/ab%00c/submit/",
        "/api/v1/applicant/ab%00c/timeline/",
        "/api/v1/campaigns/a%00b/",
    ],
)
def test_nul_in_the_path_is_a_400(api_client, db, url):
    if url.endswith("submit/"):
        response = api_client.post(url, {"consent": True}, format="json")
    else:
        response = api_client.get(url)

    assert response.status_code == 400
    assert response.json()["fields"] == {"path": ["Null characters are not allowed."]}


@pytest.mark.parametrize(
    "query", ["unread=%00", "campaign=a%00b", "page=1%00", "ordering=%00id", "x%00=1"]
)
def test_nul_in_a_query_parameter_is_a_400_naming_it(db, query):
    response = _client(Role.LEAD_REVIEWER).get(f"/api/v1/applications/?{query}")

    assert response.status_code == 400
    name = query.split("=")[0].replace("%00", "")
    assert name in response.json()["fields"]


def test_nul_in_an_idempotency_key_is_a_400_naming_the_header(scheduler_api):
    body = {
        "studio": StudioFactory().pk,
        "application": TrainedApplicationFactory().pk,
        "starts_at": "2027-05-25T20:00:00",
        "ends_at": "2027-05-25T22:00:00",
    }

    response = scheduler_api.post(
        "/api/v1/bookings/", body, format="json", HTTP_IDEMPOTENCY_KEY=f"key{NUL}1"
    )

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["fields"]


def test_nul_in_the_portal_application_form_is_a_form_error(client, campaign):
    form = {
        "full_name": "Chen Min",
        "email": "chen@example.com",
        "q-anything_else": f"Nothing{NUL} else",
        "action": "save",
    }

    response = client.post(f"/apply/{campaign.slug}/", form)

    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()


def test_nul_in_the_portal_answer_form_is_a_form_error(client, campaign):
    application = ApplicationFactory(campaign=campaign, status=Status.NEEDS_INFO)
    audit_record(subject=application, action="request_info", reason="Send a photo of the shop.")

    response = client.post(
        f"/apply/d/{application.draft_token}/answer", {"text": f"Here{NUL} it is"}
    )

    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.NEEDS_INFO


@pytest.mark.parametrize("seen", ["2027-13-01T20:00:00+08:00", "2027-02-30T20:00:00"])
def test_an_impossible_time_in_the_show_confirmation_form_is_a_form_error(client, db, seen):
    booking = BookingFactory()

    response = client.post(f"/shows/confirm/{attendance_token(booking.pk)}/", {"starts_at": seen})

    assert response.status_code == 400
    assert "Reload the page and try again." in response.content.decode()
    booking.refresh_from_db()
    assert booking.attendance_confirmed_at is None


def test_nul_in_a_portal_address_is_a_400(client, db):
    assert client.get("/apply/d/ab%00c/").status_code == 400
    assert client.get("/?via=%00").status_code == 400


# Integers


@pytest.mark.parametrize(
    "query",
    [
        "module=99999999999999999999",
        "trainer=-99999999999999999999",
        "page=99999999999999999999",
        "page_size=99999999999999999999",
    ],
)
def test_a_huge_integer_in_a_filter_is_no_server_error(trainer_api, query):
    response = trainer_api.get(f"/api/v1/training/sessions/?{query}")

    assert response.status_code in (200, 400, 404)


@pytest.mark.parametrize("field", ["viewers", "new_followers"])
def test_a_huge_integer_in_an_outcome_is_a_400_naming_it(scheduler_api, field):
    booking = BookingFactory(starts_at=timezone.now() - timedelta(hours=3))
    body = {"result": "held", field: 10**12}

    response = scheduler_api.post(f"/api/v1/bookings/{booking.pk}/outcome/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()["fields"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (
            "choices",
            '[{"value": "a\\u0000", "en": "A", "zh": "甲"}, {"value": "b", "en": "B", "zh": "乙"}]',
        ),
        ("show_if_values", '["yes\\u0000"]'),
    ],
)
def test_nul_in_a_questions_json_in_the_admin_is_a_form_error(db, field, value):
    data = {
        "key": "goal",
        "position": 1,
        "kind": "single_choice",
        "required": "on",
        "label_en": "Goal",
        "label_zh": "目标",
        "choices": '[{"value": "a", "en": "A", "zh": "甲"}, {"value": "b", "en": "B", "zh": "乙"}]',
        "show_if_values": "[]",
        field: value,
    }

    form = QuestionForm(data=data)

    assert not form.is_valid()
    assert form.errors[field] == ["Null characters are not allowed."]


@pytest.mark.parametrize("applicant", [None, "Chen Min", ["Chen Min"]])
def test_an_application_without_an_applicant_object_is_a_400_naming_it(
    api_client, campaign, applicant
):
    body = valid_submission(campaign)
    if applicant is None:
        del body["applicant"]
    else:
        body["applicant"] = applicant

    response = api_client.post("/api/v1/applications/", body, format="json")

    assert response.status_code == 400
    assert "applicant" in response.json()["fields"]


@pytest.mark.parametrize("zone", ["x" * 300, "Nowhere/Land", "../../etc/passwd"])
def test_a_studio_time_zone_that_is_none_is_a_400_naming_it(scheduler_api, zone):
    studio = StudioFactory()

    response = scheduler_api.patch(
        f"/api/v1/studios/{studio.pk}/", {"timezone": zone}, format="json"
    )

    assert response.status_code == 400
    assert "timezone" in response.json()["fields"]
