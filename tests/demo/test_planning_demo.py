"""On the living demo, a festival plan for next week of the current campaign: loaded from the
demo's CEOs, studios, crew, kit and bookings, checked by the independent checker, and a part of
it accepted through the booking service."""

from datetime import date, datetime

import time_machine
from django.contrib.contenttypes.models import ContentType

from onboarding.applicants.models import Campaign
from onboarding.core.models import Role
from onboarding.planning import services
from onboarding.planning.loading import plan_input
from onboarding.planning.models import PlanStatus
from onboarding.studios import planner
from onboarding.studios.models import Booking
from tests.factories import UserFactory
from tests.studios.planner.checker import check


def test_a_plan_of_next_week_on_the_demo(loaded, db):
    clock = loaded["clock"]
    ContentType.objects.clear_cache()
    scheduler = UserFactory(role=Role.SCHEDULER, is_staff=True)
    campaign = Campaign.objects.get(slug="brave-ceo-2")
    before = Booking.objects.count()

    with time_machine.travel(clock.at(0, 10), tick=False):
        plan = services.plan_create(
            campaign=campaign,
            actor=scheduler,
            first_day=date(2026, 12, 7),
            last_day=date(2026, 12, 13),
        )
        plan = services.plan_run(plan_id=plan.pk)

        # The proposal meets commitments, never more than the bound, and breaks no rule
        assert plan.status == PlanStatus.DONE, plan.error
        # (the demo's two studios hold one evening show a day each, in the CEOs' 19:00-22:00)
        assert 0 < plan.met <= plan.bound <= plan.wanted
        data = plan_input(plan=plan)
        stored = tuple(
            planner.ProposedBooking(
                planner.Range(
                    datetime.fromisoformat(p["starts_at"]), datetime.fromisoformat(p["ends_at"])
                ),
                p["studio"],
                p["application"],
                p["crew"],
                p["kit"],
            )
            for p in plan.result["bookings"]
        )
        assert check(data, planner.Proposal(stored, (), 0, 0, 0)) == []

        # Accepting one CEO's part books it through the booking service, every proposal of it
        ceo = plan.result["bookings"][0]["application"]
        theirs = [p for p in plan.result["bookings"] if p["application"] == ceo]
        outcome = services.plan_accept(
            plan_id=plan.pk, actor=scheduler, mode="all_or_nothing", applications=[ceo]
        )

    assert outcome.impossible == []
    assert len(outcome.booked) == len(theirs)
    made = Booking.objects.filter(pk__in=[b["booking"] for b in outcome.booked])
    assert {b.application_id for b in made} == {ceo}
    assert Booking.objects.count() == before + len(theirs)
