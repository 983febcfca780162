"""The demo data: a living programme, loaded through the services, the same every time.

The demo is loaded by this package's conftest: once to take a digest and roll back, once more to
compare and keep for every test in tests/demo/.
"""

from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Q

from onboarding.applicants.models import Application, Campaign, Status
from onboarding.core.models import AuditEntry, User
from onboarding.notifications.models import Message
from onboarding.reviews.models import ConflictOfInterest, ReviewerScore, ReviewNote
from onboarding.studios.models import Booking, BookingStatus, ShowOutcome, Studio
from onboarding.studios.selectors.bookings import samples_late
from onboarding.studios.services.checks import check_open
from onboarding.studios.services.common import Slot
from onboarding.training.models import Attendance, Enrolment, TrainingSession
from seeds import demo
from seeds.accounts import ACCOUNTS, DEMO_PASSWORD
from seeds.clock import ZONE, Clock
from tests.demo.conftest import TODAY, digest

EVERY_STAGE = [
    Status.SUBMITTED,
    Status.IN_REVIEW,
    Status.NEEDS_INFO,
    Status.APPROVED,
    Status.WAITLISTED,
    Status.REJECTED,
    Status.WITHDRAWN,
    Status.TRAINED,
    Status.SCHEDULED,
    Status.LIVE,
]


@pytest.fixture
def current(loaded, db):
    return Campaign.objects.get(slug="brave-ceo-2")


@pytest.fixture
def earlier(loaded, db):
    return Campaign.objects.get(slug="brave-ceo-1")


def test_two_loads_give_the_same_data(loaded, db):
    assert digest() == loaded["first_digest"]


def test_the_demo_logins_of_the_readme_exist_and_sign_in(loaded, db, settings):
    # The demo's hash is the real one, not the fast one the other tests use.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    for username, role, staff in ACCOUNTS:
        user = User.objects.get(username=username)
        assert (user.role, user.is_staff) == (role, staff)
        assert user.check_password(DEMO_PASSWORD)
    # The demo CEO has something to follow: live, with shows ahead in the studios.
    ceo = User.objects.get(username="ceo")
    application = ceo.applications.get()
    assert (application.campaign.slug, application.status) == ("brave-ceo-2", Status.LIVE)
    assert application.bookings.filter(
        kind=Booking.Kind.SHOW, status=BookingStatus.CONFIRMED, starts_at__gte=loaded_now()
    ).exists()


