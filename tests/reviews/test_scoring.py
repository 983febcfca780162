"""Screening at each threshold edge, and what submission does with it: score, assign, due date."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation
from django.utils.translation import gettext

from onboarding.applicants.models import Status
from onboarding.reviews import scoring
from onboarding.reviews.models import Criterion, ReviewCase
from tests.factories import (
    ApplicationFactory,
    CampaignFactory,
    UserFactory,
    demo_questionnaire,
    valid_answers,
    valid_submission,
)

Kind = Criterion.Kind
SHANGHAI = ZoneInfo("Asia/Shanghai")


def profile(**overrides) -> scoring.Profile:
    values = {
        "on_camera_in_person": True,
        "industry": "food",
        "years_in_business": 12,
        "live_experience": "occasional",
        "followers": [],
        "answers": {},
        "min_weekly_events": 2,
    }
    values.update(overrides)
    return scoring.Profile(**values)


def criterion(kind: str, *, weight: int = 10, hard: bool = False, **params) -> Criterion:
    return Criterion(kind=kind, name=f"{kind} rule", weight=weight, hard=hard, params=params)


def only_entry(result: scoring.Result) -> dict:
    (entry,) = result.breakdown
    return entry


# Followers


FOLLOWERS = criterion(Kind.FOLLOWERS, weight=30, thresholds={"douyin": 10_000}, default=5_000)


def test_followers_exactly_at_the_platform_threshold_pass_with_the_full_weight():
    result = scoring.evaluate([FOLLOWERS], profile(followers=[("douyin", "pantry", 10_000)]))

    assert (result.score, result.max_score, result.hard_failed) == (30, 30, False)
    entry = only_entry(result)
    assert entry["passed"] is True
    assert (entry["points"], entry["weight"], entry["kind"], entry["hard"]) == (
        30,
        30,
        Kind.FOLLOWERS,
        False,
    )
    assert entry["name"] == "followers rule"
    assert entry["facts"] == {
        "platform": "douyin",
        "handle": "pantry",
        "value": 10_000,
        "threshold": 10_000,
    }


def test_followers_one_below_the_platform_threshold_fail_with_no_points():
    result = scoring.evaluate([FOLLOWERS], profile(followers=[("douyin", "pantry", 9_999)]))

    assert (result.score, result.max_score) == (0, 30)
    entry = only_entry(result)
    assert (entry["passed"], entry["points"], entry["weight"]) == (False, 0, 30)
    assert entry["facts"] == {
        "platform": "douyin",
        "handle": "pantry",
        "value": 9_999,
        "threshold": 10_000,
    }


@pytest.mark.parametrize(("followers", "passed"), [(5_000, True), (4_999, False)])
def test_platform_without_its_own_threshold_uses_the_default(followers, passed):
    result = scoring.evaluate([FOLLOWERS], profile(followers=[("weibo", "pantry", followers)]))

    entry = only_entry(result)
    assert entry["passed"] is passed
    assert entry["points"] == (30 if passed else 0)
    assert entry["facts"]["threshold"] == 5_000
    assert entry["facts"]["platform"] == "weibo"


def test_platform_without_threshold_and_no_default_is_not_counted():
    # Given a rule only for Douyin, and a huge following elsewhere
    rule = criterion(Kind.FOLLOWERS, weight=30, thresholds={"douyin": 10_000})

    result = scoring.evaluate([rule], profile(followers=[("weibo", "pantry", 10_000_000)]))

    # Then the Weibo account does not count at all
    entry = only_entry(result)
    assert (entry["passed"], entry["points"]) == (False, 0)
    assert entry["facts"] == {"value": None}
    assert result.max_score == 30


def test_any_account_at_its_threshold_passes_and_a_miss_reports_the_closest_account():
    passing = profile(followers=[("weibo", "small", 10), ("douyin", "big", 10_000)])
    missing = profile(followers=[("douyin", "far", 1_000), ("weibo", "near", 4_900)])

    assert only_entry(scoring.evaluate([FOLLOWERS], passing))["facts"]["handle"] == "big"
    entry = only_entry(scoring.evaluate([FOLLOWERS], missing))
    assert entry["passed"] is False
    assert (entry["facts"]["handle"], entry["facts"]["threshold"]) == ("near", 5_000)


# Weekly events, numeric answers, years in business


@pytest.mark.parametrize(("events", "passed"), [(2, True), (1, False)])
def test_weekly_events_are_measured_against_the_campaign_minimum(events, passed):
    rule = criterion(Kind.WEEKLY_EVENTS, weight=20)

    result = scoring.evaluate(
        [rule], profile(answers={"weekly_events": events}, min_weekly_events=2)
    )

    entry = only_entry(result)
    assert (entry["passed"], entry["points"], entry["weight"]) == (passed, 20 if passed else 0, 20)
    assert entry["facts"] == {"value": events, "threshold": 2}


@pytest.mark.parametrize("answer", [None, "three", True])
def test_weekly_events_not_answered_as_a_number_fail_as_not_answered(answer):
    answers = {} if answer is None else {"weekly_events": answer}

    entry = only_entry(scoring.evaluate([criterion(Kind.WEEKLY_EVENTS)], profile(answers=answers)))

    assert entry["passed"] is False
    assert entry["facts"] == {"value": None, "threshold": 2}
    assert scoring.describe(entry) == "not answered"


@pytest.mark.parametrize(("weeks", "passed"), [(8, True), (7, False)])
def test_answer_at_least_passes_at_the_minimum(weeks, passed):
    rule = criterion(Kind.ANSWER_AT_LEAST, weight=15, question="commitment_weeks", min=8)

    entry = only_entry(scoring.evaluate([rule], profile(answers={"commitment_weeks": weeks})))

    assert (entry["passed"], entry["points"], entry["weight"]) == (passed, 15 if passed else 0, 15)
    assert entry["facts"] == {"value": weeks, "threshold": 8}


@pytest.mark.parametrize(("years", "passed"), [(5, True), (4, False), (None, False)])
def test_years_in_business_pass_at_the_minimum(years, passed):
    rule = criterion(Kind.YEARS_IN_BUSINESS, weight=10, min=5)

    entry = only_entry(scoring.evaluate([rule], profile(years_in_business=years)))

    assert (entry["passed"], entry["points"]) == (passed, 10 if passed else 0)
    assert entry["facts"] == {"value": years, "threshold": 5}


# Lists


@pytest.mark.parametrize(("industry", "passed"), [("food", True), ("fashion", False)])
def test_industry_passes_when_listed(industry, passed):
    rule = criterion(Kind.INDUSTRY, weight=5, industries=["food", "agriculture"])

    entry = only_entry(scoring.evaluate([rule], profile(industry=industry)))

    assert (entry["passed"], entry["points"], entry["facts"]) == (
        passed,
        5 if passed else 0,
        {"value": industry},
    )


@pytest.mark.parametrize(
    ("level", "passed"), [("regular", True), ("occasional", True), ("none", False)]
)
def test_live_experience_passes_when_listed(level, passed):
    rule = criterion(Kind.LIVE_EXPERIENCE, weight=8, levels=["occasional", "regular"])

    entry = only_entry(scoring.evaluate([rule], profile(live_experience=level)))

    assert (entry["passed"], entry["points"], entry["facts"]) == (
        passed,
        8 if passed else 0,
        {"value": level},
    )


# Hard requirements and the sum


@pytest.mark.parametrize(("on_camera", "failed"), [(True, False), (False, True), (None, True)])
def test_hard_on_camera_marks_failure_and_adds_nothing_to_the_maximum(on_camera, failed):
    rules = [
        criterion(Kind.ON_CAMERA, weight=50, hard=True),
        criterion(Kind.INDUSTRY, weight=5, industries=["food"]),
    ]

    result = scoring.evaluate(rules, profile(on_camera_in_person=on_camera))

    assert result.hard_failed is failed
    # The hard rule's own weight counts for nothing either way: only the soft rule adds, and a
    # hard failure scores nothing at all (its soft points stay in the breakdown).
    assert (result.score, result.max_score) == (0 if failed else 5, 5)
    assert result.breakdown[1]["points"] == 5
    hard = result.breakdown[0]
    assert (hard["hard"], hard["passed"], hard["points"], hard["weight"]) == (
        True,
        not failed,
        0,
        0,
    )
    assert hard["facts"] == {"value": on_camera}


def test_soft_rules_add_their_weights_and_the_breakdown_keeps_their_order():
    rules = [
        criterion(Kind.ON_CAMERA, hard=True),
        criterion(Kind.FOLLOWERS, weight=30, thresholds={"douyin": 10_000}),
        criterion(Kind.WEEKLY_EVENTS, weight=20),
        criterion(Kind.YEARS_IN_BUSINESS, weight=10, min=20),
    ]
    applicant = profile(followers=[("douyin", "p", 52_000)], answers={"weekly_events": 3})

    result = scoring.evaluate(rules, applicant)

    assert (result.score, result.max_score, result.hard_failed) == (50, 60, False)
    assert [(e["kind"], e["passed"], e["points"]) for e in result.breakdown] == [
        (Kind.ON_CAMERA, True, 0),
        (Kind.FOLLOWERS, True, 30),
        (Kind.WEEKLY_EVENTS, True, 20),
        (Kind.YEARS_IN_BUSINESS, False, 0),
    ]


# Why, in words


def _entry(kind: str, passed: bool, **facts) -> dict:
    return {"kind": kind, "passed": passed, "facts": facts}


@pytest.mark.parametrize(
    ("entry", "sentence"),
    [
        (
            _entry(
                Kind.FOLLOWERS, True, platform="douyin", handle="p", value=12_345, threshold=10_000
            ),
            "douyin @p: 12,345 followers, threshold 10,000",
        ),
        (_entry(Kind.WEEKLY_EVENTS, False, value=1, threshold=2), "1 against a minimum of 2"),
        (_entry(Kind.YEARS_IN_BUSINESS, True, value=5, threshold=5), "5 against a minimum of 5"),
        (_entry(Kind.INDUSTRY, True, value="food"), "food is listed"),
        (_entry(Kind.LIVE_EXPERIENCE, False, value="none"), "none is not listed"),
        (_entry(Kind.ON_CAMERA, True, value=True), "appears on camera in person"),
        (_entry(Kind.ON_CAMERA, False, value=False), "will not appear on camera"),
        (_entry(Kind.FOLLOWERS, False, value=None), "not answered"),
    ],
)
def test_describe_says_why_in_english(entry, sentence):
    with translation.override("en"):
        assert scoring.describe(entry) == sentence


def test_describe_speaks_the_active_language_at_the_time_it_is_called():
    entry = _entry(Kind.WEEKLY_EVENTS, False, value=1, threshold=2)

    with translation.override("zh-hans"):
        sentence = scoring.describe(entry)
        expected = gettext("%(value)s against a minimum of %(threshold)s") % entry["facts"]

    assert sentence == expected
    assert "1" in sentence and "2" in sentence


# Submission: screened, assigned and given a deadline

URL = "/api/v1/applications/"
FRIDAY_MORNING = datetime(2026, 11, 27, 10, 0, tzinfo=SHANGHAI)


def _open_case(reviewer, campaign, status=Status.IN_REVIEW):
    application = ApplicationFactory(campaign=campaign, status=status, accounts=0)
    return ReviewCase.objects.create(application=application, reviewer=reviewer)


@pytest.mark.django_db
def test_submission_is_screened_assigned_to_the_least_busy_reviewer_and_due_in_3_business_days(
    api_client,
):
    with time_machine.travel(FRIDAY_MORNING, tick=False):
        # Given a campaign with criteria, and two reviewers: the older one has two open reviews
        # here; the newer has one open here, more elsewhere and some closed ones here.
        campaign = demo_questionnaire().campaign
        Criterion.objects.bulk_create(
            [
                Criterion(
                    campaign=campaign, position=0, kind=Kind.ON_CAMERA, name="cam", hard=True
                ),
                Criterion(
                    campaign=campaign,
                    position=1,
                    kind=Kind.FOLLOWERS,
                    name="fans",
                    weight=30,
                    params={"thresholds": {"douyin": 50_000}},
                ),
                Criterion(
                    campaign=campaign, position=2, kind=Kind.WEEKLY_EVENTS, name="wk", weight=20
                ),
                Criterion(
                    campaign=campaign,
                    position=3,
                    kind=Kind.YEARS_IN_BUSINESS,
                    name="years",
                    weight=10,
                    params={"min": 20},
                ),
            ]
        )
        busy = UserFactory(role="reviewer")
        least_busy_here = UserFactory(role="reviewer")
        UserFactory(role="reviewer", is_active=False)  # idle, but gone
        UserFactory(role="lead_reviewer")  # leads assign work by hand; they get none
        other_campaign = CampaignFactory()
        for _ in range(2):
            _open_case(busy, campaign)
        _open_case(least_busy_here, campaign, status=Status.SUBMITTED)
        for _ in range(3):
            _open_case(least_busy_here, other_campaign)
        for _ in range(2):
            _open_case(least_busy_here, campaign, status=Status.REJECTED)

        # When an applicant submits through the API on a Friday morning
        response = api_client.post(
            URL,
            valid_submission(campaign, answers=valid_answers(weekly_events=3)),
            format="json",
        )

    # Then the application is screened, given to the reviewer with the fewest open reviews in
    # this campaign, and due on Wednesday at the same hour (Saturday and Sunday do not count)
    assert response.status_code == 201, response.json()
    case = ReviewCase.objects.get(application__reference=response.json()["reference"])
    assert case.reviewer == least_busy_here
    assert case.decision_due_at == datetime(2026, 12, 2, 10, 0, tzinfo=SHANGHAI)
    assert case.decision_due_at.astimezone(SHANGHAI).strftime("%A") == "Wednesday"
    assert (case.score, case.max_score, case.hard_failed) == (50, 60, False)
    assert [(e["name"], e["passed"], e["points"]) for e in case.breakdown] == [
        ("cam", True, 0),
        ("fans", True, 30),
        ("wk", True, 20),
        ("years", False, 0),
    ]
    assert case.breakdown[1]["facts"]["value"] == 52_000
    assert case.screened_at is not None


@pytest.mark.django_db
def test_ties_go_to_the_oldest_reviewer_account_and_no_reviewer_leaves_it_unassigned(api_client):
    # Given a campaign with no reviewers at all
    campaign = demo_questionnaire().campaign

    # When an applicant submits
    response = api_client.post(URL, valid_submission(campaign), format="json")

    # Then the application still arrives, waiting for a lead to assign it
    assert response.status_code == 201, response.json()
    case = ReviewCase.objects.get(application__reference=response.json()["reference"])
    assert case.reviewer is None
    assert (case.score, case.max_score, case.breakdown) == (0, 0, [])

    # Given two idle reviewers, when a second applicant submits, the older account gets it
    first, _second = UserFactory(role="reviewer"), UserFactory(role="reviewer")
    body = valid_submission(campaign)
    body["applicant"] = {**body["applicant"], "email": "b@example.com", "phone": "+8613900002222"}
    response = api_client.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    case = ReviewCase.objects.get(application__reference=response.json()["reference"])
    assert case.reviewer == first


# Parameters a criterion can be evaluated with


def test_the_demo_criteria_have_usable_parameters():
    from seeds.demo import CRITERIA

    assert {spec["kind"] for spec in CRITERIA} <= set(scoring.PARAMS)
    for spec in CRITERIA:
        assert scoring.params_problems(spec["kind"], spec.get("params", {})) == [], spec


@pytest.mark.parametrize(
    ("kind", "params", "problems"),
    [
        (Kind.FOLLOWERS, {"default": None}, 0),
        (Kind.FOLLOWERS, {"thresholds": {"douyin": -1}}, 1),
        (Kind.FOLLOWERS, {"thresholds": {"douyin": 10}, "defualt": 5}, 1),
        (Kind.YEARS_IN_BUSINESS, {"min": True}, 1),
        (Kind.ANSWER_AT_LEAST, {}, 2),
        (Kind.ANSWER_AT_LEAST, {"question": "commitment_weeks", "min": 2.5}, 0),
        (Kind.INDUSTRY, {"industries": []}, 0),
        (Kind.LIVE_EXPERIENCE, {"levels": "regular"}, 1),
        (Kind.ON_CAMERA, None, 1),
    ],
)
def test_params_problems_name_each_mistake(kind, params, problems):
    found = scoring.params_problems(kind, params)

    assert len(found) == problems, found
    assert all(isinstance(problem, str) and problem for problem in found)
