"""Chasing the CEO's yes: the list of shows still waiting for it, and the escalation for a show
booked at short notice, which still waits until the CEO was asked."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from onboarding.notifications.models import Message
from onboarding.notifications.services import message_send
from onboarding.studios import reminders
from onboarding.studios.models import Booking
from onboarding.studios.services import booking_create, booking_move
from tests.factories import BookingFactory
from tests.studios.conftest import SHOW_END, SHOW_START, client_for

pytestmark = pytest.mark.usefixtures("default_rules")

PENDING, SENT = Message.Status.PENDING, Message.Status.SENT


@pytest.fixture
def application(application):
    application.assistant_name = "Lin Mei"
    application.assistant_email = "lin.mei@example.com"
    application.save()
    return application


def _rows(booking, kind, status=PENDING):
    return Message.objects.filter(event_key=f"{kind}:{booking.pk}", status=status)


def _book(studio, application, scheduler, starts_at=SHOW_START) -> Booking:
    booking, _created = booking_create(
        studio=studio,
        application=application,
        starts_at=starts_at,
        ends_at=starts_at + (SHOW_END - SHOW_START),
        actor=scheduler,
    )
    return booking


class TestWaitingList:
    def test_only_confirmed_upcoming_shows_without_a_yes_are_listed(self, studio, scheduler):
        now = timezone.now()
        waiting = BookingFactory(studio=studio, starts_at=now + timedelta(days=3))
        BookingFactory(studio=studio, starts_at=now + timedelta(days=4), status="cancelled")
        BookingFactory(studio=studio, starts_at=now - timedelta(days=2))  # finished
        BookingFactory(studio=studio, starts_at=now - timedelta(minutes=30))  # under way
        BookingFactory(studio=studio, starts_at=now + timedelta(days=5), kind="rehearsal")
        BookingFactory(
            studio=studio, starts_at=now + timedelta(days=6), attendance_confirmed_at=now
        )

        answer = client_for(scheduler).get("/api/v1/bookings/", {"attendance_confirmed": "false"})

        assert answer.status_code == 200
        assert [row["id"] for row in answer.json()["results"]] == [waiting.pk]

    def test_the_filter_combines_with_others(self, studio, scheduler):
        now = timezone.now()
        waiting = BookingFactory(studio=studio, starts_at=now + timedelta(days=3))
        BookingFactory(starts_at=now + timedelta(days=3, hours=4))  # another studio

        answer = client_for(scheduler).get(
            "/api/v1/bookings/", {"attendance_confirmed": "false", "studio": studio.pk}
        )

        assert [row["id"] for row in answer.json()["results"]] == [waiting.pk]

    def test_true_still_lists_the_shows_confirmed(self, studio, scheduler):
        now = timezone.now()
        confirmed = BookingFactory(
            studio=studio, starts_at=now + timedelta(days=6), attendance_confirmed_at=now
        )
        BookingFactory(studio=studio, starts_at=now + timedelta(days=3))

        answer = client_for(scheduler).get("/api/v1/bookings/", {"attendance_confirmed": "true"})

        assert [row["id"] for row in answer.json()["results"]] == [confirmed.pk]


def _send(rows) -> list[bool]:
    return [message_send(message_id=row.pk) for row in rows]


class TestShortNotice:
    def test_a_show_booked_ten_hours_ahead_is_escalated_an_hour_after_the_ceo_is_asked(
        self, studio, application, scheduler
    ):
        booked_at = SHOW_START - timedelta(hours=10)  # 10:00 in Shanghai: nobody's quiet hours
        with time_machine.travel(booked_at, tick=False):
            booking = _book(studio, application, scheduler)

        escalation = _rows(booking, reminders.UNCONFIRMED)
        assert sorted(escalation.values_list("recipient", flat=True)) == sorted(
            ["lin.mei@example.com", scheduler.email]
        )
        assert set(escalation.values_list("due_at", flat=True)) == {booked_at + timedelta(hours=1)}

        notice = _rows(booking, reminders.NOTICE).get()
        with time_machine.travel(notice.next_attempt_at, tick=False):
            assert message_send(message_id=notice.pk)
        mail.outbox.clear()
        with time_machine.travel(booked_at + timedelta(hours=1, minutes=1), tick=False):
            assert _send(escalation) == [True, True]

        assert sorted(m.to[0] for m in mail.outbox) == sorted(
            ["lin.mei@example.com", scheduler.email]
        )

    def test_a_show_booked_half_an_hour_ahead_leaves_half_the_time_to_answer(
        self, studio, application, scheduler
    ):
        booked_at = SHOW_START - timedelta(minutes=30)
        with time_machine.travel(booked_at, tick=False):
            booking = _book(studio, application, scheduler)

        due = set(_rows(booking, reminders.UNCONFIRMED).values_list("due_at", flat=True))
        assert due == {booked_at + timedelta(minutes=15)}

    def test_the_escalation_waits_for_a_notice_held_by_the_ceos_quiet_hours(
        self, studio, application, scheduler
    ):
        # Booked at midnight in Shanghai: the notice waits for 08:00 there (00:00 UTC).
        booked_at = datetime(2027, 5, 24, 16, 0, tzinfo=UTC)
        morning = datetime(2027, 5, 25, 0, 0, tzinfo=UTC)
        with time_machine.travel(booked_at, tick=False):
            booking = _book(studio, application, scheduler)

        notice = _rows(booking, reminders.NOTICE).get()
        assert notice.next_attempt_at == morning
        assert set(_rows(booking, reminders.UNCONFIRMED).values_list("due_at", flat=True)) == {
            morning + timedelta(hours=1)
        }

    def test_a_move_to_short_notice_is_escalated_too(self, studio, application, scheduler):
        booking = _book(studio, application, scheduler)
        sooner = SHOW_START - timedelta(days=1)
        moved_at = sooner - timedelta(hours=6)

        with time_machine.travel(moved_at, tick=False):
            booking_move(
                booking=booking,
                starts_at=sooner,
                ends_at=sooner + (SHOW_END - SHOW_START),
                actor=scheduler,
                reason="The CEO asked for an earlier day",
            )

        due = set(_rows(booking, reminders.UNCONFIRMED).values_list("due_at", flat=True))
        assert due == {moved_at + timedelta(hours=1)}

    def test_a_show_booked_days_ahead_keeps_the_rules_time(self, studio, application, scheduler):
        booking = _book(studio, application, scheduler)

        due = set(_rows(booking, reminders.UNCONFIRMED).values_list("due_at", flat=True))
        assert due == {SHOW_START - timedelta(hours=24)}
