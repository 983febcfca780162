"""Who may take a seat, what happens when the session is full, and who moves up when one frees."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onboarding.applicants.models import Status
from onboarding.core.errors import Conflict, Invalid, NotAllowed
from onboarding.core.models import AuditEntry, Role
from onboarding.notifications.models import Message
from onboarding.training.models import Attendance, Enrolment, TrainingSession
from onboarding.training.services import (
    enrolment_cancel,
    enrolment_create,
    session_cancel,
    session_create,
    session_update,
)
from tests.factories import (
    ApplicationFactory,
    CampaignFactory,
    TrainingSessionFactory,
    UserFactory,
)
from tests.training.conftest import approved_ceo

E = Enrolment.Status


def _fill(session, count):
    """`count` approved CEOs of the session's campaign, each enrolling themselves."""
    applications = [approved_ceo(session.module.campaign) for _ in range(count)]
    return [enrolment_create(session=session, application=a, actor=a.user) for a in applications]


def test_an_approved_ceo_enrols_themselves_and_it_is_audited(session):
    application = approved_ceo(session.module.campaign)

    enrolment = enrolment_create(session=session, application=application, actor=application.user)

    assert enrolment.status == E.ENROLLED
    entry = AuditEntry.objects.get(object_id=enrolment.pk, action="enrol")
    assert entry.actor == application.user
    assert entry.to_state == E.ENROLLED


def test_a_trained_ceo_may_come_back_for_a_refresher(session):
    application = approved_ceo(session.module.campaign, status=Status.TRAINED)

    enrolment = enrolment_create(session=session, application=application, actor=application.user)

    assert enrolment.status == E.ENROLLED


@pytest.mark.parametrize(
    "status", [Status.SUBMITTED, Status.IN_REVIEW, Status.WAITLISTED, Status.REJECTED]
)
def test_only_approved_applications_enrol(session, status):
    application = approved_ceo(session.module.campaign, status=status)

    with pytest.raises(Conflict) as refused:
        enrolment_create(session=session, application=application, actor=application.user)

    assert refused.value.extra["status"] == status
    assert not Enrolment.objects.exists()


def test_an_application_of_another_campaign_is_refused(session):
    application = approved_ceo(CampaignFactory())

    with pytest.raises(Conflict):
        enrolment_create(session=session, application=application, actor=application.user)

    assert not Enrolment.objects.exists()


def test_enrolling_twice_in_one_session_is_a_conflict_but_after_cancelling_is_fine(session):
    application = approved_ceo(session.module.campaign)
    first = enrolment_create(session=session, application=application, actor=application.user)

    with pytest.raises(Conflict) as refused:
        enrolment_create(session=session, application=application, actor=application.user)
    enrolment_cancel(enrolment=first, actor=application.user)
    again = enrolment_create(session=session, application=application, actor=application.user)

    assert refused.value.status_code == 409
    assert again.status == E.ENROLLED
    assert Enrolment.objects.filter(application=application).count() == 2


@pytest.mark.parametrize("role", [Role.TRAINER, Role.SCHEDULER])
def test_staff_enrol_a_ceo(session, role):
    application = approved_ceo(session.module.campaign)
    staff = UserFactory(role=role, is_staff=True)

    enrolment = enrolment_create(session=session, application=application, actor=staff)

    assert enrolment.enrolled_by == staff


@pytest.mark.parametrize("who", ["other_ceo", "reviewer"])
def test_nobody_else_enrols_a_ceo(session, who):
    application = approved_ceo(session.module.campaign)
    actor = (
        approved_ceo(session.module.campaign).user
        if who == "other_ceo"
        else UserFactory(role=Role.REVIEWER, is_staff=True)
    )

    with pytest.raises(NotAllowed):
        enrolment_create(session=session, application=application, actor=actor)


