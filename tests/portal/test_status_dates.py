"""The status page writes every date and time one way per language, with the time zone named.

It mixed "Nov. 26, 2026, 7:56 p.m." with "12/01/2026 7:56 p.m." and said nothing of the zone.
"""

import re
from datetime import UTC, datetime

import pytest
import time_machine

from onboarding.applicants.models import Application
from onboarding.applicants.services import application_submit
from onboarding.reviews.services import review_decide
from tests.factories import UserFactory, valid_answers, valid_applicant

pytestmark = pytest.mark.django_db
EN = re.compile(
    r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} \((\w+) time\)"
)
ZH = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日（星期.）\d{2}:\d{2}（(\w+) 时间）")
TEXT_DATE = re.compile(r"\b\d{1,2}/\d{1,2}(/\d{2,4})?\b|[ap]\.m\.|\b[A-Z][a-z]{2}\. \d")


def _sent_and_asked(campaign, language: str) -> Application:
    # Sent on 26 November at 19:56 in Shanghai, asked for more on 1 December.
    with time_machine.travel(datetime(2026, 11, 26, 11, 56, tzinfo=UTC), tick=False):
        application = application_submit(
            campaign=campaign,
            applicant_data=valid_applicant(),
            social_accounts=[{"platform": "douyin", "handle": "tea", "followers": 100}],
            answers=valid_answers(),
            consent=True,
            language=language,
        )
    with time_machine.travel(datetime(2026, 12, 1, 11, 56, tzinfo=UTC), tick=False):
        review_decide(
            application_id=application.pk,
            actor=UserFactory(role="reviewer"),
            action="request_info",
            reason="Which city?",
        )
    return application


def _facts(page: str) -> str:
    return page[page.index("<dl") : page.index('<section class="private-link"')]


def test_english_dates_share_one_format_and_name_the_zone(client, campaign):
    application = _sent_and_asked(campaign, "en")

    page = client.get(
        f"/apply/d/{application.draft_token}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    shown = _facts(page)

    dates = EN.findall(shown)
    assert len(dates) >= 3, shown  # sent, and each step of the history
    assert {zone for _day, zone in dates} == {"Shanghai"}
    assert "Thu 26 Nov 2026, 19:56 (Shanghai time)" in shown
    assert not TEXT_DATE.search(re.sub(r'datetime="[^"]*"', "", shown)), shown


def test_chinese_dates_share_one_format_and_name_the_zone(client, campaign):
    application = _sent_and_asked(campaign, "zh-hans")
    client.cookies["django_language"] = "zh-hans"

    page = client.get(
        f"/apply/d/{application.draft_token}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    shown = _facts(page)

    assert len(ZH.findall(shown)) >= 3, shown
    assert "2026年11月26日（星期四）19:56（上海 时间）" in shown
    assert not TEXT_DATE.search(re.sub(r'datetime="[^"]*"', "", shown)), shown


def test_a_signed_in_reader_sees_their_own_zone_named(client, campaign):
    application = _sent_and_asked(campaign, "en")
    client.force_login(UserFactory(role="ceo", timezone="Europe/Berlin", language="en"))

    page = client.get(
        f"/apply/d/{application.draft_token}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "Thu 26 Nov 2026, 12:56 (Berlin time)" in _facts(page)
