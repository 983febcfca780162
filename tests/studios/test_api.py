"""The studios API: who may do what, the shapes of answers, and a fixed query budget."""

from datetime import timedelta

import pytest

from onboarding.core.models import Role
from onboarding.studios.models import Booking, BookingStatus
from tests.factories import (
    BookingFactory,
    CrewFactory,
    EquipmentSetFactory,
    StudioFactory,
    TrainedApplicationFactory,
    UserFactory,
)
from tests.studios.conftest import SHOW_END, SHOW_START, client_for

BOOKINGS = "/api/v1/bookings/"
STUDIOS = "/api/v1/studios/"
SERIES = "/api/v1/series/"
ROLES = [Role.CEO, Role.REVIEWER, Role.LEAD_REVIEWER, Role.TRAINER, Role.SCHEDULER, Role.ADMIN]


def _body(studio, application, **overrides) -> dict:
    return {
        "studio": studio.pk,
        "application": application.pk,
        "starts_at": SHOW_START.isoformat(),
        "ends_at": SHOW_END.isoformat(),
        **overrides,
    }


@pytest.fixture
def scheduler_api(scheduler):
    return client_for(scheduler)


@pytest.mark.parametrize("role", ROLES)
def test_only_schedulers_and_admins_book(role, studio, application):
    client = client_for(UserFactory(role=role, is_superuser=role == Role.ADMIN))

    response = client.post(BOOKINGS, _body(studio, application), format="json")

    assert response.status_code == (201 if role in (Role.SCHEDULER, Role.ADMIN) else 403)


def test_booking_needs_a_signed_in_user(api_client, studio, application):
    assert api_client.post(BOOKINGS, _body(studio, application), format="json").status_code == 401
    assert api_client.get(BOOKINGS).status_code == 401


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.REVIEWER, 403), (Role.TRAINER, 403), (Role.LEAD_REVIEWER, 403), (Role.CEO, 200)],
)
def test_the_bookings_list_is_for_schedulers_and_ceos(role, status, db):
    assert client_for(UserFactory(role=role)).get(BOOKINGS).status_code == status


def test_a_ceo_sees_only_their_own_bookings(db):
    mine = BookingFactory()
    BookingFactory()
    ceo = client_for(mine.ceo)

    response = ceo.get(BOOKINGS)

    assert [row["id"] for row in response.json()["results"]] == [mine.pk]
    assert ceo.get(f"{BOOKINGS}{mine.pk + 1}/").status_code == 404


