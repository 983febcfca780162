"""Leads switch a campaign's review settings from the API and the admin; each change is audited."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from onboarding.applicants.models import Campaign
from onboarding.core.models import AuditEntry, Role
from onboarding.core.time import add_business_days
from onboarding.reviews.models import Criterion, ReviewCase, ReviewSettings
from tests.factories import CampaignFactory, UserFactory, valid_submission

pytestmark = pytest.mark.django_db

FULL = {
    "hide_identity": True,
    "four_eyes": True,
    "open_scoring": False,
    "decision_days": 5,
    "info_response_days": 7,
}


def settings_url(campaign: Campaign) -> str:
    return f"/api/v1/review/campaigns/{campaign.slug}/settings/"


def audit(campaign: Campaign):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Campaign),
        object_id=campaign.pk,
        action="review_settings_update",
    )


def test_lead_reads_the_defaults_of_a_campaign_without_settings(lead_client):
    campaign = CampaignFactory()

    response = lead_client.get(settings_url(campaign))

    assert response.status_code == 200, response.json()
    assert response.json() == {
        "hide_identity": False,
        "four_eyes": False,
        "open_scoring": True,
        "decision_days": 3,
        "info_response_days": 5,
    }
    assert not ReviewSettings.objects.exists()


def test_lead_puts_all_settings_and_the_change_is_audited(lead_client):
    campaign = CampaignFactory()

    response = lead_client.put(settings_url(campaign), FULL, format="json")

    assert response.status_code == 200, response.json()
    assert response.json() == FULL
    stored = ReviewSettings.objects.get(campaign=campaign)
    assert (stored.hide_identity, stored.four_eyes, stored.decision_days) == (True, True, 5)
    entry = audit(campaign).get()
    assert entry.actor == lead_client.user
    assert entry.data["changed"]["four_eyes"] == [False, True]
    assert entry.data["changed"]["decision_days"] == [3, 5]


def test_patch_changes_only_what_it_names(lead_client):
    campaign = CampaignFactory()
    ReviewSettings.objects.create(campaign=campaign, four_eyes=True, decision_days=4)

    response = lead_client.patch(settings_url(campaign), {"hide_identity": True}, format="json")

    assert response.status_code == 200, response.json()
    stored = ReviewSettings.objects.get(campaign=campaign)
    assert (stored.hide_identity, stored.four_eyes, stored.decision_days) == (True, True, 4)
    assert audit(campaign).get().data["changed"] == {"hide_identity": [False, True]}


def test_what_get_gives_put_takes_back(lead_client):
    campaign = CampaignFactory()
    given = lead_client.get(settings_url(campaign)).json()

    response = lead_client.put(settings_url(campaign), {**given, "four_eyes": True}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json() == {**given, "four_eyes": True}


def test_put_needs_every_setting(lead_client):
    campaign = CampaignFactory()

    response = lead_client.put(settings_url(campaign), {"four_eyes": True}, format="json")

    assert response.status_code == 400
    assert "decision_days" in response.json()["fields"]
    assert not ReviewSettings.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"decision_days": 0},
        {"decision_days": 400},
        {"info_response_days": -1},
        {"four_eyes": "maybe"},
        # The document says boolean: DRF alone would read these as true or false.
        {"four_eyes": 1},
        {"four_eyes": 0.0},
        {"four_eyes": "yes"},
        {"four_eyes": "true"},
        {"hide_identity": 1},
        {"colour": "red"},
    ],
)
def test_bad_settings_are_400_and_nothing_changes(lead_client, body):
    campaign = CampaignFactory()
    ReviewSettings.objects.create(campaign=campaign)

    response = lead_client.patch(settings_url(campaign), body, format="json")

    assert response.status_code == 400
    assert set(body) <= set(response.json()["fields"])
    stored = ReviewSettings.objects.get(campaign=campaign)
    assert (stored.decision_days, stored.info_response_days, stored.four_eyes) == (3, 5, False)
    assert not audit(campaign).exists()


def test_nothing_changed_writes_no_audit_line(lead_client):
    campaign = CampaignFactory()
    ReviewSettings.objects.create(campaign=campaign, four_eyes=True)

    response = lead_client.patch(settings_url(campaign), {"four_eyes": True}, format="json")

    assert response.status_code == 200
    assert not audit(campaign).exists()


@pytest.mark.parametrize("client_fixture", ["reviewer_client", "scheduler_client", "ceo_client"])
def test_settings_are_for_leads_only(request, client_fixture):
    campaign = CampaignFactory()
    client = request.getfixturevalue(client_fixture)

    assert client.get(settings_url(campaign)).status_code == 403
    assert client.patch(settings_url(campaign), {"four_eyes": True}, format="json").status_code == (
        403
    )
    assert not ReviewSettings.objects.exists()


def test_unknown_campaign_is_404(lead_client):
    assert lead_client.get("/api/v1/review/campaigns/nope/settings/").status_code == 404


def test_a_lead_switches_settings_in_the_admin_and_it_is_audited():
    campaign = CampaignFactory()
    lead = UserFactory(role=Role.LEAD_REVIEWER, is_staff=True)
    browser = Client()
    browser.force_login(lead)

    response = browser.post(
        reverse("admin:reviews_reviewsettings_add"),
        {
            "campaign": campaign.pk,
            "hide_identity": "on",
            "open_scoring": "on",
            "decision_days": 4,
            "info_response_days": 5,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    stored = ReviewSettings.objects.get(campaign=campaign)
    assert (stored.hide_identity, stored.four_eyes, stored.decision_days) == (True, False, 4)
    entry = audit(campaign).get()
    assert entry.actor == lead
    assert entry.data["changed"]["hide_identity"] == [False, True]


def test_reviewers_read_but_do_not_change_settings_in_the_admin():
    campaign = CampaignFactory()
    settings = ReviewSettings.objects.create(campaign=campaign)
    browser = Client()
    browser.force_login(UserFactory(role=Role.REVIEWER, is_staff=True))
    url = reverse("admin:reviews_reviewsettings_change", args=[settings.pk])

    assert browser.get(url).status_code == 200
    browser.post(url, {"campaign": campaign.pk, "four_eyes": "on", "decision_days": 1})

    settings.refresh_from_db()
    assert settings.four_eyes is False


def test_the_settings_endpoint_is_in_the_openapi_document(lead_client):
    schema = lead_client.get("/api/schema/", {"format": "json"}).json()

    path = schema["paths"]["/api/v1/review/campaigns/{slug}/settings/"]
    assert {"get", "put", "patch"} <= set(path)
    assert "patch" in path and "requestBody" in path["patch"]


@pytest.mark.parametrize(
    ("saved_days", "with_criteria", "expected_days"),
    [(None, True, 3), (6, True, 6), (6, False, 6), (None, False, 3)],
    ids=["defaults", "saved", "saved-no-criteria", "defaults-no-criteria"],
)
def test_a_submission_is_due_for_decision_after_the_campaigns_decision_days(
    api_client, campaign, saved_days, with_criteria, expected_days
):
    if saved_days is not None:
        ReviewSettings.objects.create(campaign=campaign, decision_days=saved_days)
    if with_criteria:
        Criterion.objects.create(
            campaign=campaign, kind=Criterion.Kind.ON_CAMERA, name="On camera", weight=10
        )
    else:
        Criterion.objects.filter(campaign=campaign).delete()

    response = api_client.post("/api/v1/applications/", valid_submission(campaign), format="json")

    assert response.status_code == 201, response.json()
    case = ReviewCase.objects.select_related("application").get()
    submitted = case.application.submitted_at
    assert case.decision_due_at == add_business_days(submitted, expected_days, campaign.timezone)
    assert case.decision_due_at != add_business_days(
        submitted, 9 - expected_days, campaign.timezone
    )
