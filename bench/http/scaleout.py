"""Scale-out on one machine: two web servers, three Celery workers and two beats on one
PostgreSQL and one Redis, under submission and booking load, with reminders coming due.

    make bench-scaleout
    make bench-scaleout SCALEOUT_BENCH_ARGS="--reminders 1000 --duration 20"

1. Together: a database seeded with 1,000 applications (bench/http/seed.py), --reminders due
   e-mail reminders written to the outbox, then two gunicorn servers (as `make run` starts one,
   each WEB_CONCURRENCY workers), three `celery -A config worker` processes (concurrency 1
   each) and two `celery -A config beat` processes (each its own schedule file; both send the
   dispatcher every 15 s). Distinct valid submissions go open-loop to both servers in turn
   for --duration seconds (bench/http/openloop.py), and beside them a scheduler books shows
   (--booking-rate a second, half to each server), each for its own CEO at its own time, so
   each is a winner writing its notice and reminders. When every row due is sent (or --drain
   seconds pass) everything stops, and the e-mails the file backend wrote are read back: each
   due outbox row must be sent, each Message-ID (the row's key) written exactly once.
2. Throughput against workers: for 1, 2 and 3 worker processes, --reminders due reminders are
   written, the dispatcher is sent once, and the clock stops when the last one is sent.

Figures to docs/benchmarks.md unless --no-write.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from bench.http.load import (
    LOAD_PORT,
    PREPARE_CONTENTION,
    _commit,
    _database,
    _submission,
    booking_body,
)
from bench.http.openloop import run, summary
from bench.http.run import (
    BASE_DIR,
    DOC,
    LAUNCHER_CONFIG,
    PYTHON,
    TEMPLATE,
    WORKERS,
    _admin,
    _gunicorn,
    _template,
    _write,
)

TITLE = "Scale-out on one machine: two web servers, three workers, two beats"

REMINDERS = """
from datetime import timedelta
from django.utils import timezone
from onboarding.notifications.models import Message

now = timezone.now()
Message.objects.bulk_create(
    (
        Message(
            kind="bench_reminder",
            recipient=f"ceo{n}@bench.example.com",
            language="en",
            subject=f"Your live show starts in 2 hours ({n})",
            body="Your live show starts at 19:00 in Studio 3, Hangzhou.\\n" * 6,
            dedupe_key=f"PREFIX:{n}",
            due_at=now - timedelta(seconds=1),
            next_attempt_at=now - timedelta(seconds=1),
        )
        for n in range(COUNT)
    ),
    batch_size=2000,
)
result = {"written": COUNT}
"""

# The contention scenario's studio, scheduler and trained CEOs, who are told at once whatever the
# hour the bench runs: quiet hours would hold a show's notice past the drain.
SHOWS = (
    PREPARE_CONTENTION
    + """
from onboarding.notifications.models import NotificationPreference

for a in booked:
    NotificationPreference.objects.update_or_create(
        user_id=a.user_id, defaults={"quiet_hours": False}
    )
