from datetime import timedelta

import pytest
from django.utils import timezone

from onboarding.core.models import AuditEntry, Role
from onboarding.training.models import TrainingSession
from tests.factories import EnrolmentFactory, TrainingSessionFactory, UserFactory

URL = "/admin/training/trainingsession/"


@pytest.mark.parametrize(
    ("role", "status"), [(Role.TRAINER, 200), (Role.REVIEWER, 403), (Role.SCHEDULER, 403)]
)
def test_the_session_pages_follow_the_role(client, db, role, status):
    EnrolmentFactory()
    client.force_login(UserFactory(role=role, is_staff=True))

    response = client.get(URL)

    assert response.status_code == status


def test_a_trainer_publishes_a_session_through_the_service(client, module, trainer):
    client.force_login(trainer)
    starts_at = timezone.localtime(timezone.now() + timedelta(days=3)).replace(microsecond=0)

    response = client.post(
        f"{URL}add/",
        {
            "module": module.pk,
            "trainer": trainer.pk,
            "starts_at_0": f"{starts_at:%Y-%m-%d}",
            "starts_at_1": f"{starts_at:%H:%M:%S}",
            "ends_at_0": f"{starts_at + timedelta(hours=2):%Y-%m-%d}",
            "ends_at_1": f"{starts_at + timedelta(hours=2):%H:%M:%S}",
            "location": "Room 2",
            "video_url": "",
            "capacity": 8,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    session = TrainingSession.objects.get()
    assert AuditEntry.objects.filter(action="session_create", object_id=session.pk).exists()


def test_a_trainer_cannot_remove_seats_people_hold(client, trainer):
    session = TrainingSessionFactory(trainer=trainer, capacity=2)
    EnrolmentFactory.create_batch(2, session=session, application__accounts=0)
    client.force_login(trainer)
    starts_at = timezone.localtime(session.starts_at)
    ends_at = timezone.localtime(session.ends_at)

    response = client.post(
        f"{URL}{session.pk}/change/",
        {
            "trainer": trainer.pk,
            "starts_at_0": f"{starts_at:%Y-%m-%d}",
            "starts_at_1": f"{starts_at:%H:%M:%S}",
            "ends_at_0": f"{ends_at:%Y-%m-%d}",
            "ends_at_1": f"{ends_at:%H:%M:%S}",
            "location": session.location,
            "video_url": "",
            "capacity": 1,
        },
    )

    assert response.status_code == 200
    assert "More CEOs already hold seats than this." in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == 2
