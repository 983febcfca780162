"""Invented demo data: one campaign, its questionnaire, one account per role, a few dozen CEOs.

Every person and company here is made up.
"""

import random
from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from onboarding.applicants.models import Application, Campaign, Channel
from onboarding.applicants.services import application_submit
from onboarding.core.models import Role, User
from onboarding.questionnaires.models import Question, Questionnaire
from onboarding.questionnaires.services import questionnaire_publish
from onboarding.reviews.models import Criterion, ReviewSettings
from seeds.accounts import ACCOUNTS, DEMO_PASSWORD
from seeds.questionnaire import CONSENT_EN, CONSENT_ZH, QUESTIONS

CHANNELS = [
    ("weibo-official", "Programme Weibo account", Channel.Kind.SOCIAL),
    ("wechat-official", "Programme WeChat account", Channel.Kind.SOCIAL),
    ("referral", "Referral by a CEO", Channel.Kind.REFERRAL),
    ("chamber-partner", "Chamber of commerce partner", Channel.Kind.PARTNER),
]
CRITERIA = [
    {"kind": Criterion.Kind.ON_CAMERA, "name": "Appears on camera in person", "hard": True},
    {
        "kind": Criterion.Kind.FOLLOWERS,
        "name": "Influence: followers",
        "weight": 30,
        "params": {
            "thresholds": {"douyin": 100_000, "weibo": 50_000, "xiaohongshu": 50_000},
            "default": 30_000,
        },
    },
    {"kind": Criterion.Kind.WEEKLY_EVENTS, "name": "Live events a week", "weight": 25},
    {
        "kind": Criterion.Kind.ANSWER_AT_LEAST,
        "name": "Commits for 8 weeks or more",
        "weight": 20,
        "params": {"question": "commitment_weeks", "min": 8},
    },
    {
        "kind": Criterion.Kind.YEARS_IN_BUSINESS,
        "name": "Brand: 5 years in business",
        "weight": 15,
        "params": {"min": 5},
    },
    {
        "kind": Criterion.Kind.LIVE_EXPERIENCE,
        "name": "Has streamed before",
        "weight": 10,
        "params": {"levels": ["occasional", "regular"]},
    },
]
SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu"]
GIVEN = ["Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Tao", "Xin", "Hui", "Ning", "Bo", "Qing"]
PRODUCTS = [
    ("beauty", "Lotus Dew", "plant-based face creams and serums", ["beauty"]),
    ("food", "Mountain Pantry", "smoked tea, dried mushrooms and honey", ["food", "fresh"]),
    ("agriculture", "Orchard Sun", "fresh mandarins and kiwi from our farms", ["fresh"]),
    ("fashion", "Silk Lane", "silk scarves and linen shirts", ["fashion"]),
    ("home", "Bamboo Nest", "bamboo kitchenware and storage", ["home"]),
    ("electronics", "Quiet Volt", "portable power banks and desk lamps", ["electronics"]),
    ("health", "Red Date House", "herbal teas and wellness snacks", ["health", "food"]),
]


def load() -> None:
    with transaction.atomic():
        _accounts()
        campaign = _campaign()
        _questionnaire(campaign)
        _review_rules(campaign)
        _training(campaign)
        _studios(campaign)
        channels = _channels()
    _applicants(campaign, channels)


def _accounts() -> None:
    for username, role, staff in ACCOUNTS:
        user = User(
            username=username,
            email=f"{username}@demo.example.com",
            role=role,
            is_staff=staff,
            is_superuser=role == Role.ADMIN,
            language="en",
        )
        user.set_password(DEMO_PASSWORD)
        user.save()


def _campaign() -> Campaign:
    # Applications are open now so the demo can be tried; sales run for the 618 festival.
    return Campaign.objects.create(
        name="618 Festival 2027",
        name_zh="2027 年 618 大促",
        slug="618-2027",
        code="618",
        application_opens_at=datetime(2026, 11, 1, tzinfo=UTC),
        application_closes_at=datetime(2027, 5, 10, 16, 0, tzinfo=UTC),
        sales_starts_on=date(2027, 5, 20),
        sales_ends_on=date(2027, 6, 20),
        min_weekly_events=2,
    )


def _questionnaire(campaign: Campaign) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(
        campaign=campaign, version=1, consent_text_en=CONSENT_EN, consent_text_zh=CONSENT_ZH
    )
    Question.objects.bulk_create(
        Question(questionnaire=questionnaire, position=index * 10, **spec)
        for index, spec in enumerate(QUESTIONS)
    )
    return questionnaire_publish(questionnaire=questionnaire, actor=None)


def _review_rules(campaign: Campaign) -> None:
    """Screening for the demo; the platform publishes no thresholds, so these are invented."""
    ReviewSettings.objects.create(campaign=campaign, decision_days=3, info_response_days=5)
    Criterion.objects.bulk_create(
        Criterion(campaign=campaign, position=index, **spec) for index, spec in enumerate(CRITERIA)
    )


def _channels() -> list[Channel]:
    return [Channel.objects.create(code=c, name=n, kind=k) for c, n, k in CHANNELS]


