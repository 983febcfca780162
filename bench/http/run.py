"""`make bench-http`: the served API over real HTTP, each endpoint beside its floor.

    make bench-http                                   # 1k and 10k applications
    make bench-http HTTP_BENCH_ARGS="--sizes 1000 10000 100000"
    make bench-http HTTP_BENCH_ARGS="--sizes 1000 --duration 5 --no-write"

For each size: a database of its own (`onboarding_http_<size>_<pid>_bench`, copied from a migrated
template, then filled by bench/http/seed.py), gunicorn started as config/launcher.py starts it
(`config.wsgi`, the same worker count and options) but on its own loopback port and with
bench/http/settings.py, whose urlconf adds the floor views (bench/http/floors.py) beside the
app's own. Then wrk (`-t1 -c8 -d15s`, closed loop) on each endpoint and its floor, alternating,
three rounds; the medians and their ratio go to docs/benchmarks.md. Never touches the dev, test
or `make run` databases.
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DOC = BASE_DIR / "docs" / "benchmarks.md"
TITLE = "HTTP endpoints against the plain-Django floor"
VARIANTS_TITLE = "HTTP: gc.freeze and persistent connections, each beside the server as it was"
# (name, extra gunicorn options, extra environment): the first is the server as launched before.
# What config/launcher.py adds to the command line since gc.freeze paid (config/gunicorn.py).
LAUNCHER_CONFIG = ("--config", "python:config.gunicorn")
VARIANTS = [
    ("as before (no config file, CONN_MAX_AGE=60)", (), {}),
    ("gc.freeze after load (-c config/gunicorn.py)", ("--config", "python:config.gunicorn"), {}),
    ("CONN_MAX_AGE=0 (a connection a request)", (), {"DATABASE_CONN_MAX_AGE": "0"}),
]
PORT = int(os.environ.get("BENCH_HTTP_PORT", "8300"))
VARIANT_PORT = PORT + 10  # --variants: its servers from here up
WORKERS = os.environ.get("WEB_CONCURRENCY", "2")
# Per run, so two runs (a --variants run beside a plain one) never drop each other's databases.
TEMPLATE = f"onboarding_http_template_{os.getpid()}_bench"
PYTHON = sys.executable
PAGE_SIZES = (10, 50, 100)


def cases(seed: dict) -> list[tuple[str, str, str, str]]:
    """(label, endpoint path, floor path, whose token) for each endpoint measured."""
    week = f"from={seed['from']}&to={seed['to']}"
    lists = [
        ("review queue", "/api/v1/review/applications/", "/bench-floor/queue/", "lead"),
        ("staff applications list", "/api/v1/applications/", "/bench-floor/applications/", "lead"),
        ("bookings", "/api/v1/bookings/", "/bench-floor/bookings/", "admin"),
        ("training sessions", "/api/v1/training/sessions/", "/bench-floor/sessions/", "admin"),
        ("notifications", "/api/v1/notifications/", "/bench-floor/notifications/", "lead"),
    ]
    application = seed["application"]
    return [
        *(
            (f"{label}, page_size={size}", f"{path}?page_size={size}",
             f"{floor}?page_size={size}", who)
            for label, path, floor, who in lists
            for size in PAGE_SIZES
        ),
        ("applicant detail (review)", f"/api/v1/review/applications/{application}/",
         f"/bench-floor/review-detail/{application}/", "lead"),
        ("applicant detail (staff)", f"/api/v1/applications/{application}/",
         f"/bench-floor/application-detail/{application}/", "lead"),
        ("studio board, one week", f"/api/v1/board/?{week}", f"/bench-floor/board/?{week}",
         "admin"),
        ("dashboard", f"/api/v1/dashboard/?campaign={seed['campaign']}",
         f"/bench-floor/dashboard/?campaign={seed['campaign']}", "admin"),
        (".ics feed (a studio)", f"/api/v1/calendar/{seed['feed']}.ics",
         f"/bench-floor/ics/{seed['feed']}/", ""),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.http.run", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--only", nargs="*", help="labels (substrings) of the cases to run")
    parser.add_argument("--no-write", action="store_true", help="print, leave the doc alone")
    parser.add_argument("--keep", action="store_true", help="keep the size databases")
    parser.add_argument(
        "--variants",
        action="store_true",
        help="instead: the server as launched today beside gc.freeze and CONN_MAX_AGE=0, "
        "alternating, on the first size only",
    )
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        parser.error("run beside the engines: make bench-http (DATABASE_URL not set)")

    load_before = os.getloadavg()
    results = []
    _template()
    for size in args.sizes:
        name = f"onboarding_http_{'variants_' if args.variants else ''}{size}_{os.getpid()}_bench"
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _admin(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
        env = {**os.environ, "DATABASE_NAME": name, "DJANGO_SETTINGS_MODULE": "bench.http.settings"}
        started = time.perf_counter()
        out = subprocess.run(
            [PYTHON, "-m", "bench.http.seed", "--size", str(size)],
            env=env, check=True, capture_output=True, text=True, cwd=BASE_DIR,
        )  # fmt: skip
        seed = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{size:,} applications seeded in {time.perf_counter() - started:.0f} s", flush=True)
        try:
            if args.variants:
                text = _variants(env, seed, args)
                print(text)
                if not args.no_write:
                    _write(text, VARIANTS_TITLE)
                _admin(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
                return 0
            with _gunicorn(env, size, extra=LAUNCHER_CONFIG):
                rows = _measure(seed, args)
        finally:
            if not args.keep:
                _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        results.append({"size": size, "bookings": seed["bookings"], "rows": rows})
    _admin(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
    load_after = os.getloadavg()
    text = _section(results, args, load_before, load_after)
    print(text)
    if not args.no_write:
        _write(text)
        print(f"wrote {DOC.relative_to(BASE_DIR)}")
    return 0


# -- databases ----------------------------------------------------------------------------------


def _admin(sql: str) -> None:
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def _template() -> None:
    """A migrated, empty database each size's copy starts from (migrating once, not per size)."""
    _admin(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{TEMPLATE}"')
    started = time.perf_counter()
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
        env={**os.environ, "DATABASE_NAME": TEMPLATE}, check=True, cwd=BASE_DIR,
    )  # fmt: skip
    print(f"template database migrated in {time.perf_counter() - started:.0f} s", flush=True)


