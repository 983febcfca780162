"""The domain's writes tell subscribed systems, through the outbox, in their own transaction."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import transaction

from onboarding.applicants.services import application_submit, application_transition
from onboarding.core.models import Role
from onboarding.notifications.models import Message, WebhookEndpoint
from onboarding.studios.services import (
    booking_cancel,
    booking_confirm_ready,
    booking_create,
    booking_move,
    outcome_record,
)
from tests.factories import (
    ApplicationFactory,
    StudioFactory,
    TrainedApplicationFactory,
    UserFactory,
    valid_answers,
    valid_applicant,
)

pytestmark = pytest.mark.django_db

SHOW_START = datetime(2027, 5, 25, 12, 0, tzinfo=UTC)  # a Tuesday, 20:00 in Shanghai
SHOW_END = SHOW_START + timedelta(hours=2)


@pytest.fixture(autouse=True)
def endpoint(db):
    return WebhookEndpoint.objects.create(name="Platform", url="http://127.0.0.1:9/hooks")


@pytest.fixture
def scheduler(db):
    return UserFactory(role=Role.SCHEDULER, is_staff=True)


def _events(event_type: str) -> list[dict]:
    rows = Message.objects.filter(channel="webhook", kind=event_type).order_by("pk")
    events = [json.loads(row.body) for row in rows]
    assert all(event["type"] == event_type for event in events)
    return [event["data"] for event in events]


def _no_personal_data(application) -> None:
    bodies = " ".join(Message.objects.filter(channel="webhook").values_list("body", flat=True))
    for value in (application.email, application.full_name, application.phone):
        assert value not in bodies


def _book(application, actor, studio=None):
    booking, _created = booking_create(
        studio=studio or StudioFactory(),
        application=application,
        starts_at=SHOW_START,
        ends_at=SHOW_END,
        actor=actor,
    )
    return booking


def test_a_submitted_application_is_announced(campaign):
    application = application_submit(
        campaign=campaign,
        applicant_data=valid_applicant(),
        social_accounts=[{"platform": "douyin", "handle": "tea", "followers": 100}],
        answers=valid_answers(),
        consent=True,
        language="en",
    )

    (data,) = _events("application.submitted")
    assert data == {
        "application": application.pk,
        "reference": application.reference,
        "campaign": campaign.pk,
        "status": "submitted",
        "submitted_at": application.submitted_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
    }
    _no_personal_data(application)


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve", "approved"),
        ("reject", "rejected"),
        ("waitlist", "waitlisted"),
        ("request_info", "needs_info"),
    ],
)
def test_a_decision_is_announced(action, status):
    application = ApplicationFactory()

    application_transition(
        application_id=application.pk,
        action=action,
        actor_kind=Role.REVIEWER,
        actor=UserFactory(role=Role.REVIEWER),
        reason="Looked at it",
    )

    (data,) = _events("application.decided")
    assert data["decision"] == action
    assert (data["application"], data["reference"]) == (application.pk, application.reference)
    assert (data["previous_status"], data["status"]) == ("submitted", status)
    assert data["decided_at"].endswith("Z")
    _no_personal_data(application)


def test_a_step_that_is_no_decision_is_not_announced_as_one():
    application = ApplicationFactory()

    application_transition(
        application_id=application.pk, action="start_review", actor_kind=Role.REVIEWER
    )

    assert not _events("application.decided")


def test_a_rolled_back_decision_announces_nothing():
    application = ApplicationFactory()

    with pytest.raises(RuntimeError), transaction.atomic():
        application_transition(
            application_id=application.pk, action="approve", actor_kind=Role.REVIEWER
        )
        raise RuntimeError("the caller fails after the decision")

    assert not Message.objects.filter(channel="webhook").exists()


def test_a_booking_is_announced_when_created_moved_cancelled_and_held(scheduler):
    application = TrainedApplicationFactory()
    booking = _book(application, scheduler)
    later = SHOW_START + timedelta(days=1)

    booking_move(
        booking=booking,
        starts_at=later,
        ends_at=later + timedelta(hours=2),
        actor=scheduler,
        reason="CEO travelling",
    )
    # Held only once confirmed ready for go-live (here overridden: no samples in this test).
    booking_confirm_ready(booking=booking, actor=scheduler, override_reason="No samples needed")
    with time_machine.travel(later + timedelta(hours=3), tick=False):
        outcome_record(booking=booking, actor=scheduler, result="held", viewers=10)
    other = _book(application, scheduler)
    booking_cancel(booking=other, actor=scheduler, reason="Double work")

    common = {
        "kind": "show",
        "studio": booking.studio_id,
        "application": application.pk,
        "reference": application.reference,
        "campaign": application.campaign_id,
        "series": None,
    }
    created = _events("booking.created")
    assert created[0] == {
        **common,
        "booking": booking.pk,
        "status": "confirmed",
        "starts_at": "2027-05-25T12:00:00Z",
        "ends_at": "2027-05-25T14:00:00Z",
    }
    assert created[1]["booking"] == other.pk
    (moved,) = _events("booking.moved")
    assert moved == {
        **common,
        "booking": booking.pk,
        "status": "confirmed",
        "starts_at": "2027-05-26T12:00:00Z",
        "ends_at": "2027-05-26T14:00:00Z",
        "previous": {
            "studio": booking.studio_id,
            "starts_at": "2027-05-25T12:00:00Z",
            "ends_at": "2027-05-25T14:00:00Z",
        },
    }
    (completed,) = _events("show.completed")
    assert (completed["booking"], completed["result"], completed["corrected"]) == (
        booking.pk,
        "held",
        False,
    )
    assert completed["recorded_at"].endswith("Z")
    (cancelled,) = _events("booking.cancelled")
    assert (cancelled["booking"], cancelled["status"]) == (other.pk, "cancelled")
    assert cancelled["cancelled_at"].endswith("Z")
    _no_personal_data(application)


def test_a_rolled_back_booking_announces_nothing(scheduler):
    application = TrainedApplicationFactory()

    with pytest.raises(RuntimeError), transaction.atomic():
        _book(application, scheduler)
        assert _events("booking.created")
        raise RuntimeError("the caller fails after the booking")

    assert not Message.objects.filter(channel="webhook").exists()


def test_an_endpoint_for_other_events_gets_no_booking(endpoint, scheduler):
    endpoint.event_types = ["application.decided"]
    endpoint.save()

    _book(TrainedApplicationFactory(), scheduler)

    assert not Message.objects.filter(channel="webhook").exists()