def test_a_started_or_cancelled_session_takes_no_enrolment(started_session, session):
    application = approved_ceo(session.module.campaign)
    TrainingSession.objects.filter(pk=session.pk).update(status=TrainingSession.Status.CANCELLED)

    for closed in (started_session, session):
        with pytest.raises(Conflict):
            enrolment_create(session=closed, application=application, actor=application.user)


def test_when_full_the_ceo_waits_unless_they_asked_not_to(session):
    _fill(session, 3)
    waiting = approved_ceo(session.module.campaign)
    impatient = approved_ceo(session.module.campaign)

    enrolment = enrolment_create(session=session, application=waiting, actor=waiting.user)
    with pytest.raises(Conflict) as refused:
        enrolment_create(
            session=session, application=impatient, actor=impatient.user, waitlist=False
        )

    assert enrolment.status == E.WAITLISTED
    assert refused.value.code == "full"
    assert refused.value.status_code == 409
    assert Enrolment.objects.filter(session=session, status=E.ENROLLED).count() == 3
    assert not Enrolment.objects.filter(application=impatient).exists()


def test_a_freed_seat_goes_to_the_first_on_the_waiting_list(
    session, django_capture_on_commit_callbacks
):
    seats = _fill(session, 3)
    first, second = (approved_ceo(session.module.campaign) for _ in range(2))
    enrolment_create(session=session, application=first, actor=first.user)
    enrolment_create(session=session, application=second, actor=second.user)

    with django_capture_on_commit_callbacks() as callbacks:
        enrolment_cancel(enrolment=seats[0], actor=seats[0].application.user, reason="ill")

    assert Enrolment.objects.get(application=first).status == E.ENROLLED
    assert Enrolment.objects.get(application=first).promoted_at is not None
    assert Enrolment.objects.get(application=second).status == E.WAITLISTED
    assert Enrolment.objects.filter(session=session, status=E.ENROLLED).count() == 3
    promoted = Enrolment.objects.get(application=first)
    assert AuditEntry.objects.filter(object_id=promoted.pk, action="promote").count() == 1
    message = Message.objects.get(kind="training_promoted")
    assert message.recipient == first.email
    # The e-mail is only handed to a worker once the promotion has committed.
    assert len(callbacks) == 1


def test_cancelling_a_waiting_place_promotes_nobody(session):
    _fill(session, 3)
    first, second = (approved_ceo(session.module.campaign) for _ in range(2))
    waiting = enrolment_create(session=session, application=first, actor=first.user)
    enrolment_create(session=session, application=second, actor=second.user)

    enrolment_cancel(enrolment=waiting, actor=first.user)

    assert Enrolment.objects.get(application=second).status == E.WAITLISTED
    assert not Message.objects.filter(kind="training_promoted").exists()


def test_a_withdrawn_ceo_loses_their_waiting_place_instead_of_taking_the_seat(session):
    seats = _fill(session, 3)
    withdrawn, next_in_line = (approved_ceo(session.module.campaign) for _ in range(2))
    enrolment_create(session=session, application=withdrawn, actor=withdrawn.user)
    enrolment_create(session=session, application=next_in_line, actor=next_in_line.user)
    withdrawn.status = Status.WITHDRAWN
    withdrawn.save(update_fields=["status"])

    enrolment_cancel(enrolment=seats[0], actor=seats[0].application.user)

    assert Enrolment.objects.get(application=withdrawn).status == E.CANCELLED
    assert Enrolment.objects.get(application=next_in_line).status == E.ENROLLED


def test_a_seat_cannot_be_given_back_twice_or_after_the_start(session, started_session):
    application = approved_ceo(session.module.campaign)
    enrolment = enrolment_create(session=session, application=application, actor=application.user)
    enrolment_cancel(enrolment=enrolment, actor=application.user)
    late = Enrolment.objects.create(
        session=started_session, application=application, status=E.ENROLLED
    )

    with pytest.raises(Conflict):
        enrolment_cancel(enrolment=enrolment, actor=application.user)
    with pytest.raises(Conflict):
        enrolment_cancel(enrolment=late, actor=application.user)


