"""The applicant's data rights on their pages, in a real browser: the status page (private link
and an e-mailed code) and /me/ (signed in)."""

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from onboarding.applicants.models import ErasureRequest
from onboarding.notifications.models import Message
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_status_page_downloads_the_copy_with_the_emailed_code(live_server, phone):
    application = ApplicationFactory(email="chen.min@example.com", full_name="Chen Min")
    phone.goto(f"{live_server.url}{reverse('portal:draft', args=[application.draft_token])}")

    phone.locator("#personal-data summary").tap()
    phone.get_by_role("button", name="E-mail me a code").tap()
    phone.get_by_text("We sent a code to your e-mail address").wait_for()
    message = Message.objects.get(kind="access_code", recipient="chen.min@example.com")
    code = re.search(r"[:：]\s*(\d{6})\b", message.body).group(1)

    phone.fill("#personal-data-code", "999999" if code != "999999" else "000000")
    phone.get_by_role("button", name="Download my data (JSON)").tap()
    error = phone.locator("#personal-data-code-error")
    error.wait_for()
    assert "This code is wrong or has expired" in error.inner_text()

    phone.fill("#personal-data-code", code)
    with phone.expect_download() as download:
        phone.get_by_role("button", name="Download my data (JSON)").tap()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["applicants"]["applications"][0]["email"] == "chen.min@example.com"


def test_me_asks_for_erasure_once_the_box_is_ticked(live_server, desktop, client):
    ceo = UserFactory(role="ceo", email="chen.min@example.com")
    application = ApplicationFactory(user=ceo, email=ceo.email)
    client.force_login(ceo)
    desktop.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    desktop.goto(f"{live_server.url}{reverse('portal:my-applications')}")

    desktop.locator("#personal-data summary").click()
    desktop.get_by_role("button", name="Ask for erasure").click()
    desktop.get_by_text("Tick the box first").wait_for()
    assert not ErasureRequest.objects.exists()
    desktop.check("#personal-data-confirm")
    desktop.get_by_role("button", name="Ask for erasure").click()
    desktop.get_by_text("Your request is with our team").wait_for()
    assert ErasureRequest.objects.get().application == application
