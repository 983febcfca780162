"""A CEO takes a freed studio slot from their phone, in Chinese, on /me/standby/."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.urls import reverse

from onboarding.core.models import Role
from onboarding.studios.models import Booking, FreedSlot
from tests.factories import PASSWORD, CampaignFactory, StudioFactory, UserFactory
from tests.portal.staff_browser import serious_violations, sign_in
from tests.studios.standby_world import cancelled_show, ready_ceo

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_ceo_accepts_a_standby_offer_on_a_phone_in_chinese(live_server, phone):
    page = phone
    importlib.import_module("onboarding.studios.migrations.0004_standby").create(django_apps, None)
    # Given a cancelled show whose slot was offered to a ready CEO
    campaign, studio = CampaignFactory(), StudioFactory(name="西湖直播间")
    application = ready_ceo(campaign, studio, language="zh-hans")
    slot = FreedSlot.objects.get(
        cancelled_booking=cancelled_show(studio, UserFactory(role=Role.SCHEDULER), campaign)
    )
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "zh-hans", "url": live_server.url}]
    )
    sign_in(page, live_server.url, application.user.username, password=PASSWORD)

    # When they open their standby offers (linked from /me/) and accept
    page.goto(f"{live_server.url}{reverse('portal:my-applications')}")
    page.get_by_role("link", name="候补时段").first.click()
    offer = page.locator("#offer-list li.card")
    offer.wait_for()
    assert "西湖直播间" in offer.inner_text()
    assert serious_violations(page) == []
    page.get_by_role("button", name="接受这个时段").click()

    # Then the show is theirs: on the page and in PostgreSQL
    page.locator("#standby-status", has_text="直播已预约").wait_for()
    booking = Booking.objects.get(pk=FreedSlot.objects.get(pk=slot.pk).booking_id)
    assert (booking.application_id, booking.status) == (application.pk, "confirmed")
    page.locator("#offer-list", has_text="您已接受").wait_for()
    assert serious_violations(page) == []
