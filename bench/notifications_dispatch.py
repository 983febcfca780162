"""Notification dispatch: due e-mail reminders through the real broker and worker.

    make bench-notifications                                  # 100,000 reminders
    make bench-notifications NOTIF_BENCH_ARGS="--count 20000 --kills 20"

or beside running engines (DATABASE_URL, REDIS_URL set):

    python -m bench.notifications_dispatch --count 100000

Two runs on one Redis, one worker command line (prefork, concurrency 2, the project's settings):

1. bare: N no-op Celery tasks published from this process; the clock stops when the worker has
   run the last one.
2. outbox: N due e-mail reminders already in the outbox; the clock starts when the dispatcher
   task is sent (as beat would) and stops when every row is marked sent. The dispatcher
   claims batches of 500 and hands the ids to send tasks (10 per task unless a variant says
   otherwise), which claim each row, write its e-mail (file backend) and record the receipt.
   Variants change the worker's environment (see VARIANTS).

The ratio is outbox / bare throughput. The worker's memory (main process plus pool children,
RSS) is sampled every second with the backlog. `--kills N` then repeats the kill test of
tests/notifications N times (SIGKILL mid-send, restart, count duplicates and losses).

The database `onboarding_notifications_bench` is dropped and re-created on the server of
DATABASE_URL; nothing else is touched. This module is also the worker's Celery app (-A).
"""

import argparse
import contextlib
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

QUEUE = os.environ.get("NOTIF_BENCH_QUEUE", "notifications-bench")
DATABASE = "onboarding_notifications_bench"
BASE_DIR = Path(__file__).resolve().parent.parent
os.environ.setdefault("DATABASE_NAME", DATABASE)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

if os.environ.get("NOTIF_BENCH_DB_REUSE_MAX"):
    # Celery's Django fixup closes the database connection around every task unless this is
    # set; the bench can measure both (see the report).
    from django.conf import settings as _settings

    _settings.CELERY_DB_REUSE_MAX = int(os.environ["NOTIF_BENCH_DB_REUSE_MAX"])

from config.celery_app import app  # noqa: E402  (the settings module needs the env above)

app.conf.task_default_queue = QUEUE
for _name in ("NOTIFICATIONS_STALE_CLAIM_SECONDS", "NOTIFICATIONS_SEND_CHUNK"):
    # Outbox tunables for the worker processes this bench starts.
    if os.environ.get(_name):
        from django.conf import settings as _settings

        setattr(_settings, _name, float(os.environ[_name]))


@app.task(name="bench.noop")
def noop() -> None:
    """The bare task: nothing at all."""


@app.task(name="bench.done")
def done(key: str) -> None:
    """Runs after the bare tasks, to stop the clock."""
    import redis
    from django.conf import settings

    redis.Redis.from_url(settings.CACHES["default"]["LOCATION"]).set(key, time.time())


def _recreate_database() -> None:
    import psycopg

    admin_url = os.environ["DATABASE_URL"]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [DATABASE],
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')


def _worker(mail_dir: Path, *, concurrency: int, **env: str) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_NAME": DATABASE,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "NOTIF_BENCH_QUEUE": QUEUE,
        **env,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "bench.notifications_dispatch",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--queues",
            QUEUE,
            "--hostname",
            f"{QUEUE}-{os.getpid()}@%h",
            "--loglevel=ERROR",
            "--without-mingle",
            "--without-gossip",
        ],
        env=environment,
        start_new_session=True,
        cwd=BASE_DIR,
    )


