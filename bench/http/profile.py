"""Where one request's time goes, endpoint by endpoint, on a database bench/http/run.py kept.

    make bench-http HTTP_BENCH_ARGS="--sizes 10000 --keep --only notif --duration 1 --rounds 1 \
        --no-write"   # seeds onboarding_http_10000_<pid>_bench and keeps it
    DATABASE_NAME=onboarding_http_10000_<pid>_bench python -m config.engines -- \
        python -m bench.http.profile --only queue --top 25

In one process, through Django's test client (the whole middleware and DRF stack, no socket):
for each case, the queries a request makes (an execute wrapper), the mean wall and CPU time of
--repeat requests (cProfile's overhead included), and a cProfile of them sorted by own time.
The seed's tokens are read back from the database (the lead's and the administrator's).
"""

import argparse
import cProfile
import gc
import io
import os
import pstats
import sys
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.http.profile")
    parser.add_argument("--only", nargs="*", help="labels (substrings) of the cases to run")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--top", type=int, default=0, help="cProfile rows to print (0: none)")
    parser.add_argument("--sql", action="store_true", help="print each query of one request")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_NAME", "").endswith("bench"):
        parser.error("DATABASE_NAME must name a bench database (ending in 'bench')")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.http.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from bench.http.run import cases
    from onboarding.applicants.models import Application, Campaign
    from onboarding.studios.models import CalendarFeed

    tokens = {
        "lead": Token.objects.exclude(user__username="bench-admin").get().key,
        "admin": Token.objects.get(user__username="bench-admin").key,
    }
    seed = {
        "tokens": tokens,
        "campaign": Campaign.objects.get().slug,
        "feed": CalendarFeed.objects.get().token,
        "application": Application.objects.filter(review__isnull=False).order_by("id")[0].pk,
        **_week(),
    }
    client = Client(HTTP_HOST="127.0.0.1")
    # As config/gunicorn.py does once a worker has loaded the app.
    gc.collect()
    gc.freeze()
    for label, path, floor, who in cases(seed):
        if args.only and not any(o in label for o in args.only):
            continue
        headers = {"HTTP_AUTHORIZATION": f"Token {tokens[who]}"} if who else {}
        for kind, url in (("endpoint", path), ("floor", floor)):
            response = client.get(url, **headers)
            assert response.status_code == 200, (url, response.status_code, response.content[:300])
            # Counted by a wrapper: Django's reset_queries (on request_started) empties the log
            # CaptureQueriesContext reads.
            queries = []
            with connection.execute_wrapper(_Recorder(queries)):
                client.get(url, **headers)
            profile = cProfile.Profile()
            started, cpu = time.perf_counter(), time.process_time()
            profile.enable()
            for _ in range(args.repeat):
                client.get(url, **headers)
            profile.disable()
            ms = (time.perf_counter() - started) / args.repeat * 1000
            cpu_ms = (time.process_time() - cpu) / args.repeat * 1000
            print(
                f"{label:<40} {kind:<8} {len(queries):>3} queries {ms:7.2f} ms "
                f"(this process's CPU {cpu_ms:7.2f} ms)",
                flush=True,
            )
            if args.sql and kind == "endpoint":
                for ms_taken, sql in queries:
                    print(f"    {ms_taken:6.2f} ms {sql[:400]}")
            if args.top and kind == "endpoint":
                out = io.StringIO()
                pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(args.top)
                print(out.getvalue())
    return 0


class _Recorder:
    def __init__(self, into: list):
        self.into = into

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.into.append(((time.perf_counter() - started) * 1000, sql))


def _week() -> dict:
    from datetime import timedelta

    from django.utils import timezone

    week = timezone.now().date()
    return {"from": week.isoformat(), "to": (week + timedelta(days=6)).isoformat()}


if __name__ == "__main__":
    sys.exit(main())