def test_the_campaign_in_progress_has_applications_in_every_stage(current):
    counts = dict(
        current.applications.values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    assert set(EVERY_STAGE) <= set(counts), counts
    assert all(counts[stage] >= 2 for stage in EVERY_STAGE), counts
    assert Status.DRAFT not in counts


def test_the_applications_arrive_in_a_burst_over_the_recruitment_channels(current):
    days = Counter(
        submitted.astimezone(ZONE).date()
        for submitted in current.applications.values_list("submitted_at", flat=True)
    )
    call_day = current.application_opens_at.astimezone(ZONE).date()
    assert call_day == TODAY - timedelta(days=30)
    assert 65 <= days[call_day] <= 75
    assert all(count < days[call_day] / 3 for day, count in days.items() if day != call_day)
    assert max(days) < TODAY
    channels = Counter(current.applications.values_list("channel__code", flat=True))
    assert len(channels) == 4 and None not in channels


def test_reviews_have_scores_by_several_reviewers_notes_and_a_conflict(current):
    apps = current.applications
    several = (
        ReviewerScore.objects.filter(application__campaign=current)
        .values("application")
        .annotate(n=Count("reviewer", distinct=True))
        .filter(n__gte=2)
    )
    assert several.count() >= 5
    assert ReviewNote.objects.filter(application__campaign=current, from_applicant=False).exists()
    conflict = ConflictOfInterest.objects.filter(application__campaign=current).first()
    assert conflict is not None
    assert conflict.application.review.reviewer_id != conflict.reviewer_id
    # Never approved against a hard requirement (that needs a lead's override).
    onwards = [Status.APPROVED, Status.TRAINED, Status.SCHEDULED, Status.LIVE]
    assert not apps.filter(status__in=onwards, review__hard_failed=True).exists()
    assert apps.filter(status=Status.REJECTED, review__hard_failed=True).exists()


def _actions(application: Application) -> list[str]:
    kind = ContentType.objects.get_for_model(Application)
    return list(
        AuditEntry.objects.filter(content_type=kind, object_id=application.pk)
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )


def test_a_needs_info_loop_was_answered_and_decided_again(current):
    looped = [
        a
        for a in current.applications.exclude(status=Status.NEEDS_INFO)
        if "answer_info" in _actions(a)
    ]
    decided = [a for a in looped if _actions(a)[-1] in ("approve", "reject", "waitlist")]
    waiting = [a for a in looped if a.status == Status.IN_REVIEW]
    assert decided and waiting
    actions = _actions(decided[0])
    assert actions.index("request_info") < actions.index("answer_info")
    assert ReviewNote.objects.filter(application=decided[0], from_applicant=True).exists()
    # Overdue reviews are on the dashboard's list.
    now = loaded_now()
    assert current.applications.filter(
        status__in=[Status.SUBMITTED, Status.IN_REVIEW], review__decision_due_at__lt=now
    ).exists()


def loaded_now():
    return Clock(TODAY).anchor


def test_training_has_attendance_behind_and_a_full_session_with_a_waitlist_ahead(current):
    now = loaded_now()
    sessions = TrainingSession.objects.filter(module__campaign=current)
    assert sessions.filter(starts_at__lt=now).exists() and sessions.filter(starts_at__gt=now)
    marked = Attendance.objects.filter(enrolment__session__module__campaign=current)
    assert marked.filter(attended=True).count() > 50
    assert marked.filter(attended=False).exists()
    assert not marked.filter(enrolment__session__starts_at__gt=now).exists()
    full = [
        s
        for s in sessions.filter(starts_at__gt=now)
        if s.enrolments.filter(status=Enrolment.Status.ENROLLED).count() == s.capacity
        and s.enrolments.filter(status=Enrolment.Status.WAITLISTED).exists()
    ]
    assert full
    # Trained CEOs got there by attending every required module.
    trained = current.applications.filter(status=Status.TRAINED).first()
    modules = set(
        Attendance.objects.filter(enrolment__application=trained, attended=True).values_list(
            "enrolment__session__module", flat=True
        )
    )
    assert len(modules) == current.training_modules.filter(required=True).count()


def test_both_studios_are_booked_over_the_coming_two_weeks(current):
    now = loaded_now()
    ahead = Booking.objects.filter(
        application__campaign=current,
        status=BookingStatus.CONFIRMED,
        starts_at__gte=now,
        starts_at__lt=now + timedelta(days=14),
    )
    assert set(ahead.values_list("studio", flat=True)) == set(
        Studio.objects.values_list("pk", flat=True)
    )
    assert not Booking.objects.filter(
        application__campaign=current, starts_at__gte=now + timedelta(days=15)
    ).exists()
    assert ahead.filter(series__isnull=False).values("series").distinct().count() == 2
    assert ahead.filter(kind=Booking.Kind.REHEARSAL).exists()
    soon = ahead.filter(kind=Booking.Kind.SHOW, starts_at__lt=now + timedelta(hours=48))
    assert soon.filter(attendance_confirmed_at__isnull=True).count() >= 2
    assert ahead.filter(attendance_confirmed_at__isnull=False).exists()
    assert sum(samples_late(b, now) for b in ahead.select_related("application__campaign")) >= 2


def test_no_booking_breaks_a_rule_of_the_studios(loaded, db):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM studios_booking a JOIN studios_booking b
              ON a.id < b.id AND (a.studio_id = b.studio_id OR a.ceo_id = b.ceo_id)
             AND tstzrange(a.buffered_start, a.buffered_end)
                 && tstzrange(b.buffered_start, b.buffered_end)
             WHERE a.status = 'confirmed' AND b.status = 'confirmed'
            """
        )
        assert cursor.fetchone()[0] == 0
    for booking in Booking.objects.select_related("studio", "application"):
        assert booking.ends_at > booking.starts_at
        assert booking.ceo_id == booking.application.user_id
        check_open(
            booking.studio, Slot.in_studio(booking.studio, booking.starts_at, booking.ends_at)
        )


def test_held_shows_have_outcomes_in_both_campaigns(current, earlier):
    now = loaded_now()
    assert not earlier.is_active
    for campaign in (earlier, current):
        past = Booking.objects.filter(
            application__campaign=campaign, kind=Booking.Kind.SHOW, starts_at__lt=now
        )
        assert past.exists() and not past.filter(outcome__isnull=True).exists()
        held = ShowOutcome.objects.filter(
            booking__application__campaign=campaign, result=ShowOutcome.Result.HELD
        )
        assert not held.filter(
            Q(turnover__isnull=True) | Q(viewers__isnull=True) | Q(new_followers__isnull=True)
        ).exists()
        assert sum(o.turnover for o in held) > 0
        # Every CEO live got there through a held show, confirmed ready first.
        for application in campaign.applications.filter(status=Status.LIVE):
            shows = application.bookings.filter(outcome__result=ShowOutcome.Result.HELD)
            assert shows.filter(ready_at__isnull=False).exists()
    assert not Booking.objects.filter(application__campaign=earlier, starts_at__gte=now).exists()


def test_campaign_targets_are_set_by_the_lead(current, earlier):
    assert (current.target_ceos_live, current.target_shows) == (30, 120)
    assert earlier.target_turnover_cny > 0


def test_messages_due_before_today_count_as_sent_and_reminders_ahead_wait(loaded, db):
    # Nothing is handed to the broker on commit: all it would carry was sent long ago.
    assert loaded["on_commit"] == 0
    now = loaded_now()
    assert not Message.objects.filter(status=Message.Status.PENDING, due_at__lt=now).exists()
    assert Message.objects.filter(status=Message.Status.PENDING, due_at__gte=now).exists()
    assert Message.objects.filter(status=Message.Status.SENT, note=demo.SENT_NOTE).exists()


def test_the_demo_loads_within_a_reasonable_time(loaded, db):
    # Aimed at under 20 s on a quiet machine; this only catches a load grown far too slow.
    assert loaded["seconds"] < 180
