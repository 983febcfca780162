"""The bookings page is built from `.values()` (booking_rows): the JSON BookingSerializer gives."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from onboarding.studios import selectors
from onboarding.studios.api.serializers.bookings import BookingSerializer
from onboarding.studios.models import SampleShipment, ShowOutcome
from tests.factories import (
    BookingFactory,
    CrewFactory,
    EquipmentSetFactory,
    SchedulingSettingsFactory,
    StudioFactory,
    TrainedApplicationFactory,
)
from tests.studios.conftest import client_for

pytestmark = pytest.mark.django_db

BOOKINGS = "/api/v1/bookings/"


def _serialized(queryset, now) -> list[dict]:
    data = BookingSerializer(queryset.order_by("id"), many=True, context={"now": now}).data
    return json.loads(JSONRenderer().render(data))


def test_the_bookings_page_is_what_the_serializer_writes(scheduler):
    # Given bookings covering each computed field: samples late and received, an outcome, a
    # cancellation, crew and kit, a campaign's own samples rule, a studio in another zone, a
    # CEO with a name and one without
    now = timezone.now().replace(microsecond=0)
    soon = now + timedelta(hours=10)
    late = BookingFactory(starts_at=soon)
    SampleShipment.objects.create(booking=late, status=SampleShipment.Status.SHIPPED)
    received = BookingFactory(starts_at=soon + timedelta(hours=3))
    SampleShipment.objects.create(
        booking=received, status=SampleShipment.Status.RECEIVED, received_at=now
    )
    held = BookingFactory(starts_at=now - timedelta(days=2))
    ShowOutcome.objects.create(booking=held, result=ShowOutcome.Result.HELD)
    BookingFactory(status="cancelled", cancel_reason="Ill", cancelled_at=now, kind="rehearsal")
    crewed = BookingFactory(studio=StudioFactory(timezone="Europe/Berlin"))
    for role, name in [("host_assistant", "Zed"), ("camera_operator", "Amy")]:
        crewed.crew_assignments.create(
            crew=CrewFactory(role=role, name=name),
            buffered_start=crewed.buffered_start,
            buffered_end=crewed.buffered_end,
        )
    crewed.equipment_assignments.create(
        equipment=EquipmentSetFactory(name="Kit B"),
        buffered_start=crewed.buffered_start,
        buffered_end=crewed.buffered_end,
    )
    ruled = TrainedApplicationFactory(user__first_name="Wei", user__last_name="Zhang")
    SchedulingSettingsFactory(campaign=ruled.campaign, samples_due_hours=48)
    BookingFactory(application=ruled, starts_at=now + timedelta(hours=30))

    # When a scheduler reads the list, and the CEO their own
    with time_machine.travel(now, tick=False):
        everything = client_for(scheduler).get(BOOKINGS, {"page_size": 100})
        own = client_for(ruled.user).get(BOOKINGS)

    # Then each row is exactly what the serializer writes for the same rows
    assert everything.status_code == 200
    expected = _serialized(selectors.bookings_all(), now)
    assert sorted(everything.json()["results"], key=lambda row: row["id"]) == expected
    assert {row["samples_late"] for row in expected} == {True, False}
    assert own.json()["results"] == _serialized(
        selectors.bookings_all().filter(ceo=ruled.user), now
    )