def test_more_seats_move_waiting_ceos_up_and_fewer_than_taken_are_refused(session, trainer):
    _fill(session, 3)
    waiting = approved_ceo(session.module.campaign)
    enrolment_create(session=session, application=waiting, actor=waiting.user)

    with pytest.raises(Conflict):
        session_update(session=session, actor=trainer, data={"capacity": 2})
    session_update(session=session, actor=trainer, data={"capacity": 4})

    assert Enrolment.objects.get(application=waiting).status == E.ENROLLED
    session.refresh_from_db()
    assert session.capacity == 4


def test_only_the_sessions_trainer_changes_it(session):
    other_trainer = UserFactory(role=Role.TRAINER, is_staff=True)

    with pytest.raises(NotAllowed):
        session_update(session=session, actor=other_trainer, data={"location": "Room 9"})

    session.refresh_from_db()
    assert session.location != "Room 9"


def test_a_session_ends_after_it_starts(session, trainer):
    with pytest.raises(Invalid) as refused:
        session_update(
            session=session, actor=trainer, data={"ends_at": session.starts_at - timedelta(hours=1)}
        )

    assert "ends_at" in refused.value.fields


def test_cancelling_a_session_cancels_every_seat_and_tells_the_ceos(session, trainer):
    enrolments = _fill(session, 3)
    waiting = approved_ceo(session.module.campaign)
    enrolment_create(session=session, application=waiting, actor=waiting.user)

    session_cancel(session=session, actor=trainer, reason="Trainer is ill")

    session.refresh_from_db()
    assert session.status == TrainingSession.Status.CANCELLED
    assert not Enrolment.objects.filter(session=session).exclude(status=E.CANCELLED).exists()
    assert Message.objects.filter(kind="training_cancelled").count() == len(enrolments) + 1
    entry = AuditEntry.objects.get(action="session_cancel", object_id=session.pk)
    assert entry.reason == "Trainer is ill"


def test_a_session_with_attendance_is_not_cancelled(started_session, trainer):
    enrolment = Enrolment.objects.create(
        session=started_session,
        application=ApplicationFactory(
            campaign=started_session.module.campaign, status=Status.APPROVED
        ),
        status=E.ENROLLED,
    )
    Attendance.objects.create(enrolment=enrolment, attended=True, marked_at=timezone.now())

    with pytest.raises(Conflict):
        session_cancel(session=started_session, actor=trainer, reason="oops")


def test_a_session_in_the_past_is_not_published(module, trainer):
    with pytest.raises(Invalid) as refused:
        session_create(
            module=module,
            actor=trainer,
            starts_at=timezone.now() - timedelta(days=1),
            ends_at=timezone.now(),
            capacity=5,
            location="Room 1",
        )

    assert "starts_at" in refused.value.fields
    assert not TrainingSession.objects.exists()


def test_a_trainer_publishes_only_sessions_they_teach(module, trainer):
    starts_at = timezone.now() + timedelta(days=3)
    with pytest.raises(NotAllowed):
        session_create(
            module=module,
            actor=trainer,
            trainer=UserFactory(role=Role.TRAINER),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            capacity=5,
            location="Room 1",
        )
    own = session_create(
        module=module,
        actor=trainer,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        capacity=5,
        video_url="https://live.example.com/t/1",
    )

    assert own.trainer == trainer
    assert AuditEntry.objects.filter(action="session_create", object_id=own.pk).exists()


def test_seats_are_counted_per_session(session):
    _fill(session, 3)
    other = TrainingSessionFactory(module=session.module, capacity=1)
    application = approved_ceo(session.module.campaign)

    enrolment = enrolment_create(session=other, application=application, actor=application.user)

    assert enrolment.status == E.ENROLLED
