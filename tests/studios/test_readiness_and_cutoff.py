"""Go-live readiness, samples, outcomes, and the cut-off only a scheduler may override."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine

from onboarding.applicants.models import Status
from onboarding.core.errors import Conflict, NotAllowed
from onboarding.core.selectors import audit_history
from onboarding.studios.errors import InsideCutoff, NotReady
from onboarding.studios.models import SampleShipment
from onboarding.studios.selectors import readiness, samples_late
from onboarding.studios.services import (
    booking_cancel,
    booking_confirm_ready,
    booking_create,
    booking_move,
    outcome_record,
    shipment_update,
)
from tests.factories import (
    BookingFactory,
    SchedulingSettingsFactory,
    TrainedApplicationFactory,
)
from tests.studios.conftest import SHOW_END, SHOW_START


@pytest.fixture
def show(studio, application, scheduler):
    booking, _ = booking_create(
        studio=studio,
        application=application,
        starts_at=SHOW_START,
        ends_at=SHOW_END,
        actor=scheduler,
    )
    return booking


def _items(check) -> dict[str, bool]:
    return {item.key: item.ok for item in check.items}


def test_readiness_lists_what_is_missing_until_samples_arrive(show, scheduler):
    assert _items(readiness(booking=show)) == {"training": True, "samples": False}

    with pytest.raises(NotReady) as refused:
        booking_confirm_ready(booking=show, actor=scheduler)
    assert refused.value.extra == {"missing": ["samples"]}
    assert "samples" in refused.value.message

    shipment_update(
        booking=show,
        actor=show.ceo,
        carrier="SF Express",
        tracking_number="SF123",
        status="shipped",
    )
    shipment_update(booking=show, actor=scheduler, status="received")
    confirmed = booking_confirm_ready(booking=show, actor=scheduler)

    assert confirmed.ready_at is not None and confirmed.ready_by == scheduler
    actions = [e.action for e in audit_history(subject=show)]
    assert actions == ["booking_create", "shipment_update", "shipment_update", "booking_ready"]
    received = audit_history(subject=show)[2]
    assert (received.from_state, received.to_state) == ("shipped", "received")


def test_training_not_complete_blocks_readiness(studio, scheduler):
    booking = BookingFactory(studio=studio, application__status=Status.APPROVED)

    check = readiness(booking=booking)

    assert not check.ready and "training" in check.missing


def test_a_required_rehearsal_counts_once_it_was_held(show, scheduler):
    SchedulingSettingsFactory(campaign=show.application.campaign, rehearsal_required=True)
    shipment_update(booking=show, actor=scheduler, tracking_number="SF1", status="received")
    assert _items(readiness(booking=show))["rehearsal"] is False

    rehearsal = BookingFactory(
        studio=show.studio,
        application=show.application,
        kind="rehearsal",
        starts_at=SHOW_START - timedelta(days=2),
    )
    assert _items(readiness(booking=show))["rehearsal"] is False  # booked, not yet done
    with time_machine.travel(SHOW_START - timedelta(days=1), tick=False):
        outcome_record(booking=rehearsal, actor=scheduler, result="held")

    assert readiness(booking=show).ready


def test_a_ceo_may_not_mark_their_own_samples_received(show):
    with pytest.raises(NotAllowed):
        shipment_update(booking=show, actor=show.ceo, status="received")


def test_samples_are_late_once_the_due_time_passes_without_receipt(show, scheduler):
    # Due 72 hours before the show by default.
    due = SHOW_START - timedelta(hours=72)

    assert not samples_late(show, now=due - timedelta(minutes=1))
    assert samples_late(show, now=due)
    shipment_update(booking=show, actor=scheduler, tracking_number="SF9", status="received")
    show.refresh_from_db()
    assert not samples_late(show, now=due)
    assert SampleShipment.objects.get(booking=show).received_at is not None


def test_inside_the_cutoff_a_ceo_may_not_cancel_and_a_scheduler_overrides_on_record(
    show, scheduler
):
    with time_machine.travel(SHOW_START - timedelta(hours=24), tick=False):
        with pytest.raises(InsideCutoff) as refused:
            booking_cancel(booking=show, actor=show.ceo, reason="Sick")
        assert refused.value.status_code == 403

        booking_cancel(booking=show, actor=scheduler, reason="CEO is sick")

    show.refresh_from_db()
    assert (show.status, show.cancel_reason) == ("cancelled", "CEO is sick")
    entry = audit_history(subject=show).last()
    assert (entry.action, entry.actor, entry.reason) == ("booking_cancel", scheduler, "CEO is sick")
    assert (entry.from_state, entry.to_state) == ("confirmed", "cancelled")
    assert entry.data["cutoff_override"] is True and entry.data["cutoff_hours"] == 48


def test_outside_the_cutoff_the_ceo_may_move_their_own_show_without_override(show):
    later = SHOW_START + timedelta(days=1)
    with time_machine.travel(SHOW_START - timedelta(days=5), tick=False):
        booking_move(
            booking=show,
            starts_at=later,
            ends_at=later + timedelta(hours=2),
            actor=show.ceo,
            reason="Supplier visit",
        )

    entry = audit_history(subject=show).last()
    assert entry.actor == show.ceo and entry.data["cutoff_override"] is False


def test_moving_into_the_cutoff_window_needs_a_scheduler(show):
    # Now is five days ahead of the show, but the new time is only a day away.
    with time_machine.travel(SHOW_START - timedelta(days=5), tick=False):
        soon = SHOW_START - timedelta(days=4)
        with pytest.raises(InsideCutoff):
            booking_move(
                booking=show,
                starts_at=soon,
                ends_at=soon + timedelta(hours=2),
                actor=show.ceo,
                reason="Earlier",
            )


def test_the_campaign_sets_its_own_cutoff(show, scheduler):
    SchedulingSettingsFactory(campaign=show.application.campaign, cutoff_hours=12)

    with time_machine.travel(SHOW_START - timedelta(hours=24), tick=False):
        booking_cancel(booking=show, actor=show.ceo, reason="Change of plan")

    assert audit_history(subject=show).last().data == {
        "studio": show.studio_id,
        "starts_at": SHOW_START.isoformat(),
        "ends_at": SHOW_END.isoformat(),
        "cutoff_override": False,
        "cutoff_hours": 12,
    }


def test_another_ceo_may_not_touch_the_booking(show):
    stranger = TrainedApplicationFactory().user
    with pytest.raises(NotAllowed):
        booking_cancel(booking=show, actor=stranger, reason="mine now")


def test_first_held_show_takes_the_ceo_live_and_keeps_the_figures(show, scheduler):
    shipment_update(booking=show, actor=scheduler, tracking_number="SF7", status="received")
    booking_confirm_ready(booking=show, actor=scheduler)
    with time_machine.travel(SHOW_END, tick=False):
        outcome = outcome_record(
            booking=show,
            actor=scheduler,
            result="held",
            viewers=12000,
            turnover=Decimal("86500.50"),
            new_followers=900,
        )

    show.application.refresh_from_db()
    assert show.application.status == Status.LIVE
    assert outcome.turnover == Decimal("86500.50")
    assert audit_history(subject=show.application).last().action == "go_live"


def test_a_no_show_does_not_take_the_ceo_live(show, scheduler):
    with time_machine.travel(SHOW_END, tick=False):
        outcome_record(booking=show, actor=scheduler, result="no_show")

    show.application.refresh_from_db()
    assert show.application.status == Status.SCHEDULED


def test_an_outcome_waits_for_the_show(show, scheduler):
    with pytest.raises(Conflict):
        outcome_record(booking=show, actor=scheduler, result="held")