"""
)

DISPATCH = """
from onboarding.notifications.tasks import messages_dispatch_due_task
messages_dispatch_due_task.delay()
result = {}
"""


def _celery(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "-m", "celery", "-A", "config", *args, "--loglevel", "WARNING"],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _workers(env: dict, count: int, tag: str) -> list[subprocess.Popen]:
    return [
        _celery(env, "worker", "--concurrency", "1", "--hostname", f"{tag}{n}@%h")
        for n in range(count)
    ]


# A booked show's reminders are for days ahead: only what is due now has to be sent.
DUE = "next_attempt_at <= now()"


def _unsent(db, like: str) -> int:
    return db.query(
        "SELECT count(*) FROM notifications_message WHERE dedupe_key LIKE %s"
        f" AND status IN ('pending', 'sending') AND {DUE}",
        (like,),
    )[0][0]


def _booking(world: dict, offset: int):
    """Request n: a one-hour show for CEO offset + n, four a day from 1 June 2027 (09:00,
    12:00, 15:00 and 18:00 in Hangzhou): none overlaps another, so each one is booked."""
    first = datetime(2027, 6, 1, 1, 0, tzinfo=UTC).timestamp()

    def make(n: int):
        k = offset + n
        body = booking_body(world, k, first + 86400 * (k // 4) + 3 * 3600 * (k % 4))
        headers = {"Authorization": f"Token {world['token']}", "Content-Type": "application/json"}
        return "POST", "/api/v1/bookings/", headers, json.dumps(body).encode()

    return make


def _wait_sent(db, like: str, limit: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if _unsent(db, like) == 0:
            return time.monotonic() - started
        time.sleep(0.5)
    return None


def _mail_ids(folder: Path) -> Counter:
    ids: Counter = Counter()
    for path in folder.glob("*"):
        for found in re.findall(r"^Message-ID:\s*(\S+)", path.read_text(errors="replace"), re.M):
            ids[found] += 1
    return ids


def _purge(env: dict) -> None:
    """Tasks an earlier bench left on this Redis name rows of databases since dropped."""
    subprocess.run(
        [PYTHON, "-m", "celery", "-A", "config", "purge", "-f"],
        env=env, cwd=BASE_DIR, capture_output=True, check=False,
    )  # fmt: skip


def together(args, db, env: dict) -> dict:
    _purge(env)
    db.django(REMINDERS.replace("PREFIX", "together").replace("COUNT", str(args.reminders)))
    per_server = int(args.booking_rate / 2 * args.duration)
    shows = db.django(SHOWS.replace("WRITERS", str(2 * per_server)))
    ports = [LOAD_PORT + 1, LOAD_PORT + 2]
    celery = _workers(env, 3, "scale") + [
        _celery(env, "beat", "--schedule", str(Path(env["EMAIL_FILE_PATH"]).parent / f"beat{n}"))
        for n in range(2)
    ]
    load_before = os.getloadavg()[0]
    try:
        with (
            _gunicorn(env, db.size, ports[0], LAUNCHER_CONFIG, "-web1"),
            _gunicorn(env, db.size, ports[1], LAUNCHER_CONFIG, "-web2"),
        ):
            found: dict[int, list] = {}
            booked: dict[int, list] = {}

            def drive(index: int, port: int) -> None:
                found[index] = run(
                    port=port,
                    rate=args.rate / 2,
                    duration=args.duration,
                    request=_submission(f"scale{index}x", 30 + index),
                )

            def book(index: int, port: int) -> None:
                booked[index] = run(
                    port=port,
                    rate=args.booking_rate / 2,
                    duration=args.duration,
                    request=_booking(shows, index * per_server),
                )

            threads = [
                threading.Thread(target=job, args=(i, p))
                for job in (drive, book)
                for i, p in enumerate(ports)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        drained = _wait_sent(db, "%", args.drain)
    finally:
        _stop(celery)
    load_after = os.getloadavg()[0]
    outbox = dict(
        db.query(
            "SELECT kind, count(*) FILTER (WHERE status = 'sent') FROM notifications_message"
            f" WHERE channel = 'email' AND {DUE} GROUP BY kind"
        )
    )
    total = db.query(
        f"SELECT count(*) FROM notifications_message WHERE channel = 'email' AND {DUE}"
    )[0][0]
    later = db.query(
        "SELECT count(*) FROM notifications_message WHERE status = 'pending'"
        " AND next_attempt_at > now()"
    )[0][0]
    ids = _mail_ids(Path(env["EMAIL_FILE_PATH"]))
    return {
        "web": [summary(found[0]), summary(found[1])],
        "bookings": [summary(booked[0]), summary(booked[1])],
        "outbox_total": total,
        "pending_for_later": later,
        "sent_by_kind": outbox,
        "emails_written": sum(ids.values()),
        "distinct_ids": len(ids),
        "written_twice": sum(1 for n in ids.values() if n > 1),
        "drained_after_load_s": drained,
        "load": (load_before, load_after),
    }


def throughput(args, db, env: dict) -> list[dict]:
    rows = []
    for count in (1, 2, 3):
        prefix = f"workers{count}"
        workers = _workers(env, count, prefix)
        try:
            time.sleep(args.settle)  # the workers connect and wait for work
            db.django(REMINDERS.replace("PREFIX", prefix).replace("COUNT", str(args.reminders)))
            load_before = os.getloadavg()[0]
            started = time.monotonic()
            db.django(DISPATCH)
            took = _wait_sent(db, f"{prefix}:%", args.drain)
            load_after = os.getloadavg()[0]
        finally:
            _stop(workers)
        rows.append(
            {
                "workers": count,
                "seconds": took,
                "per_second": round(args.reminders / took, 1) if took else None,
                "with_start": round(time.monotonic() - started, 1),
                "load": (load_before, load_after),
            }
        )
        print(f"  {count} worker(s): {rows[-1]}", flush=True)
    return rows


def _answers(servers: list[dict]) -> str:
    return " and ".join(
        ", ".join(f"{n} × {s}" for s, n in sorted(w["statuses"].items())) for w in servers
    )


def section(args, result: dict, rows: list[dict]) -> str:
    web = result["web"]
    seconds = result["drained_after_load_s"]
    drained = "not within the wait" if seconds is None else f"{seconds:.0f} s"
    answered = _answers(web)
    bookings = result["bookings"]
    lines = [
        f"## {TITLE}",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on commit {_commit()}, "
        f"`python -m bench.http.scaleout --reminders {args.reminders} --duration {args.duration}"
        f" --rate {args.rate} --booking-rate {args.booking_rate}` under `config.engines` "
        "(`make bench-scaleout`), a database "
        "seeded with 1,000 applications, one embedded PostgreSQL and one Redis. Together: two "
        f"gunicorn servers ({WORKERS} sync workers each, config/gunicorn.py), three "
        "`celery -A config worker --concurrency 1` and two `celery -A config beat` (each its "
        f"own schedule; both send the dispatcher every 15 s), {args.reminders:,} e-mail "
        "reminders due at the start, and distinct valid submissions open-loop at "
        f"{args.rate} a second for {args.duration} s, half to each server; beside them a "
        f"scheduler booking shows at {args.booking_rate} a second, half to each server, each "
        "for its own CEO at its own time (every one a winner, writing its notice and four "
        "reminders). Each submission's confirmation and each show's notice go through the same "
        "outbox; the shows' reminders are for days ahead and stay pending. Then the file "
        "backend's e-mails read back by Message-ID (each outbox row's key).",
        "",
        "| submissions (server 1, server 2) | p95 (server 1, server 2) "
        "| bookings (server 1, server 2) | p95 (server 1, server 2) | e-mails due "
        "| sent, by kind | e-mails written | distinct Message-IDs | written twice "
        "| due all sent after the load | reminders pending for later "
        "| load average before, after |",
        "|---|---|---|---|--:|---|--:|--:|--:|--:|--:|---|",
        f"| {answered} | {web[0]['p95_ms']} ms, {web[1]['p95_ms']} ms "
        f"| {_answers(bookings)} | {bookings[0]['p95_ms']} ms, {bookings[1]['p95_ms']} ms "
        f"| {result['outbox_total']:,} "
        f"| {', '.join(f'{k}: {v:,}' for k, v in sorted(result['sent_by_kind'].items()))} "
        f"| {result['emails_written']:,} | {result['distinct_ids']:,} "
        f"| {result['written_twice']} "
        f"| {drained} | {result['pending_for_later']:,} "
        f"| {result['load'][0]:.1f}, {result['load'][1]:.1f} |",
        "",
        f"Throughput against workers: {args.reminders:,} due reminders, the dispatcher sent "
        "once, the clock stopped at the last one sent (each worker process `--concurrency 1`, "
        "on the same database and Redis, no web load).",
        "",
        "| worker processes | seconds | e-mails a second | load average before, after |",
        "|--:|--:|--:|---|",
    ]
    for r in rows:
        seconds = f"{r['seconds']:.1f}" if r["seconds"] else "not within the wait"
        lines.append(
            f"| {r['workers']} | {seconds} | {r['per_second']} "
            f"| {r['load'][0]:.1f}, {r['load'][1]:.1f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.http.scaleout", description=__doc__)
    parser.add_argument("--reminders", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=10)
    parser.add_argument("--booking-rate", type=float, default=2, help="shows booked a second")
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--drain", type=float, default=180, help="seconds to wait for the outbox")
    parser.add_argument("--settle", type=float, default=8, help="seconds for workers to start")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        parser.error("run beside the engines: make bench-scaleout (DATABASE_URL not set)")
    _template()
    mail = Path(tempfile.mkdtemp(prefix="bench-scaleout-"))
    try:
        with _database("scaleout", 1000) as db:
            env = {
                **db.env,
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": str(mail / "mail"),
            }
            (mail / "mail").mkdir()
            result = together(args, db, env)
            print(f"  together: {result}", flush=True)
            rows = throughput(args, db, env)
        text = section(args, result, rows)
        print(text, flush=True)
        if not args.no_write:
            _write(text, TITLE)
            print(f"wrote {DOC.relative_to(BASE_DIR)}")
    finally:
        shutil.rmtree(mail, ignore_errors=True)
        _admin(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
