"""Parallel acceptances of one freed slot, each on its own PostgreSQL connection: one booking."""

import pytest

from onboarding.core.errors import DomainError
from onboarding.core.models import Role
from onboarding.studios.models import Booking, BookingStatus, FreedSlot, StandbyOffer
from onboarding.studios.services.standby import standby_accept
from tests.factories import CampaignFactory, StudioFactory, UserFactory
from tests.helpers import race
from tests.studios.standby_world import cancelled_show, ready_ceo

CEOS = 8


@pytest.mark.django_db(transaction=True)
def test_eight_ceos_accepting_one_slot_at_once_get_one_booking(settings):
    # Given a wave of eight offers open at once for one freed slot
    settings.STANDBY_WAVE_SIZE = CEOS
    scheduler = UserFactory(role=Role.SCHEDULER)
    campaign, studio = CampaignFactory(), StudioFactory()
    ceos = [ready_ceo(campaign, studio) for _ in range(CEOS)]
    cancelled = cancelled_show(studio, scheduler, campaign)
    slot = FreedSlot.objects.get(cancelled_booking=cancelled)
    offers = list(slot.offers.select_related("application__user"))
    assert len(offers) == CEOS

    # When every CEO accepts at the same moment, and each twice (a double tap)
    calls = [
        (lambda o=offer: standby_accept(offer_id=o.pk, actor=o.application.user).pk)
        for offer in offers
        for _ in range(2)
    ]
    outcomes = race(*calls)

    # Then one booking, for one of them; every other answer is a 409 offer_closed
    booked = [o for o in outcomes if isinstance(o, int)]
    refused = [o for o in outcomes if not isinstance(o, int)]
    assert len(set(booked)) == 1 and len(booked) == 1, outcomes
    assert all(isinstance(o, DomainError) and o.code == "offer_closed" for o in refused), refused
    shows = Booking.objects.filter(
        studio=studio, status=BookingStatus.CONFIRMED, starts_at=cancelled.starts_at
    )
    assert shows.count() == 1
    winner = shows.get()
    assert winner.application in ceos
    slot.refresh_from_db()
    assert (slot.status, slot.booking_id) == (FreedSlot.Status.FILLED, winner.pk)
    statuses = sorted(slot.offers.values_list("status", flat=True))
    assert statuses == [StandbyOffer.Status.ACCEPTED] + [StandbyOffer.Status.WITHDRAWN] * 7
