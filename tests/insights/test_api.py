"""GET /api/v1/dashboard/: who may read it, what it refuses, and its shape."""

import pytest
from rest_framework.test import APIClient

from onboarding.core.models import Role
from tests.factories import ApplicationFactory, StudioFactory, UserFactory
from tests.insights.conftest import client_for

URL = "/api/v1/dashboard/"


@pytest.mark.parametrize(
    ("role", "superuser", "expected"),
    [
        (Role.LEAD_REVIEWER, False, 200),
        (Role.ADMIN, False, 200),
        (Role.CEO, True, 200),
        (Role.REVIEWER, False, 403),
        (Role.TRAINER, False, 403),
        (Role.SCHEDULER, False, 403),
        (Role.CEO, False, 403),
    ],
)
def test_leads_and_admins_read_the_dashboard_and_no_one_else(
    frozen, campaign, role, superuser, expected
):
    user = UserFactory(role=role, is_staff=role != Role.CEO, is_superuser=superuser)

    response = client_for(user).get(URL, {"campaign": campaign.slug})

    assert response.status_code == expected, response.content
    if expected == 403:
        assert response.json()["code"] == "permission_denied"
        assert "lead reviewers and administrators" in response.json()["message"]


def test_anonymous_is_asked_to_sign_in(frozen, campaign):
    response = APIClient().get(URL, {"campaign": campaign.slug})

    assert response.status_code == 401


def test_an_inactive_lead_is_refused(frozen, campaign):
    user = UserFactory(role=Role.LEAD_REVIEWER, is_staff=True)
    client = client_for(user)
    user.is_active = False
    user.save()

    assert client.get(URL, {"campaign": campaign.slug}).status_code in (401, 403)


def test_the_campaign_is_required_and_must_exist(frozen, lead):
    client = client_for(lead)

    missing = client.get(URL)
    unknown = client.get(URL, {"campaign": "no-such-campaign"})
    extra = client.get(URL, {"campaign": "x", "colour": "red"})

    assert missing.status_code == 400
    assert "campaign" in missing.json()["fields"]
    assert unknown.status_code == 404
    assert extra.status_code == 400
    assert "colour" in extra.json()["fields"]


def test_the_answer_has_every_section_with_times_in_utc(frozen, campaign, lead):
    ApplicationFactory(campaign=campaign)
    StudioFactory()

    body = client_for(lead).get(URL, {"campaign": campaign.slug}).json()

    assert set(body) == {
        "campaign",
        "generated_at",
        "today",
        "attention",
        "funnel",
        "applications_per_day",
        "reviews",
        "training",
        "utilisation",
        "attendance",
        "outcomes",
        "targets",
    }
    assert body["campaign"] == {
        "id": campaign.pk,
        "slug": campaign.slug,
        "name": campaign.name,
        "timezone": "Asia/Shanghai",
    }
    assert body["generated_at"] == "2027-05-27T02:00:00Z"
    assert body["today"] == "2027-05-27"
    assert set(body["attention"]) == {
        "overdue_reviews",
        "unconfirmed_shows",
        "late_samples",
        "attendance_flagged",
        "full_sessions",
    }
    assert [s["stage"] for s in body["funnel"]][0] == "applied"
    assert body["funnel"][0]["reached"] == 1
    assert len(body["utilisation"]["days"]) == 14
    assert body["outcomes"]["total"]["turnover_cny"] == "0.00"
    assert body["targets"]["shows"] == {"target": None, "reached": 0, "rate": None}
    assert body["targets"]["turnover_cny"] == {"target": None, "reached": "0.00", "rate": None}


def test_the_answer_is_in_the_readers_language(frozen, campaign, lead):
    ApplicationFactory(campaign=campaign)

    body = (
        client_for(lead)
        .get(URL, {"campaign": campaign.slug}, HTTP_ACCEPT_LANGUAGE="zh-hans")
        .json()
    )

    labels = {s["stage"]: s["label"] for s in body["funnel"]}
    assert labels["applied"] == "已申请"
    assert labels["approved"] == "已通过"


def test_options_describes_the_endpoint(frozen, lead):
    response = client_for(lead).options(URL)

    assert response.status_code == 200
    assert response.json()["name"] == "Dashboard"
