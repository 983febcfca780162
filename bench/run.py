"""Speed benchmarks; the figures go to docs/benchmarks.md, never into timed unit tests.

Run them beside the embedded engines:

    make bench-review                   # both benchmarks, rewrites docs/benchmarks.md
    make bench-review BENCH_ARGS="--only queue --no-write"
    make bench-review BENCH_ARGS="--explain"   # also EXPLAIN ANALYZE of the queue's queries

(`make bench` runs these, then the long schemathesis run, `make bench-schema`.)

or, with DATABASE_URL and REDIS_URL pointing at running servers:

    DJANGO_SETTINGS_MODULE=config.settings python -m bench.run

Each run drops and re-creates the database `onboarding_bench` on the same PostgreSQL server
(BENCH_DATABASE_NAME to change it; the name must end in "bench"), migrates it and fills it
with invented data (bench/data.py). The dev and test databases are never touched.

1. Re-scoring: 5,000 applications, the lead changes the weights (criteria_replace), and
   screening_recompute runs in this process (the Celery task is a thin wrapper around it);
   three rounds, the median counts.
2. The queue: 10,000 applications, GET /api/v1/review/applications/ through the test client,
   20 warm-up requests then 200 timed ones per case. Target: median under 50 ms.
"""

import argparse
import math
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import textwrap
import time
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

