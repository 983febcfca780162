"""A CEO's self-service on /me/ in a real browser, on a phone, in Chinese: enrol in training,
confirm a show, copy the calendar link, update the weekly availability, open the scorecard.

Checked on the page and in PostgreSQL, with axe-core on each page.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from onboarding.applicants.models import Application, Status
from onboarding.core.models import Role
from onboarding.notifications.models import Notification
from onboarding.questionnaires.models import Answer
from onboarding.questionnaires.services import answers_clean
from onboarding.studios.models import Booking, BookingCrew, CalendarFeed
from onboarding.training.models import Enrolment
from tests.factories import (
    ApplicationFactory,
    BookingFactory,
    CrewFactory,
    StudioFactory,
    TrainingModuleFactory,
    TrainingSessionFactory,
    UserFactory,
    demo_questionnaire,
    valid_answers,
)
from tests.portal.staff_browser import serious_violations, sign_in

# A link with nowhere to break: it must wrap rather than widen the phone's page.
LONG_LINK = "https://live.example.com/training/room?token=" + "Abcdefghij" * 5

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("default_rules")]


def sent(campaign, user, **fields) -> Application:
    """An application with the demo questionnaire's answers (availability Tue and Thu)."""
    application = ApplicationFactory(campaign=campaign, user=user, accounts=0, **fields)
    cleaned = answers_clean(questionnaire=application.questionnaire, raw=valid_answers())
    by_key = {q.key: q for q in application.questionnaire.questions.all()}
    for key, value in cleaned.items():
        Answer.objects.create(application=application, question=by_key[key], value=value)
    return application


def in_chinese(page, base_url):
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "zh-hans", "url": base_url}]
    )


def test_a_ceo_does_their_self_service_on_a_phone_in_chinese(live_server, phone):
    page = phone
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    # Given a trained CEO with a show in three days (crew assigned, not confirmed yet), an open
    # training session, an unread notification, and their questionnaire's availability
    campaign = demo_questionnaire().campaign
    user = UserFactory(role=Role.CEO, username="wang@example.com", first_name="Fang")
    application = sent(campaign, user, status=Status.TRAINED, full_name="Wang Fang")
    studio = StudioFactory(name="West Lake studio", address="No. 8 Wensan Road")
    starts = timezone.now() + timedelta(days=3)
    booking = BookingFactory(
        application=application,
        studio=studio,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    BookingCrew.objects.create(
        booking=booking,
        crew=CrewFactory(name="Chen Jie"),
        buffered_start=booking.buffered_start,
        buffered_end=booking.buffered_end,
    )
    module = TrainingModuleFactory(campaign=campaign, title_zh="直播进阶")
    session = TrainingSessionFactory(
        module=module,
        capacity=4,
        location="",
        video_url=LONG_LINK,
    )
    Notification.objects.create(user=user, kind="test", title="欢迎", body="欢迎参加。")

    # When the CEO signs in on their phone, in Chinese
    in_chinese(page, live_server.url)
    sign_in(page, live_server.url, "wang@example.com")
    assert page.url == f"{live_server.url}{reverse('portal:my-applications')}"
    page.locator("#show-list [data-booking]").wait_for()
    page.locator("#open-sessions li").first.wait_for()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    shows = page.locator("#me-shows").inner_text()
    assert "No. 8 Wensan Road" in shows and "Chen Jie" in shows
    # (the notifications load by their own request)
    expect(page.locator("#notification-list li.unread")).to_have_count(1)
    assert serious_violations(page) == []
    # Nothing is wider than the phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # And enrols in the open session
    page.get_by_role("button", name="报名参加 直播进阶").click()
    page.locator("#my-enrolments li", has_text="直播进阶").wait_for()
    assert Enrolment.objects.get(session=session, application=application).status == "enrolled"

    # And confirms the show with one tap
    page.locator("#show-list [data-booking] button.primary").click()
    page.locator("#show-list .status", has_text="您已确认").wait_for()
    booking.refresh_from_db()
    assert booking.attendance_confirmed_by == user

    # And makes their calendar link and copies it
    page.get_by_role("button", name="生成我的日历链接").click()
    page.locator("#feed-url").wait_for()
    feed = CalendarFeed.objects.get(user=user)
    page.get_by_role("button", name="复制链接").click()
    page.locator("#feed-status", has_text="已复制").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"/api/v1/calendar/{feed.token}.ics")

    # And updates their weekly availability: a Saturday morning added
    page.get_by_role("button", name="添加时间段").click()
    last = page.locator("#windows li").last
    last.locator("select[name=day]").select_option("sat")
    last.locator("input[name=start]").fill("10:00")
    last.locator("input[name=end]").fill("12:00")
    page.get_by_role("button", name="保存可用时间").click()
    page.locator("#availability-status", has_text="已保存").wait_for()
    stored = Answer.objects.get(application=application, question__key="availability").value
    assert {"day": "sat", "start": "10:00", "end": "12:00"} in stored
    assert len(stored) == 3

    # And a window that ends before it starts is refused beside the form, nothing saved
    page.locator("#windows li").last.locator("input[name=end]").fill("09:00")
    page.get_by_role("button", name="保存可用时间").click()
    page.locator("#availability-form .field-error, #availability-form .api-error").first.wait_for()
    assert Answer.objects.get(application=application, question__key="availability").value == stored

    # And opens their scorecard
    page.get_by_role("link", name="打开我的成绩单").click()
    page.wait_for_url(f"**{reverse('portal:me-scorecard')}")
    page.locator("#scorecard[data-loaded=true]").wait_for()
    assert page.locator("h1").inner_text() == "我的成绩单"
    assert serious_violations(page) == []
    assert Booking.objects.filter(application=application).count() == 1
