"""Campaign targets (CEOs to go live, shows, turnover): set by leads and admins, audited."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from onboarding.applicants.models import Campaign
from onboarding.applicants.services import campaign_targets_set
from onboarding.core.errors import Invalid, NotAllowed
from onboarding.core.models import AuditEntry
from tests.factories import CampaignFactory, UserFactory

pytestmark = pytest.mark.django_db
TARGETS = "/api/v1/campaigns/{slug}/targets/"


def _audit(campaign: Campaign) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Campaign),
            object_id=campaign.pk,
            action="campaign_targets_set",
        ).order_by("pk")
    )


def test_a_lead_sets_the_targets_and_the_change_is_audited():
    campaign = CampaignFactory()
    lead = UserFactory(role="lead_reviewer", is_staff=True)

    campaign_targets_set(
        campaign_id=campaign.pk,
        actor=lead,
        targets={"target_ceos_live": 70, "target_shows": 300, "target_turnover_cny": "1500000.50"},
    )
    campaign_targets_set(campaign_id=campaign.pk, actor=lead, targets={"target_shows": None})

    campaign.refresh_from_db()
    assert campaign.target_ceos_live == 70
    assert campaign.target_shows is None
    assert campaign.target_turnover_cny == Decimal("1500000.50")
    first, second = _audit(campaign)
    assert first.actor == lead
    assert first.data["from"] == {
        "target_ceos_live": None,
        "target_shows": None,
        "target_turnover_cny": None,
    }
    assert first.data["to"]["target_turnover_cny"] == "1500000.50"
    assert second.data == {"from": {"target_shows": 300}, "to": {"target_shows": None}}


@pytest.mark.parametrize(
    "targets, field",
    [
        ({"target_ceos_live": 0}, "target_ceos_live"),
        ({"target_shows": -3}, "target_shows"),
        ({"target_shows": 2.5}, "target_shows"),
        ({"target_turnover_cny": "0"}, "target_turnover_cny"),
        ({"target_turnover_cny": "1.234"}, "target_turnover_cny"),
        ({"target_turnover_cny": "1000000000000"}, "target_turnover_cny"),
        ({"target_turnover_cny": "NaN"}, "target_turnover_cny"),
        ({"name": "Renamed"}, "name"),
    ],
)
def test_targets_must_be_positive_and_fit(targets, field):
    campaign = CampaignFactory(target_shows=10)
    lead = UserFactory(role="lead_reviewer", is_staff=True)

    with pytest.raises(Invalid) as refused:
        campaign_targets_set(
            campaign_id=campaign.pk, actor=lead, targets={"target_ceos_live": 5, **targets}
        )

    assert field in refused.value.fields
    campaign.refresh_from_db()
    assert (campaign.target_ceos_live, campaign.target_shows) == (None, 10)
    assert _audit(campaign) == []


@pytest.mark.parametrize("role", ["reviewer", "scheduler", "trainer", "ceo"])
def test_other_roles_may_not_set_targets(role):
    campaign = CampaignFactory()
    with pytest.raises(NotAllowed):
        campaign_targets_set(
            campaign_id=campaign.pk, actor=UserFactory(role=role), targets={"target_shows": 5}
        )


def test_the_api_lets_leads_read_and_patch_targets(lead_client):
    campaign = CampaignFactory(target_ceos_live=50)
    url = TARGETS.format(slug=campaign.slug)

    patched = lead_client.patch(url, {"target_turnover_cny": "2000000.00"}, format="json")

    assert patched.status_code == 200, patched.json()
    assert patched.json() == {
        "target_ceos_live": 50,
        "target_shows": None,
        "target_turnover_cny": "2000000.00",
    }
    assert lead_client.get(url).json() == patched.json()
    assert _audit(campaign)[0].actor == lead_client.user


def test_the_api_refuses_bad_targets_with_the_field(lead_client):
    campaign = CampaignFactory()
    response = lead_client.patch(
        TARGETS.format(slug=campaign.slug), {"target_shows": 0}, format="json"
    )
    assert response.status_code == 400
    assert "target_shows" in response.json()["fields"]


def test_other_staff_may_not_patch_targets(reviewer_client, scheduler_client, ceo_client):
    campaign = CampaignFactory()
    url = TARGETS.format(slug=campaign.slug)
    for client in (reviewer_client, scheduler_client, ceo_client):
        assert client.patch(url, {"target_shows": 5}, format="json").status_code == 403
    assert ceo_client.get(url).status_code == 403
    campaign.refresh_from_db()
    assert campaign.target_shows is None


def test_anonymous_campaign_reads_stay_public_and_show_no_targets(api_client):
    campaign = CampaignFactory(target_ceos_live=70, target_shows=300)

    listed = api_client.get("/api/v1/campaigns/")
    detail = api_client.get(f"/api/v1/campaigns/{campaign.slug}/")

    assert listed.status_code == 200 and detail.status_code == 200
    assert not any(key.startswith("target") for key in detail.json())
    assert not any(key.startswith("target") for row in listed.json() for key in row)
    assert api_client.get(TARGETS.format(slug=campaign.slug)).status_code == 401
    assert api_client.patch(TARGETS.format(slug=campaign.slug), {}).status_code == 401


def test_a_lead_sets_targets_in_the_admin_and_it_is_audited():
    campaign = CampaignFactory()
    lead = UserFactory(role="lead_reviewer", is_staff=True)
    client = Client()
    client.force_login(lead)
    url = reverse("admin:applicants_campaign_change", args=[campaign.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = field.widget.format_value(form[name].value())
        if "Split" in type(field.widget).__name__:
            continue
        if value is not None and value is not False:
            data[name] = "on" if value is True else value
    for name in ("application_opens_at", "application_closes_at"):
        local = form[name].value()
        data[f"{name}_0"], data[f"{name}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
    data.update(target_ceos_live="70", target_shows="", target_turnover_cny="880000.00")

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    campaign.refresh_from_db()
    assert (campaign.target_ceos_live, campaign.target_turnover_cny) == (70, Decimal("880000.00"))
    (entry,) = _audit(campaign)
    assert entry.actor == lead
    assert entry.data["to"] == {"target_ceos_live": 70, "target_turnover_cny": "880000.00"}
