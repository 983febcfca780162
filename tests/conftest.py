import importlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection, connections
from django.utils import translation
from rest_framework.test import APIClient

from config.celery_app import app as celery_app
from onboarding.core.models import Role
from tests.factories import UserFactory, demo_questionnaire
from tests.helpers import client_for

# One browser for the whole run (see tests/browser.py).
pytest_plugins = ["tests.browser"]

# Threads of the live server (browser tests) would keep their connections open after the
# request; then the test database cannot be dropped at the end of the run.
connections.settings["default"]["CONN_MAX_AGE"] = 0

# Tasks sent by this test run go to a queue of its own, which only its own worker reads: two runs
# sharing one Redis never take each other's tasks.
TEST_QUEUE = f"test-{os.getpid()}"
celery_app.conf.task_default_queue = TEST_QUEUE

# Cached values (throttle counters) under a prefix of this run's own, cleared by prefix: a
# flush of the whole cache would reset another run's counters in the middle of its test.
CACHE_PREFIX = f"test-{os.getpid()}"
django_settings.CACHES["default"]["KEY_PREFIX"] = CACHE_PREFIX


def pytest_xdist_make_scheduler(config, log):
    """Under pytest-xdist (make test runs two workers), the tests sharing the demo's one load
    (tests/demo/) go to one worker, so it is loaded once, not once per worker; every other test
    goes wherever a worker is free. (xdist's own --dist loadgroup no longer works with pytest 9,
    which ignores the node id it rewrites.)"""
    from xdist.scheduler import LoadScopeScheduling

    class DemoTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "tests/demo/" if nodeid.startswith("tests/demo/") else nodeid

    return DemoTogether(config, log)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, cut loose from stray sessions before it is dropped.

    A worker process or a live-server thread left connected would otherwise make the drop
    fail, leaving one test database behind per run.
    """
    yield
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Factories set a password for every user they make; hashing it properly costs a tenth of a
    # second each, which tests do not need (the sign-in tests still check passwords).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Throttle counters live in the cache (Redis database 1); each test starts from zero.
    client = cache._cache.get_client(write=True)
    stale = list(client.scan_iter(match=f"{CACHE_PREFIX}:*", count=1000))
    if stale:
        client.delete(*stale)


@pytest.fixture(autouse=True)
def _default_language():
    # A request through the test client leaves its language active in the thread; the next test
    # starts in the default one.
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def _client_for(role: str) -> APIClient:
    return client_for(UserFactory(role=role, is_staff=role != Role.CEO))


@pytest.fixture
def reviewer_client(db) -> APIClient:
    return _client_for(Role.REVIEWER)


@pytest.fixture
def lead_client(db) -> APIClient:
    return _client_for(Role.LEAD_REVIEWER)


@pytest.fixture
def scheduler_client(db) -> APIClient:
    return _client_for(Role.SCHEDULER)


@pytest.fixture
def ceo_client(db) -> APIClient:
    return _client_for(Role.CEO)


# The data migrations that install the default reminder rules and wording.
DEFAULT_REMINDER_MIGRATIONS = [
    "onboarding.notifications.migrations.0005_default_rules_and_templates",
    "onboarding.notifications.migrations.0006_attendance_unconfirmed",
]


@pytest.fixture
def default_rules(db) -> None:
    """The default reminder rules and wording, as migrated (tests skip migrations)."""
    for name in DEFAULT_REMINDER_MIGRATIONS:
        importlib.import_module(name).create(django_apps, None)


@pytest.fixture
def questionnaire(db):
    return demo_questionnaire()


@pytest.fixture
def campaign(questionnaire):
    return questionnaire.campaign


class Worker:
    """A real Celery worker process on the test Redis, writing e-mails as files."""

    def __init__(self, process: subprocess.Popen, mail_dir: Path):
        self.process = process
        self.mail_dir = mail_dir

    def sent_mail(self) -> list[str]:
        return [path.read_text() for path in sorted(self.mail_dir.glob("*.log"))]

    def wait_for_mail(self, containing: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for mail in self.sent_mail():
                if containing in mail:
                    return mail
            time.sleep(0.1)
        raise AssertionError(f"no e-mail containing {containing!r} within {timeout}s")


def _answers_ping(name: str) -> bool:
    replies = celery_app.control.ping(timeout=0.5)
    return any(hostname.startswith(f"{name}@") for reply in replies for hostname in reply)


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    mail_dir = tmp_path_factory.mktemp("mail")
    env = {
        **os.environ,
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "DATABASE_CONN_MAX_AGE": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--queues",
            TEST_QUEUE,
            "--hostname",
            f"{TEST_QUEUE}@%h",
            "--loglevel=WARNING",
            "--without-mingle",
            "--without-gossip",
        ],
        env=env,
    )
    deadline = time.monotonic() + 30
    while not _answers_ping(TEST_QUEUE):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the Celery worker did not start")
    yield Worker(process, mail_dir)
    process.terminate()
    process.wait(timeout=20)
