"""The trainer marks who came; every required module attended makes the CEO trained, once."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from onboarding.applicants.models import Status
from onboarding.applicants.workflow import Action
from onboarding.core.errors import Conflict, NotAllowed
from onboarding.core.models import AuditEntry, Role
from onboarding.training.models import Attendance, Enrolment, TrainingSession
from onboarding.training.selectors import sessions_for_user, training_complete
from onboarding.training.services import attendance_mark
from tests.factories import (
    CampaignFactory,
    EnrolmentFactory,
    TrainingModuleFactory,
    TrainingSessionFactory,
    UserFactory,
)
from tests.training.conftest import approved_ceo

E = Enrolment.Status


def _past_session(module, trainer):
    return TrainingSessionFactory(
        module=module, trainer=trainer, starts_at=timezone.now() - timedelta(hours=3)
    )


def _seat(session, application):
    return EnrolmentFactory(session=session, application=application)


def test_the_sessions_trainer_marks_attendance(started_session, trainer):
    application = approved_ceo(started_session.module.campaign)
    enrolment = _seat(started_session, application)

    attendance = attendance_mark(
        session=started_session, application=application, attended=True, actor=trainer
    )

    assert attendance.enrolment == enrolment
    assert attendance.marked_by == trainer
    entry = AuditEntry.objects.get(action="attendance_mark", object_id=enrolment.pk)
    assert (entry.from_state, entry.to_state) == ("", "attended")


@pytest.mark.parametrize("role", [Role.TRAINER, Role.SCHEDULER, Role.REVIEWER, Role.CEO])
def test_nobody_but_the_sessions_trainer_marks_it(started_session, role):
    application = approved_ceo(started_session.module.campaign)
    _seat(started_session, application)

    with pytest.raises(NotAllowed):
        attendance_mark(
            session=started_session,
            application=application,
            attended=True,
            actor=UserFactory(role=role),
        )

    assert not Attendance.objects.exists()


def test_an_administrator_may_mark_for_the_trainer(started_session):
    application = approved_ceo(started_session.module.campaign)
    _seat(started_session, application)
    admin = UserFactory(role=Role.ADMIN, is_superuser=True)

    attendance_mark(session=started_session, application=application, attended=False, actor=admin)

    assert Attendance.objects.get().attended is False


def test_attendance_waits_for_the_session_to_start(session, trainer):
    application = approved_ceo(session.module.campaign)
    _seat(session, application)

    with pytest.raises(Conflict):
        attendance_mark(session=session, application=application, attended=True, actor=trainer)

    assert not Attendance.objects.exists()


def test_a_ceo_without_a_seat_is_not_marked(started_session, trainer):
    application = approved_ceo(started_session.module.campaign)
    EnrolmentFactory(session=started_session, application=application, status=E.WAITLISTED)

    with pytest.raises(Conflict):
        attendance_mark(
            session=started_session, application=application, attended=True, actor=trainer
        )


def test_a_second_mark_corrects_the_first(started_session, trainer):
    application = approved_ceo(started_session.module.campaign)
    _seat(started_session, application)
    attendance_mark(session=started_session, application=application, attended=True, actor=trainer)

    attendance_mark(session=started_session, application=application, attended=False, actor=trainer)

    assert Attendance.objects.get().attended is False
    last = AuditEntry.objects.filter(action="attendance_mark").last()
    assert (last.from_state, last.to_state) == ("attended", "absent")


@pytest.fixture
def curriculum(trainer):
    """A campaign with two required modules and an optional one, each with a past session."""
    campaign = CampaignFactory()
    modules = [
        TrainingModuleFactory(campaign=campaign, required=True),
        TrainingModuleFactory(campaign=campaign, required=True),
        TrainingModuleFactory(campaign=campaign, required=False),
    ]
    return campaign, [_past_session(module, trainer) for module in modules]


def _completions(application):
    return AuditEntry.objects.filter(
        object_id=application.pk, action=Action.COMPLETE_TRAINING
    ).count()


def test_attending_every_required_module_makes_the_ceo_trained_once(curriculum, trainer):
    campaign, (first, second, optional) = curriculum
    application = approved_ceo(campaign)
    for session in (first, second, optional):
        _seat(session, application)

    attendance_mark(session=first, application=application, attended=True, actor=trainer)
    attendance_mark(session=optional, application=application, attended=True, actor=trainer)
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert not training_complete(application=application)

    attendance_mark(session=second, application=application, attended=True, actor=trainer)
    # Marking again (a correction, or a refresher) never moves it a second time.
    attendance_mark(session=second, application=application, attended=True, actor=trainer)

    application.refresh_from_db()
    assert application.status == Status.TRAINED
    assert training_complete(application=application)
    assert _completions(application) == 1
    entry = AuditEntry.objects.get(object_id=application.pk, action=Action.COMPLETE_TRAINING)
    assert (entry.from_state, entry.to_state) == (Status.APPROVED, Status.TRAINED)
    assert entry.data["actor_kind"] == "system"


def test_absence_does_not_count_towards_completion(curriculum, trainer):
    campaign, (first, second, _optional) = curriculum
    application = approved_ceo(campaign)
    _seat(first, application)
    _seat(second, application)

    attendance_mark(session=first, application=application, attended=True, actor=trainer)
    attendance_mark(session=second, application=application, attended=False, actor=trainer)

    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert _completions(application) == 0


def test_a_refresher_for_a_trained_ceo_moves_nothing(curriculum, trainer):
    campaign, (first, second, _optional) = curriculum
    application = approved_ceo(campaign, status=Status.TRAINED)
    _seat(first, application)
    _seat(second, application)

    attendance_mark(session=first, application=application, attended=True, actor=trainer)
    attendance_mark(session=second, application=application, attended=True, actor=trainer)

    application.refresh_from_db()
    assert application.status == Status.TRAINED
    assert _completions(application) == 0


def test_without_required_modules_only_a_trained_status_completes_training(db):
    campaign = CampaignFactory()
    TrainingModuleFactory(campaign=campaign, required=False)

    assert training_complete(application=approved_ceo(campaign)) is False
    assert training_complete(application=approved_ceo(campaign, status=Status.TRAINED)) is True


def test_sessions_for_user_lists_taught_and_held_seats_only(module, trainer):
    application = approved_ceo(module.campaign)
    taught = TrainingSessionFactory(module=module, trainer=trainer)
    held = TrainingSessionFactory(module=module)
    waiting = TrainingSessionFactory(module=module)
    given_back = TrainingSessionFactory(module=module)
    cancelled = TrainingSessionFactory(module=module, status=TrainingSession.Status.CANCELLED)
    _seat(held, application)
    EnrolmentFactory(session=waiting, application=application, status=E.WAITLISTED)
    EnrolmentFactory(session=given_back, application=application, status=E.CANCELLED)
    _seat(cancelled, application)

    ceo_sessions = list(sessions_for_user(user=application.user))
    trainer_sessions = list(sessions_for_user(user=trainer))

    assert ceo_sessions == [held]
    assert trainer_sessions == [taught]
    assert ceo_sessions[0].title == module.title_en
    assert ceo_sessions[0].location and ceo_sessions[0].ends_at > ceo_sessions[0].starts_at


def test_a_sessions_title_follows_the_active_language(module):
    session = TrainingSessionFactory(module=module)

    with translation.override("zh-hans"):
        chinese = session.title

    assert chinese == module.title_zh
    assert session.title == module.title_en