# -- the server ---------------------------------------------------------------------------------


class _gunicorn:
    """gunicorn as config/launcher.py runs it, on the bench port, with the bench settings."""

    def __init__(self, env: dict, size: int, port: int = PORT, extra: tuple = (), name: str = ""):
        self.env, self.port, self.extra = env, port, list(extra)
        self.log = Path(f"/tmp/bench-http-{os.getpid()}-{size}{name}.log")

    def command(self) -> list[str]:
        return [
            PYTHON, "-m", "gunicorn", "config.wsgi",
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", WORKERS,
            "--access-logfile", "-",
            # Its own control socket: gunicorn 27's default one is shared with `make run`'s.
            "--control-socket", f"/tmp/bench-http-{os.getpid()}-{self.port}.ctl",
            *self.extra,
        ]  # fmt: skip

    def __enter__(self):
        self.file = self.log.open("w")
        self.process = subprocess.Popen(
            self.command(), env=self.env, cwd=BASE_DIR, stdout=self.file, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=10)
                return self
            except OSError:  # refused, reset or timed out while the workers load
                time.sleep(0.5)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not come up healthy; see {self.log}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.file.close()


# -- measuring ----------------------------------------------------------------------------------


def _get(path: str, token: str, port: int = PORT) -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if token:
        request.add_header("Authorization", f"Token {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wrk(path: str, token: str, args, port: int = PORT) -> dict:
    command = [
        "wrk", "-t1", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s",
        "--latency",
        *(["-H", f"Authorization: Token {token}"] if token else []),
        f"http://127.0.0.1:{port}{path}",
    ]  # fmt: skip
    out = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=args.duration + 60
    ).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "bad": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1) if errors else "",
        "p99": p99.group(1) if p99 else "",
    }


