"""The two demo campaigns, dated from today: one finished, one in the middle of its run."""

from dataclasses import dataclass
from decimal import Decimal

from onboarding.applicants.models import Campaign
from onboarding.core.models import User
from seeds.clock import Clock, travel
from seeds.setup import campaign_rules

# What each campaign aims for, set by the lead through campaign_targets_set (issue 9).
TARGETS = {
    "current": {
        "target_ceos_live": 30,
        "target_shows": 120,
        "target_turnover_cny": Decimal("3000000"),
    },
    "earlier": {
        "target_ceos_live": 6,
        "target_shows": 36,
        "target_turnover_cny": Decimal("1200000"),
    },
}


@dataclass(frozen=True)
class Window:
    """A campaign's dates as day offsets from today."""

    call: int  # the call goes out on social media and applications open, 10:00
    closes: int  # applications close, 18:00
    sales_start: int
    sales_end: int


CURRENT = Window(call=-30, closes=12, sales_start=-10, sales_end=30)
# Three weeks (21 days) of sales, so the attendance report counts three whole weeks.
EARLIER = Window(call=-160, closes=-130, sales_start=-115, sales_end=-95)


def _create(clock: Clock, window: Window, key: str, lead: User, **names) -> Campaign:
    opens_at = clock.at(window.call, 10)
    # Set up a week before the call goes out, as staff would.
    with travel(clock.at(window.call - 7, 9)):
        campaign = Campaign.objects.create(
            **names,
            application_opens_at=opens_at,
            application_closes_at=clock.at(window.closes, 18),
            sales_starts_on=clock.day(window.sales_start),
            sales_ends_on=clock.day(window.sales_end),
            min_weekly_events=2,
        )
        campaign_rules(campaign)
        _targets(campaign, TARGETS[key], lead)
    return campaign


def _targets(campaign: Campaign, targets: dict, lead: User) -> None:
    try:
        from onboarding.applicants.services.campaigns import campaign_targets_set
    except ImportError:  # a checkout from before campaign targets (issue 9): none to set
        return
    campaign_targets_set(campaign_id=campaign.pk, actor=lead, targets=targets)


def current(clock: Clock, lead: User) -> Campaign:
    return _create(
        clock,
        CURRENT,
        "current",
        lead,
        name="Brave CEO, season 2",
        name_zh="勇敢CEO 第二季",
        slug="brave-ceo-2",
        code="BC2",
    )


def earlier(clock: Clock, lead: User) -> Campaign:
    return _create(
        clock,
        EARLIER,
        "earlier",
        lead,
        name="Brave CEO, season 1",
        name_zh="勇敢CEO 第一季",
        slug="brave-ceo-1",
        code="BC1",
    )