def _applicants(campaign: Campaign, channels: list[Channel], count: int = 36) -> None:
    rng = random.Random(618)
    now = timezone.now()
    for number in range(count):
        industry, brand, products, categories = rng.choice(PRODUCTS)
        name = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
        logistics = rng.random() < 0.5
        answers = {
            "weekly_events": rng.randint(1, 5),
            "availability": [
                {"day": day, "start": "19:00", "end": "22:00"}
                for day in rng.sample(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], 3)
            ],
            "commitment_weeks": rng.choice([4, 8, 12, 26]),
            "product_categories": categories,
            "main_goal": rng.choice(["sales", "brand", "customers", "new_product"]),
            "needs_logistics": logistics,
        }
        if logistics:
            answers["sample_volume"] = rng.choice(["small", "medium", "large"])
            answers["pickup_address"] = f"No. {number + 1} Demo Road, Hangzhou"
        application = application_submit(
            campaign=campaign,
            applicant_data={
                "full_name": name,
                "job_title": "CEO",
                # The first one belongs to the demo CEO login, so it has something to follow.
                "email": "ceo@demo.example.com"
                if number == 0
                else f"ceo{number:02d}@demo.example.com",
                "phone": f"+86139{number + 1:08d}",
                "company_name": f"{brand} Trading Co. {number + 1}",
                "industry": industry,
                "brand_name": brand,
                "years_in_business": rng.randint(1, 30),
                "products": products,
                "on_camera_in_person": rng.random() < 0.9,
                "live_experience": rng.choice(["none", "occasional", "regular"]),
                # Every third CEO names an assistant, who hears of shows left unconfirmed.
                **(
                    {
                        "assistant_name": f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
                        "assistant_email": f"assistant{number:02d}@demo.example.com",
                    }
                    if number % 3 == 0
                    else {}
                ),
            },
            social_accounts=[
                {
                    "platform": rng.choice(["douyin", "weibo", "xiaohongshu", "wechat_channels"]),
                    "handle": f"{brand.lower().replace(' ', '')}{number + 1}",
                    "followers": rng.randint(500, 2_000_000),
                }
            ],
            answers=answers,
            consent=True,
            language=rng.choice(["en", "zh-hans"]),
            channel_code=rng.choice(channels).code,
        )
        # Spread the demo intake over the first week so per-day counts show something.
        Application.objects.filter(pk=application.pk).update(
            submitted_at=now - timedelta(days=rng.randint(0, 6), hours=rng.randint(0, 20))
        )


TRAINING_MODULES = [
    ("camera-presence", "Camera presence", "镜头表现力"),
    ("product-presentation", "Presenting your products", "产品讲解与展示"),
    ("advertising-rules", "Live-commerce advertising rules", "直播带货广告规范"),
    ("live-tools", "The platform's live tools", "平台直播工具"),
]


def _training(campaign: Campaign) -> None:
    """Four required modules, each taught twice in May 2027 (early in person, mid online)."""
    from zoneinfo import ZoneInfo

    from onboarding.training.models import TrainingModule, TrainingSession

    trainer = User.objects.get(username="trainer")
    zone = ZoneInfo(campaign.timezone)
    for index, (code, title_en, title_zh) in enumerate(TRAINING_MODULES):
        module = TrainingModule.objects.create(
            campaign=campaign,
            code=code,
            title_en=title_en,
            title_zh=title_zh,
            required=True,
            position=index,
        )
        for day, place, link in [
            (3 + index, "Hangzhou training centre, room 2", ""),
            (10 + index, "", f"https://live.example.com/training/{code}"),
        ]:
            starts_at = datetime(2027, 5, day, 14, 0, tzinfo=zone)
            TrainingSession.objects.create(
                module=module,
                trainer=trainer,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                location=place,
                video_url=link,
                capacity=20,
            )


def _studios(campaign: Campaign) -> None:
    """Two studios open 09:00–23:00 China time with 30-minute buffers, their crew and kit."""
    from datetime import time

    from onboarding.studios.models import (
        Crew,
        EquipmentSet,
        OpeningHours,
        SchedulingSettings,
        Studio,
    )

    SchedulingSettings.objects.create(
        campaign=campaign, cutoff_hours=48, samples_due_hours=72, attendance_threshold=80
    )
    for name, city, address in [
        ("West Lake studio", "Hangzhou", "No. 18 Wensan Road, Xihu District, Hangzhou"),
        ("Bund studio", "Shanghai", "No. 99 Zhongshan East 1st Road, Huangpu, Shanghai"),
    ]:
        studio = Studio.objects.create(
            name=name,
            city=city,
            address=address,
            timezone="Asia/Shanghai",
            capacity=8,
            equipment="Three cameras, ring lights, a product table and a green screen.",
            setup_minutes=30,
            teardown_minutes=30,
        )
        OpeningHours.objects.bulk_create(
            OpeningHours(studio=studio, weekday=day, opens=time(9), closes=time(23))
            for day in range(7)
        )
        EquipmentSet.objects.bulk_create(
            EquipmentSet(studio=studio, name=f"{city} kit {letter}", description=contents)
            for letter, contents in [
                ("A", "Two 4K cameras, tripods, wireless microphones"),
                ("B", "Phone rig, gimbal, LED panel"),
            ]
        )
        Crew.objects.bulk_create(
            [
                Crew(name=f"{city} host assistant 1", role=Crew.Role.HOST_ASSISTANT),
                Crew(name=f"{city} host assistant 2", role=Crew.Role.HOST_ASSISTANT),
                Crew(name=f"{city} camera operator 1", role=Crew.Role.CAMERA_OPERATOR),
                Crew(name=f"{city} camera operator 2", role=Crew.Role.CAMERA_OPERATOR),
            ]
        )
