"""Invented data for the benchmarks, written with bulk_create: 10,000 applications in seconds.

Everything goes straight to the tables (no services, no messages), as a campaign would look
after weeks of intake: a spread of statuses, industries and reviewers, real screening scores.
Only ever run against the bench database (see bench/run.py).
"""

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from onboarding.applicants.models import (
    Application,
    Campaign,
    Channel,
    Industry,
    LiveExperience,
    SocialAccount,
    Status,
)
from onboarding.core.models import Role, User
from onboarding.questionnaires.models import Answer, Question, Questionnaire
from onboarding.reviews import scoring
from onboarding.reviews.models import ConflictOfInterest, Criterion, ReviewCase, ReviewSettings
from seeds.demo import CRITERIA, GIVEN, SURNAMES
from seeds.questionnaire import CONSENT_EN, CONSENT_ZH, QUESTIONS

REVIEWERS = 10
CHUNK = 1000  # applications built and written at a time, so memory stays flat

# Roughly how a campaign looks a few weeks in: most waiting or in review, some decided.
STATUS_SHARES = {
    Status.SUBMITTED: 35,
    Status.IN_REVIEW: 20,
    Status.NEEDS_INFO: 5,
    Status.APPROVED: 14,
    Status.WAITLISTED: 6,
    Status.REJECTED: 12,
    Status.WITHDRAWN: 4,
    Status.TRAINED: 2,
    Status.SCHEDULED: 1,
    Status.LIVE: 1,
}
INDUSTRY_SHARES = {
    Industry.FOOD: 22,
    Industry.BEAUTY: 15,
    Industry.FASHION: 14,
    Industry.AGRICULTURE: 10,
    Industry.HOME: 9,
    Industry.ELECTRONICS: 8,
    Industry.HEALTH: 8,
    Industry.MOTHER_BABY: 5,
    Industry.SPORTS: 5,
    Industry.OTHER: 4,
}
PLATFORMS = ["douyin", "weibo", "xiaohongshu", "wechat_channels", "kuaishou", "bilibili"]
CATEGORIES = ["beauty", "fashion", "food", "fresh", "home", "electronics", "health", "other"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
# Screened when the application came in; the re-scoring benchmark checks every one is newer.
FIRST_SCREENED_AT = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class World:
    campaign: Campaign
    questionnaire: Questionnaire
    questions: dict[str, Question]
    criteria: list[Criterion]
    lead: User
    reviewers: list[User]
    channels: list[Channel]
    built: int = 0
    rng: random.Random = field(default_factory=lambda: random.Random(618))


@transaction.atomic
def world_create(*, slug: str = "bench-618", code: str = "B618") -> World:
    """A campaign with the demo questionnaire and criteria, a lead and ten reviewers."""
    campaign = Campaign.objects.create(
        name="Bench Festival",
        name_zh="基准大促",
        slug=slug,
        code=code,
        application_opens_at=datetime(2026, 11, 1, tzinfo=UTC),
        application_closes_at=datetime(2027, 5, 10, tzinfo=UTC),
        sales_starts_on=date(2027, 5, 20),
        sales_ends_on=date(2027, 6, 20),
        min_weekly_events=2,
    )
    ReviewSettings.objects.create(campaign=campaign)
    questionnaire = Questionnaire.objects.create(
        campaign=campaign,
        version=1,
        status=Questionnaire.Status.PUBLISHED,
        published_at=datetime(2026, 11, 1, tzinfo=UTC),
        consent_text_en=CONSENT_EN,
        consent_text_zh=CONSENT_ZH,
    )
    questions = Question.objects.bulk_create(
        Question(questionnaire=questionnaire, position=index * 10, **spec)
        for index, spec in enumerate(QUESTIONS)
    )
    criteria = Criterion.objects.bulk_create(
        Criterion(campaign=campaign, position=index, **spec) for index, spec in enumerate(CRITERIA)
    )
    lead = _staff(f"{slug}-lead", Role.LEAD_REVIEWER)
    reviewers = [_staff(f"{slug}-reviewer{n}", Role.REVIEWER) for n in range(REVIEWERS)]
    channels = Channel.objects.bulk_create(
        Channel(code=f"{slug}-{kind}", name=f"Bench {kind}", kind=kind)
        for kind in Channel.Kind.values
    )
    return World(
        campaign=campaign,
        questionnaire=questionnaire,
        questions={q.key: q for q in questions},
        criteria=criteria,
        lead=lead,
        reviewers=reviewers,
        channels=channels,
    )


def _staff(username: str, role: str) -> User:
    # No password: the benchmark signs in with force_login, and hashing ten passwords is slow.
    user = User(username=username, email=f"{username}@bench.example.com", role=role, is_staff=True)
    user.set_unusable_password()
    user.save()
    return user


def applications_build(world: World, count: int) -> None:
    """Add `count` sent applications to the world's campaign, with accounts, answers and a
    screened review case each; about one in a hundred has a reviewer's conflict declared."""
    # Screened with the campaign's criteria as they are now (a lead may have changed them).
    world.criteria = list(Criterion.objects.filter(campaign=world.campaign))
    for start in range(0, count, CHUNK):
        with transaction.atomic():
            _chunk(world, min(CHUNK, count - start))


def _chunk(world: World, size: int) -> None:
    rng, now = world.rng, timezone.now()
    rows = [_applicant(world, world.built + n, now) for n in range(size)]
    world.built += size
    applications = Application.objects.bulk_create(row["application"] for row in rows)
    accounts, answers, cases, conflicts = [], [], [], []
    for application, row in zip(applications, rows, strict=True):
        for platform, handle, followers in row["followers"]:
            accounts.append(
                SocialAccount(
                    application=application, platform=platform, handle=handle, followers=followers
                )
            )
        for key, value in row["answers"].items():
            answers.append(
                Answer(application=application, question=world.questions[key], value=value)
            )
        result = scoring.evaluate(world.criteria, _profile(world, application, row))
        reviewer = rng.choice(world.reviewers) if rng.random() < 0.95 else None
        cases.append(
            ReviewCase(
                application=application,
                reviewer=reviewer,
                score=result.score,
                max_score=result.max_score,
                hard_failed=result.hard_failed,
                breakdown=result.breakdown,
                screened_at=FIRST_SCREENED_AT,
                decision_due_at=application.submitted_at + timedelta(days=3),
            )
        )
        if rng.random() < 0.01:
            other = rng.choice([r for r in world.reviewers if r != reviewer])
            conflicts.append(
                ConflictOfInterest(application=application, reviewer=other, reason="Bench")
            )
    SocialAccount.objects.bulk_create(accounts, batch_size=2000)
    Answer.objects.bulk_create(answers, batch_size=2000)
    ReviewCase.objects.bulk_create(cases, batch_size=1000)
    ConflictOfInterest.objects.bulk_create(conflicts)


def _applicant(world: World, number: int, now: datetime) -> dict:
    rng = world.rng
    industry = _pick(rng, INDUSTRY_SHARES)
    brand = f"{rng.choice(SURNAMES)} {rng.choice(['Garden', 'Valley', 'Lane', 'House', 'Peak'])}"
    submitted_at = now - timedelta(minutes=rng.randint(10, 45 * 24 * 60))
    application = Application(
        campaign=world.campaign,
        questionnaire=world.questionnaire,
        reference=f"{world.campaign.code}-{number + 1:06d}",
        status=_pick(rng, STATUS_SHARES),
        channel=rng.choice(world.channels),
        language=rng.choice(["en", "zh-hans"]),
        full_name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
        job_title="CEO",
        email=f"ceo{number}@bench.example.com",
        phone=f"+86138{number:08d}",
        company_name=f"{brand} Trading Co. {number}",
        industry=industry,
        company_website=f"https://b{number}.example.com",
        years_in_business=rng.randint(0, 30),
        brand_name=brand,
        products="Tea, honey and dried fruit",
        on_camera_in_person=rng.random() < 0.9,
        live_experience=rng.choice(LiveExperience.values),
        consent_given_at=submitted_at,
        submitted_at=submitted_at,
    )
    platforms = rng.sample(PLATFORMS, rng.choice([1, 1, 2, 2, 3]))
    followers = [
        (platform, f"b{number}{platform[:2]}", int(math.exp(rng.uniform(6, 14.5))))
        for platform in platforms
    ]
    return {"application": application, "followers": followers, "answers": _answers(rng, number)}


def _answers(rng: random.Random, number: int) -> dict:
    logistics = rng.random() < 0.5
    answers = {
        "weekly_events": rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5, 7]),
        "availability": [
            {"day": day, "start": "19:00", "end": "22:00"} for day in rng.sample(DAYS, 3)
        ],
        "commitment_weeks": rng.choice([2, 4, 6, 8, 8, 12, 26]),
        "product_categories": rng.sample(CATEGORIES, rng.randint(1, 3)),
        "main_goal": rng.choice(["sales", "brand", "customers", "new_product"]),
        "needs_logistics": logistics,
    }
    if logistics:
        answers["sample_volume"] = rng.choice(["small", "medium", "large"])
        answers["pickup_address"] = f"No. {number + 1} Bench Road, Hangzhou"
    if rng.random() < 0.1:
        answers["anything_else"] = "We ship from our own farm."
    return answers


def _profile(world: World, application: Application, row: dict) -> scoring.Profile:
    return scoring.Profile(
        on_camera_in_person=application.on_camera_in_person,
        industry=application.industry,
        years_in_business=application.years_in_business,
        live_experience=application.live_experience,
        followers=row["followers"],
        answers=row["answers"],
        min_weekly_events=world.campaign.min_weekly_events,
    )


def _pick(rng: random.Random, shares: dict) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]
