"""Invented CEOs: names, brands and answers, drawn from a seeded random generator.

Nobody here is a real person and no company exists; e-mail addresses use example.com.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

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
CITIES = ["Hangzhou", "Ningbo", "Suzhou", "Chengdu", "Kunming", "Xiamen", "Changsha"]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
PLATFORMS = ["douyin", "weibo", "xiaohongshu", "wechat_channels"]


@dataclass
class Person:
    """One applicant of a campaign and what will become of the application."""

    number: int
    email: str
    submitted_at: datetime
    channel: str
    fate: str
    # Asked for more information, answered, then decided again.
    info_loop: bool = False
    application_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def submission(rng: random.Random, person: Person, *, strong: bool, on_camera: bool) -> dict:
    """The keyword arguments of application_submit for this person.

    Strong applicants pass the screening well (reach, brand age, commitment); weak ones do not.
    """
    number = person.number
    industry, brand, products, categories = rng.choice(PRODUCTS)
    logistics = rng.random() < 0.5
    answers: dict[str, Any] = {
        # The campaign asks for two a week; weak applicants promise fewer.
        "weekly_events": rng.randint(2, 3) if strong else rng.randint(1, 2),
        "availability": [
            {"day": day, "start": "19:00", "end": "22:00"} for day in rng.sample(WEEKDAYS, 3)
        ],
        "commitment_weeks": rng.choice([8, 12, 26]) if strong else rng.choice([4, 8]),
        "product_categories": categories,
        "main_goal": rng.choice(["sales", "brand", "customers", "new_product"]),
        "needs_logistics": logistics,
    }
    if logistics:
        answers["sample_volume"] = rng.choice(["small", "medium", "large"])
        answers["pickup_address"] = f"No. {number + 1} Demo Road, {rng.choice(CITIES)}"
    applicant = {
        "full_name": f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
        "job_title": "CEO",
        "email": person.email,
        "phone": f"+86139{person.extra.get('phone_base', 0) + number + 1:08d}",
        "company_name": f"{brand} Trading Co. {number + 1}",
        "industry": industry,
        "brand_name": brand,
        "years_in_business": rng.randint(6, 30) if strong else rng.randint(1, 8),
        "products": products,
        "on_camera_in_person": on_camera,
        "live_experience": rng.choice(["occasional", "regular"] if strong else ["none"]),
    }
    # Every third CEO names an assistant, who hears of shows left unconfirmed.
    if number % 3 == 0:
        applicant["assistant_name"] = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
        applicant["assistant_email"] = f"assistant-{person.email}"
    # Studio time is booked up to this many shows a week (the weekly quota).
    person.extra["commitment"] = answers["weekly_events"]
    followers = rng.randint(120_000, 2_000_000) if strong else rng.randint(500, 60_000)
    return {
        "applicant_data": applicant,
        "social_accounts": [
            {
                "platform": rng.choice(PLATFORMS),
                "handle": f"{brand.lower().replace(' ', '')}{number + 1}",
                "followers": followers,
            }
        ],
        "answers": answers,
        "consent": True,
        "language": rng.choice(["en", "zh-hans"]),
        "channel_code": person.channel,
    }
