"""Scale-out on one machine: two web servers, three Celery workers and two beats on one
PostgreSQL and one Redis, under submission load, with reminders coming due.

    make bench-scaleout
    make bench-scaleout SCALEOUT_BENCH_ARGS="--reminders 1000 --duration 20"

1. Together: a database seeded with 1,000 applications (bench/http/seed.py), --reminders due
   e-mail reminders written to the outbox, then two gunicorn servers (as `make run` starts one,
   each WEB_CONCURRENCY workers), three `celery -A config worker` processes (concurrency 1
   each) and two `celery -A config beat` processes (each its own schedule file; both send the
   dispatcher every 15 s). Distinct valid submissions go open-loop to both servers in turn
   for --duration seconds (bench/http/openloop.py). When the outbox is empty (or --drain
   seconds pass) everything stops, and the e-mails the file backend wrote are read back: each
   outbox row must be sent, each Message-ID (the row's key) written exactly once.
2. Throughput against workers: for 1, 2 and 3 worker processes, --reminders due reminders are
   written, the dispatcher is sent once, and the clock stops when the last one is sent.

Figures to docs/benchmarks.md unless --no-write.
"""

import argparse
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

from bench.http.load import LOAD_PORT, _commit, _database, _submission
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


def _unsent(db, like: str) -> int:
    return db.query(
        "SELECT count(*) FROM notifications_message WHERE dedupe_key LIKE %s"
        " AND status IN ('pending', 'sending')",
        (like,),
    )[0][0]


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

            def drive(index: int, port: int) -> None:
                found[index] = run(
                    port=port,
                    rate=args.rate / 2,
                    duration=args.duration,
                    request=_submission(f"scale{index}x", 30 + index),
                )

            threads = [threading.Thread(target=drive, args=(i, p)) for i, p in enumerate(ports)]
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
            " WHERE channel = 'email' GROUP BY kind"
        )
    )
    total = db.query("SELECT count(*) FROM notifications_message WHERE channel = 'email'")[0][0]
    ids = _mail_ids(Path(env["EMAIL_FILE_PATH"]))
    return {
        "web": [summary(found[0]), summary(found[1])],
        "outbox_total": total,
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


def section(args, result: dict, rows: list[dict]) -> str:
    web = result["web"]
    seconds = result["drained_after_load_s"]
    drained = "not within the wait" if seconds is None else f"{seconds:.0f} s"
    answered = " and ".join(
        ", ".join(f"{n} × {s}" for s, n in sorted(w["statuses"].items())) for w in web
    )
    lines = [
        f"## {TITLE}",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on commit {_commit()}, "
        f"`python -m bench.http.scaleout --reminders {args.reminders} --duration {args.duration}"
        f" --rate {args.rate}` under `config.engines` (`make bench-scaleout`), a database "
        "seeded with 1,000 applications, one embedded PostgreSQL and one Redis. Together: two "
        f"gunicorn servers ({WORKERS} sync workers each, config/gunicorn.py), three "
        "`celery -A config worker --concurrency 1` and two `celery -A config beat` (each its "
        f"own schedule; both send the dispatcher every 15 s), {args.reminders:,} e-mail "
        "reminders due at the start, and distinct valid submissions open-loop at "
        f"{args.rate} a second for {args.duration} s, half to each server; each submission's "
        "confirmation goes through the same outbox. Then the file backend's e-mails read "
        "back by Message-ID (each outbox row's key).",
        "",
        "| submissions (server 1, server 2) | p95 (server 1, server 2) | outbox e-mails "
        "| sent, by kind | e-mails written | distinct Message-IDs | written twice "
        "| outbox empty after the load | load average before, after |",
        "|---|---|--:|---|--:|--:|--:|--:|---|",
        f"| {answered} | {web[0]['p95_ms']} ms, {web[1]['p95_ms']} ms "
        f"| {result['outbox_total']:,} "
        f"| {', '.join(f'{k}: {v:,}' for k, v in sorted(result['sent_by_kind'].items()))} "
        f"| {result['emails_written']:,} | {result['distinct_ids']:,} "
        f"| {result['written_twice']} "
        f"| {drained} | {result['load'][0]:.1f}, {result['load'][1]:.1f} |",
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
