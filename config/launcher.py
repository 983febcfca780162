"""`make run`: engines, migrations, demo data, then web, worker and beat until Ctrl-C."""

import os
import signal
import subprocess
import sys
import time

from config.engines import DATA_DIR, running_engines, stop_on_signals
from seeds import accounts as demo_accounts

PORT = os.environ.get("PORT", "8000")
PYTHON = sys.executable


def _children(env: dict[str, str]) -> list[subprocess.Popen]:
    web = [
        PYTHON,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        os.environ.get("WEB_CONCURRENCY", "2"),
        "--access-logfile",
        "-",
        # gc.freeze() once each worker has loaded the app (measured in docs/benchmarks.md).
        "--config",
        "python:config.gunicorn",
    ]
    worker = [
        PYTHON,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--loglevel",
        "INFO",
        "--concurrency",
        os.environ.get("WORKER_CONCURRENCY", "2"),
    ]
    beat = [
        PYTHON,
        "-m",
        "celery",
        "-A",
        "config",
        "beat",
        "--loglevel",
        "INFO",
        "--schedule",
        str(DATA_DIR / "celerybeat-schedule"),
    ]
    return [subprocess.Popen(command, env=env) for command in (web, worker, beat)]


def _stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 20
    for child in children:
        try:
            child.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            child.kill()


def main() -> int:
    stop_on_signals()
    with running_engines() as engine_env:
        env = {**os.environ, **engine_env, "SITE_URL": f"http://127.0.0.1:{PORT}"}
        manage = [PYTHON, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True)
        subprocess.run([*manage, "seed_demo", "--if-empty"], env=env, check=True)
        children = _children(env)
        print(
            f"\nServing on http://127.0.0.1:{PORT}/  (worker and beat beside it; Ctrl-C stops all)"
            f"\n{demo_accounts.describe()}\n",
            flush=True,
        )
        try:
            while all(child.poll() is None for child in children):
                time.sleep(1)
            print("a process stopped; stopping the others", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 0
        finally:
            _stop(children)


if __name__ == "__main__":
    sys.exit(main())
