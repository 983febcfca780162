"""Small hand-made worlds for the standby backfill: a cancelled show and CEOs standing by."""

import itertools
from datetime import timedelta

from onboarding.applicants.models import Application
from onboarding.questionnaires.models import Answer, Question
from onboarding.reviews.models import ReviewCase
from onboarding.studios.models import Booking, SampleShipment, Studio
from onboarding.studios.services import booking_cancel, booking_create
from tests.factories import BookingFactory, TrainedApplicationFactory
from tests.studios.conftest import SHOW_END, SHOW_START, commit_weekly

# SHOW_START is a Tuesday, 20:00 in Shanghai.
# Each earlier show at its own time: the studio holds one at a time.
_EARLIER = itertools.count()
EVENINGS = [{"day": "tue", "start": "19:00", "end": "23:00"}]


def set_availability(application: Application, windows: list[dict]) -> None:
    question, _created = Question.objects.get_or_create(
        questionnaire=application.questionnaire,
        key="availability",
        defaults={"kind": "weekly_availability", "label_en": "When", "label_zh": "何时"},
    )
    Answer.objects.update_or_create(
        application=application, question=question, defaults={"value": windows}
    )


def ready_ceo(
    campaign,
    studio: Studio,
    *,
    commitment: int = 3,
    score: int | None = None,
    windows: list[dict] | None = None,
    samples: bool = True,
    **fields,
) -> Application:
    """A trained CEO whose samples are at the studio (from a show there a fortnight before)."""
    application = TrainedApplicationFactory(campaign=campaign, **fields)
    commit_weekly(application, commitment)
    set_availability(application, EVENINGS if windows is None else windows)
    if score is not None:
        ReviewCase.objects.create(application=application, score=score)
    earlier = BookingFactory(
        studio=studio,
        application=application,
        starts_at=SHOW_START - timedelta(days=14, hours=3 * next(_EARLIER)),
    )
    if samples:
        SampleShipment.objects.create(
            booking=earlier,
            status=SampleShipment.Status.RECEIVED,
            received_at=earlier.starts_at - timedelta(days=1),
        )
    return application


def cancelled_show(studio: Studio, scheduler, campaign) -> Booking:
    """A show booked at SHOW_START and cancelled by the scheduler: the freed slot."""
    owner = TrainedApplicationFactory(campaign=campaign)
    booking, _created = booking_create(
        studio=studio,
        application=owner,
        starts_at=SHOW_START,
        ends_at=SHOW_END,
        actor=scheduler,
    )
    return booking_cancel(booking=booking, actor=scheduler, reason="The CEO is ill.")
