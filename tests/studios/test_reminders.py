"""A show comes with reminders in the outbox; they follow the booking and go with it."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction

from onboarding.notifications.models import Message, ReminderRule
from onboarding.studios import reminders
from onboarding.studios.models import Booking
from onboarding.studios.services import (
    booking_cancel,
    booking_confirm_ready,
    booking_create,
    booking_move,
    outcome_record,
    series_create,
    shipment_update,
)
from tests.factories import CrewFactory, StudioFactory, UserFactory
from tests.studios.conftest import SHOW_END, SHOW_START, commit_weekly

PENDING = Message.Status.PENDING


pytestmark = pytest.mark.usefixtures("default_rules")


def _rows(booking, kind=reminders.SHOW, status=PENDING):
    return Message.objects.filter(event_key=f"{kind}:{booking.pk}", status=status)


def _due(booking, kind=reminders.SHOW, status=PENDING):
    return sorted(_rows(booking, kind, status).values_list("recipient", "channel", "due_at"))


def _book(studio, application, scheduler, **kwargs):
    booking, created = booking_create(
        studio=studio,
        application=application,
        starts_at=kwargs.pop("starts_at", SHOW_START),
        ends_at=kwargs.pop("ends_at", SHOW_END),
        actor=scheduler,
        **kwargs,
    )
    assert created
    return booking


def test_a_booked_show_writes_its_reminders_by_the_default_rules(studio, application, scheduler):
    camera = CrewFactory(name="Wang Lei", user=UserFactory(email="wang@example.com"))
    host = CrewFactory(name="Zhao Yu", role="host_assistant")  # no account: not reminded

    booking = _book(studio, application, scheduler, crew=[camera, host])

    # The CEO and the crew member with an account, 48 h and 2 h before
    before = [SHOW_START - timedelta(hours=48), SHOW_START - timedelta(hours=2)]
    assert _due(booking) == sorted(
        (who, "email", due) for who in (application.email, "wang@example.com") for due in before
    )
    # Samples 3 days before, to the CEO; the outcome 2 h after, to the scheduler who booked it
    assert _due(booking, reminders.SAMPLES) == [
        (application.email, "email", SHOW_START - timedelta(days=3))
    ]
    assert _due(booking, reminders.OUTCOME) == [
        (scheduler.email, "email", SHOW_END + timedelta(hours=2))
    ]
    ceo_reminder = _rows(booking).filter(recipient=application.email).first()
    assert studio.address in ceo_reminder.body
    assert "Wang Lei (Camera operator), Zhao Yu (Host assistant)" in ceo_reminder.body
    assert "Product samples received at the studio" in ceo_reminder.body
    assert ceo_reminder.event_starts_at == SHOW_START


def test_a_campaigns_own_offsets_replace_the_defaults(studio, application, scheduler):
    ReminderRule.objects.create(
        campaign=application.campaign,
        kind="studio_show",
        offset=timedelta(hours=5),
        channels=["email"],
    )

    booking = _book(studio, application, scheduler)

    assert [due for _who, _ch, due in _due(booking)] == [SHOW_START - timedelta(hours=5)]


def test_a_rehearsal_has_no_show_reminders(studio, application, scheduler):
    booking = _book(studio, application, scheduler, kind=Booking.Kind.REHEARSAL)

    assert not Message.objects.filter(event_key__endswith=f":{booking.pk}").exists()


def test_a_rolled_back_booking_writes_no_reminder(studio, application, scheduler):
    with pytest.raises(RuntimeError), transaction.atomic():
        booking = _book(studio, application, scheduler)
        # In the booking's transaction, the reminders are there with it...
        assert _rows(booking).exists()
        raise RuntimeError("the caller's transaction fails after the booking")

    # ...and go with it
    assert not Booking.objects.exists()
    assert not Message.objects.exists()


def test_moving_a_booking_moves_its_pending_reminders(studio, application, scheduler):
    booking = _book(studio, application, scheduler)
    later = SHOW_START + timedelta(days=2)

    booking_move(
        booking=booking,
        starts_at=later,
        ends_at=later + timedelta(hours=2),
        actor=scheduler,
        reason="CEO travelling",
    )

    assert _due(booking) == [
        (application.email, "email", later - timedelta(hours=48)),
        (application.email, "email", later - timedelta(hours=2)),
    ]
    assert _rows(booking, status=Message.Status.CANCELLED).count() == 2
    assert [due for *_, due in _due(booking, reminders.OUTCOME)] == [later + timedelta(hours=4)]
    assert reminders.show_times(booking.pk) == (later, later + timedelta(hours=2))


def test_moving_to_another_studio_at_the_same_time_leaves_one_set(studio, application, scheduler):
    booking = _book(studio, application, scheduler)
    other = StudioFactory(name="Lotus", address="No. 1 Lotus Lane")

    booking_move(
        booking=booking,
        starts_at=SHOW_START,
        ends_at=SHOW_END,
        studio=other,
        actor=scheduler,
        reason="Studio flooded",
    )

    rows = list(_rows(booking))
    assert len(rows) == 2
    assert all("No. 1 Lotus Lane" in row.body for row in rows)


def test_cancelling_a_booking_cancels_all_its_reminders(studio, application, scheduler):
    booking = _book(studio, application, scheduler)

    booking_cancel(booking=booking, actor=scheduler, reason="CEO ill")

    assert not Message.objects.filter(status=PENDING).exists()
    assert _rows(booking, status=Message.Status.CANCELLED).count() == 2
    assert reminders.show_times(booking.pk) is None
    assert reminders.samples_times(booking.pk) is None
    assert reminders.outcome_times(booking.pk) is None


def test_shipped_samples_stop_the_samples_reminder_and_a_reopened_shipment_restores_it(
    studio, application, scheduler
):
    booking = _book(studio, application, scheduler)

    shipment_update(
        booking=booking, actor=application.user, tracking_number="SF123", status="shipped"
    )

    assert not _rows(booking, reminders.SAMPLES).exists()
    assert reminders.samples_times(booking.pk) is None
    assert _rows(booking).count() == 2  # the show's own reminders stay

    shipment_update(booking=booking, actor=scheduler, status="pending")

    assert _rows(booking, reminders.SAMPLES).count() == 1
    assert reminders.samples_times(booking.pk) == (SHOW_START, SHOW_END)


def test_recording_the_outcome_cancels_the_staff_reminder(studio, application, scheduler):
    booking = _book(studio, application, scheduler)
    assert reminders.outcome_times(booking.pk) == (SHOW_START, SHOW_END)

    booking_confirm_ready(booking=booking, actor=scheduler, override_reason="Own stock")
    with time_machine.travel(SHOW_END + timedelta(minutes=30), tick=False):
        outcome_record(booking=booking, actor=scheduler, result="held", viewers=120)

    assert not _rows(booking, reminders.OUTCOME).exists()
    assert reminders.outcome_times(booking.pk) is None


def test_every_occurrence_of_a_series_gets_its_reminders(studio, application, scheduler):
    commit_weekly(application, 7)
    series, results, _created = series_create(
        studio=studio,
        application=application,
        weekdays=[1, 3],  # Tuesdays and Thursdays
        start_time=SHOW_START.replace(hour=20).time(),
        duration=timedelta(hours=2),
        first_date=SHOW_START.date(),
        last_date=SHOW_START.date() + timedelta(days=7),
        actor=scheduler,
    )

    booked = [r.booking for r in results if r.status == "booked"]
    assert len(booked) == 3  # 25 and 27 May, 1 June
    assert all(_rows(Booking(pk=pk)).count() == 2 for pk in booked)
