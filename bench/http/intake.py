"""Intake figures: SQL queries a submission and the cost of choosing a reviewer, per size.

    python -m config.engines -- python -m bench.http.intake --sizes 1000 10000

In this process, on a database of its own per size (`onboarding_intake_<size>_<pid>_bench`, copied
from a migrated template and filled by bench/data.py): one public submission
through the API in the test client under CaptureQueriesContext (queries counted, the repeated
ones named), and the reviewer choice (reviews.services.least_busy_reviewer, one row of
reviews_reviewerworkload) timed on a fresh application, median of 50, beside the counting query
it replaced (`_counted_least_busy`) in the same run, and the choice's server time (EXPLAIN
ANALYZE). `--http`: submissions a second through gunicorn (wrk, closed loop).
"""

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.http.intake")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--http", action="store_true", help="submissions a second over HTTP")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    from bench.http.run import TEMPLATE, _admin, _template

    _template()
    try:
        return _sizes(args)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')


def _sizes(args) -> int:
    import subprocess

    from bench.http.run import TEMPLATE, _admin

    if args.http:
        for size in args.sizes:
            print(json.dumps(http(size, args)), flush=True)
        return 0

    results = []
    for size in args.sizes:
        name = f"onboarding_intake_{size}_{os.getpid()}_bench"
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _admin(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
        try:
            out = subprocess.run(
                [sys.executable, "-m", "bench.http.intake", "--one", str(size)],
                env={
                    **os.environ,
                    "DATABASE_NAME": name,
                    "DJANGO_SETTINGS_MODULE": "bench.http.settings",
                    "THROTTLE_APPLICATION_SUBMIT": "1000000/minute",
                },
                check=True,
                capture_output=True,
                text=True,
            )
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(json.dumps(results[-1]), flush=True)
            if os.environ.get("INTAKE_PROFILE"):
                Path(f"/tmp/intake-profile-{size}.txt").write_text(out.stderr)
        finally:
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


LUA = """
local n = 0
local prefix = "r"
local template = [[BODY]]
init = function(args) prefix = args[1] or "r" end
request = function()
  n = n + 1
  local body = template:gsub("__N__", prefix .. string.format("%07d", n))
  body = body:gsub("__P__", string.sub(prefix, 2) .. string.format("%07d", n))
  return wrk.format("POST", "/api/v1/applications/", {["Content-Type"] = "application/json"}, body)
end
"""


def _body() -> str:
    """tests/factories.py's valid submission, with a distinct e-mail and phone a request."""
    return json.dumps(
        {
            "campaign": "bench-618",
            "channel": "bench-618-social",
            "applicant": {
                "full_name": "Chen Min",
                "job_title": "Founder and CEO",
                "email": "wrk__N__@bench.example.com",
                "phone": "+86135__P__",
                "company_name": "Mountain Pantry Co.",
                "industry": "food",
                "company_website": "https://mountain-pantry.example.com",
                "years_in_business": 12,
                "brand_name": "Mountain Pantry",
                "products": "Smoked tea and dried mushrooms",
                "on_camera_in_person": True,
                "live_experience": "occasional",
                "live_experience_notes": "",
            },
            "social_accounts": [
                {"platform": "douyin", "handle": "mountainpantry", "followers": 52000}
            ],
            "answers": {
                "weekly_events": 3,
                "availability": [
                    {"day": "tue", "start": "20:00", "end": "22:00"},
                    {"day": "thu", "start": "20:00", "end": "22:00"},
                ],
                "commitment_weeks": 8,
                "product_categories": ["food", "fresh"],
                "main_goal": "sales",
                "needs_logistics": True,
                "sample_volume": "medium",
                "pickup_address": "No. 8 Tea Garden Road, Hangzhou",
            },
            "consent": True,
        }
    )


def http(size: int, args) -> dict:
    """Public submissions through gunicorn (as run.py starts it), throttle raised, wrk posting
    a distinct valid body each request; the 201s a second, medians of the rounds."""
    import re as regex
    import subprocess
    from pathlib import Path

    from bench.http.run import LAUNCHER_CONFIG, PORT, TEMPLATE, _admin, _gunicorn

    name = f"onboarding_intake_http_{size}_{os.getpid()}_bench"
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
    env = {
        **os.environ,
        "DATABASE_NAME": name,
        "DJANGO_SETTINGS_MODULE": "bench.http.settings",
        "THROTTLE_APPLICATION_SUBMIT": "1000000/minute",
    }
    script = Path(f"/tmp/bench-intake-{os.getpid()}.lua")
    script.write_text(LUA.replace("BODY", _body()))
    rates, results = [], []
    try:
        subprocess.run(
            [sys.executable, "-m", "bench.http.seed", "--size", str(size)],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        with _gunicorn(env, size, PORT + 20, LAUNCHER_CONFIG, "-intake"):
            url = f"http://127.0.0.1:{PORT + 20}/"
            warm = ["wrk", "-t1", "-c4", "-d5s", "-s", str(script), url, "--", "r9"]
            subprocess.run(warm, capture_output=True, check=True)  # every worker loaded, discarded
            for round_number in range(args.rounds):
                out = subprocess.run(
                    [
                        "wrk", "-t1", "-c8", f"-d{args.duration}s", "--timeout", "10s",
                        "--latency", "-s", str(script), f"http://127.0.0.1:{PORT + 20}/",
                        "--", f"r{round_number + 1}",
                    ],
                    capture_output=True, text=True, check=True,
                ).stdout  # fmt: skip
                total = int(regex.search(r"(\d+) requests in", out).group(1))
                bad = regex.search(r"Non-2xx or 3xx responses: (\d+)", out)
                bad = int(bad.group(1)) if bad else 0
                p99 = regex.search(r"^\s+99%\s+(\S+)", out, regex.M)
                rates.append((total - bad) / args.duration)
                results.append({"requests": total, "non_2xx": bad, "p99": p99 and p99.group(1)})
                print(f"  intake {size:,} r{round_number + 1}: {results[-1]}", flush=True)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return {
        "size": size,
        "accepted_per_second_median": round(statistics.median(rates), 1),
        "rounds": results,
        "load": os.getloadavg()[0],
    }


SUBMISSIONS = 40


def one(size: int) -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from bench import data
    from onboarding.applicants.models import Application
    from onboarding.reviews import services
    from tests.factories import valid_submission

    world = data.world_create()
    data.applications_build(world, size)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = APIClient()
    counts, seconds, cpu = [], [], []
    repeated, statements = Counter(), []
    query_ms: dict[str, list[float]] = {}
    profiler = None
    if os.environ.get("INTAKE_PROFILE"):  # where a submission's time goes, to stderr
        import cProfile

        profiler = cProfile.Profile()
    for n in range(SUBMISSIONS + 1):
        body = valid_submission(world.campaign, channel=world.channels[0].code)
        body["applicant"]["email"] = f"intake{n}@bench.example.com"
        body["applicant"]["phone"] = f"+86137{n:08d}"
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            if profiler and n:
                profiler.enable()
            response = client.post("/api/v1/applications/", body, format="json")
            if profiler and n:
                profiler.disable()
            took, took_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        if response.status_code != 201:
            raise RuntimeError(f"submission answered {response.status_code}: {response.content}")
        if n:  # the first warms caches (content types, settings rows)
            counts.append(len(queries))
            seconds.append(took)
            cpu.append(took_cpu)
            if n == 1:  # the same statement with other parameters counts as the same
                statements = [" ".join(q["sql"].split())[:70] for q in queries.captured_queries]
                repeated = Counter(
                    re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"]) for q in queries.captured_queries
                )
            for q in queries.captured_queries:
                shape = " ".join(re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"]).split())[:90]
                query_ms.setdefault(shape, []).append(float(q["time"]) * 1000)
    if profiler:
        import pstats

        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("tottime").print_stats(30)
        stats.sort_stats("cumulative").print_stats("onboarding|rest_framework|template", 60)
    application = Application.objects.filter(campaign=world.campaign).latest("id")
    timings, before = [], []
    for _ in range(50):
        started = time.perf_counter()
        services.least_busy_reviewer(application)
        timings.append(time.perf_counter() - started)
        started = time.perf_counter()
        _counted_least_busy(application)
        before.append(time.perf_counter() - started)
    from onboarding.reviews import workload

    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + workload._CHOICE + " SKIP LOCKED",
            [application.campaign_id, "reviewer", application.pk],
        )
        plan = cursor.fetchone()[0][0]
    return {
        "size": size,
        "queries_per_submission": statistics.median(counts),
        "submission_ms_in_process": round(statistics.median(seconds) * 1000, 1),
        # This process's CPU alone (not PostgreSQL's or Redis'): steadier than wall time on a
        # shared machine.
        "submission_cpu_ms_in_process": round(statistics.median(cpu) * 1000, 1),
        "identical_query_groups": sorted(
            ([c, sql[:140]] for sql, c in repeated.items() if c > 1), reverse=True
        )[:5],
        "statements": statements,
        "assignment_query_ms": round(statistics.median(timings) * 1000, 2),
        "assignment_server_ms": plan["Execution Time"],
        "counted_assignment_query_ms": round(statistics.median(before) * 1000, 2),
        "slowest_statements_ms": sorted(
            ([round(statistics.median(ms), 2), sql] for sql, ms in query_ms.items()), reverse=True
        )[:4],
        "sql_ms_per_submission": round(
            sum(statistics.median(ms) * len(ms) / SUBMISSIONS for ms in query_ms.values()), 1
        ),
    }


def _counted_least_busy(application):
    """The choice as it was before the workload rows (before commit 3ba77da): counting every open
    review of every reviewer in the campaign; timed beside today's in the same run."""
    from django.db.models import Count, Q

    from onboarding.core.models import Role, User
    from onboarding.reviews.selectors import OPEN_REVIEW

    return (
        User.objects.filter(role=Role.REVIEWER, is_active=True)
        .exclude(conflictofinterest__application=application)
        .annotate(
            open_reviews=Count(
                "review_cases",
                filter=Q(
                    review_cases__application__campaign=application.campaign,
                    review_cases__application__status__in=OPEN_REVIEW,
                ),
            )
        )
        .order_by("open_reviews", "id")
        .first()
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(one(int(sys.argv[2]))), flush=True)
        sys.exit(0)
    sys.exit(main())
