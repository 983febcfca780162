"""The application page in a real browser: language, conditional questions, autosave, submit."""

import re

import pytest

from onboarding.applicants.models import Application, Status
from tests.factories import ChannelFactory, demo_questionnaire

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def campaign():
    ChannelFactory()
    return demo_questionnaire().campaign


def fill_applicant(page):
    page.fill("#id_full_name", "陈敏")
    page.fill("#id_job_title", "创始人")
    page.fill("#id_email", "chen.min@example.com")
    page.fill("#id_phone", "+86 139 0000 1111")
    page.fill("#id_company_name", "山里食品有限公司")
    page.select_option("#id_industry", "food")
    page.fill("#id_brand_name", "山里")
    page.fill("#id_products", "烟熏茶、干香菇")
    page.check('input[name="on_camera_in_person"][value="True"]')
    page.check('input[name="live_experience"][value="occasional"]')
    page.select_option('select[name="social-0-platform"]', "douyin")
    page.fill('input[name="social-0-handle"]', "shanli")
    page.fill('input[name="social-0-followers"]', "52000")


def fill_questionnaire(page):
    page.fill('input[name="q-weekly_events"]', "3")
    page.check('input[name="q-availability-tue"]')
    page.fill('input[name="q-availability-tue-start"]', "20:00")
    page.fill('input[name="q-availability-tue-end"]', "22:00")
    page.fill('input[name="q-commitment_weeks"]', "8")
    page.check('input[name="q-product_categories"][value="food"]')
    page.check('input[name="q-main_goal"][value="sales"]')


def test_a_ceo_applies_in_chinese_on_a_phone(live_server, phone, campaign):
    phone.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": live_server.url}]
    )
    phone.goto(f"{live_server.url}/apply/{campaign.slug}/?via=weibo-official")
    assert phone.locator("html").get_attribute("lang") == "zh-Hans"
    assert phone.get_by_text("您每周可以做几场直播？").is_visible()

    fill_applicant(phone)
    fill_questionnaire(phone)
    pickup = phone.locator("#q-pickup_address")
    assert not pickup.is_visible()
    phone.check('input[name="q-needs_logistics"][value="yes"]')
    assert pickup.is_visible()
    phone.check('input[name="q-sample_volume"][value="small"]')
    phone.fill('textarea[name="q-pickup_address"]', "杭州市茶园路 8 号")
    phone.check("#id_consent")
    phone.click('button[value="submit"]')

    phone.wait_for_url(re.compile(r"/apply/d/.+/sent/"))
    application = Application.objects.get()
    assert application.reference in phone.content()
    assert application.status == Status.SUBMITTED
    assert application.language == "zh-hans"
    assert application.channel.code == "weibo-official"
    assert application.answers.get(question__key="pickup_address").value == "杭州市茶园路 8 号"


def test_a_send_pressed_while_the_first_save_opens_the_draft_sends_that_draft(
    live_server, phone, campaign
):
    # The first autosave has reached the server (the draft exists) but its answer is still on
    # the way, as on a slow phone network, when the CEO presses send.
    held = []

    def hold_the_answer(route):
        held.append((route, route.fetch()))

    phone.route(re.compile(rf"/apply/{campaign.slug}/autosave$"), hold_the_answer)
    phone.goto(f"{live_server.url}/apply/{campaign.slug}/")
    fill_applicant(phone)
    fill_questionnaire(phone)
    phone.check('input[name="q-needs_logistics"][value="no"]')
    phone.check("#id_consent")
    while not held:
        phone.wait_for_timeout(100)
    assert Application.objects.get().status == Status.DRAFT

    phone.click('button[value="submit"]')
    phone.wait_for_timeout(300)  # a press that did not wait would be posted by now
    route, answer = held[0]
    route.fulfill(response=answer)

    phone.wait_for_url(re.compile(r"/apply/d/.+/sent/"))
    # One application, the draft itself, sent: no second one, no draft left to be reminded of.
    application = Application.objects.get()
    assert application.status == Status.SUBMITTED
    assert application.reference in phone.content()


def test_typing_saves_a_draft_that_the_private_link_brings_back(live_server, phone, campaign):
    phone.goto(f"{live_server.url}/apply/{campaign.slug}/")

    # (the autosave waits a second after typing: on a slow machine the first save may carry the
    # name alone, so wait for the save that carries the company)
    with phone.expect_response(
        lambda r: "/autosave" in r.url and "Mountain+Pantry" in (r.request.post_data or "")
    ):
        phone.fill("#id_full_name", "Chen Min")
        phone.fill("#id_company_name", "Mountain Pantry")
    phone.wait_for_url(re.compile(r"/apply/d/[^/]+/$"))
    phone.wait_for_function(
        "() => document.querySelector('#autosave-status').textContent.trim() !== ''"
    )

    draft = Application.objects.get()
    assert draft.status == Status.DRAFT
    phone.wait_for_function(
        "() => document.querySelector('#autosave-status').textContent.includes(':')"
    )
    draft.refresh_from_db()
    assert draft.company_name == "Mountain Pantry"
    phone.goto(phone.url)
    assert phone.input_value("#id_full_name") == "Chen Min"


def test_errors_are_listed_and_linked_to_their_fields(live_server, phone, campaign):
    phone.goto(f"{live_server.url}/apply/{campaign.slug}/")

    phone.fill("#id_email", "not-an-email")
    phone.click('button[value="submit"]')

    summary = phone.locator("#error-summary")
    summary.wait_for()
    assert summary.locator("a").count() >= 3
    assert phone.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert Application.objects.filter(status=Status.SUBMITTED).count() == 0
