"""Standby backfill: a cancelled show's slot goes to the best ready CEO, expires, moves on."""

import importlib
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps as django_apps
from django.db import IntegrityError, transaction

from onboarding.core.errors import NotAllowed
from onboarding.core.models import Role
from onboarding.notifications.models import Message
from onboarding.notifications.registry import Gone, event_state
from onboarding.studios.errors import OfferClosed
from onboarding.studios.models import Booking, BookingStatus, FreedSlot, StandbyOffer
from onboarding.studios.selectors.standby import standby_candidates
from onboarding.studios.services import booking_create
from onboarding.studios.services.standby import (
    standby_accept,
    standby_decline,
    standby_offers_expire,
)
from tests.factories import BookingFactory, CampaignFactory, StudioFactory, UserFactory
from tests.studios.conftest import SHOW_START, client_for
from tests.studios.standby_world import cancelled_show, ready_ceo

Pending = StandbyOffer.Status.PENDING
MORNINGS = {"day": "tue", "start": "08:00", "end": "12:00"}
# The day before the show, 09:00 UTC: offers last two hours, well before the show.
CANCELLED_AT = SHOW_START - timedelta(days=1, hours=3)


@pytest.fixture
def templates(db):
    importlib.import_module("onboarding.studios.migrations.0004_standby").create(django_apps, None)


@pytest.fixture
def world(db, scheduler, templates):
    """One studio, one campaign, and CEOs around it: two ready, four not, for four reasons."""
    campaign = CampaignFactory()
    studio = StudioFactory(name="West Lake")
    ceos = {
        # Three shows a week promised, none booked: furthest below, so first.
        "first": ready_ceo(campaign, studio, commitment=3, score=40),
        # Two below, with the better score: second.
        "second": ready_ceo(campaign, studio, commitment=2, score=90),
        "third": ready_ceo(campaign, studio, commitment=2, score=10),
        "no_samples": ready_ceo(campaign, studio, commitment=5, samples=False),
        "mornings_only": ready_ceo(campaign, studio, commitment=5, windows=[MORNINGS]),
        "busy": ready_ceo(campaign, studio, commitment=5),
        "not_trained": ready_ceo(campaign, studio, commitment=5, status="approved"),
    }
    # "busy" has a show elsewhere then.
    BookingFactory(application=ceos["busy"], starts_at=SHOW_START, studio=StudioFactory())
    return {"campaign": campaign, "studio": studio, "ceos": ceos, "scheduler": scheduler}


def _cancel(world) -> FreedSlot:
    with time_machine.travel(CANCELLED_AT, tick=False):
        booking = cancelled_show(world["studio"], world["scheduler"], world["campaign"])
    return FreedSlot.objects.get(cancelled_booking=booking)


def _pending(slot) -> list[int]:
    return list(slot.offers.filter(status=Pending).values_list("application_id", flat=True))


def test_the_standby_list_holds_ready_ceos_only_ranked_by_shortfall_then_score(world):
    slot = _cancel(world)
    ceos = world["ceos"]

    ranked = standby_candidates(slot=slot, exclude_offered=False)

    assert [c.application for c in ranked] == [ceos["first"], ceos["second"], ceos["third"]]
    assert [c.shortfall for c in ranked] == [3, 2, 2]


def test_cancelling_offers_the_slot_to_the_first_ready_ceo_through_the_outbox(world):
    slot = _cancel(world)

    first = world["ceos"]["first"]
    offer = slot.offers.get()
    assert (offer.application, offer.status, offer.rank) == (first, Pending, 1)
    assert offer.expires_at == CANCELLED_AT + timedelta(hours=2)
    message = Message.objects.get(event_key=f"standby_offer:{offer.pk}", recipient=first.email)
    assert "A studio slot is free: West Lake" in message.subject
    assert "/me/standby/" in message.body


def test_an_expired_offer_moves_to_the_next_and_the_last_closes_the_slot(world):
    slot = _cancel(world)
    ceos = world["ceos"]

    # An hour in, nothing has expired yet.
    with time_machine.travel(CANCELLED_AT + timedelta(hours=1), tick=False):
        assert standby_offers_expire() == 0
    assert _pending(slot) == [ceos["first"].pk]

    # Past two hours the first offer expires and the second CEO is asked.
    later = CANCELLED_AT + timedelta(hours=2, minutes=1)
    with time_machine.travel(later, tick=False):
        assert standby_offers_expire() == 1
    assert _pending(slot) == [ceos["second"].pk]
    assert slot.offers.get(application=ceos["first"]).status == StandbyOffer.Status.EXPIRED
    second = slot.offers.get(application=ceos["second"])
    assert second.expires_at == later + timedelta(hours=2)
    # The first CEO's message no longer stands: the dispatcher drops it if still unsent.
    first = slot.offers.get(application=ceos["first"])
    assert isinstance(event_state("standby_offer", str(first.pk)), Gone)

    # The second declines: the third is asked at once. The third lets it expire: closed.
    with time_machine.travel(later + timedelta(minutes=5), tick=False):
        standby_decline(offer_id=second.pk, actor=ceos["second"].user)
    assert _pending(slot) == [ceos["third"].pk]
    with time_machine.travel(later + timedelta(hours=3), tick=False):
        standby_offers_expire()
    slot.refresh_from_db()
    assert slot.status == FreedSlot.Status.EXHAUSTED
    assert _pending(slot) == []


