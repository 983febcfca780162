"""The staff list's page is built from `.values()` (list_rows): the JSON its serializer gives."""

import json

import pytest
from rest_framework.renderers import JSONRenderer

from onboarding.applicants import selectors
from onboarding.applicants.api.serializers import ApplicationListSerializer
from onboarding.applicants.models import Status
from tests.factories import ApplicationFactory, CampaignFactory, ChannelFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/applications/"


def test_the_staff_list_page_is_what_the_serializer_writes(reviewer_client):
    # Given applications with and without a channel, social accounts or a camera answer
    campaign = CampaignFactory()
    ApplicationFactory(campaign=campaign, channel=ChannelFactory(), accounts=3)
    ApplicationFactory(campaign=campaign, channel=None, accounts=0, on_camera_in_person=None)
    ApplicationFactory(campaign=campaign, status=Status.APPROVED, language="zh-hans")
    ApplicationFactory(campaign=campaign, status=Status.DRAFT, submitted_at=None)

    # When review staff read the list
    response = reviewer_client.get(LIST, {"page_size": 100})

    # Then each row is exactly what the serializer writes for the same rows
    assert response.status_code == 200
    expected = ApplicationListSerializer(
        selectors.applications_for_staff().order_by("id"), many=True
    ).data
    expected = json.loads(JSONRenderer().render(expected))
    assert sorted(response.json()["results"], key=lambda row: row["id"]) == expected
    assert {row["total_followers"] for row in expected} == {0, 3000, 6000}


@pytest.mark.parametrize("accounts", [1, 5, 10])
def test_the_staff_detail_has_a_fixed_query_budget(
    reviewer_client, django_assert_max_num_queries, accounts
):
    application = ApplicationFactory(accounts=accounts)

    # the token and its user, the application with its accounts and answers, the record of the
    # read
    with django_assert_max_num_queries(3):
        response = reviewer_client.get(f"{LIST}{application.pk}/")

    assert response.status_code == 200
    assert len(response.json()["social_accounts"]) == accounts
