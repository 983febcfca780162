import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone

from config.celery_app import app as celery_app
from onboarding.notifications import registry
from onboarding.notifications.models import Message
from tests.notifications.backends import FakeSmsGateway

DISPATCH_TASK = "onboarding.notifications.tasks.messages_dispatch_due_task"
SEND_TASK = "onboarding.notifications.tasks.message_send_task"


def wait_until(condition: Callable[[], object], timeout: float = 20, what: str = "") -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what or condition}")


class WorkerProcess:
    """A real Celery worker process (the project's tasks, its own queue) that a test may kill."""

    def __init__(self, *, broker_url: str, queue: str, mail_dir: Path, env: dict[str, str]):
        self.broker_url = broker_url
        self.queue = queue
        self.mail_dir = mail_dir
        self.env = env
        self.process: subprocess.Popen | None = None
        self.hostname = ""

    def start(self, *, name: str, pool: str = "solo", concurrency: int = 1, **env: str) -> None:
        self.hostname = f"{self.queue}-{name}"
        environment = {
            **os.environ,
            "DATABASE_NAME": connection.settings_dict["NAME"],
            "REDIS_URL": self.broker_url,
            "EMAIL_BACKEND": "tests.notifications.backends.ReceiptDirBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "ONBOARDING_TEST_QUEUE": self.queue,
            **self.env,
            **env,
        }
        # A session of its own: killing it (and its pool children) touches nothing else.
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tests.notifications.worker_app",
                "worker",
                f"--pool={pool}",
                f"--concurrency={concurrency}",
                "--queues",
                self.queue,
                "--hostname",
                f"{self.hostname}@%h",
                "--loglevel=WARNING",
                "--without-mingle",
                "--without-gossip",
            ],
            env=environment,
            start_new_session=True,
        )

    def wait_ready(self, control: Celery, timeout: float = 30) -> None:
        def answers() -> bool:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError("the worker exited while starting")
            try:
                replies = control.control.ping(timeout=0.5)
            except Exception:  # a broker coming back: ask again
                return False
            return any(host.startswith(f"{self.hostname}@") for r in replies for host in r)

        wait_until(answers, timeout, "the worker to answer")

    def kill(self) -> None:
        """SIGKILL the worker and its pool children, as a lost machine would stop them."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def control_app() -> Iterator[Callable[[str], Celery]]:
    """Celery apps of the test process bound to a given broker (for ping and send_task).

    Their connection pools are kombu's, shared by broker URL with the project's app: they are
    left open, never closed here.
    """

    def make(broker_url: str) -> Celery:
        return Celery("test-control", broker=broker_url, set_as_current=False)

    yield make


@pytest.fixture
def workers(tmp_path, request) -> Iterator[Callable[..., WorkerProcess]]:
    """Start test-owned workers; every one is stopped when the test ends."""
    started: list[WorkerProcess] = []
    queue = f"{celery_app.conf.task_default_queue}-{request.node.name[:40]}"

    def make(*, broker_url: str | None = None, **env: str) -> WorkerProcess:
        mail_dir = tmp_path / "mail"
        mail_dir.mkdir(exist_ok=True)
        worker = WorkerProcess(
            broker_url=broker_url or celery_app.conf.broker_url,
            queue=queue,
            mail_dir=mail_dir,
            env=env,
        )
        started.append(worker)
        return worker

    yield make
    for worker in started:
        worker.stop()


@contextlib.contextmanager
def broker_of_this_process(url: str) -> Iterator[None]:
    """Point the project's Celery app in this process (on-commit enqueues) at another broker."""
    previous = celery_app.conf.broker_url

    def switch(to: str) -> None:
        # Forget the pools, never close them: kombu shares them by URL across apps.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        celery_app.conf.broker_url = to

    switch(url)
    try:
        yield
    finally:
        switch(previous)


@pytest.fixture
def event_sources() -> Iterator[dict[str, registry.EventState | None]]:
    """A registry source for kind "demo_event" reading a dict the test changes at will."""
    events: dict[str, registry.EventState | None] = {}
    registry.register_event_source("demo_event", lambda event_id: events.get(str(event_id)))
    yield events
    registry.unregister_event_source("demo_event")


@pytest.fixture
def fake_sms(settings) -> Iterator[type[FakeSmsGateway]]:
    settings.SMS_GATEWAY = "tests.notifications.backends.FakeSmsGateway"
    FakeSmsGateway.reset()
    yield FakeSmsGateway
    FakeSmsGateway.reset()


def due_message(**fields) -> Message:
    """A pending e-mail row, due now, written straight to the outbox (no enqueue)."""
    now = timezone.now()
    defaults = {
        "kind": "demo",
        "channel": Message.Channel.EMAIL,
        "recipient": "ceo@example.com",
        "language": "en",
        "subject": "Hello",
        "body": "Body",
        "due_at": now - timedelta(seconds=1),
        "next_attempt_at": now - timedelta(seconds=1),
    }
    defaults.update(fields)
    return Message.objects.create(**defaults)


def at(hour: int, minute: int = 0, *, day: int = 20) -> datetime:
    """A UTC time on 20 May 2027 (the 618 sales window)."""
    return datetime(2027, 5, day, hour, minute, tzinfo=UTC)


class _Receiver(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        server = self.server
        server.received.append((dict(self.headers), body))
        status = server.statuses.pop(0) if server.statuses else 200
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"ok" if status < 300 else b"try later")

    def log_message(self, *args):
        pass


@pytest.fixture
def http_receiver() -> Iterator[ThreadingHTTPServer]:
    """A tiny webhook receiver on 127.0.0.1; `statuses` lists the answers to give, in order."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.received = []
    server.statuses = []
    server.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/onboarding"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