def test_an_offer_never_runs_past_the_show(world, settings):
    settings.STANDBY_OFFER_HOURS = 48
    slot = _cancel(world)

    assert slot.offers.get().expires_at == SHOW_START - timedelta(minutes=30)


def test_accepting_books_the_show_through_the_booking_service(world):
    slot = _cancel(world)
    first = world["ceos"]["first"]
    offer = slot.offers.get()

    with time_machine.travel(CANCELLED_AT + timedelta(minutes=10), tick=False):
        booking = standby_accept(offer_id=offer.pk, actor=first.user)

    assert (booking.application, booking.studio, booking.starts_at) == (
        first,
        world["studio"],
        SHOW_START,
    )
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.created_by == world["scheduler"]
    slot.refresh_from_db()
    assert (slot.status, slot.booking) == (FreedSlot.Status.FILLED, booking)
    # The booking service's own notice tells the CEO, with the link to confirm.
    assert Message.objects.filter(event_key=f"show_booked:{booking.pk}").exists()
    # And the offer is answered: accepting again is a 409.
    with pytest.raises(OfferClosed):
        standby_accept(offer_id=offer.pk, actor=first.user)


def test_an_offer_past_its_time_cannot_be_accepted_even_before_the_task_ran(world):
    slot = _cancel(world)
    offer = slot.offers.get()

    late = time_machine.travel(offer.expires_at + timedelta(seconds=1), tick=False)
    with late, pytest.raises(OfferClosed, match="expired"):
        standby_accept(offer_id=offer.pk, actor=world["ceos"]["first"].user)
    assert not Booking.objects.filter(
        status=BookingStatus.CONFIRMED, studio=world["studio"], starts_at=SHOW_START
    ).exists()


def test_only_the_ceo_offered_may_answer(world):
    slot = _cancel(world)
    offer = slot.offers.get()

    with pytest.raises(NotAllowed):
        standby_accept(offer_id=offer.pk, actor=world["ceos"]["second"].user)


def test_a_booking_rule_that_fails_leaves_the_offer_open(world):
    slot = _cancel(world)
    first = world["ceos"]["first"]
    offer = slot.offers.get()
    # Meanwhile the CEO was booked elsewhere at that time.
    with time_machine.travel(CANCELLED_AT, tick=False):
        booking_create(
            studio=StudioFactory(),
            application=first,
            starts_at=SHOW_START,
            ends_at=SHOW_START + timedelta(hours=1),
            actor=world["scheduler"],
        )

    soon = time_machine.travel(CANCELLED_AT + timedelta(minutes=1), tick=False)
    with soon, pytest.raises(Exception, match="taken|booked") as refused:
        standby_accept(offer_id=offer.pk, actor=first.user)
    assert refused.value.status_code == 409
    offer.refresh_from_db()
    assert offer.status == Pending


