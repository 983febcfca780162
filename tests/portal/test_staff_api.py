"""The two small API views the staff portal's queue added: the CSV export and the reviewers."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onboarding.applicants.models import Status
from onboarding.core.models import Role
from tests.factories import CampaignFactory, UserFactory
from tests.reviews.factories import ReviewedApplicationFactory

pytestmark = pytest.mark.django_db

EXPORT = "/api/v1/review/export/"


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_export_follows_the_queue_filters(lead_client):
    campaign = CampaignFactory()
    kept = ReviewedApplicationFactory(campaign=campaign, full_name="=HYPERLINK(1)")
    ReviewedApplicationFactory(campaign=campaign, status=Status.REJECTED)
    ReviewedApplicationFactory()  # another campaign
    found = rows(lead_client.get(EXPORT, {"campaign": campaign.slug, "status": "submitted"}))
    assert [row["reference"] for row in found] == [kept.reference]
    assert found[0]["full_name"] == "'=HYPERLINK(1)"  # inert in a spreadsheet


def test_the_export_is_for_leads_only(reviewer_client):
    assert reviewer_client.get(EXPORT).status_code == 403


def test_the_export_keeps_its_query_count_whatever_the_size(lead_client):
    campaign = CampaignFactory()
    ReviewedApplicationFactory.create_batch(3, campaign=campaign)
    with CaptureQueriesContext(connection) as small:
        assert len(rows(lead_client.get(EXPORT, {"campaign": campaign.slug}))) == 3
    ReviewedApplicationFactory.create_batch(27, campaign=campaign)
    with CaptureQueriesContext(connection) as large:
        assert len(rows(lead_client.get(EXPORT, {"campaign": campaign.slug}))) == 30
    assert len(large) == len(small) <= 6


def test_leads_see_whom_they_can_assign(lead_client, reviewer_client):
    UserFactory(role=Role.REVIEWER, username="rosa")
    UserFactory(role=Role.TRAINER, username="tom")
    names = [p["username"] for p in lead_client.get("/api/v1/review/reviewers/").json()]
    assert "rosa" in names and "tom" not in names
    assert reviewer_client.get("/api/v1/review/reviewers/").status_code == 403
