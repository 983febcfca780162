"""Intake and bookings under load, over real HTTP: a burst, contention, and growth with size.

    make bench-load                                   # all three, default sizes
    make bench-load LOAD_BENCH_ARGS="--only burst"
    make bench-load LOAD_BENCH_ARGS="--only growth --sizes 1000 10000 100000"

Each scenario runs on a database of its own (copied from a migrated template, filled by
bench/http/seed.py: applications from bench/data.py, a booking for every ten of them), against
gunicorn started as config/launcher.py starts it (bench/http/run.py's `_gunicorn`: `config.wsgi`,
WEB_CONCURRENCY sync workers, config/gunicorn.py), with the submission throttle raised
(`THROTTLE_APPLICATION_SUBMIT`): every request comes from 127.0.0.1, where real applicants come
from many addresses. Latencies come from bench/http/openloop.py (a fixed arrival rate, each
latency counted from the request's due time).

- burst: 1,000 distinct valid applications in one minute (16.7 a second, open loop); then in
  PostgreSQL: how many applications arrived and how many confirmation e-mails are in the outbox.
- contention: rounds of 20 writers released together (threads and a barrier), each booking one
  studio for a different trained CEO at overlapping times; statuses, latency percentiles, and
  an SQL check that no two confirmed bookings of the studio overlap.
- growth: at each size, the review queue (page_size=50), the studio board's week and public
  submission, each at a fixed rate, alternating, three rounds; p95 per endpoint, drawn to
  docs/intake-growth.svg.

Figures go to docs/benchmarks.md (each scenario its own section) unless --no-write.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime

from bench.http.intake import _body
from bench.http.openloop import percentile, run, summary
from bench.http.run import (
    BASE_DIR,
    DOC,
    LAUNCHER_CONFIG,
    PORT,
    PYTHON,
    TEMPLATE,
    WORKERS,
    _admin,
    _gunicorn,
    _template,
    _write,
)

LOAD_PORT = PORT + 40
SVG = BASE_DIR / "docs" / "intake-growth.svg"
THROTTLE = {"THROTTLE_APPLICATION_SUBMIT": "1000000/minute"}


def _commit() -> str:
    out = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=BASE_DIR
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", "bench", "onboarding", "config"],
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
    ).stdout.strip()
    return out.stdout.strip() + (" (with uncommitted changes)" if dirty else "")


class _database:
    """A size's database, seeded, dropped on exit; `.seed` is what bench/http/seed.py printed."""

    def __init__(self, label: str, size: int):
        self.name = f"onboarding_load_{label}_{size}_{os.getpid()}_bench"
        self.size = size
        self.env = {
            **os.environ,
            "DATABASE_NAME": self.name,
            "DJANGO_SETTINGS_MODULE": "bench.http.settings",
            **THROTTLE,
        }

    def __enter__(self):
        _admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        _admin(f'CREATE DATABASE "{self.name}" TEMPLATE "{TEMPLATE}"')
        started = time.perf_counter()
        out = subprocess.run(
            [PYTHON, "-m", "bench.http.seed", "--size", str(self.size)],
            env=self.env, check=True, capture_output=True, text=True, cwd=BASE_DIR,
        )  # fmt: skip
        self.seed = json.loads(out.stdout.strip().splitlines()[-1])
        self.seconds = time.perf_counter() - started
        print(f"  {self.size:,} applications seeded in {self.seconds:.0f} s", flush=True)
        return self

    def __exit__(self, *exc):
        _admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        from urllib.parse import urlsplit, urlunsplit

        import psycopg

        parts = urlsplit(os.environ["DATABASE_URL"])
        url = urlunsplit(parts._replace(path=f"/{self.name}"))
        with psycopg.connect(url, autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()

    def django(self, code: str) -> dict:
        """Run `code` (which sets `result`) in a Django process on this database."""
        script = "import django, json\ndjango.setup()\nresult = {}\n"
        script += code + "\nprint(json.dumps(result))"
        out = subprocess.run(
            [PYTHON, "-c", script], env=self.env, check=True, capture_output=True, text=True,
            cwd=BASE_DIR,
        )  # fmt: skip
        return json.loads(out.stdout.strip().splitlines()[-1])


def _submission(prefix: str, code: int):
    """Request n: tests/factories.py's valid submission with its own e-mail and phone (`code`,
    two digits, keeps each batch's phones apart from the others')."""
    template = _body()

    def make(n: int):
        body = template.replace("__N__", f"{prefix}{n:07d}").replace("__P__", f"{code:02d}{n:05d}")
        headers = {"Content-Type": "application/json"}
        return "POST", "/api/v1/applications/", headers, body.encode()

    return make


def _get(path: str, token: str):
    def make(n: int):
        return "GET", path, {"Authorization": f"Token {token}"}, b""

    return make


def _warm(port: int, make, times: int = 4) -> None:
    run(port=port, rate=times, duration=1, request=make)


# -- burst -------------------------------------------------------------------------------------


def burst(args) -> str:
    count, seconds = args.burst, 60
    with _database("burst", 1000) as db, _gunicorn(db.env, 1000, LOAD_PORT, LAUNCHER_CONFIG):
        load_before = os.getloadavg()[0]
        _warm(LOAD_PORT, _submission("warm", 1))
        results = run(
            port=LOAD_PORT, rate=count / seconds, duration=seconds, request=_submission("burst", 2)
        )
        figures = summary(results)
        arrived = db.query(
            "SELECT count(*) FROM applicants_application WHERE email LIKE 'wrkburst%%'"
        )[0][0]
        outbox = db.query(
            "SELECT count(*), count(*) FILTER (WHERE m.status IN ('pending', 'sending',"
            " 'sent')) FROM notifications_message m JOIN applicants_application a"
            " ON m.dedupe_key = 'application_submitted:' || a.id"
            " WHERE a.email LIKE 'wrkburst%%'"
        )[0]
        assigned = db.query(
            "SELECT count(*) FROM reviews_reviewcase c JOIN applicants_application a"
            " ON a.id = c.application_id WHERE a.email LIKE 'wrkburst%%'"
            " AND c.reviewer_id IS NOT NULL"
        )[0][0]
        load_after = os.getloadavg()[0]
    errors = sum(n for status, n in figures["statuses"].items() if status != "201")
    print(f"  burst: {figures}, arrived {arrived}, outbox {outbox}, assigned {assigned}")
    return "\n".join(
        [
            "## HTTP: a burst of 1,000 applications in one minute",
            "",
            f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on commit {_commit()}, "
            f"`python -m bench.http.load --only burst` under `config.engines` (`make bench-load`): "
            f"gunicorn as `make run` starts it ({WORKERS} sync workers, config/gunicorn.py) on its "
            "own database seeded with 1,000 applications and 100 bookings (bench/http/seed.py), "
            "submission throttle raised (one loopback address sends them all). "
            f"{count:,} distinct valid submissions (tests/factories.py's body, each with its own "
            f"e-mail and phone) sent open-loop at {count / seconds:.1f} a second for {seconds} s, "
            "each on a new connection, latency counted from its due time "
            "(bench/http/openloop.py). Then counted in PostgreSQL. "
            f"Load average {load_before:.1f} before, {load_after:.1f} after "
            f"({os.cpu_count()} cores).",
            "",
            "| sent | 201 | errors (non-201 or no answer) | p50 | p95 | p99 | max "
            "| applications in PostgreSQL | confirmation e-mails in the outbox "
            "| given a reviewer |",
            "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
            f"| {figures['requests']:,} | {figures['statuses'].get('201', 0):,} | {errors} "
            f"| {figures['p50_ms']} ms | {figures['p95_ms']} ms | {figures['p99_ms']} ms "
            f"| {figures['max_ms']} ms | {arrived:,} | {outbox[1]:,} | {assigned:,} |",
            "",
        ]
    )


# -- contention --------------------------------------------------------------------------------

PREPARE_CONTENTION = """
from datetime import time, timedelta
from django.utils import timezone
from rest_framework.authtoken.models import Token
from onboarding.applicants.models import Application, Status
from onboarding.core.models import Role, User
from onboarding.studios.models import OpeningHours, Studio

studio = Studio.objects.create(name="Contended studio", city="Hangzhou", timezone="Asia/Shanghai")
OpeningHours.objects.bulk_create(
    OpeningHours(studio=studio, weekday=day, opens=time(6, 0), closes=time(23, 59))
    for day in range(7)
)
scheduler = User.objects.create(username="bench-scheduler", role=Role.SCHEDULER, is_staff=True)
booked = list(Application.objects.filter(user__isnull=False).order_by("id")[:WRITERS])
Application.objects.filter(pk__in=[a.pk for a in booked]).update(status=Status.TRAINED)
result = {
    "studio": studio.pk,
    "applications": [a.pk for a in booked],
    "token": Token.objects.create(user=scheduler).key,
}
"""


def booking_body(world: dict, index: int, starts: float) -> dict:
    """A one-hour show in the world's studio for its CEO `index`, from `starts` (a timestamp)."""
    return {
        "studio": world["studio"],
        "application": world["applications"][index],
        "starts_at": datetime.fromtimestamp(starts, UTC).isoformat(),
        "ends_at": datetime.fromtimestamp(starts + 3600, UTC).isoformat(),
        "quota_override_reason": "bench",
    }


def _post(port: int, path: str, token: str, body: dict) -> tuple[int, float]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        method="POST",
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except OSError:
        status = 0
    return status, time.perf_counter() - started


def contention(args) -> str:
    writers, rounds = 20, args.rounds_contention
    with _database("contention", 1000) as db:
        world = db.django(PREPARE_CONTENTION.replace("WRITERS", str(writers)))
        with _gunicorn(db.env, 1000, LOAD_PORT, LAUNCHER_CONFIG):
            load_before = os.getloadavg()[0]
            outcomes: list[tuple[int, float]] = []
            base = datetime(2027, 5, 21, 1, 0, tzinfo=UTC)  # 09:00 in Hangzhou, sales window
            for r in range(-1, rounds):  # round -1 warms every worker, discarded
                day = base.replace(day=21 + (r + 1) // 4, hour=1 + 4 * ((r + 1) % 4))
                barrier = threading.Barrier(writers)
                got: list = [None] * writers

                def write(i: int, day=day, barrier=barrier, got=got) -> None:
                    # Four starting times 30 minutes apart: every writer overlaps the others.
                    body = booking_body(world, i, day.timestamp() + 1800 * (i % 4))
                    barrier.wait(timeout=30)
                    got[i] = _post(LOAD_PORT, "/api/v1/bookings/", world["token"], body)

                threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=60)
                if r >= 0:
                    outcomes.extend(got)
            load_after = os.getloadavg()[0]
        overlaps = db.query(
            "SELECT count(*) FROM studios_booking a JOIN studios_booking b ON a.id < b.id"
            " AND a.studio_id = b.studio_id AND a.status = 'confirmed' AND b.status = 'confirmed'"
            " AND tstzrange(a.buffered_start, a.buffered_end) &&"
            " tstzrange(b.buffered_start, b.buffered_end) WHERE a.studio_id = %s",
            (world["studio"],),
        )[0][0]
        booked = db.query(
            "SELECT count(*) FROM studios_booking WHERE studio_id = %s AND status = 'confirmed'",
            (world["studio"],),
        )[0][0]
    statuses: dict[str, int] = {}
    for status, _latency in outcomes:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    ms = [latency * 1000 for _status, latency in outcomes]
    five = sum(n for s, n in statuses.items() if s.startswith("5") or s == "0")
    figures = {
        "p50": percentile(ms, 0.5),
        "p95": percentile(ms, 0.95),
        "p99": percentile(ms, 0.99),
        "max": max(ms),
    }
    print(f"  contention: {statuses} {figures} booked {booked} overlaps {overlaps}")
    status_text = ", ".join(f"{n} × {s}" for s, n in sorted(statuses.items()))
    return "\n".join(
        [
            "## HTTP: 20 writers booking one studio at once",
            "",
            f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on commit {_commit()}, "
            "`python -m bench.http.load --only contention` under `config.engines`: gunicorn as "
            f"`make run` starts it ({WORKERS} sync workers) on a database seeded with 1,000 "
            "applications and 100 bookings, plus one studio open 06:00 to 23:59 and 20 trained "
            f"CEOs. {rounds} rounds (after one discarded warm-up round): 20 threads released "
            "together by a barrier, each POSTing /api/v1/bookings/ as a scheduler for its own CEO, "
            "one hour at one of four start times 30 minutes apart (so every request overlaps "
            "others, setup and teardown buffers included); latency per request from the release. "
            f"Load average {load_before:.1f} before, {load_after:.1f} after.",
            "",
            "| requests | answers | 5xx or no answer | p50 | p95 | p99 | max "
            "| confirmed bookings | overlapping pairs (SQL) |",
            "|--:|---|--:|--:|--:|--:|--:|--:|--:|",
            f"| {len(outcomes)} | {status_text} | {five} | {figures['p50']:.1f} ms "
            f"| {figures['p95']:.1f} ms | {figures['p99']:.1f} ms | {figures['max']:.1f} ms "
            f"| {booked} | {overlaps} |",
            "",
        ]
    )


# -- growth ------------------------------------------------------------------------------------


def growth(args) -> str:
    rows = []
    for size in args.sizes:
        with _database("growth", size) as db:
            seed = db.seed
            week = f"from={seed['from']}&to={seed['to']}"
            cases = [
                ("review queue, page_size=50", args.rate_read,
                 _get("/api/v1/review/applications/?page_size=50", seed["tokens"]["lead"])),
                ("studio board, one week", args.rate_read,
                 _get(f"/api/v1/board/?{week}", seed["tokens"]["admin"])),
                ("public submission", args.rate_submit, None),
            ]  # fmt: skip
            with _gunicorn(db.env, size, LOAD_PORT, LAUNCHER_CONFIG):
                load_before = os.getloadavg()[0]
                for _label, _rate, make in cases:
                    _warm(LOAD_PORT, make or _submission("warm", 1))
                found = {label: [] for label, *_ in cases}
                answers = {label: {} for label, *_ in cases}
                for round_number in range(args.rounds):
                    for label, rate, make in cases:
                        make = make or _submission(f"g{round_number}", 10 + round_number)
                        results = run(
                            port=LOAD_PORT, rate=rate, duration=args.duration, request=make
                        )
                        figures = summary(results)
                        found[label].append(figures["p95_ms"])
                        for status, n in figures["statuses"].items():
                            answers[label][status] = answers[label].get(status, 0) + n
                        print(f"  {size:>7,} r{round_number + 1} {label:<28} {figures}", flush=True)
                load_after = os.getloadavg()[0]
            for label, rate, _make in cases:
                rows.append(
                    {
                        "size": size,
                        "bookings": seed["bookings"],
                        "label": label,
                        "rate": rate,
                        "p95": statistics.median(found[label]),
                        "rounds": found[label],
                        "answers": answers[label],
                        "load": (load_before, load_after),
                        "seed_seconds": db.seconds,
                    }
                )
    SVG.write_text(_svg(rows))
    lines = [
        "## HTTP: growth from 1,000 to 100,000 applications (open loop)",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on commit {_commit()}, "
        f"`python -m bench.http.load --only growth --sizes {' '.join(map(str, args.sizes))}` "
        f"under `config.engines`: for each size a database of its own seeded by "
        "bench/http/seed.py (bookings one for ten applications), gunicorn as `make run` starts "
        f"it ({WORKERS} sync workers); each endpoint driven open-loop at a fixed rate for "
        f"{args.duration} s (bench/http/openloop.py, latency from each request's due time), the "
        f"three alternating, {args.rounds} rounds, the median of the rounds' p95. Submissions are "
        "distinct valid applications (throttle raised). Picture: "
        "[intake-growth.svg](intake-growth.svg).",
        "",
        "| applications | bookings | endpoint | rate | p95 (median of rounds) | rounds' p95 "
        "| answers | seeded in | load average before, after |",
        "|--:|--:|---|--:|--:|---|---|--:|---|",
    ]
    for r in rows:
        answers = ", ".join(f"{n} × {s}" for s, n in sorted(r["answers"].items()))
        lines.append(
            f"| {r['size']:,} | {r['bookings']:,} | {r['label']} | {r['rate']}/s "
            f"| {r['p95']:.1f} ms | {', '.join(f'{p:.0f}' for p in r['rounds'])} | {answers} "
            f"| {r['seed_seconds']:.0f} s | {r['load'][0]:.1f}, {r['load'][1]:.1f} |"
        )
    lines += ["", "![p95 against applications](intake-growth.svg)", ""]
    return "\n".join(lines)


def _svg(rows: list[dict]) -> str:
    from bench.chart import line_chart

    series: dict[str, list[tuple[float, float]]] = {}
    for r in rows:
        series.setdefault(r["label"], []).append((r["size"], r["p95"]))
    return line_chart(
        series,
        title="p95 against applications in the campaign (open loop, one 2-core machine)",
        x_label="applications (log scale)",
        y_unit="ms",
        log_x=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.http.load", description=__doc__)
    parser.add_argument("--only", nargs="*", default=["burst", "contention", "growth"])
    parser.add_argument("--burst", type=int, default=1000, help="applications in the minute")
    parser.add_argument("--rounds-contention", type=int, default=10)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--rate-read", type=float, default=10)
    parser.add_argument("--rate-submit", type=float, default=5)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        parser.error("run beside the engines: make bench-load (DATABASE_URL not set)")
    _template()
    try:
        for name in args.only:
            text = {"burst": burst, "contention": contention, "growth": growth}[name](args)
            print(text, flush=True)
            if not args.no_write:
                _write(text, text.splitlines()[0][3:])
                print(f"wrote {DOC.relative_to(BASE_DIR)}", flush=True)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