BASE_DIR = Path(__file__).resolve().parent.parent
DOC = BASE_DIR / "docs" / "benchmarks.md"
COMMAND = "make bench"
RESCORE_APPLICATIONS = 5_000
QUEUE_APPLICATIONS = 10_000
QUEUE_TARGET_MS = 50.0
QUEUE_URL = "/api/v1/review/applications/"
QUEUE_CASES = [
    # (label, who, query string)
    ("lead, default order (submitted_at)", "lead", "page_size=25"),
    ("lead, ordering=-review__score", "lead", "page_size=25&ordering=-review__score"),
    (
        "lead, status=submitted&industry=food&score_min=40",
        "lead",
        "page_size=25&status=submitted&industry=food&score_min=40",
    ),
    ("lead, status=submitted (broad filter)", "lead", "page_size=25&status=submitted"),
    ("reviewer, mine=true", "reviewer", "page_size=25&mine=true"),
    ("lead, default order, largest page", "lead", "page_size=100"),
]
RESCORE_ROUNDS = 3
# The lead's successive changes of weight, one a round: influence counts more, then less.
NEW_WEIGHTS = [
    {
        "Influence: followers": 40,
        "Live events a week": 20,
        "Commits for 8 weeks or more": 20,
        "Brand: 5 years in business": 15,
        "Has streamed before": 5,
    },
    {
        "Influence: followers": 20,
        "Live events a week": 30,
        "Commits for 8 weeks or more": 25,
        "Brand: 5 years in business": 10,
        "Has streamed before": 15,
    },
    {
        "Influence: followers": 35,
        "Live events a week": 25,
        "Commits for 8 weeks or more": 15,
        "Brand: 5 years in business": 20,
        "Has streamed before": 5,
    },
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=["rescoring", "queue"])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per case")
    parser.add_argument("--warmup", type=int, default=20, help="warm-up requests per case")
    parser.add_argument("--no-write", action="store_true", help="print, leave the doc alone")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE queue queries")
    args = parser.parse_args(argv)

    database = os.environ.get("BENCH_DATABASE_NAME", "onboarding_bench")
    if not database.endswith("bench"):
        parser.error("BENCH_DATABASE_NAME must end in 'bench': the run drops that database")
    # Read by config/settings.py; set before Django reads its settings.
    os.environ["DATABASE_NAME"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    # No collected static files here, and whitenoise says so on the first request.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    _fresh_database(database)
    world, build_seconds = _world()
    sections = {}
    if args.only in (None, "rescoring"):
        seconds = _build(world, RESCORE_APPLICATIONS)
        build_seconds += seconds
        print(f"built {RESCORE_APPLICATIONS:,} applications in {seconds:.1f} s", flush=True)
        sections["rescoring"] = rescoring(world)
    if args.only in (None, "queue"):
        seconds = _build(world, QUEUE_APPLICATIONS - world.built)
        build_seconds += seconds
        print(f"built up to {world.built:,} applications in {seconds:.1f} s", flush=True)
        sections["queue"] = queue(world, requests=args.requests, warmup=args.warmup)
        if args.explain:
            explain(world)
    total = time.perf_counter() - started
    print(f"\nwhole run {total:.0f} s (building data {build_seconds:.1f} s)")
    if not args.no_write:
        machine = _machine()
        machine["load"] = f"{load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
        _write_doc(sections, machine, total)
        print(f"wrote {DOC.relative_to(BASE_DIR)}")
    return 0


# -- setting up ---------------------------------------------------------------------------------


def _fresh_database(name: str) -> None:
    """Drop and create the bench database beside the others, then migrate it."""
    import psycopg
    from django.core.management import call_command
    from django.db import connection, connections

    connections.close_all()
    # The server's maintenance database, reached the way Django reaches its own.
    params = connection.get_connection_params()
    params = {k: v for k, v in params.items() if k not in ("cursor_factory", "context")}
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database {name}: created and migrated in {time.perf_counter() - started:.1f} s")


def _world():
    from bench import data

    started = time.perf_counter()
    world = data.world_create()
    return world, time.perf_counter() - started


def _build(world, count: int) -> float:
    from django.db import connection

    from bench import data

    started = time.perf_counter()
    data.applications_build(world, count)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a live database
    return time.perf_counter() - started


# -- 1. re-scoring ------------------------------------------------------------------------------


def rescoring(world) -> dict:
    """Change the weights and re-score the campaign, a few rounds; the median round counts."""
    peak_before = _peak_rss_mb()
    seconds = [_rescoring_round(world, weights) for weights in NEW_WEIGHTS[:RESCORE_ROUNDS]]
    peak_after = _peak_rss_mb()
    median = statistics.median(seconds)
    rows = [
        ("applications re-scored", f"{RESCORE_APPLICATIONS:,}"),
        (
            f"total time, median of {len(seconds)} rounds",
            f"{median:.2f} s (rounds: {', '.join(f'{s:.2f}' for s in seconds)} s)",
        ),
        ("applications per second", f"{RESCORE_APPLICATIONS / median:,.0f}"),
        ("peak memory (max RSS) before", f"{peak_before:.0f} MB"),
        ("peak memory (max RSS) after", f"{peak_after:.0f} MB"),
        ("every review case got a new screened_at and the new maximum", "yes (checked)"),
    ]
    table = _table(["measure", "value"], rows)
    print(f"\n## Re-scoring\n\n{table}\n", flush=True)
    return {"table": table, "seconds": median, "rounds": len(seconds)}


def _rescoring_round(world, weights: dict[str, int]) -> float:
    from onboarding.reviews import services, tasks
    from onboarding.reviews.models import Criterion, RecomputeJob, ReviewCase

    criteria = [
        {
            "kind": c.kind,
            "name": c.name,
            "hard": c.hard,
            "weight": weights.get(c.name, c.weight),
            "params": c.params,
        }
        for c in Criterion.objects.filter(campaign=world.campaign)
    ]
    # The lead's change would enqueue the Celery task on commit; here the job runs in-process.
    with mock.patch.object(tasks.screening_recompute_task, "delay") as enqueue:
        job = services.criteria_replace(
            campaign=world.campaign, criteria=criteria, actor=world.lead
        )
    assert enqueue.call_count == 1, "criteria_replace did not ask for a re-scoring"

    before = datetime.now(UTC)
    started = time.perf_counter()
    job = services.screening_recompute(job_id=job.pk)
    seconds = time.perf_counter() - started

    cases = ReviewCase.objects.filter(application__campaign=world.campaign)
    expected_max = sum(spec["weight"] for spec in criteria if not spec["hard"])
    assert job.status == RecomputeJob.Status.DONE, job.status
    assert job.done == job.total == RESCORE_APPLICATIONS, (job.done, job.total)
    assert cases.count() == RESCORE_APPLICATIONS
    stale = cases.exclude(screened_at__gte=before).count()
    assert stale == 0, f"{stale} review cases kept their old screened_at"
    wrong_max = cases.exclude(max_score=expected_max).count()
    assert wrong_max == 0, f"{wrong_max} review cases were not scored with the new weights"
    print(f"  re-scoring round: {seconds:.2f} s", flush=True)
    return seconds


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux gives KiB


# -- 2. the queue -------------------------------------------------------------------------------


@dataclass
class QueueResult:
    label: str
    query: str
    median_ms: float
    p95_ms: float
    queries: str
    matching: int


def _clients(world) -> dict:
    from django.test import Client

    lead, reviewer = Client(), Client()
    lead.force_login(world.lead)
    reviewer.force_login(world.reviewers[0])
    return {"lead": lead, "reviewer": reviewer}


def queue(world, *, requests: int, warmup: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clients = _clients(world)
    cases = [(label, clients[who], f"{QUEUE_URL}?{query}") for label, who, query in QUEUE_CASES]
    counts: dict[str, set[int]] = {label: set() for label, _c, _u in cases}
    bodies = {}
    for label, client, url in cases:
        for _n in range(warmup):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.content)
            counts[label].add(len(captured))
        bodies[label] = response.json()
    # Round robin, so a burst of other work on the machine falls on every case alike.
    timings: dict[str, list[float]] = {label: [] for label, _c, _u in cases}
    for _n in range(requests):
        for label, client, url in cases:
            started = time.perf_counter()
            response = client.get(url)
            timings[label].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    results = []
    for label, _who, query in QUEUE_CASES:
        times = sorted(timings[label])
        results.append(
            QueueResult(
                label=label,
                query=query,
                median_ms=statistics.median(times),
                p95_ms=times[max(0, math.ceil(0.95 * len(times)) - 1)],  # nearest rank
                queries="/".join(str(c) for c in sorted(counts[label])),
                matching=bodies[label]["count"],
            )
        )
    rows = [
        (
            r.label,
            f"`?{r.query}`",
            f"{r.matching:,}",
            f"{r.median_ms:.1f}",
            f"{r.p95_ms:.1f}",
            r.queries,
            "yes" if r.median_ms < QUEUE_TARGET_MS else "**no**",
        )
        for r in results
    ]
    table = _table(
        [
            "case",
            "query",
            "matching",
            "median ms",
            "p95 ms",
            "queries / request",
            f"median < {QUEUE_TARGET_MS:.0f} ms",
        ],
        rows,
    )
    print(
        f"\n## Queue ({world.built:,} applications, {requests} requests after {warmup} warm-up)"
        f"\n\n{table}\n",
        flush=True,
    )
    return {"table": table, "requests": requests, "warmup": warmup, "applications": world.built}


def explain(world) -> None:
    """Print EXPLAIN ANALYZE of the SQL one request of each case runs (page and count)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clients = _clients(world)
    for label, who, query in QUEUE_CASES:
        with CaptureQueriesContext(connection) as captured:
            clients[who].get(f"{QUEUE_URL}?{query}")
        print(f"\n### {label}")
        for sql in (q["sql"] for q in captured.captured_queries):
            if '"applicants_application"' not in sql or not sql.startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"\n{sql}\n\n{plan}")


# -- reporting ----------------------------------------------------------------------------------


def _table(header: list[str], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _h in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _machine() -> dict:
    import django
    from django.db import connection

    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total_kb = re.search(r"MemTotal:\s+(\d+)", meminfo)
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": len(os.sched_getaffinity(0)),
        "memory": f"{int(total_kb.group(1)) / 1024 / 1024:.1f} GiB" if total_kb else "unknown",
        "cpu": model.group(1).strip() if model else platform.processor() or "unknown",
        "software": f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"PostgreSQL {postgres.split()[0]}",
        "commit": _commit(),
    }


def _commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=BASE_DIR, capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} (with uncommitted changes)" if dirty else head


DOC_HEAD = """# Benchmarks

Speed targets are measured here, never in timed unit tests. `make bench` (bench/run.py)
drops and re-creates a database `onboarding_bench` on the embedded PostgreSQL server, fills it
with invented applications (bench/data.py) and rewrites the sections between the
`<!-- bench:... -->` markers below with its figures; text outside the markers is kept. Other
work running on the machine at the same time shows in the figures, so compare runs made on a
quiet machine.
"""
TITLES = {
    "rescoring": "Re-scoring a campaign after its weights change",
    "queue": "The review queue",
}
DESCRIPTIONS = {
    "rescoring": (
        f"A campaign of {RESCORE_APPLICATIONS:,} sent applications (1 to 3 social accounts "
        "and 6 to 9 answers each; statuses, industries and reviewers spread as in "
        "bench/data.py) with the demo criteria (seeds/demo.py). A lead changes the weights "
        "through `reviews.services.criteria_replace`, then "
        "`reviews.services.screening_recompute(job_id=...)` runs in the benchmark's process "
        "(the Celery task only wraps it); {rounds} rounds with different weights, the median "
        "counts. Peak memory is the process's maximum resident size (`resource.getrusage`), "
        "which includes building the data before the first round."
    ),
    "queue": (
        "`GET /api/v1/review/applications/` through `django.test.Client` (whole Django stack, "
        "session sign-in, JSON rendering; no network), {applications:,} sent applications in "
        "one campaign among 10 reviewers. A lead reviewer sees every application; the plain "
        "reviewer asks for their own (`mine=true`). Each case: {warmup} warm-up requests, "
        "whose queries are counted (`CaptureQueriesContext`), then {requests} timed ones. "
        "Target (issue 3, acceptance 4): median under 50 ms."
    ),
}


def _section(name: str, result: dict, machine: dict, total: float) -> str:
    description = textwrap.fill(DESCRIPTIONS[name].format(**result), width=96)
    return "\n".join(
        [
            f"<!-- bench:{name} -->",
            f"Command: `{COMMAND}` (whole run {total:.0f} s, including building the data)  ",
            f"Date: {machine['date']}, commit {machine['commit']}  ",
            f"Machine: {machine['nproc']} CPUs (nproc), {machine['memory']} memory, "
            f"{machine['cpu']}  ",
            f"Software: {machine['software']}  ",
            f"Load average (1 min) around the run: {machine['load']}",
            "",
            description,
            "",
            result["table"],
            f"<!-- /bench:{name} -->",
        ]
    )


def _write_doc(sections: dict, machine: dict, total: float) -> None:
    text = DOC.read_text() if DOC.exists() else DOC_HEAD
    for name, result in sections.items():
        block = _section(name, result, machine, total)
        pattern = re.compile(rf"<!-- bench:{name} -->.*?<!-- /bench:{name} -->", re.S)
        if pattern.search(text):
            text = pattern.sub(lambda _m, block=block: block, text)
        else:
            text = text.rstrip("\n") + f"\n\n## {TITLES[name]}\n\n{block}\n"
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text.rstrip("\n") + "\n")


if __name__ == "__main__":
    sys.exit(main())