def _wait_ready(process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the worker exited while starting")
        try:
            replies = app.control.ping(timeout=0.5)
        except Exception:
            replies = []
        if any(host.startswith(f"{QUEUE}-") for reply in replies for host in reply):
            return
    raise SystemExit("the worker did not start")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _rss_mb(process: subprocess.Popen) -> float:
    import psutil

    try:
        parent = psutil.Process(process.pid)
        tree = [parent, *parent.children(recursive=True)]
        return sum(p.memory_info().rss for p in tree) / 2**20
    except psutil.Error:
        return 0.0


def _cpu_seconds(worker: subprocess.Popen) -> dict[str, float]:
    """CPU time used so far by the worker tree, Redis and this process."""
    import psutil

    totals = {"worker": 0.0, "redis": 0.0, "bench": 0.0}
    tree = {worker.pid}
    with contextlib.suppress(psutil.Error):
        tree |= {p.pid for p in psutil.Process(worker.pid).children(recursive=True)}
    for process in psutil.process_iter(["pid", "name", "cpu_times"]):
        times = process.info["cpu_times"]
        if times is None:
            continue
        used = times.user + times.system
        if process.info["pid"] in tree:
            totals["worker"] += used
        elif process.info["pid"] == os.getpid():
            totals["bench"] += used
        elif (process.info["name"] or "").startswith("redis"):
            totals["redis"] += used
    return totals


def _cpu_spent(before: dict[str, float], after: dict[str, float], count: int) -> dict:
    """Milliseconds of CPU per task or reminder, by process group."""
    return {name: 1000 * (after[name] - before[name]) / count for name in before}


def _purge() -> None:
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE)


def bench_bare(count: int, worker: subprocess.Popen) -> dict:
    import redis
    from django.conf import settings

    store = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    key = f"bench:done:{os.getpid()}:{time.time()}"
    cpu = _cpu_seconds(worker)
    started = time.monotonic()
    with app.producer_or_acquire() as producer:
        for _ in range(count):
            noop.apply_async(producer=producer)
        done.apply_async((key,), producer=producer)
    published = time.monotonic() - started
    samples = []
    while not store.get(key):
        samples.append(_rss_mb(worker))
        time.sleep(0.5)
    elapsed = time.monotonic() - started
    return {
        "elapsed": elapsed,
        "published": published,
        "rate": count / elapsed,
        "rss": samples,
        "cpu": _cpu_spent(cpu, _cpu_seconds(worker), count),
    }


def _fill_outbox(count: int) -> float:
    from datetime import timedelta

    from django.utils import timezone

    from onboarding.notifications.models import Message

    started = time.monotonic()
    now = timezone.now()
    starts = now + timedelta(hours=2)
    for first in range(0, count, 5000):
        Message.objects.bulk_create(
            Message(
                kind="studio_show",
                recipient=f"ceo{n}@example.com",
                language="en",
                subject=f"Your live show starts in 2 hours ({n})",
                body="Your live show starts at 19:00 in Studio 3, Hangzhou.\n" * 6,
                event_key=f"bench_show:{n}",
                event_starts_at=starts,
                event_ends_at=starts + timedelta(hours=2),
                due_at=now - timedelta(seconds=1),
                next_attempt_at=now - timedelta(seconds=1),
            )
            for n in range(first, min(first + 5000, count))
        )
    return time.monotonic() - started


def _redis_mb() -> float:
    import redis
    from django.conf import settings

    client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    return client.info("memory")["used_memory"] / 2**20


def bench_outbox(count: int, worker: subprocess.Popen) -> dict:
    from django.db import connection

    from onboarding.notifications.models import Delivery, Message
    from onboarding.notifications.tasks import messages_dispatch_due_task

    Delivery.objects.all().delete()
    Message.objects.all().delete()
    fill = _fill_outbox(count)
    connection.close()
    cpu = _cpu_seconds(worker)
    started = time.monotonic()
    messages_dispatch_due_task.delay()
    samples = []  # (seconds, sent, waiting, worker RSS MB, Redis MB)
    next_beat = started + 15
    while True:
        time.sleep(1)
        sent = Message.objects.filter(status=Message.Status.SENT).count()
        at = time.monotonic() - started
        samples.append((at, sent, count - sent, _rss_mb(worker), _redis_mb()))
        if sent >= count:
            break
        # Beat's schedule (every 15 s), from this process so the run needs no beat process.
        if time.monotonic() >= next_beat:
            messages_dispatch_due_task.apply_async(expires=12)
            next_beat += 15
    elapsed = samples[-1][0]
    return {
        "elapsed": elapsed,
        "fill": fill,
        "rate": count / elapsed,
        "samples": samples,
        "cpu": _cpu_spent(cpu, _cpu_seconds(worker), count),
    }


