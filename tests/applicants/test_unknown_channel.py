"""A mistyped invitation link (?via=<code> naming no channel) shows up in the intake counts.

It used to be counted as "direct", so a broken link in a campaign post went unnoticed.
"""

import pytest
from django.test import Client
from django.urls import reverse

from onboarding.applicants.models import Application
from onboarding.applicants.selectors import intake_by_channel_and_day
from onboarding.applicants.services import draft_start
from tests.factories import ChannelFactory, UserFactory, valid_submission
from tests.portal.test_pages import apply_url, form_post

pytestmark = pytest.mark.django_db
SUBMIT = "/api/v1/applications/"


def _intake(campaign) -> dict[str, int]:
    return {
        row["channel"]: row["applications"] for row in intake_by_channel_and_day(campaign=campaign)
    }


def test_an_unknown_code_is_kept_and_counted_apart(api_client, reviewer_client, campaign):
    ChannelFactory(code="weibo-official")

    # A typo, the right code, and no code at all
    for n, channel in enumerate(["weibo-offical", "weibo-official", ""]):
        body = valid_submission(campaign, channel=channel)
        body["applicant"] = {
            **body["applicant"],
            "email": f"ceo{n}@example.com",
            "phone": f"+861390000{n:04d}",
        }
        response = api_client.post(SUBMIT, body, format="json")
        assert response.status_code == 201, response.json()

    typo = Application.objects.get(email="ceo0@example.com")
    assert typo.channel is None and typo.unknown_channel_code == "weibo-offical"
    assert Application.objects.get(email="ceo1@example.com").unknown_channel_code == ""
    counts = {"unknown: weibo-offical": 1, "weibo-official": 1, "direct": 1}
    assert _intake(campaign) == counts
    response = reviewer_client.get(f"/api/v1/campaigns/{campaign.slug}/intake/")
    assert {row["channel"]: row["applications"] for row in response.json()} == counts


def test_the_form_keeps_an_unknown_code(client, campaign):
    client.post(apply_url(campaign) + "?via=wiebo-official", form_post(via="wiebo-official"))

    assert Application.objects.get().unknown_channel_code == "wiebo-official"
    assert _intake(campaign) == {"unknown: wiebo-official": 1}


def test_a_draft_keeps_the_code_it_was_opened_with_until_it_is_sent(campaign):
    draft = draft_start(campaign=campaign, language="en", channel_code="douyin-ad-7")
    assert draft.unknown_channel_code == "douyin-ad-7"


def test_an_overlong_or_tampered_code_is_cut_to_fit(campaign):
    long = draft_start(campaign=campaign, language="en", channel_code="x" * 500)
    nul = draft_start(campaign=campaign, language="en", channel_code="a\x00b")
    assert long.unknown_channel_code == "x" * 50
    assert nul.unknown_channel_code == ""


def test_staff_see_and_filter_unknown_codes_in_the_admin(campaign):
    ChannelFactory(code="weibo-official")
    client = Client()
    client.force_login(UserFactory(role="admin", is_staff=True, is_superuser=True))
    for n, via in enumerate(["weibo-offical", "weibo-official"]):
        client.post(
            apply_url(campaign),
            form_post(via=via, email=f"ceo{n}@example.com", phone=f"+861390000{n:04d}"),
        )
    changelist = reverse("admin:applicants_application_changelist")

    page = client.get(changelist).content.decode()
    filtered = client.get(changelist, {"channel": "unknown:weibo-offical"})

    assert "unknown: weibo-offical" in page
    assert [a.email for a in filtered.context["cl"].result_list] == ["ceo0@example.com"]
