"""A seat comes with reminders in the outbox; they follow the session and go with the seat."""

from datetime import timedelta

import pytest

from onboarding.notifications.models import Message, ReminderRule
from onboarding.training.reminders import seat_times
from onboarding.training.services import (
    enrolment_cancel,
    enrolment_create,
    session_cancel,
    session_update,
)
from tests.training.conftest import approved_ceo

DAY_BEFORE = timedelta(hours=24)


@pytest.fixture(autouse=True)
def _day_before_rule(db):
    ReminderRule.objects.create(
        kind="training_session", offset=DAY_BEFORE, channels=["email"], urgent=True
    )


def _reminders(enrolment, status=Message.Status.PENDING):
    return Message.objects.filter(event_key=f"training_session:{enrolment.pk}", status=status)


def _seat(session):
    application = approved_ceo(session.module.campaign)
    return enrolment_create(session=session, application=application, actor=application.user)


def test_a_seat_gets_its_reminder_and_a_waiting_place_none(session):
    session.capacity = 1
    session.save()

    seat = _seat(session)
    waiting = _seat(session)

    [reminder] = _reminders(seat)
    assert reminder.due_at == session.starts_at - DAY_BEFORE
    assert reminder.recipient == seat.application.email
    assert not _reminders(waiting).exists()


def test_giving_a_seat_back_cancels_its_reminder_and_the_next_ceo_gets_one(session):
    session.capacity = 1
    session.save()
    seat = _seat(session)
    waiting = _seat(session)

    enrolment_cancel(enrolment=seat, actor=seat.application.user)

    assert not _reminders(seat).exists()
    assert _reminders(seat, Message.Status.CANCELLED).count() == 1
    assert _reminders(waiting).count() == 1
    assert seat_times(seat.pk) is None
    assert seat_times(waiting.pk) == (session.starts_at, session.ends_at)


def test_moving_the_session_moves_the_reminder(session, trainer):
    seat = _seat(session)
    later = session.starts_at + timedelta(days=2)

    session_update(
        session=session,
        actor=trainer,
        data={"starts_at": later, "ends_at": later + timedelta(hours=2)},
    )

    [reminder] = _reminders(seat)
    assert reminder.due_at == later - DAY_BEFORE
    assert seat_times(seat.pk)[0] == later


def test_cancelling_the_session_cancels_every_reminder(session, trainer):
    seats = [_seat(session) for _ in range(2)]

    session_cancel(session=session, actor=trainer, reason="Room flooded")

    assert not any(_reminders(seat).exists() for seat in seats)
    assert all(seat_times(seat.pk) is None for seat in seats)