def _measure(seed: dict, args) -> list[dict]:
    chosen = [c for c in cases(seed) if not args.only or any(o in c[0] for o in args.only)]
    for label, path, floor, who in chosen:
        token = seed["tokens"].get(who, "")
        for url in (path, floor):
            code, body = _get(url, token)
            if code != 200:
                raise RuntimeError(f"{label}: GET {url} answered {code}: {body[:300]!r}")
            for _ in range(2 * int(WORKERS)):  # every worker has loaded the view once
                _get(url, token)
    runs = {label: {"endpoint": [], "floor": []} for label, *_ in chosen}
    for round_number in range(args.rounds):
        for label, path, floor, who in chosen:
            token = seed["tokens"].get(who, "")
            for kind, url in (("endpoint", path), ("floor", floor)):
                result = _wrk(url, token, args)
                runs[label][kind].append(result)
                print(
                    f"  {seed['size']:>7,} r{round_number + 1} {label:<40} {kind:<8} "
                    f"{result['rps']:8.1f} req/s  p99 {result['p99']:>8}  non-2xx {result['bad']}",
                    flush=True,
                )
    rows = []
    for label, path, _floor, _who in chosen:
        endpoint = statistics.median(r["rps"] for r in runs[label]["endpoint"])
        base = statistics.median(r["rps"] for r in runs[label]["floor"])
        bad = sum(r["bad"] for kind in ("endpoint", "floor") for r in runs[label][kind])
        socket = [r["socket_errors"] for k in ("endpoint", "floor") for r in runs[label][k]]
        rows.append(
            {
                "label": label,
                "path": path.split("?")[0]
                .replace(seed["feed"], "<token>")
                .replace(f"/{seed['application']}/", "/<id>/"),
                "endpoint": endpoint,
                "floor": base,
                "ratio": endpoint / base if base else float("nan"),
                # Each round's endpoint beside its floor run just after it: a load that shifts
                # between rounds cancels out of this one.
                "round_ratios": [
                    e["rps"] / f["rps"] if f["rps"] else float("nan")
                    for e, f in zip(runs[label]["endpoint"], runs[label]["floor"], strict=True)
                ],
                "p99": runs[label]["endpoint"][-1]["p99"],
                "floor_p99": runs[label]["floor"][-1]["p99"],
                "bad": bad,
                "socket_errors": "; ".join(e for e in socket if e),
            }
        )
    return rows


def _variants(env: dict, seed: dict, args) -> str:
    """Each variant on its own port, same database; rounds alternate case by case, variant by
    variant, so each figure has the same neighbours; medians, and the ratio to the first."""
    import contextlib

    chosen = [c for c in cases(seed) if not args.only or any(o in c[0] for o in args.only)]
    load_before = os.getloadavg()
    runs = {(label, v): [] for label, *_ in chosen for v in range(len(VARIANTS))}
    with contextlib.ExitStack() as stack:
        for number, (_name, extra, more) in enumerate(VARIANTS):
            stack.enter_context(
                _gunicorn(
                    {**env, **more}, seed["size"], VARIANT_PORT + number, extra, f"-v{number}"
                )
            )
        for _label, path, _floor, who in chosen:
            for number in range(len(VARIANTS)):
                for _ in range(2 * int(WORKERS)):
                    _get(path, seed["tokens"].get(who, ""), VARIANT_PORT + number)
        for round_number in range(args.rounds):
            for label, path, _floor, who in chosen:
                for number, (name, *_rest) in enumerate(VARIANTS):
                    result = _wrk(path, seed["tokens"].get(who, ""), args, VARIANT_PORT + number)
                    runs[(label, number)].append(result)
                    print(
                        f"  r{round_number + 1} {label:<40} {name[:30]:<30} "
                        f"{result['rps']:8.1f} req/s  p99 {result['p99']:>8}",
                        flush=True,
                    )
    load_after = os.getloadavg()
    lines = [
        f"## {VARIANTS_TITLE}",
        "",
        f'`make bench-http HTTP_BENCH_ARGS="--variants --sizes {seed["size"]} ..."`, run '
        f"{datetime.now(UTC):%Y-%m-%d %H:%M UTC} on commit {_commit()}: {len(VARIANTS)} gunicorn "
        f"servers ({WORKERS} sync workers each, otherwise as config/launcher.py starts it) on "
        f"ports {VARIANT_PORT} to {VARIANT_PORT + len(VARIANTS) - 1}, one database of "
        f"{seed['size']:,} sent applications; `wrk -t1 -c{args.connections} "
        f"-d{args.duration}s` on each in turn, "
        f"{args.rounds} rounds, medians. Only one server is driven at a time. Load average "
        f"{load_before[0]:.1f} before, {load_after[0]:.1f} after (machine shared with other "
        "busy sessions): the ratios within the run are what count.",
        "",
        "| endpoint | server | req/s | ratio to as before | p99 (last round) |",
        "|---|---|--:|--:|--:|",
    ]
    for label, *_ in chosen:
        base = statistics.median(r["rps"] for r in runs[(label, 0)])
        for number, (name, *_rest) in enumerate(VARIANTS):
            rps = statistics.median(r["rps"] for r in runs[(label, number)])
            lines.append(
                f"| {label} | {name} | {rps:.1f} | {rps / base if base else float('nan'):.2f} "
                f"| {runs[(label, number)][-1]['p99']} |"
            )
    return "\n".join(lines) + "\n"