def bench_kills(rounds: int, mail_dir: Path) -> dict:
    """Kill a worker mid-send `rounds` times, then let a healthy one settle the dead claims."""
    from django.utils import timezone

    from onboarding.notifications.models import Message
    from onboarding.notifications.tasks import message_send_task, messages_dispatch_due_task

    Message.objects.all().delete()
    _purge()
    shutil.rmtree(mail_dir, ignore_errors=True)
    mail_dir.mkdir()
    # The tests' backend: one file per accepted Message-ID, and it can say what it accepted.
    backend = {"EMAIL_BACKEND": "tests.notifications.backends.ReceiptDirBackend"}
    rows = []
    for n in range(rounds):
        # Even rounds die before the provider took the e-mail, odd ones after it took it but
        # before the worker recorded that.
        where = "before" if n % 2 == 0 else "after"
        now = timezone.now()
        row = Message.objects.create(
            kind="studio_show",
            recipient=f"slow-{where}-{n}@example.com",
            language="en",
            subject="Kill test",
            body="Kill test",
            due_at=now,
            next_attempt_at=now,
        )
        rows.append(row)
        worker = _worker(mail_dir, concurrency=1, SLOW_MAIL_SECONDS="30", **backend)
        _wait_ready(worker)
        message_send_task.delay(row.pk)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            claimed = Message.objects.filter(pk=row.pk, status="sending").exists()
            if claimed and (where == "before" or any(mail_dir.glob(f"{row.key}@*.eml"))):
                break
            time.sleep(0.02)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    # A healthy worker: its dispatcher settles every dead claim once it is a second old.
    worker = _worker(mail_dir, concurrency=1, NOTIFICATIONS_STALE_CLAIM_SECONDS="1", **backend)
    _wait_ready(worker)
    time.sleep(1.1)
    deadline = time.monotonic() + 120
    ids = [row.pk for row in rows]
    while Message.objects.filter(pk__in=ids, status="sent").count() < rounds:
        if time.monotonic() > deadline:
            break
        messages_dispatch_due_task.delay()
        time.sleep(1)
    _stop(worker)
    copies = {str(row.key): 0 for row in rows}
    for path in mail_dir.glob("*.eml"):
        key = path.name.split("@")[0]
        if key in copies:
            copies[key] += 1
    return {
        "rounds": rounds,
        "killed_before_provider": (rounds + 1) // 2,
        "killed_after_provider": rounds // 2,
        "duplicates": sum(1 for n in copies.values() if n > 1),
        "lost": sum(1 for n in copies.values() if n == 0),
    }


def _at_progress(samples: list[tuple], count: int) -> list[tuple]:
    """The first sample at or past 0 %, 25 %, 50 %, 75 % and 100 % of the reminders sent."""
    picked = []
    for share in (0, 0.25, 0.5, 0.75, 1):
        picked.append(next(s for s in samples if s[1] >= share * count))
    return picked


