"""Invented demo data: a programme in its second campaign, as `make run` shows it first.

One finished campaign whose CEOs went live and whose shows have outcomes; one in progress with
applications in every stage, training on both sides of today and two weeks of studio time.
Everything goes through the services, at the time it would have happened (see seeds/clock.py),
so audit rows, reminders and database constraints are the real ones. Every person and company
here is made up. The same `today` gives the same data.
"""

from datetime import date

from django.db import transaction
from django.db.models import F

from onboarding.notifications.models import Message
from seeds import current, history, setup
from seeds.clock import Clock, travel
from seeds.people import GIVEN, PRODUCTS, SURNAMES
from seeds.setup import CRITERIA, TRAINING_MODULES

__all__ = ["CRITERIA", "GIVEN", "PRODUCTS", "SURNAMES", "TRAINING_MODULES", "load"]
SENT_NOTE = "Demo data: sent before the demo was loaded."


def load(today: date | None = None) -> Clock:
    """Load the whole demo in one transaction; `today` defaults to today in China."""
    clock = Clock(today) if today else Clock.from_now()
    with transaction.atomic():
        before = len(transaction.get_connection().run_on_commit)
        # The programme was set up before its first call went out.
        with travel(clock.at(-200, 9)):
            users = setup.accounts()
            setup.channels()
            studios = setup.studios()
        history.play(clock, users, studios)
        current.play(clock, users, studios)
        settle_outbox(clock)
        # Every hand-over to the broker queued by the load is for a message settle_outbox has
        # just marked sent (only messages due at their "now", all before today, are handed
        # over): drop them rather than wake the worker for hundreds of no-ops. Whatever is
        # still pending is the periodic dispatcher's, as always.
        del transaction.get_connection().run_on_commit[before:]
    return clock


def settle_outbox(clock: Clock) -> int:
    """Messages that fell due before today were sent back then: mark them so.

    A direct update, since no e-mail of the past can be sent now; reminders due from today on
    stay pending, and the worker sends them when they fall due.
    """
    return Message.objects.filter(status=Message.Status.PENDING, due_at__lt=clock.anchor).update(
        status=Message.Status.SENT, sent_at=F("due_at"), note=SENT_NOTE
    )
