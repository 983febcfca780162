"""The studio board and its reports, for every role: the page, a sign-in redirect, or 403."""

import pytest
from django.urls import reverse

from onboarding.core.models import Role
from tests.factories import CampaignFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["portal:staff-board", "portal:staff-board-reports"]
# Who the studios API serves is who may open the board: schedulers and admins.
EXPECTED = {
    "anonymous": "login",
    Role.CEO: 403,
    Role.REVIEWER: 403,
    Role.LEAD_REVIEWER: 403,
    Role.TRAINER: 403,
    Role.SCHEDULER: 200,
    Role.ADMIN: 200,
}


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("method", ["get", "head"])
def test_each_role_gets_what_it_may_open(client, role, page, method):
    campaign = CampaignFactory()
    if role != "anonymous":
        client.force_login(UserFactory(role=role, is_superuser=role == Role.ADMIN))
    response = getattr(client, method)(f"{reverse(page)}?campaign={campaign.slug}")
    expected = EXPECTED[role]
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("portal:login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", list(EXPECTED)[1:])
def test_the_board_is_in_the_navigation_of_those_who_may_open_it(client, role):
    campaign = CampaignFactory()
    client.force_login(UserFactory(role=role, is_superuser=role == Role.ADMIN))
    response = client.get(f"{reverse('portal:staff-board')}?campaign={campaign.slug}")
    if response.status_code == 403:
        assert f'href="{reverse("portal:staff-board")}'.encode() not in response.content
    else:
        assert f'href="{reverse("portal:staff-board")}?campaign='.encode() in response.content


def test_without_a_campaign_the_board_opens_on_the_last_one(client):
    campaign = CampaignFactory()
    client.force_login(UserFactory(role=Role.SCHEDULER))
    response = client.get(reverse("portal:staff-board"))
    assert response.status_code == 302
    assert f"campaign={campaign.slug}" in response["Location"]