def report(count: int, bare: dict, runs: dict[str, dict], kills: dict | None, wall: float) -> str:
    import django

    names = list(runs)
    head = "| measure | bare no-op task | " + " | ".join(names) + " |"
    lines = [
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; whole run {wall / 60:.0f} min; "
        f"load average (1 min) at the end {os.getloadavg()[0]:.2f}",
        f"Machine: {os.cpu_count()} CPUs; Python {platform.python_version()}, "
        f"Django {django.get_version()}",
        "Worker: prefork, concurrency 2, prefetch 1, acks_late (the project's settings)",
        "",
        head,
        "|---" * (2 + len(names)) + "|",
        f"| tasks / reminders | {count:,} | " + " | ".join(f"{count:,}" for _ in names) + " |",
        f"| time until the last one ran / was sent | {bare['elapsed']:.1f} s | "
        + " | ".join(f"{runs[n]['elapsed']:.1f} s" for n in names)
        + " |",
        f"| throughput | {bare['rate']:,.0f} /s | "
        + " | ".join(f"{runs[n]['rate']:,.0f} /s" for n in names)
        + " |",
        "| ratio to bare (target >= 0.50) | 1 | "
        + " | ".join(f"**{runs[n]['rate'] / bare['rate']:.2f}**" for n in names)
        + " |",
    ]
    # PostgreSQL's backends come and go with connections, so their CPU time is not summed.
    for part in ("worker", "redis", "bench"):
        lines.append(
            f"| CPU per task or reminder, {part} | {bare['cpu'][part]:.2f} ms | "
            + " | ".join(f"{runs[n]['cpu'][part]:.2f} ms" for n in names)
            + " |"
        )
    lines.append(
        f"| worker RSS (main + 2 children) | {min(bare['rss']):.0f}-{max(bare['rss']):.0f} MB | "
        + " | ".join(
            f"{min(s[3] for s in runs[n]['samples']):.0f}-"
            f"{max(s[3] for s in runs[n]['samples']):.0f} MB"
            for n in names
        )
        + " |"
    )
    for name in names:
        run = runs[name]
        lines += [
            "",
            f"{name}: {count:,} rows written beforehand in {run['fill']:.1f} s (not timed). "
            "Memory against the backlog:",
            "",
            "| seconds | sent | waiting | worker RSS | Redis used_memory |",
            "|---|---|---|---|---|",
        ]
        for at, sent, waiting, rss, redis_mb in _at_progress(run["samples"], count):
            lines.append(
                f"| {at:.0f} | {sent:,} | {waiting:,} | {rss:.0f} MB | {redis_mb:.0f} MB |"
            )
    if kills:
        lines += [
            "",
            f"Kill test: {kills['rounds']} workers SIGKILLed mid-send "
            f"({kills['killed_before_provider']} before the provider took the e-mail, "
            f"{kills['killed_after_provider']} after it took it but before the worker recorded "
            f"it), then one healthy worker: duplicates {kills['duplicates']}, "
            f"lost {kills['lost']}.",
        ]
    return "\n".join(lines)


# Worker environments to compare; the first two run by default, --all-variants adds the rest.
VARIANTS = {
    "as configured (10 ids per send task)": {},
    # Celery's Django fixup closes the database connection before and after every task unless
    # CELERY_DB_REUSE_MAX is set; this variant sets it for the worker.
    "+ CELERY_DB_REUSE_MAX=1000": {"NOTIF_BENCH_DB_REUSE_MAX": "1000"},
    "1 id per send task": {"NOTIFICATIONS_SEND_CHUNK": "1"},
    "1 id per send task + CELERY_DB_REUSE_MAX=1000": {
        "NOTIFICATIONS_SEND_CHUNK": "1",
        "NOTIF_BENCH_DB_REUSE_MAX": "1000",
    },
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--kills", type=int, default=0)
    parser.add_argument(
        "--all-variants", action="store_true", help="also measure one id per send task"
    )
    args = parser.parse_args(argv)
    wall = time.monotonic()
    _recreate_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "notifications", verbosity=0)
    mail_dir = Path(tempfile.mkdtemp(prefix="notif-bench-"))
    _purge()
    variants = VARIANTS if args.all_variants else dict(list(VARIANTS.items())[:2])
    runs = {}
    bare = None
    try:
        for name, env in variants.items():
            worker = _worker(mail_dir, concurrency=2, **env)
            try:
                _wait_ready(worker)
                if bare is None:
                    print(f"bare: {args.count:,} no-op tasks ...", flush=True)
                    bare = bench_bare(args.count, worker)
                    print(f"  {bare['rate']:,.0f} tasks/s", flush=True)
                print(f"{name}: {args.count:,} due reminders ...", flush=True)
                runs[name] = bench_outbox(args.count, worker)
                print(f"  {runs[name]['rate']:,.0f} reminders/s", flush=True)
            finally:
                _stop(worker)
                shutil.rmtree(mail_dir, ignore_errors=True)
                mail_dir.mkdir()
    finally:
        shutil.rmtree(mail_dir, ignore_errors=True)
    kills = None
    if args.kills:
        print(f"kills: {args.kills} rounds ...", flush=True)
        kills = bench_kills(args.kills, mail_dir)
        shutil.rmtree(mail_dir, ignore_errors=True)
    print()
    print(report(args.count, bare, runs, kills, time.monotonic() - wall))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
