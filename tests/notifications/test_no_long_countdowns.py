"""No task anywhere is delayed past Redis's visibility timeout.

A Redis broker hands an unacknowledged message to a second worker once the visibility timeout
has passed; a task held back longer than that (countdown, ETA, retry delay) runs twice. Delays
belong in the outbox (`next_attempt_at`), read by the dispatcher. This scans the source with
`ast`: a delay it cannot prove short enough is refused too.
"""

import ast
import operator
from pathlib import Path

import pytest
from django.conf import settings

from onboarding.notifications.checks import stale_claim_outlives_a_live_sender

ROOT = Path(__file__).resolve().parents[2]
SCANNED = [ROOT / "onboarding", ROOT / "config"]
TASK_DECORATORS = {"shared_task", "task"}
# Options of a task (the decorator) that delay its retries.
TASK_DELAYS = {"default_retry_delay", "retry_backoff_max", "countdown"}
# Calls that take per-call delays.
DELAYED_CALLS = {"apply_async", "retry", "signature", "s", "si", "set", "send_task", "subtask"}
CELERY_DEFAULT_BACKOFF_MAX = 600
_OPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Pow: operator.pow,
}


def visibility_timeout() -> float:
    return settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]


def _bound(node: ast.AST, constants: dict[str, float]) -> float | None:
    """An upper bound of a numeric expression, or None if none can be proved."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _bound(node.operand, constants)
        return None if value is None else -value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        left, right = _bound(node.left, constants), _bound(node.right, constants)
        if left is None or right is None:
            return None
        return _OPS[type(node.op)](left, right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "min":
        bounds = [b for b in (_bound(arg, constants) for arg in node.args) if b is not None]
        return min(bounds) if bounds else None
    return None


def _module_constants(tree: ast.Module) -> dict[str, float]:
    constants: dict[str, float] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name):
                value = _bound(statement.value, constants)
                if value is not None:
                    constants[target.id] = value
    return constants


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def problems_in(source: str, filename: str, limit: float) -> list[str]:
    """Every delay in `source` that is, or may be, longer than `limit` seconds."""
    tree = ast.parse(source, filename)
    constants = _module_constants(tree)
    problems = []

    def check(node: ast.AST, what: str) -> None:
        where = f"{filename}:{node.lineno}"
        bound = _bound(node, constants)
        if bound is None:
            problems.append(f"{where}: {what} is not a constant that can be checked")
        elif bound > limit:
            problems.append(f"{where}: {what} of {bound:g} s is over the {limit:g} s limit")

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            options = {kw.arg: kw.value for kw in node.keywords if kw.arg}
            if name in TASK_DECORATORS:
                for option in TASK_DELAYS & options.keys():
                    check(options[option], f"task option {option}")
                unbounded = "retry_backoff" in options and "retry_backoff_max" not in options
                if unbounded and limit < CELERY_DEFAULT_BACKOFF_MAX:
                    problems.append(f"{filename}:{node.lineno}: retry_backoff without a max")
            if name in DELAYED_CALLS | TASK_DECORATORS:
                if "countdown" in options and name not in TASK_DECORATORS:
                    check(options["countdown"], f"{name}(countdown=)")
                if "eta" in options:
                    problems.append(
                        f"{filename}:{node.lineno}: {name}(eta=) cannot be proved short"
                    )
        # Options passed along as a dict: {"countdown": ...} or dict(countdown=...)
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "countdown":
                    check(value, "a countdown option")
                if isinstance(key, ast.Constant) and key.value == "eta":
                    problems.append(
                        f"{filename}:{node.lineno}: an eta option cannot be proved short"
                    )
    return problems


def _sources() -> list[Path]:
    return sorted(path for root in SCANNED for path in root.rglob("*.py"))


def test_no_task_in_the_code_base_waits_longer_than_the_visibility_timeout():
    # Given every Python file of the project (apps and config)
    files = _sources()
    assert len(files) > 50

    # When each is scanned for task options and delayed calls
    problems = [
        problem
        for path in files
        for problem in problems_in(
            path.read_text(), str(path.relative_to(ROOT)), visibility_timeout()
        )
    ]

    # Then none delays a task past the broker's visibility timeout
    assert problems == []


def test_the_scan_sees_the_projects_tasks():
    tasks = [path.relative_to(ROOT) for path in _sources() if "shared_task" in path.read_text()]

    assert Path("onboarding/notifications/tasks.py") in tasks


@pytest.mark.parametrize(
    "source",
    [
        "task.apply_async((1,), countdown=7200)",
        "self.retry(exc=exc, countdown=4000)",
        "self.retry(countdown=2 ** self.request.retries)",
        "task.apply_async((1,), eta=when)",
        "task.s(1).set(countdown=HOUR * 2)\nHOUR = 3600",
        "HOUR = 3600\ntask.s(1).set(countdown=HOUR * 2)",
        "app.send_task('x', countdown=3601)",
        "options = {'countdown': 9000}",
        "@shared_task(default_retry_delay=5000)\ndef t(): pass",
        "@shared_task(retry_backoff=True, retry_backoff_max=7200)\ndef t(): pass",
    ],
)
def test_the_scan_refuses_a_delay_it_cannot_prove_short(source):
    assert problems_in(source, "example.py", 3600) != []


@pytest.mark.parametrize(
    "source",
    [
        "task.apply_async((1,), countdown=60)",
        "LIMIT = 300\nself.retry(countdown=min(2 ** self.request.retries, LIMIT))",
        "task.apply_async(expires=60)",
        "@shared_task(autoretry_for=(E,), retry_backoff=True)\ndef t(): pass",
        "@shared_task(soft_time_limit=1500)\ndef t(): pass",
    ],
)
def test_the_scan_accepts_short_delays(source):
    assert problems_in(source, "example.py", 3600) == []


def test_frequent_beat_jobs_expire_before_the_next_run():
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        expires = entry.get("options", {}).get("expires")
        assert expires is not None and expires <= entry["schedule"], name


def test_a_stale_claim_timeout_a_live_sender_could_reach_is_flagged(settings):
    # The dispatcher takes a `sending` row older than this for a dead sender's: it must be
    # longer than a task may run (CELERY_TASK_TIME_LIMIT), or a slow sender is doubled.
    settings.NOTIFICATIONS_STALE_CLAIM_SECONDS = settings.CELERY_TASK_TIME_LIMIT
    flagged = stale_claim_outlives_a_live_sender(None)
    settings.NOTIFICATIONS_STALE_CLAIM_SECONDS = 300
    fine = stale_claim_outlives_a_live_sender(None)

    assert [warning.id for warning in flagged] == ["notifications.W001"]
    assert fine == []
