"""docker-compose.yml runs every part of the system from this project's own code."""

import importlib
import json
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_compose_names_the_five_services():
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(_services())


def test_app_services_build_from_the_dockerfile_beside_it():
    assert (ROOT / "Dockerfile").exists()
    for name in ("web", "worker", "beat", "migrate"):
        assert _services()[name]["build"] == "."


def test_web_command_names_an_importable_wsgi_application():
    command = _services()["web"]["command"]
    assert command[0] == "gunicorn"
    module = importlib.import_module(command[1].split(":")[0])
    assert callable(module.application)


def test_web_commands_use_the_gunicorn_settings_make_run_uses():
    # config/gunicorn.py warms each worker before its first request and freezes what it loaded.
    dockerfile = (ROOT / "Dockerfile").read_text()
    launcher = (ROOT / "config" / "launcher.py").read_text()
    for command in (_services()["web"]["command"], _cmd_of(dockerfile)):
        assert command[command.index("--config") + 1] == "python:config.gunicorn"
    assert '"python:config.gunicorn"' in launcher
    assert callable(importlib.import_module("config.gunicorn").post_worker_init)


def _cmd_of(dockerfile: str) -> list[str]:
    line = next(line for line in dockerfile.splitlines() if line.startswith("CMD "))
    return json.loads(line.removeprefix("CMD "))


def test_worker_and_beat_commands_name_our_celery_app():
    from config.celery_app import app

    for name, role in (("worker", "worker"), ("beat", "beat")):
        command = _services()[name]["command"]
        assert command[:3] == ["celery", "-A", "config"] and command[3] == role
    assert importlib.import_module("config").celery_app is app
    assert "onboarding.notifications.tasks.messages_dispatch_due_task" in {
        entry["task"] for entry in app.conf.beat_schedule.values()
    }


def test_app_services_get_database_and_broker_from_the_environment():
    for name in ("web", "worker", "beat"):
        environment = _services()[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://")


def test_app_services_wait_for_the_migrations_to_finish():
    # Started beside a migrate still running, web would answer on a half-migrated schema and
    # beat would dispatch from tables that are not there yet.
    services = _services()
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    for name in ("web", "worker", "beat"):
        depends_on = services[name]["depends_on"]
        assert depends_on["migrate"] == {"condition": "service_completed_successfully"}, name
        assert depends_on["postgres"]["condition"] == "service_healthy", name
        assert depends_on["redis"]["condition"] == "service_healthy", name
    assert "migrate" not in services["migrate"].get("depends_on", {})