# -- the doc ------------------------------------------------------------------------------------


def _commit() -> str:
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=BASE_DIR
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        capture_output=True, text=True, cwd=BASE_DIR,
    ).stdout.strip()  # fmt: skip
    return f"{head} (working tree with uncommitted changes)" if dirty else head


NOTES = (
    "What each floor reads (bench/http/floors.py), so its ratio can be read with it: the same "
    "rows as its endpoint, with every column the endpoint shows or derives a field from (the "
    "queue's floor the contact fields, the score breakdown, the override and first approval "
    "and whether the campaign is blind; the staff list's the followers summed per row; the "
    "bookings' and the board's the studio, CEO, samples, outcome and readiness columns and "
    "the crew and kit, one query each; the board's also the studios, their opening hours and "
    "blackouts), then `JsonResponse`. The details' floors read the application, its accounts "
    "and answers (and for the review, its scores, notes and history) and record the read of "
    "personal data with one INSERT, as the endpoints must on every request (a durable write: "
    "its commit waits for a WAL flush, which neither may skip). "
    "The dashboard's floor runs the dashboard's own selectors (its queries are its figures) "
    "and writes them without DRF, so its ratio measures the API layer only. The .ics floor "
    "writes the same events as iCalendar lines without escaping or folding."
)


def _section(results, args, load_before, load_after) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"## {TITLE}",
        "",
        f"`make bench-http` (bench/http/), run {when} on commit {_commit()}. gunicorn as "
        f"config/launcher.py starts it (`gunicorn config.wsgi --workers {WORKERS} "
        "--access-logfile - --config python:config.gunicorn`, sync workers) on "
        f"127.0.0.1:{PORT}, with bench/http/settings.py "
        "(the app's urlconf plus the floor views), its own database per size. Load: "
        f"`wrk -t1 -c{args.connections} -d{args.duration}s --latency -H 'Authorization: Token …'`"
        f" on loopback, closed loop; {args.rounds} rounds, each endpoint then its floor in turn; "
        "medians of requests a second, and each round's endpoint over the floor run just after it "
        "(the median of those three is the figure to read: load shifts between rounds cancel "
        "out of it). The floor is a plain Django view returning the same rows "
        "(same table, filter, order and page size, plus the count) with `.values()` and "
        "`JsonResponse`, behind the same token authentication and middleware "
        "(bench/http/floors.py). p99 is wrk's figure for the last round, closed loop, so it "
        "hides queueing: open-loop latency is not measured yet.",
        "",
        f"Machine: {os.cpu_count()} cores, load average {load_before[0]:.1f} before and "
        f"{load_after[0]:.1f} after (the benchmark's own load included): absolute figures move "
        "with whatever else the machine runs, the ratios within one run are what count.",
        "",
        NOTES,
        "",
    ]
    for result in results:
        lines += [
            f"### {result['size']:,} sent applications, {result['bookings']:,} bookings",
            "",
            "| endpoint | path | req/s | floor req/s | ratio of the medians | ratio in each "
            "round | median of the rounds' ratios | p99 | floor p99 | non-2xx | wrk socket "
            "errors |",
            "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|",
        ]
        for row in result["rows"]:
            rounds = ", ".join(f"{r:.2f}" for r in row["round_ratios"])
            paired = statistics.median(row["round_ratios"])
            lines.append(
                f"| {row['label']} | `{row['path']}` | {row['endpoint']:.1f} | {row['floor']:.1f} "
                f"| {row['ratio']:.2f} | {rounds} | **{paired:.2f}**"
                f" | {row['p99']} | {row['floor_p99']} | {row['bad']} "
                f"| {row['socket_errors'] or 'none'} |"
            )
        lines.append("")
    return "\n".join(lines)


def _write(section: str, title: str = TITLE) -> None:
    """Replace this section in docs/benchmarks.md (or append it), leaving the others alone."""
    text = DOC.read_text()
    heading = f"## {title}"
    if heading in text:
        before, _, rest = text.partition(heading)
        after = re.search(r"^## ", rest, re.M)
        tail = "\n" + rest[after.start() :] if after else ""
        text = before + section.rstrip("\n") + "\n" + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text.rstrip("\n") + "\n")


if __name__ == "__main__":
    sys.exit(main())
