"""Acceptance: fifty CEOs racing for the last seat of a session on real PostgreSQL."""

import threading
from collections import Counter

import pytest
from django.db import connections

from onboarding.core.errors import Conflict
from onboarding.training.models import Enrolment
from onboarding.training.services import enrolment_create
from tests.factories import EnrolmentFactory, TrainingSessionFactory
from tests.training.conftest import approved_ceo

ATTEMPTS = 50
CAPACITY = 5


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_attempts_for_the_last_seat_leave_exactly_one_new_seat():
    # Given a session with one seat left, and fifty approved CEOs; the odd ones would rather be
    # refused than wait.
    session = TrainingSessionFactory(capacity=CAPACITY)
    EnrolmentFactory.create_batch(CAPACITY - 1, session=session, application__accounts=0)
    applications = [approved_ceo(session.module.campaign) for _ in range(ATTEMPTS)]
    wants_to_wait = {index: index % 2 == 0 for index in range(ATTEMPTS)}
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: dict[int, str] = {}

    def attempt(index: int) -> None:
        application = applications[index]
        try:
            # Every thread opens its own connection after the barrier: all fifty ask at once.
            barrier.wait(timeout=30)
            enrolment = enrolment_create(
                session=session,
                application=application,
                actor=application.user,
                waitlist=wants_to_wait[index],
            )
            outcomes[index] = enrolment.status
        except Conflict as exc:
            outcomes[index] = exc.code
        except Exception as exc:  # any other failure must show in the assertion
            outcomes[index] = repr(exc)
        finally:
            connections.close_all()

    # When they all try at the same moment
    threads = [threading.Thread(target=attempt, args=(index,)) for index in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # Then exactly one got the seat, the session is exactly full, and every other CEO waits or
    # was refused as they asked.
    counts = Counter(outcomes.values())
    assert len(outcomes) == ATTEMPTS
    assert counts["enrolled"] == 1, counts
    [winner] = [index for index, outcome in outcomes.items() if outcome == "enrolled"]
    for index, outcome in outcomes.items():
        if index != winner:
            assert outcome == ("waitlisted" if wants_to_wait[index] else "full"), outcome
    seats = Enrolment.objects.filter(session=session, status=Enrolment.Status.ENROLLED)
    assert seats.count() == CAPACITY
    assert seats.filter(application=applications[winner]).exists()
    waiting = Enrolment.objects.filter(session=session, status=Enrolment.Status.WAITLISTED)
    assert waiting.count() == counts["waitlisted"] == ATTEMPTS // 2 - wants_to_wait[winner]
