"""No phone number, e-mail address or private token in the logs, over a whole journey.

Apply, be reviewed, trained and booked, get reminded (by a real Celery worker, by e-mail and
SMS), look at the status page and the calendar feed, mistype a code: everything the project and
its worker log at DEBUG is captured and searched.
"""

import logging
import os
import re
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config.celery_app import app as celery_app
from onboarding.applicants.models import Application
from onboarding.core.models import Role
from onboarding.notifications.models import Message, NotificationPreference
from onboarding.notifications.tasks import messages_dispatch_due_task
from onboarding.studios.models import CalendarFeed
from onboarding.studios.services import booking_create
from onboarding.training.models import TrainingModule
from onboarding.training.services import attendance_mark, enrolment_create
from tests.factories import (
    ChannelFactory,
    StudioFactory,
    TrainingSessionFactory,
    UserFactory,
    valid_applicant,
    valid_submission,
)
from tests.studios.conftest import SHOW_END, SHOW_START, commit_weekly

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("default_rules"),
]

EMAIL = "chen.min@example.com"
PHONE = "+8613900001111"
ASSISTANT_EMAIL = "li.na@example.com"
ASSISTANT_PHONE = "+8613900002222"
QUEUE = f"logscan-{os.getpid()}"


@pytest.fixture
def debug_worker(tmp_path):
    """A worker of our own on its own queue, logging at DEBUG into a file we read afterwards."""
    log = tmp_path / "worker.log"
    # Tasks sent during the test go to this worker's queue (the conf is no plain object:
    # set and put back by hand).
    queue_before = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = QUEUE
    env = {
        **os.environ,
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "DATABASE_CONN_MAX_AGE": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "ONBOARDING_TEST_QUEUE": QUEUE,
        "LOG_LEVEL": "DEBUG",
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tests.notifications.worker_app",
                "worker",
                "--pool=solo",
                "--queues",
                QUEUE,
                "--hostname",
                f"{QUEUE}@%h",
                "--loglevel=DEBUG",
                "--without-mingle",
                "--without-gossip",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while not any(
            host.startswith(f"{QUEUE}@")
            for reply in celery_app.control.ping(timeout=0.5)
            for host in reply
        ):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("the Celery worker did not start:\n" + log.read_text())
        yield log
    finally:
        celery_app.conf.task_default_queue = queue_before
        process.terminate()
        process.wait(timeout=20)


def _wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the worker did not get to it in time")
        time.sleep(0.2)


def test_a_whole_journey_logs_no_phone_email_or_token(debug_worker, campaign, caplog):
    caplog.set_level(logging.DEBUG)
    ChannelFactory()
    anonymous = APIClient()

    # Apply.
    body = valid_submission(campaign, applicant=valid_applicant(email=EMAIL, phone=PHONE))
    created = anonymous.post("/api/v1/applications/", body, format="json")
    assert created.status_code == 201
    application = Application.objects.get(reference=created.json()["reference"])
    token = application.draft_token
    ceo = application.user
    NotificationPreference.objects.create(user=ceo, channels=["email", "sms"], phone=PHONE)
    link = f"/api/v1/applicant/{token}"
    assert anonymous.get(f"{link}/timeline/").status_code == 200
    assistant = {"assistant_name": "Li Na", "assistant_email": ASSISTANT_EMAIL}
    assistant["assistant_phone"] = ASSISTANT_PHONE
    assert anonymous.put(f"{link}/assistant/", assistant, format="json").status_code == 200
    # Mistakes are logged by Django as 4xx, with the path: the token is in it.
    assert (
        anonymous.put(f"{link}/assistant/", {"assistant_email": "x"}, format="json").status_code
        == 400
    )
    assert anonymous.post(f"{link}/personal-data/code/").status_code == 202
    wrong = anonymous.post(f"{link}/personal-data/", {"code": "000000x"}, format="json")
    assert wrong.status_code == 400
    assert anonymous.get("/api/v1/applicant/not-a-real-token/timeline/").status_code == 404

    # Review.
    lead = UserFactory(role=Role.LEAD_REVIEWER, is_staff=True)
    lead_client = APIClient()
    lead_token = Token.objects.create(user=lead).key
    lead_client.credentials(HTTP_AUTHORIZATION=f"Token {lead_token}")
    assert lead_client.get(f"/api/v1/review/applications/{application.pk}/").status_code == 200
    decided = lead_client.post(
        f"/api/v1/review/applications/{application.pk}/decide/",
        {"action": "approve", "reason": "Strong brand, on camera in person"},
        format="json",
    )
    assert decided.status_code == 200, decided.json()

    # Train.
    session = TrainingSessionFactory(
        module=TrainingModule.objects.create(
            campaign=campaign, code="basics", title_en="Basics", title_zh="基础", required=True
        )
    )
    enrolment_create(session=session, application=application, actor=session.trainer)
    with time_machine.travel(session.starts_at + timedelta(minutes=30)):
        attendance_mark(
            session=session, application=application, attended=True, actor=session.trainer
        )
    application.refresh_from_db()
    assert application.status == "trained"

    # Book, and subscribe to the calendar.
    commit_weekly(application, 3)
    scheduler = UserFactory(role=Role.SCHEDULER, is_staff=True)
    booking_create(
        studio=StudioFactory(),
        application=application,
        starts_at=SHOW_START,
        ends_at=SHOW_END,
        actor=scheduler,
    )
    feed = CalendarFeed.objects.create(user=ceo)
    assert anonymous.get(f"/api/v1/calendar/{feed.token}.ics").status_code == 200
    assert anonymous.get("/api/v1/calendar/not-a-feed-token.ics").status_code == 404

    # Remind: every message in the outbox is due now; the worker sends them all.
    Message.objects.filter(status="pending").update(next_attempt_at=timezone.now())
    messages_dispatch_due_task.delay()
    _wait_for(lambda: not Message.objects.filter(status__in=["pending", "sending"]).exists())
    assert Message.objects.filter(status="sent", channel="sms").exists()
    assert Message.objects.filter(status="sent", channel="email").count() >= 4

    # Search everything that was logged.
    time.sleep(0.5)
    captured = caplog.text + "\n" + debug_worker.read_text()
    assert "succeeded" in captured or "Received task" in captured  # the worker's log is in
    secrets = {
        "e-mail": EMAIL,
        "phone": PHONE,
        "phone without +86": PHONE.removeprefix("+86"),
        "assistant's e-mail": ASSISTANT_EMAIL,
        "assistant's phone": ASSISTANT_PHONE.removeprefix("+86"),
        "private link token": token,
        "API token": lead_token,
        "calendar token": feed.token,
    }
    for message in Message.objects.all():
        # The one-tap links in reminders carry signed tokens of their own.
        for signed in re.findall(r"/shows/confirm/([^/\s]+)/", message.body):
            secrets[f"confirmation link of message {message.pk}"] = signed
    leaks = {name: value for name, value in secrets.items() if value.lower() in captured.lower()}
    assert not leaks, _context(captured, leaks)


def _context(text: str, leaks: dict[str, str]) -> str:
    lines = [
        line for line in text.splitlines() if any(v.lower() in line.lower() for v in leaks.values())
    ]
    return f"leaked {sorted(leaks)} in:\n" + "\n".join(lines[:15])
