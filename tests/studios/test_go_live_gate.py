"""A show goes live only when a scheduler confirmed it ready, or overrode the checklist with a
reason on the record: recording it held is refused otherwise, and the CEO does not go live."""

from datetime import timedelta

import pytest
import time_machine

from onboarding.applicants import workflow
from onboarding.applicants.models import Status
from onboarding.applicants.services import application_transition
from onboarding.core.errors import Invalid, NotAllowed
from onboarding.core.selectors import audit_history
from onboarding.studios.errors import NotReady
from onboarding.studios.models import ShowOutcome
from onboarding.studios.services import (
    booking_confirm_ready,
    booking_create,
    booking_move,
    outcome_record,
    shipment_update,
)
from tests.factories import BookingFactory, SchedulingSettingsFactory
from tests.studios.conftest import SHOW_END, SHOW_START, client_for

AFTER = SHOW_END + timedelta(minutes=5)


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


def _receive_samples(booking, scheduler) -> None:
    shipment_update(booking=booking, actor=scheduler, tracking_number="SF1", status="received")


def _status(booking) -> str:
    booking.application.refresh_from_db()
    return booking.application.status


class TestService:
    def test_a_show_never_confirmed_ready_is_not_recorded_held_and_nobody_goes_live(
        self, show, scheduler
    ):
        # The report: samples missing, no rehearsal, and the show went live anyway.
        SchedulingSettingsFactory(campaign=show.application.campaign, rehearsal_required=True)

        with time_machine.travel(AFTER, tick=False), pytest.raises(NotReady) as refused:
            outcome_record(booking=show, actor=scheduler, result="held", viewers=100)

        assert refused.value.extra["missing"] == ["samples", "rehearsal", "confirmation"]
        assert "override_reason" in refused.value.message
        assert not ShowOutcome.objects.filter(booking=show).exists()
        assert _status(show) == Status.SCHEDULED

    def test_a_checklist_that_passes_is_not_enough_without_the_confirmation(self, show, scheduler):
        _receive_samples(show, scheduler)

        with time_machine.travel(AFTER, tick=False), pytest.raises(NotReady) as refused:
            outcome_record(booking=show, actor=scheduler, result="held")

        assert refused.value.extra["missing"] == ["confirmation"]
        assert _status(show) == Status.SCHEDULED

    def test_confirmed_ready_goes_live_and_the_application_history_says_how(self, show, scheduler):
        _receive_samples(show, scheduler)
        booking_confirm_ready(booking=show, actor=scheduler)

        with time_machine.travel(AFTER, tick=False):
            outcome_record(booking=show, actor=scheduler, result="held")

        assert _status(show) == Status.LIVE
        go_live = audit_history(subject=show.application).last()
        assert go_live.action == "go_live"
        assert go_live.data["booking"] == show.pk and go_live.data["readiness"] == "confirmed"

    def test_a_scheduler_overrides_the_checklist_with_a_reason_on_the_record(self, show, scheduler):
        booking_confirm_ready(
            booking=show, actor=scheduler, override_reason="Samples are the CEO's own stock"
        )

        show.refresh_from_db()
        assert show.ready_at is not None and show.ready_by == scheduler
        assert show.ready_override_reason == "Samples are the CEO's own stock"
        entry = audit_history(subject=show).last()
        assert (entry.action, entry.actor, entry.reason) == (
            "booking_ready_override",
            scheduler,
            "Samples are the CEO's own stock",
        )
        assert entry.data["missing"] == ["samples"]

        with time_machine.travel(AFTER, tick=False):
            outcome_record(booking=show, actor=scheduler, result="held")

        assert _status(show) == Status.LIVE
        go_live = audit_history(subject=show.application).last()
        assert go_live.data["readiness"] == "override"
        assert go_live.data["override_reason"] == "Samples are the CEO's own stock"

    def test_an_override_needs_a_reason_and_a_scheduler(self, show, scheduler):
        with pytest.raises(NotReady):
            booking_confirm_ready(booking=show, actor=scheduler, override_reason="   ")
        with pytest.raises(NotAllowed):
            booking_confirm_ready(booking=show, actor=show.ceo, override_reason="I am ready")

        show.refresh_from_db()
        assert show.ready_at is None and show.ready_override_reason == ""

    def test_readiness_lost_after_confirming_blocks_again(self, show, scheduler):
        _receive_samples(show, scheduler)
        booking_confirm_ready(booking=show, actor=scheduler)
        shipment_update(booking=show, actor=scheduler, status="pending")

        with time_machine.travel(AFTER, tick=False), pytest.raises(NotReady) as refused:
            outcome_record(booking=show, actor=scheduler, result="held")

        assert refused.value.extra["missing"] == ["samples"]

    def test_a_move_asks_for_readiness_and_its_override_again(self, show, scheduler):
        booking_confirm_ready(booking=show, actor=scheduler, override_reason="Own stock")
        later = SHOW_START + timedelta(days=1)
        with time_machine.travel(SHOW_START - timedelta(days=5), tick=False):
            booking_move(
                booking=show,
                starts_at=later,
                ends_at=later + timedelta(hours=2),
                actor=scheduler,
                reason="Studio maintenance",
            )

        show.refresh_from_db()
        assert (show.ready_at, show.ready_override_reason) == (None, "")

    def test_a_no_show_and_a_rehearsal_need_no_readiness(self, show, scheduler):
        rehearsal = BookingFactory(
            studio=show.studio,
            application=show.application,
            kind="rehearsal",
            starts_at=SHOW_START - timedelta(days=2),
        )
        with time_machine.travel(SHOW_START - timedelta(days=1), tick=False):
            outcome_record(booking=rehearsal, actor=scheduler, result="held")
        with time_machine.travel(AFTER, tick=False):
            outcome_record(booking=show, actor=scheduler, result="no_show")

        assert _status(show) == Status.SCHEDULED

    def test_no_role_moves_an_application_live_by_hand(self, show, scheduler):
        # Live follows a held show that passed the gate; nobody takes the step around it.
        for kind in ("scheduler", "admin"):
            with pytest.raises(NotAllowed):
                application_transition(
                    application_id=show.application_id,
                    action=workflow.Action.GO_LIVE,
                    actor_kind=kind,
                    actor=scheduler,
                )
        assert _status(show) == Status.SCHEDULED


