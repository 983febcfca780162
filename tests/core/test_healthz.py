"""/healthz: 200 when the database and the broker answer, else 503 naming what is down, in 2 s."""

import shutil
import socket
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection

from onboarding.core.views import database_ok
from tests.core.redis_server import RedisServer, timed

# The bound: whatever hangs, the answer comes within this.
ANSWER_WITHIN = 2.0


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def silent_database(monkeypatch):
    """The database's address taken by a socket that accepts connections and never answers.

    What a frozen PostgreSQL looks like to a client: the kernel queues the connection, and the
    startup message waits for a reply that does not come.
    """
    directory = Path(tempfile.mkdtemp(prefix="pg-silent-"))
    port = connection.settings_dict.get("PORT") or 5432
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(directory / f".s.PGSQL.{port}"))
    listener.listen(16)
    # New connections (the check makes its own) are built from these settings.
    monkeypatch.setitem(connection.settings_dict, "HOST", str(directory))
    yield directory
    listener.close()
    shutil.rmtree(directory, ignore_errors=True)


def test_healthz_names_database_and_broker_ok(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "status": "ok"}


def test_healthz_is_503_naming_the_broker_when_it_is_down(client, db, settings, tmp_path):
    settings.CELERY_BROKER_URL = f"redis+socket://{tmp_path}/no-redis.sock"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["broker"] == "down"
    assert response.json()["database"] == "ok"


def test_database_check_fails_on_an_unreachable_server(db, tmp_path):
    settings_dict = {**connection.settings_dict, "HOST": str(tmp_path), "OPTIONS": {}}
    unreachable = connection.__class__(settings_dict, alias="unreachable")

    assert database_ok(connection) is True
    assert database_ok(unreachable) is False


@pytest.mark.parametrize("outage", ["paused", "killed"])
def test_healthz_is_503_within_2s_naming_the_broker_when_redis_is(
    outage, client, db, settings, redis_server
):
    settings.CELERY_BROKER_URL = redis_server.broker_url
    assert client.get("/healthz").status_code == 200
    redis_server.pause() if outage == "paused" else redis_server.kill()

    response, took = timed(client.get, "/healthz")

    print(f"\n/healthz, Redis {outage}: {response.status_code} in {took:.2f}s")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "down", "status": "down"}
    assert took < ANSWER_WITHIN, took


def test_healthz_is_503_within_2s_naming_the_database_when_it_never_answers(
    client, db, silent_database
):
    response, took = timed(client.get, "/healthz")

    print(f"\n/healthz, database silent: {response.status_code} in {took:.2f}s")
    assert response.status_code == 503
    assert response.json() == {"database": "down", "broker": "ok", "status": "down"}
    assert took < ANSWER_WITHIN, took


def test_database_check_gives_up_on_a_server_that_never_answers(db, silent_database):
    started = time.monotonic()

    assert database_ok(connection) is False
    # psycopg waits 2 s at least to connect; /healthz does not wait for it (above).
    assert time.monotonic() - started < 3
