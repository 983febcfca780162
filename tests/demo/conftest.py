"""The living demo (seeds/demo.py), loaded once for every test in this package.

Loading it takes about half a minute, so the tests that read it share one load: the package
fixture loads it inside a transaction and rolls it back when the package is done. It is loaded
twice, in fact: once to take a digest and roll back, once more to keep, so that test_seeds.py
can show two loads give the same data.
"""

import hashlib
import importlib
import json
import time
from collections import Counter
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.db import connection, transaction

from onboarding.applicants.models import Application
from onboarding.core.models import AuditEntry
from onboarding.notifications.models import Message
from onboarding.reviews.models import ReviewerScore, ReviewNote
from onboarding.studios.models import Booking
from onboarding.training.models import Attendance, Enrolment
from seeds import demo
from tests.conftest import DEFAULT_REMINDER_MIGRATIONS

# The demo is the same for the same "today".
TODAY = date(2026, 12, 1)


def digest() -> str:
    """A fingerprint of what the demo holds, by natural keys (ids and random tokens differ)."""
    rows = {
        "applications": list(
            Application.objects.order_by("email", "campaign__slug").values_list(
                "campaign__slug",
                "email",
                "full_name",
                "status",
                "channel__code",
                "submitted_at",
                "review__score",
                "review__hard_failed",
                "review__reviewer__username",
                "review__decision_due_at",
            )
        ),
        "scores": sorted(
            ReviewerScore.objects.values_list(
                "application__email", "reviewer__username", "score", "created_at"
            )
        ),
        "notes": sorted(ReviewNote.objects.values_list("application__email", "text", "created_at")),
        "audit": sorted(
            Counter(AuditEntry.objects.values_list("action", "from_state", "to_state")).items()
        ),
        "audit_times": sorted(AuditEntry.objects.values_list("action", "created_at")),
        "enrolments": sorted(
            Enrolment.objects.values_list(
                "application__email", "session__module__code", "session__starts_at", "status"
            )
        ),
        "attendance": sorted(
            Attendance.objects.values_list("enrolment__application__email", "attended", "marked_at")
        ),
        "bookings": sorted(
            Booking.objects.values_list(
                "studio__name",
                "application__email",
                "kind",
                "status",
                "starts_at",
                "ends_at",
                "ready_at",
                "attendance_confirmed_at",
                "shipment__status",
                "outcome__result",
                "outcome__viewers",
                "outcome__turnover",
                "outcome__new_followers",
            ),
            key=str,
        ),
        "messages": sorted(
            Message.objects.values_list("kind", "channel", "recipient", "due_at", "status"),
            key=str,
        ),
    }
    text = json.dumps(rows, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _load():
    for name in DEFAULT_REMINDER_MIGRATIONS:
        importlib.import_module(name).create(django_apps, None)
    started, cpu = time.monotonic(), time.process_time()
    clock = demo.load(today=TODAY)
    seconds = time.monotonic() - started
    print(f"\ndemo loaded in {seconds:.1f} s ({time.process_time() - cpu:.1f} s CPU)")
    return clock, seconds


@pytest.fixture(scope="package")
def loaded(django_db_setup, django_db_blocker):
    """The demo as make run loads it (reminder rules migrated), kept for the package."""
    with django_db_blocker.unblock(), transaction.atomic():
        with transaction.atomic():
            _clock, _seconds = _load()
            first = digest()
            transaction.set_rollback(True)
        clock, seconds = _load()
        left = len(connection.run_on_commit)
        yield {"clock": clock, "first_digest": first, "seconds": seconds, "on_commit": left}
        transaction.set_rollback(True)