def test_the_database_refuses_a_second_accepted_offer_for_a_slot(world, settings):
    settings.STANDBY_WAVE_SIZE = 2
    slot = _cancel(world)
    one, two = slot.offers.all()

    StandbyOffer.objects.filter(pk=one.pk).update(status=StandbyOffer.Status.ACCEPTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        StandbyOffer.objects.filter(pk=two.pk).update(status=StandbyOffer.Status.ACCEPTED)


def test_a_rehearsal_or_a_ceo_cancelling_without_a_scheduler_frees_nothing(world):
    with time_machine.travel(CANCELLED_AT, tick=False):
        booking = cancelled_show(world["studio"], world["scheduler"], world["campaign"])
    assert FreedSlot.objects.filter(cancelled_booking=booking).exists()
    rehearsal = BookingFactory(studio=world["studio"], kind="rehearsal")
    from onboarding.studios.services.standby import standby_open

    assert standby_open(booking=rehearsal, actor=world["scheduler"]) is None


class TestApi:
    def test_the_ceo_sees_and_accepts_their_offer(self, world):
        slot = _cancel(world)
        first = world["ceos"]["first"]
        client = client_for(first.user)

        with time_machine.travel(CANCELLED_AT + timedelta(minutes=5), tick=False):
            listed = client.get("/api/v1/me/standby-offers/")
            offer = listed.json()["results"][0]
            accepted = client.post(f"/api/v1/me/standby-offers/{offer['id']}/accept/")

        assert listed.status_code == 200
        assert (offer["status"], offer["studio"]["name"]) == ("pending", "West Lake")
        assert accepted.status_code == 200, accepted.json()
        assert accepted.json()["starts_at"] == "2027-05-25T12:00:00Z"
        slot.refresh_from_db()
        assert slot.booking_id == accepted.json()["id"]

    def test_another_ceo_cannot_see_or_take_it(self, world):
        slot = _cancel(world)
        other = client_for(world["ceos"]["second"].user)
        offer = slot.offers.get()

        assert other.get("/api/v1/me/standby-offers/").json()["results"] == []
        assert other.post(f"/api/v1/me/standby-offers/{offer.pk}/accept/").status_code == 404

    def test_an_expired_offer_is_a_409_with_its_code(self, world):
        slot = _cancel(world)
        offer = slot.offers.get()
        client = client_for(world["ceos"]["first"].user)

        with time_machine.travel(offer.expires_at + timedelta(minutes=1), tick=False):
            response = client.post(f"/api/v1/me/standby-offers/{offer.pk}/accept/")

        assert response.status_code == 409
        assert response.json()["code"] == "offer_closed"

    def test_the_scheduler_sees_the_slot_its_offers_and_the_standby_list(self, world):
        slot = _cancel(world)
        client = client_for(world["scheduler"])

        listed = client.get(f"/api/v1/standby/slots/?booking={slot.cancelled_booking_id}")
        detail = client.get(f"/api/v1/standby/slots/{slot.pk}/")

        assert [s["id"] for s in listed.json()["results"]] == [slot.pk]
        body = detail.json()
        assert body["status"] == "open"
        assert [o["status"] for o in body["offers"]] == ["pending"]
        assert [c["application"] for c in body["candidates"]] == [
            world["ceos"]["second"].pk,
            world["ceos"]["third"].pk,
        ]
        assert "commitment" in body["ranking"]

    def test_ceos_may_not_see_the_slots_and_bad_filters_are_400(self, world):
        _cancel(world)
        ceo = client_for(world["ceos"]["first"].user)
        scheduler = client_for(world["scheduler"])

        assert ceo.get("/api/v1/standby/slots/").status_code == 403
        response = scheduler.get("/api/v1/standby/slots/?status=lost")
        assert response.status_code == 400
        assert "status" in response.json()["fields"]


class TestQueryBudgets:
    def test_the_lists_and_the_standby_list_keep_their_query_budget(
        self, world, settings, django_assert_max_num_queries
    ):
        settings.STANDBY_WAVE_SIZE = 3
        # Three freed slots on three days, each offered to the three ready CEOs
        for day in range(3):
            with time_machine.travel(CANCELLED_AT, tick=False):
                owner = ready_ceo(world["campaign"], world["studio"])
                booking, _created = booking_create(
                    studio=world["studio"],
                    application=owner,
                    starts_at=SHOW_START + timedelta(days=7 * (day + 1)),
                    ends_at=SHOW_START + timedelta(days=7 * (day + 1), hours=2),
                    actor=world["scheduler"],
                )
                from onboarding.studios.services import booking_cancel

                booking_cancel(booking=booking, actor=world["scheduler"], reason="Ill.")
        scheduler = client_for(world["scheduler"])
        ceo = client_for(world["ceos"]["first"].user)
        slot = FreedSlot.objects.first()

        with django_assert_max_num_queries(8):
            slots = scheduler.get("/api/v1/standby/slots/")
        with django_assert_max_num_queries(16):
            detail = scheduler.get(f"/api/v1/standby/slots/{slot.pk}/")
        with django_assert_max_num_queries(6):
            mine = ceo.get("/api/v1/me/standby-offers/")

        assert slots.json()["count"] == 3
        assert all(len(s["offers"]) == 3 for s in slots.json()["results"])
        assert detail.status_code == 200
        assert mine.json()["count"] == 3


def test_the_admin_shows_freed_slots_with_their_offers(world, client):
    slot = _cancel(world)
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)

    listed = client.get("/admin/studios/freedslot/")
    shown = client.get(f"/admin/studios/freedslot/{slot.pk}/change/")

    assert listed.status_code == 200
    assert shown.status_code == 200
    assert world["ceos"]["first"].reference in shown.content.decode()


def test_the_data_copy_holds_the_ceos_standby_offers(world):
    slot = _cancel(world)
    from onboarding.core.privacy import DataSubject
    from onboarding.studios import privacy

    first = world["ceos"]["first"]
    subject = DataSubject(application_ids=(first.pk,), user_id=first.user_id)
    offers = privacy.export(subject)["standby_offers"]

    assert [(o["studio"], o["status"]) for o in offers] == [("West Lake", "pending")]
    assert slot.offers.count() == 1
