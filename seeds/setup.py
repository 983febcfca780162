"""What the programme runs on: staff accounts, channels, studios, and a campaign's rules."""

from datetime import time, timedelta

from django.contrib.auth.hashers import make_password

from onboarding.applicants.models import Campaign, Channel
from onboarding.core.models import Role, User
from onboarding.questionnaires.models import Question, Questionnaire
from onboarding.questionnaires.services import questionnaire_publish
from onboarding.reviews.models import Criterion, ReviewSettings
from onboarding.studios.models import Crew, EquipmentSet, OpeningHours, SchedulingSettings, Studio
from onboarding.training.models import TrainingModule
from seeds.accounts import ACCOUNTS, COLLEAGUES, DEMO_PASSWORD
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
TRAINING_MODULES = [
    ("camera-presence", "Camera presence", "镜头表现力"),
    ("product-presentation", "Presenting your products", "产品讲解与展示"),
    ("advertising-rules", "Live-commerce advertising rules", "直播带货广告规范"),
    ("live-tools", "The platform's live tools", "平台直播工具"),
]
STUDIOS = [
    ("West Lake studio", "Hangzhou", "No. 18 Wensan Road, Xihu District, Hangzhou"),
    ("Bund studio", "Shanghai", "No. 99 Zhongshan East 1st Road, Huangpu, Shanghai"),
]


def accounts() -> dict[str, User]:
    # One hash for every demo login: hashing is slow on purpose, and the password is public.
    password = make_password(DEMO_PASSWORD)
    users = {}
    for username, role, staff in ACCOUNTS + COLLEAGUES:
        users[username] = User.objects.create(
            username=username,
            email=f"{username}@demo.example.com",
            role=role,
            is_staff=staff,
            is_superuser=role == Role.ADMIN,
            language="en",
            password=password,
        )
    return users


def channels() -> None:
    Channel.objects.bulk_create(Channel(code=c, name=n, kind=k) for c, n, k in CHANNELS)


def studios() -> list[Studio]:
    """Two studios open 09:00–23:00 China time with 30-minute buffers, their crew and kit."""
    made = []
    for name, city, address in STUDIOS:
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
            Crew(name=f"{city} {label} {n}", role=role)
            for label, role in [
                ("host assistant", Crew.Role.HOST_ASSISTANT),
                ("camera operator", Crew.Role.CAMERA_OPERATOR),
            ]
            for n in (1, 2)
        )
        made.append(studio)
    return made


def campaign_rules(campaign: Campaign) -> list[TrainingModule]:
    """Questionnaire v1, screening, review and scheduling rules, and four required modules.

    The platform publishes no thresholds, so the screening here is invented.
    """
    questionnaire = Questionnaire.objects.create(
        campaign=campaign, version=1, consent_text_en=CONSENT_EN, consent_text_zh=CONSENT_ZH
    )
    Question.objects.bulk_create(
        Question(questionnaire=questionnaire, position=index * 10, **spec)
        for index, spec in enumerate(QUESTIONS)
    )
    questionnaire_publish(questionnaire=questionnaire, actor=None)
    ReviewSettings.objects.create(campaign=campaign, decision_days=3, info_response_days=5)
    Criterion.objects.bulk_create(
        Criterion(campaign=campaign, position=index, **spec) for index, spec in enumerate(CRITERIA)
    )
    SchedulingSettings.objects.create(
        campaign=campaign, cutoff_hours=48, samples_due_hours=72, attendance_threshold=80
    )
    return [
        TrainingModule.objects.create(
            campaign=campaign,
            code=code,
            title_en=title_en,
            title_zh=title_zh,
            required=True,
            position=index,
        )
        for index, (code, title_en, title_zh) in enumerate(TRAINING_MODULES)
    ]


SHOW_LENGTH = timedelta(hours=2)