def test_an_idempotent_retry_answers_200_with_the_first_booking(scheduler_api, studio, application):
    body = _body(studio, application)

    first = scheduler_api.post(BOOKINGS, body, format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    again = scheduler_api.post(BOOKINGS, body, format="json", HTTP_IDEMPOTENCY_KEY="abc-1")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Booking.objects.count() == 1


def test_a_conflict_answers_409_naming_the_booking(scheduler_api, studio):
    first = scheduler_api.post(BOOKINGS, _body(studio, TrainedApplicationFactory()), format="json")

    response = scheduler_api.post(
        BOOKINGS, _body(studio, TrainedApplicationFactory()), format="json"
    )

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "booking_conflict"
    assert body["conflicting_booking"] == first.json()["id"]
    assert body["resource"] == "studio"
    assert f"#{first.json()['id']}" in body["message"]


def test_a_time_without_offset_is_read_in_the_studio_zone(scheduler_api, studio, application):
    body = _body(studio, application, starts_at="2027-05-25T20:00", ends_at="2027-05-25T22:00")

    response = scheduler_api.post(BOOKINGS, body, format="json")

    assert response.status_code == 201
    assert response.json()["starts_at"] == "2027-05-25T12:00:00Z"
    assert response.json()["local_starts_at"] == "2027-05-25T20:00:00+08:00"


def test_unknown_fields_and_unknown_studios_are_refused_with_the_field(scheduler_api, application):
    studio = StudioFactory()

    unknown = scheduler_api.post(BOOKINGS, _body(studio, application, room=3), format="json")
    missing = scheduler_api.post(
        BOOKINGS, {**_body(studio, application), "studio": studio.pk + 99}, format="json"
    )

    assert unknown.status_code == 400 and "room" in unknown.json()["fields"]
    assert missing.status_code == 400 and "studio" in missing.json()["fields"]


def test_crew_and_kit_show_on_the_booking(scheduler_api, studio, application):
    camera, kit = CrewFactory(name="Li Na"), EquipmentSetFactory(name="Kit A")

    response = scheduler_api.post(
        BOOKINGS, _body(studio, application, crew=[camera.pk], equipment=[kit.pk]), format="json"
    )

    assert response.json()["crew"] == [
        {"id": camera.pk, "name": "Li Na", "role": "camera_operator"}
    ]
    assert response.json()["equipment"] == [{"id": kit.pk, "name": "Kit A"}]


@pytest.mark.parametrize("page_size", [10, 50, 100])
def test_the_bookings_list_has_a_fixed_query_budget(
    scheduler_api, django_assert_max_num_queries, page_size
):
    studio = StudioFactory()
    for index in range(page_size):
        booking = BookingFactory(studio=studio, starts_at=SHOW_START + timedelta(hours=3 * index))
        booking.crew_assignments.create(
            crew=CrewFactory(),
            buffered_start=booking.buffered_start,
            buffered_end=booking.buffered_end,
        )

    with django_assert_max_num_queries(5):
        response = scheduler_api.get(BOOKINGS, {"page_size": page_size})

    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size


def test_cancel_by_the_ceo_inside_the_cutoff_is_403_with_its_code(db):
    from django.utils import timezone

    soon = timezone.now() + timedelta(hours=3)
    booking = BookingFactory(starts_at=soon.replace(minute=0, second=0, microsecond=0))

    response = client_for(booking.ceo).post(
        f"{BOOKINGS}{booking.pk}/cancel/", {"reason": "ill"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["code"] == "inside_cutoff"


@pytest.mark.parametrize(
    "reason",
    ["", "x" * 2001, " " * 2000 + "ill", "ill" + "\t" * 2000],
    ids=["empty", "long", "padded-before", "padded-after"],
)
def test_a_cancel_reason_outside_the_documented_length_is_a_400(scheduler_api, reason):
    # The document says minLength 1 and maxLength 2000 of what is sent, spaces included (found
    # by schemathesis: DRF trims first and measures after).
    booking = BookingFactory()

    response = scheduler_api.post(
        f"{BOOKINGS}{booking.pk}/cancel/", {"reason": reason}, format="json"
    )

    assert response.status_code == 400, response.content
    assert list(response.json()["fields"]) == ["reason"]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_the_document_says_what_a_cancel_reason_must_be(scheduler_api):
    schema = scheduler_api.get("/api/schema/", {"format": "json"}).json()

    reason = schema["components"]["schemas"]["CancelRequest"]["properties"]["reason"]

    # Spaces alone are blank once DRF trims them: the pattern says so.
    assert reason == {"type": "string", "minLength": 1, "maxLength": 2000, "pattern": r"\S"}
    blank = scheduler_api.post(
        f"{BOOKINGS}{BookingFactory().pk}/cancel/", {"reason": " \t\n"}, format="json"
    )
    assert blank.status_code == 400
    assert list(blank.json()["fields"]) == ["reason"]


def test_the_ceo_reads_the_readiness_of_their_show(db):
    booking = BookingFactory()

    response = client_for(booking.ceo).get(f"{BOOKINGS}{booking.pk}/readiness/")

    assert response.status_code == 200
    assert response.json()["missing"] == ["samples"]
    assert [item["key"] for item in response.json()["items"]] == ["training", "samples"]


def test_confirm_ready_answers_409_listing_what_is_missing(scheduler_api):
    booking = BookingFactory()

    response = scheduler_api.post(f"{BOOKINGS}{booking.pk}/confirm-ready/")

    assert response.status_code == 409
    assert (response.json()["code"], response.json()["missing"]) == ("not_ready", ["samples"])


def test_the_ceo_reports_the_shipment_and_the_scheduler_its_arrival(scheduler_api):
    booking = BookingFactory()
    ceo = client_for(booking.ceo)
    url = f"{BOOKINGS}{booking.pk}/shipment/"

    sent = ceo.patch(url, {"carrier": "SF", "tracking_number": "SF1", "status": "shipped"})
    refused = ceo.patch(url, {"status": "received"})
    received = scheduler_api.patch(url, {"status": "received"})

    assert sent.status_code == 200 and sent.json()["status"] == "shipped"
    assert refused.status_code == 403
    assert received.json()["status"] == "received" and received.json()["received_at"]
    listed = scheduler_api.get(BOOKINGS).json()["results"][0]
    assert (listed["samples_status"], listed["samples_late"]) == ("received", False)


def test_outcomes_are_recorded_by_schedulers_only(scheduler_api, studio):
    from django.utils import timezone

    booking = BookingFactory(studio=studio, starts_at=timezone.now() - timedelta(hours=3))
    body = {"result": "held", "viewers": 1200, "turnover": "8800.50", "new_followers": 75}

    ceo = client_for(booking.ceo)
    refused = ceo.post(f"{BOOKINGS}{booking.pk}/outcome/", body, format="json")
    scheduler_api.post(
        f"{BOOKINGS}{booking.pk}/confirm-ready/", {"override_reason": "Own stock"}, format="json"
    )
    recorded = scheduler_api.post(f"{BOOKINGS}{booking.pk}/outcome/", body, format="json")

    assert refused.status_code == 403
    assert recorded.status_code == 200 and recorded.json()["turnover"] == "8800.50"
    assert ceo.get(f"{BOOKINGS}{booking.pk}/outcome/").status_code == 200


@pytest.mark.parametrize("path", ["quota/?campaign={slug}", "attendance/?campaign={slug}"])
def test_quota_and_attendance_are_for_schedulers(path, scheduler_api, application):
    url = BOOKINGS + path.format(slug=application.campaign.slug)

    assert client_for(application.user).get(url).status_code == 403
    response = scheduler_api.get(url)
    assert response.status_code == 200
    assert response.json()["results"][0]["reference"] == application.reference


def test_the_booking_history_shows_moves_with_their_reasons(scheduler_api, studio, application):
    booking = scheduler_api.post(BOOKINGS, _body(studio, application), format="json").json()
    later = SHOW_START + timedelta(days=1)
    scheduler_api.post(
        f"{BOOKINGS}{booking['id']}/move/",
        {
            "starts_at": later.isoformat(),
            "ends_at": (later + timedelta(hours=2)).isoformat(),
            "reason": "Studio swap",
        },
        format="json",
    )

    history = scheduler_api.get(f"{BOOKINGS}{booking['id']}/history/").json()

    assert [(e["action"], e["reason"]) for e in history] == [
        ("booking_create", ""),
        ("booking_move", "Studio swap"),
    ]


def test_a_series_books_through_the_api_and_reports_each_occurrence(scheduler_api, studio):
    application = TrainedApplicationFactory()
    body = {
        "studio": studio.pk,
        "application": application.pk,
        "weekdays": ["tue", "thu"],
        "start_time": "20:00",
        "duration_minutes": 120,
        "first_date": "2027-05-25",
        "last_date": "2027-06-03",
    }

    response = scheduler_api.post(SERIES, body, format="json", HTTP_IDEMPOTENCY_KEY="series-1")
    retry = scheduler_api.post(SERIES, body, format="json", HTTP_IDEMPOTENCY_KEY="series-1")

    assert response.status_code == 201 and retry.status_code == 200
    data = response.json()
    assert (data["booked"], data["refused"]) == (4, 0)
    assert [o["date"] for o in data["occurrences"]] == [
        "2027-05-25",
        "2027-05-27",
        "2027-06-01",
        "2027-06-03",
    ]
    assert data["series"]["weekdays"] == [1, 3]
    first = data["occurrences"][0]["booking"]
    edit = scheduler_api.post(
        f"{SERIES}{data['series']['id']}/edit/",
        {"booking": first, "scope": "this", "cancel": True, "reason": "holiday"},
        format="json",
    )
    assert edit.status_code == 200
    assert [o["status"] for o in edit.json()["occurrences"]] == ["cancelled"]


def test_availability_shows_open_busy_and_free_time_in_local_time(scheduler_api):
    from datetime import time

    studio = StudioFactory(hours=(time(9), time(23)))
    booking = BookingFactory(studio=studio, starts_at=SHOW_START)

    response = scheduler_api.get(
        f"{STUDIOS}{studio.pk}/availability/", {"from": "2027-05-25", "to": "2027-05-25"}
    )

    day = response.json()[0]
    assert day["open"][0]["starts_at"] == "2027-05-25T09:00:00+08:00"
    assert [(b["starts_at"], b["ends_at"], b["booking"]) for b in day["busy"]] == [
        ("2027-05-25T19:30:00+08:00", "2027-05-25T22:30:00+08:00", booking.pk)
    ]
    assert [(f["starts_at"][11:16], f["ends_at"][11:16]) for f in day["free"]] == [
        ("09:00", "19:30"),
        ("22:30", "23:00"),
    ]


def test_schedulers_keep_studios_and_everyone_signed_in_reads_them(scheduler_api, db):
    body = {
        "name": "Bund studio",
        "city": "Shanghai",
        "address": "99 Zhongshan East 1st Road",
        "timezone": "Asia/Shanghai",
        "capacity": 8,
        "equipment": "Three cameras",
        "setup_minutes": 20,
        "teardown_minutes": 20,
        "active": True,
    }

    created = scheduler_api.post(STUDIOS, body, format="json")
    studio_id = created.json()["id"]
    hours = scheduler_api.put(
        f"{STUDIOS}{studio_id}/opening-hours/",
        {"windows": [{"weekday": 0, "opens": "09:00", "closes": "23:00"}]},
        format="json",
    )
    bad_zone = scheduler_api.patch(f"{STUDIOS}{studio_id}/", {"timezone": "Mars/Base"})
    ceo = client_for(UserFactory(role=Role.CEO))

    assert created.status_code == 201
    assert hours.json()["opening_hours"] == [
        {"weekday": 0, "opens": "09:00:00", "closes": "23:00:00"}
    ]
    assert bad_zone.status_code == 400 and "timezone" in bad_zone.json()["fields"]
    assert ceo.get(STUDIOS).json()["results"][0]["name"] == "Bund studio"
    assert ceo.post(STUDIOS, body, format="json").status_code == 403


def test_a_blackout_lists_the_bookings_it_now_covers(scheduler_api):
    booking = BookingFactory(starts_at=SHOW_START)

    response = scheduler_api.post(
        f"{STUDIOS}{booking.studio_id}/blackouts/",
        {"starts_at": "2027-05-25T18:00", "ends_at": "2027-05-25T23:00", "reason": "Power cut"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["affected_bookings"] == [booking.pk]
    assert response.json()["starts_at"] == "2027-05-25T10:00:00Z"


@pytest.mark.parametrize(("role", "status"), [(Role.SCHEDULER, 200), (Role.REVIEWER, 403)])
def test_the_admin_shows_bookings_to_schedulers(client, db, role, status):
    BookingFactory()
    client.force_login(UserFactory(role=role, is_staff=True))

    assert client.get("/admin/studios/booking/").status_code == status
    assert client.get("/admin/studios/studio/add/").status_code == status
