"""The CEO confirms a show with one tap; silence by the set time reaches their assistant and the
scheduler, and nobody once they said yes."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from onboarding.applicants.services import assistant_update
from onboarding.core.errors import Conflict
from onboarding.core.models import AuditEntry, Role
from onboarding.notifications.models import Message
from onboarding.notifications.services import Gone, message_send
from onboarding.studios import reminders
from onboarding.studios.links import attendance_token, booking_id_from_token
from onboarding.studios.models import Booking
from onboarding.studios.services import (
    attendance_confirm,
    booking_cancel,
    booking_create,
    booking_move,
    series_create,
)
from tests.factories import CrewFactory, UserFactory
from tests.studios.conftest import SHOW_END, SHOW_START, client_for, commit_weekly

pytestmark = pytest.mark.usefixtures("default_rules")

PENDING, SENT = Message.Status.PENDING, Message.Status.SENT
ESCALATION_DUE = SHOW_START - timedelta(hours=24)


@pytest.fixture
def application(application):
    application.full_name = "Chen Jia"
    application.phone = "+8613900001111"
    application.assistant_name = "Lin Mei"
    application.assistant_email = "lin.mei@example.com"
    application.assistant_phone = "+8613900002222"
    application.save()
    return application


def _book(studio, application, scheduler, **kwargs) -> Booking:
    booking, _created = booking_create(
        studio=studio,
        application=application,
        starts_at=SHOW_START,
        ends_at=SHOW_END,
        actor=scheduler,
        **kwargs,
    )
    return booking


def _rows(booking, kind, status=PENDING):
    return Message.objects.filter(event_key=f"{kind}:{booking.pk}", status=status)


def _page(client, booking):
    return reverse("portal:show-confirm", args=[attendance_token(booking.pk)])


def _tap(client, booking, starts_at=None):
    starts_at = starts_at or Booking.objects.get(pk=booking.pk).starts_at
    return client.post(_page(client, booking), {"starts_at": starts_at.isoformat()})


def _linked_booking(text: str) -> int | None:
    """The booking the confirmation link in this text names (links carry their signing time)."""
    found = re.search(r"/shows/confirm/([^/\s]+)/", text)
    return booking_id_from_token(found.group(1)) if found else None


def _send_ceo_reminder(booking) -> None:
    """The 48 h reminder reaches the CEO: they have been asked."""
    first = _rows(booking, reminders.SHOW).filter(recipient=booking.application.email)
    first = first.order_by("due_at").first()
    with time_machine.travel(first.next_attempt_at, tick=False):
        assert message_send(message_id=first.pk)


def test_only_the_ceos_show_reminder_carries_the_confirmation_link(studio, application, scheduler):
    camera = CrewFactory(name="Wang Lei", user=UserFactory(email="wang@example.com"))
    booking = _book(studio, application, scheduler, crew=[camera])

    ceo_rows = _rows(booking, reminders.SHOW).filter(recipient=application.email)
    crew_rows = _rows(booking, reminders.SHOW).filter(recipient="wang@example.com")
    assert ceo_rows.count() == 2
    assert all(_linked_booking(row.body) == booking.pk for row in ceo_rows)
    assert crew_rows.exists()
    assert not any("/shows/confirm/" in row.body for row in crew_rows)


def test_a_booked_show_writes_the_escalation_to_the_assistant_and_the_scheduler(
    studio, application, scheduler
):
    booking = _book(studio, application, scheduler)

    rows = sorted(
        _rows(booking, reminders.UNCONFIRMED).values_list("recipient", "channel", "due_at")
    )
    assert rows == sorted(
        [
            ("lin.mei@example.com", "email", ESCALATION_DUE),
            ("+8613900002222", "sms", ESCALATION_DUE),
            (scheduler.email, "email", ESCALATION_DUE),
        ]
    )
    to_assistant = _rows(booking, reminders.UNCONFIRMED).get(recipient="lin.mei@example.com")
    assert to_assistant.language == application.language
    assert "Chen Jia" in to_assistant.body
    assert "+8613900001111" in to_assistant.body  # whom to call
    assert _linked_booking(to_assistant.body) == booking.pk  # and how to confirm for them


def test_without_an_assistant_only_the_scheduler_is_told(studio, application, scheduler):
    application.assistant_email = application.assistant_phone = ""
    application.save()

    booking = _book(studio, application, scheduler)

    assert list(_rows(booking, reminders.UNCONFIRMED).values_list("recipient", flat=True)) == [
        scheduler.email
    ]


def test_opening_the_link_shows_the_show_and_confirms_nothing(
    client, studio, application, scheduler
):
    booking = _book(studio, application, scheduler)

    page = client.get(_page(client, booking))

    assert page.status_code == 200
    assert studio.address in page.text
    assert 'id="confirm"' in page.text
    booking.refresh_from_db()
    assert booking.attendance_confirmed_at is None  # a mail scanner's visit is not a yes
    assert _rows(booking, reminders.UNCONFIRMED).count() == 3


def test_one_tap_confirms_records_and_cancels_the_escalation(
    client, studio, application, scheduler
):
    booking = _book(studio, application, scheduler)

    answer = _tap(client, booking)

    assert answer.status_code == 302
    booking.refresh_from_db()
    assert booking.attendance_confirmed_at is not None
    assert booking.attendance_confirmed_by is None  # through the link, nobody signed in
    assert not _rows(booking, reminders.UNCONFIRMED).exists()
    assert _rows(booking, reminders.UNCONFIRMED, Message.Status.CANCELLED).count() == 3
    assert reminders.unconfirmed_times(booking.pk) == Gone("The CEO confirmed attendance.")
    entry = AuditEntry.objects.get(action="attendance_confirm")
    assert entry.data["by_link"] is True
    # The CEO's own reminders still go
    assert _rows(booking, reminders.SHOW).count() == 2

    again = client.get(answer.url)
    assert 'id="confirmed"' in again.text
    assert 'id="confirm"' not in again.text
    # A second tap (an old tab) changes nothing and is not an error
    assert _tap(client, booking).status_code == 302
    assert AuditEntry.objects.filter(action="attendance_confirm").count() == 1


def test_the_page_speaks_the_ceos_language_unless_they_chose_another(
    client, studio, application, scheduler
):
    application.language = "zh-hans"
    application.save()
    booking = _book(studio, application, scheduler)

    assert "我会准时到场" in client.get(_page(client, booking)).text

    client.cookies["django_language"] = "en"
    assert "Yes, I will be there" in client.get(_page(client, booking)).text


def test_a_forged_or_foreign_link_is_not_found(client, studio, application, scheduler):
    booking = _book(studio, application, scheduler)
    token = attendance_token(booking.pk)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    other_salt = signing.dumps(booking.pk, salt="something-else")

    for bad in (forged, other_salt, "nonsense"):
        assert client.get(reverse("portal:show-confirm", args=[bad])).status_code == 404
        assert client.post(reverse("portal:show-confirm", args=[bad])).status_code == 404
    booking.refresh_from_db()
    assert booking.attendance_confirmed_at is None


def test_a_move_asks_again_and_an_old_page_does_not_confirm_the_new_time(
    client, studio, application, scheduler
):
    booking = _book(studio, application, scheduler)
    _tap(client, booking)
    later = SHOW_START + timedelta(days=1)

    booking_move(
        booking=booking,
        starts_at=later,
        ends_at=later + timedelta(hours=2),
        actor=scheduler,
        reason="studio maintenance",
    )

    booking.refresh_from_db()
    assert booking.attendance_confirmed_at is None
    assert (
        list(_rows(booking, reminders.UNCONFIRMED).values_list("due_at", flat=True))
        == [later - timedelta(hours=24)] * 3
    )
    # A tab opened before the move sends the old time: refused, and the page shows the new one
    stale = _tap(client, booking, starts_at=SHOW_START)
    assert stale.status_code == 409
    assert "moved" in stale.text
    booking.refresh_from_db()
    assert booking.attendance_confirmed_at is None
    # The link from the old reminder still works for the new time
    assert _tap(client, booking).status_code == 302
    booking.refresh_from_db()
    assert booking.attendance_confirmed_at is not None


def test_a_cancelled_show_cannot_be_confirmed(client, studio, application, scheduler):
    booking = _book(studio, application, scheduler)
    booking_cancel(booking=booking, actor=scheduler, reason="the CEO is ill")

    page = client.get(_page(client, booking))
    answer = _tap(client, booking)

    assert "cancelled" in page.text
    assert 'id="confirm"' not in page.text
    assert answer.status_code == 409
    assert not _rows(booking, reminders.UNCONFIRMED).exists()
    booking.refresh_from_db()
    assert booking.attendance_confirmed_at is None


def test_a_show_that_is_over_cannot_be_confirmed(client, studio, application, scheduler):
    booking = _book(studio, application, scheduler)

    with time_machine.travel(SHOW_END + timedelta(minutes=1), tick=False):
        assert _tap(client, booking).status_code == 409

    booking.refresh_from_db()
    assert booking.attendance_confirmed_at is None


class TestSendTime:
    def test_silence_after_being_asked_reaches_the_assistant_and_the_scheduler(
        self, studio, application, scheduler
    ):
        booking = _book(studio, application, scheduler)
        _send_ceo_reminder(booking)
        mail.outbox.clear()

        with time_machine.travel(ESCALATION_DUE + timedelta(minutes=1), tick=False):
            for row in _rows(booking, reminders.UNCONFIRMED):
                assert message_send(message_id=row.pk)

        assert sorted(m.to[0] for m in mail.outbox) == sorted(
            ["lin.mei@example.com", scheduler.email]
        )
        assert _rows(booking, reminders.UNCONFIRMED, SENT).count() == 3

    def test_a_yes_given_after_the_rows_were_claimed_still_stops_them(
        self, client, studio, application, scheduler
    ):
        booking = _book(studio, application, scheduler)
        _send_ceo_reminder(booking)
        # Confirmed by hand on the row, as if the cancel raced a dispatcher holding the ids
        Booking.objects.filter(pk=booking.pk).update(attendance_confirmed_at=SHOW_START)
        mail.outbox.clear()

        with time_machine.travel(ESCALATION_DUE + timedelta(minutes=1), tick=False):
            sent = [
                message_send(message_id=row.pk) for row in _rows(booking, reminders.UNCONFIRMED)
            ]

        assert sent == [False, False, False]
        assert mail.outbox == []

    def test_nobody_is_told_of_silence_to_a_question_never_asked(
        self, studio, application, scheduler
    ):
        booking = _book(studio, application, scheduler)  # nothing has reached the CEO yet

        with time_machine.travel(ESCALATION_DUE + timedelta(minutes=1), tick=False):
            sent = [
                message_send(message_id=row.pk) for row in _rows(booking, reminders.UNCONFIRMED)
            ]

        assert sent == [False, False, False]
        skipped = _rows(booking, reminders.UNCONFIRMED, Message.Status.SKIPPED)
        assert {row.note for row in skipped} == {"The CEO has not been asked to confirm yet."}

    def test_the_booking_notice_is_the_first_ask(self, studio, application, scheduler):
        booking = _book(studio, application, scheduler)
        notice = _rows(booking, reminders.NOTICE).get(channel="email")
        # Quiet hours in the CEO's zone may hold it until morning
        with time_machine.travel(notice.next_attempt_at, tick=False):
            assert message_send(message_id=notice.pk)
        mail.outbox.clear()

        with time_machine.travel(ESCALATION_DUE + timedelta(minutes=1), tick=False):
            sent = [
                message_send(message_id=row.pk) for row in _rows(booking, reminders.UNCONFIRMED)
            ]

        assert sent == [True, True, True]

    def test_a_ceo_our_mail_could_not_reach_is_escalated_all_the_more(
        self, studio, application, scheduler
    ):
        booking = _book(studio, application, scheduler)
        _rows(booking, reminders.NOTICE).update(
            status=Message.Status.FAILED, last_error="mailbox does not exist"
        )

        with time_machine.travel(ESCALATION_DUE + timedelta(minutes=1), tick=False):
            sent = [
                message_send(message_id=row.pk) for row in _rows(booking, reminders.UNCONFIRMED)
            ]

        assert sent == [True, True, True]


class TestNotice:
    def test_booking_a_show_tells_the_ceo_at_once_and_asks_to_confirm(
        self, studio, application, scheduler
    ):
        booking = _book(studio, application, scheduler)

        notice = _rows(booking, reminders.NOTICE).get()
        assert notice.recipient == application.email
        assert notice.subject.startswith("Your live show is booked")
        assert studio.address in notice.body
        assert _linked_booking(notice.body) == booking.pk
        assert notice.due_at <= timezone.now()

    def test_moving_it_tells_the_ceo_the_new_time(self, studio, application, scheduler):
        booking = _book(studio, application, scheduler)
        later = SHOW_START + timedelta(days=1)

        booking_move(
            booking=booking,
            starts_at=later,
            ends_at=later + timedelta(hours=2),
            actor=scheduler,
            reason="studio maintenance",
        )

        first = _rows(booking, reminders.NOTICE, status=PENDING).order_by("pk")
        assert [row.subject.split(":")[0] for row in first] == [
            "Your live show is booked",
            "Your live show has moved",
        ]
        assert first.last().event_starts_at == later
        # The first notice, not yet sent, is for a time that no longer holds: dropped at send
        assert not message_send(message_id=first.first().pk)

    def test_a_series_sends_no_notice_per_occurrence(self, studio, application, scheduler):
        commit_weekly(application, 7)
        _series, results, _created = series_create(
            studio=studio,
            application=application,
            weekdays=[1, 3],
            start_time=SHOW_START.replace(hour=20).time(),
            duration=timedelta(hours=2),
            first_date=SHOW_START.date(),
            last_date=SHOW_START.date() + timedelta(days=7),
            actor=scheduler,
        )

        assert len(results) > 1
        assert {r.status for r in results} == {"booked"}
        assert not Message.objects.filter(kind=reminders.NOTICE).exists()

    def test_cancelling_the_show_cancels_an_unsent_notice(self, studio, application, scheduler):
        booking = _book(studio, application, scheduler)

        booking_cancel(booking=booking, actor=scheduler, reason="the CEO is ill")

        assert not _rows(booking, reminders.NOTICE).exists()


class TestRace:
    def test_a_confirmation_for_a_time_that_moved_meanwhile_is_refused(
        self, studio, application, scheduler
    ):
        booking = _book(studio, application, scheduler)

        with pytest.raises(Conflict):
            attendance_confirm(
                booking=booking,
                actor=None,
                by_link=True,
                starts_at=SHOW_START - timedelta(hours=1),  # what an old page showed
            )

        booking.refresh_from_db()
        assert booking.attendance_confirmed_at is None

    def test_the_api_refuses_a_time_the_caller_did_not_see(self, studio, application, scheduler):
        booking = _book(studio, application, scheduler)

        answer = client_for(application.user).post(
            f"/api/v1/bookings/{booking.pk}/confirm-attendance/",
            {"starts_at": (SHOW_START + timedelta(hours=1)).isoformat()},
            format="json",
        )

        assert answer.status_code == 409
        assert "moved" in answer.json()["message"]

    def test_a_rehearsal_is_not_confirmed_by_the_ceo(self, studio, application, scheduler):
        booking = _book(studio, application, scheduler, kind=Booking.Kind.REHEARSAL)

        with pytest.raises(Conflict):
            attendance_confirm(booking=booking, actor=application.user)


class TestApi:
    def url(self, booking):
        return f"/api/v1/bookings/{booking.pk}/confirm-attendance/"

    def test_the_ceo_confirms_their_own_show(self, studio, application, scheduler):
        booking = _book(studio, application, scheduler)

        answer = client_for(application.user).post(self.url(booking))

        assert answer.status_code == 200
        assert answer.json()["attendance_confirmed_at"] is not None
        booking.refresh_from_db()
        assert booking.attendance_confirmed_by == application.user
        assert not _rows(booking, reminders.UNCONFIRMED).exists()

    def test_a_scheduler_records_a_yes_given_on_the_phone(self, studio, application, scheduler):
        booking = _book(studio, application, scheduler)
        api = client_for(scheduler)
        unconfirmed = api.get("/api/v1/bookings/", {"attendance_confirmed": "false"})
        assert [row["id"] for row in unconfirmed.json()["results"]] == [booking.pk]

        answer = api.post(self.url(booking))

        assert answer.status_code == 200
        booking.refresh_from_db()
        assert booking.attendance_confirmed_by == scheduler
        assert api.get("/api/v1/bookings/", {"attendance_confirmed": "false"}).json()["count"] == 0
        confirmed = api.get("/api/v1/bookings/", {"attendance_confirmed": "true"})
        assert [row["id"] for row in confirmed.json()["results"]] == [booking.pk]

    def test_another_ceo_does_not_see_it_and_a_reviewer_may_not(
        self, studio, application, scheduler
    ):
        booking = _book(studio, application, scheduler)
        someone = UserFactory(role=Role.CEO)
        reviewer = UserFactory(role=Role.REVIEWER)

        assert client_for(someone).post(self.url(booking)).status_code == 404
        assert client_for(reviewer).post(self.url(booking)).status_code == 403
        booking.refresh_from_db()
        assert booking.attendance_confirmed_at is None

    def test_a_cancelled_show_is_a_conflict(self, studio, application, scheduler):
        booking = _book(studio, application, scheduler)
        booking_cancel(booking=booking, actor=scheduler, reason="moved to next campaign")

        answer = client_for(application.user).post(self.url(booking))

        assert answer.status_code == 409
        assert answer.json()["code"] == "conflict"


def test_a_signed_in_ceo_sees_their_shows_ahead_and_whether_they_confirmed(
    client, studio, application, scheduler
):
    booking = _book(studio, application, scheduler)
    client.force_login(application.user)

    before = client.get(reverse("portal:my-applications"))
    assert _linked_booking(before.text) == booking.pk

    _tap(client, booking)

    after = client.get(reverse("portal:my-applications"))
    assert "You confirmed you will be there." in after.text
    booking.refresh_from_db()
    assert booking.attendance_confirmed_by == application.user


def test_a_new_assistant_takes_over_the_pending_warnings(studio, application, scheduler):
    booking = _book(studio, application, scheduler)

    assistant_update(
        application=application,
        data={
            "assistant_name": "Zhou Ping",
            "assistant_email": "zhou@example.com",
            "assistant_phone": "",
        },
    )

    pending = _rows(booking, reminders.UNCONFIRMED)
    assert sorted(pending.values_list("recipient", flat=True)) == sorted(
        ["zhou@example.com", scheduler.email]
    )
    assert "Hello Zhou Ping" in pending.get(recipient="zhou@example.com").body

    assistant_update(
        application=application,
        data={"assistant_name": "", "assistant_email": "", "assistant_phone": ""},
    )

    assert list(_rows(booking, reminders.UNCONFIRMED).values_list("recipient", flat=True)) == [
        scheduler.email
    ]


def test_an_assistant_named_after_the_warning_fell_due_hears_at_once_and_nobody_twice(
    studio, application, scheduler
):
    booking = _book(studio, application, scheduler)
    _send_ceo_reminder(booking)
    old_assistant = _rows(booking, reminders.UNCONFIRMED).filter(recipient__startswith="lin")

    with time_machine.travel(ESCALATION_DUE + timedelta(minutes=5), tick=False):
        to_scheduler = _rows(booking, reminders.UNCONFIRMED).get(recipient=scheduler.email)
        assert message_send(message_id=to_scheduler.pk)  # the scheduler has heard already
        assistant_update(
            application=application,
            data={
                "assistant_name": "Zhou Ping",
                "assistant_email": "zhou@example.com",
                "assistant_phone": "",
            },
        )
        now = timezone.now()

    new = _rows(booking, reminders.UNCONFIRMED).get()
    assert (new.recipient, new.due_at) == ("zhou@example.com", now)
    assert not old_assistant.exists()  # cancelled
    to_scheduler = Message.objects.filter(
        event_key=f"{reminders.UNCONFIRMED}:{booking.pk}", recipient=scheduler.email
    )
    assert list(to_scheduler.values_list("status", flat=True)) == [SENT]


def test_the_ceos_page_reads_their_shows_in_a_fixed_number_of_queries(
    client, studio, application, scheduler, django_assert_max_num_queries
):
    client.force_login(application.user)
    page = reverse("portal:my-applications")
    _book(studio, application, scheduler)
    with django_assert_max_num_queries(12) as one:
        client.get(page)
    for day in range(1, 6):
        later = SHOW_START + timedelta(days=day)
        booking_create(
            studio=studio,
            application=application,
            starts_at=later,
            ends_at=later + timedelta(hours=2),
            actor=scheduler,
            quota_override_reason="festival week",
        )

    with django_assert_max_num_queries(len(one.captured_queries)):
        answer = client.get(page)

    assert answer.text.count("/shows/confirm/") == 6