class TestApi:
    def test_held_without_readiness_is_a_409_naming_what_is_missing_and_how_to_override(
        self, show, scheduler
    ):
        api = client_for(scheduler)

        with time_machine.travel(AFTER, tick=False):
            refused = api.post(
                f"/api/v1/bookings/{show.pk}/outcome/", {"result": "held"}, format="json"
            )

        assert refused.status_code == 409
        body = refused.json()
        assert body["code"] == "not_ready"
        assert body["missing"] == ["samples", "confirmation"]
        assert "Product samples received at the studio" in body["message"]
        assert f"/api/v1/bookings/{show.pk}/confirm-ready/" in body["message"]
        assert "override_reason" in body["message"]
        assert _status(show) == Status.SCHEDULED

    def test_override_through_confirm_ready_then_held_shows_in_the_history(self, show, scheduler):
        api = client_for(scheduler)
        url = f"/api/v1/bookings/{show.pk}/"

        plain = api.post(url + "confirm-ready/", {}, format="json")
        overridden = api.post(
            url + "confirm-ready/", {"override_reason": "Samples bought locally"}, format="json"
        )
        with time_machine.travel(AFTER, tick=False):
            held = api.post(url + "outcome/", {"result": "held"}, format="json")

        assert plain.status_code == 409 and plain.json()["missing"] == ["samples"]
        assert overridden.status_code == 200
        assert overridden.json()["ready_override_reason"] == "Samples bought locally"
        checklist = api.get(url + "readiness/").json()
        assert not checklist["ready"]
        assert checklist["override_reason"] == "Samples bought locally"
        assert held.status_code == 200
        history = api.get(url + "history/").json()
        override = next(e for e in history if e["action"] == "booking_ready_override")
        assert override["reason"] == "Samples bought locally"
        assert override["data"]["missing"] == ["samples"]
        assert _status(show) == Status.LIVE

    def test_confirm_ready_refuses_unknown_fields(self, show, scheduler):
        answer = client_for(scheduler).post(
            f"/api/v1/bookings/{show.pk}/confirm-ready/", {"force": True}, format="json"
        )
        assert answer.status_code == 400


def test_an_override_reason_is_trimmed_and_kept_within_bounds(show, scheduler):
    with pytest.raises(Invalid):
        booking_confirm_ready(booking=show, actor=scheduler, override_reason="x" * 2001)
