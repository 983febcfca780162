"""schemathesis over every operation of the OpenAPI document, anonymously and as each role.

Each operation gets a few generated requests (fixed seed): once with the path parameters the
generator makes up (anonymously and as an administrator), once with real ids from a small
world, sent as every role. Every answer must keep to the document: a status it lists, the
content type it lists for that status, a body its schema allows, and never a 5xx.

`make bench-schema` (also run by `make bench`) runs the same with SCHEMA_FUZZ_EXAMPLES=100 and
writes the figures to docs/benchmarks.md (SCHEMA_FUZZ_REPORT=1).
"""

import contextlib
import os
import re
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.core.api_world import ROLES, build_world, path_values

EXAMPLES = int(os.environ.get("SCHEMA_FUZZ_EXAMPLES", "2"))
REPORT = os.environ.get("SCHEMA_FUZZ_REPORT") == "1"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,  # a 429 carries Retry-After
]
DOC = Path(__file__).resolve().parents[2] / "docs" / "benchmarks.md"


@pytest.fixture
def api_schema(db):
    raw = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    # As Django's test client does: the handler must not close the test's connection (and its
    # transaction) at the end of each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schema
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _hypothesis_settings():
    return settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


def _describe(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:600]


def test_every_operation_keeps_to_its_schema_for_every_role(api_schema):
    # Throttles and the sign-in lockout stay on: their 429 is part of the contract.
    world = build_world()
    failures: dict[tuple[str, str], str] = {}
    counts = {"operations": 0, "requests": 0, "examples": 0}
    started = time.monotonic()

    def send(case, who, checks=CHECKS):
        key = (f"{case.method.upper()} {case.operation.path}", who or "anonymous")
        counts["requests"] += 1
        try:
            response = case.call(headers=world.headers(who))
            case.validate_response(response, checks=checks)
        except (Exception, BaseExceptionGroup) as exc:
            # Recorded, not raised: the run goes on, and reports each operation and role once.
            failures.setdefault(key, _describe(exc))

    def send_negative(case, who):
        send(case, who, [*CHECKS, negative_data_rejection])

    for result in api_schema.get_all_operations():
        operation = result.ok()
        counts["operations"] += 1
        if REPORT:  # the long run says where it is
            print(f"{time.monotonic() - started:7.0f}s {operation.label}", flush=True)
        values = path_values(world, operation.path)
        fixed = {name: values[name] for name in re.findall(r"{(\w+)}", operation.path)}
        if operation.method.upper() in ("POST", "PUT", "PATCH"):
            # A body the schema forbids is refused (4xx), by whoever may call the operation.
            negative = operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=fixed)
            with contextlib.suppress(Unsatisfiable):  # every body allowed: nothing to refuse
                _run(negative, (None, "admin"), send_negative, counts)

        if not fixed:
            _run(operation.as_strategy(), (None, *ROLES), send, counts)
            continue
        _run(operation.as_strategy(), (None, "admin"), send, counts)
        _run(
            operation.as_strategy(path_parameters=fixed), (None, *ROLES, "other_ceo"), send, counts
        )

    seconds = time.monotonic() - started
    if REPORT:
        _write_report(counts, len(failures), seconds)
    listing = "\n".join(f"{op} as {who}: {text}" for (op, who), text in sorted(failures.items()))
    assert not failures, f"{len(failures)} operation/role pairs break the schema:\n{listing}"
    assert counts["operations"] >= 100


def _run(strategy, who_all, send, counts) -> None:
    """A few generated requests for one operation, each sent as everyone in `who_all`."""

    @given(case=strategy)
    @_hypothesis_settings()
    def run(case):
        counts["examples"] += 1
        for who in who_all:
            send(case, who)

    run()


def _write_report(counts: dict, failures: int, seconds: float) -> None:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD")
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " with uncommitted changes"
    text = "\n".join(
        [
            "<!-- bench:schema -->",
            "Command: `make bench-schema` (the second half of `make bench`)  ",
            f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit}, "
            f"schemathesis {schemathesis.__version__}  ",
            f"Machine: {os.cpu_count()} CPUs, shared with other sessions during the run.",
            "",
            "| operations | examples per operation and kind | examples | requests | roles "
            "| failures | wall time |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            f"| {counts['operations']} | {EXAMPLES} | {counts['examples']:,} "
            f"| {counts['requests']:,} | anonymous + 6 + a second CEO | {failures} "
            f"| {seconds:.0f} s |",
            "",
            "Each example is sent anonymously and as every role (CEO, reviewer, lead, trainer, "
            "scheduler, admin, and a second CEO with the first one's ids); checks: no 5xx, "
            "status code, content type, response headers and body as documented; for writes, "
            "bodies the schema forbids (negative examples, anonymous and admin) are refused.",
            "<!-- /bench:schema -->",
        ]
    )
    doc = DOC.read_text()
    pattern = re.compile(r"<!-- bench:schema -->.*?<!-- /bench:schema -->", re.S)
    if pattern.search(doc):
        doc = pattern.sub(lambda _m: text, doc)
    else:
        doc = doc.rstrip("\n") + "\n\n## The API against its own schema (schemathesis)\n\n"
        doc += text + "\n"
    DOC.write_text(doc)
