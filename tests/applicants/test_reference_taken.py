"""A reference is drawn at random: one already taken is drawn again, not a server error.

Six characters of 32 make a clash rare, not impossible (the intake benchmark met one at a few
thousand applications). The draw is made to repeat a taken reference once, then go on.
"""

import itertools
import secrets

import pytest

from onboarding.applicants.models import Application
from tests.factories import ApplicationFactory, valid_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_draw_taken(monkeypatch, campaign):
    """The next reference drawn is the campaign's `-AAAAAA`, which exists; then `-BBBBBB`."""
    ApplicationFactory(campaign=campaign, reference=f"{campaign.code}-AAAAAA")
    letters = itertools.chain("A" * 6, itertools.repeat("B"))
    monkeypatch.setattr(secrets, "choice", lambda alphabet: next(letters))
    return campaign


def test_a_submission_whose_reference_was_taken_gets_another(api_client, first_draw_taken):
    campaign = first_draw_taken

    response = api_client.post("/api/v1/applications/", valid_submission(campaign), format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["reference"] == f"{campaign.code}-BBBBBB"
    # Saved once, with everything it carries: the first attempt left nothing behind.
    application = Application.objects.get(reference=f"{campaign.code}-BBBBBB")
    assert application.answers.count() == len(valid_submission(campaign)["answers"])
    assert application.social_accounts.count() == 1
    assert Application.objects.filter(campaign=campaign).count() == 2


def test_a_draft_whose_reference_was_taken_gets_another(api_client, first_draw_taken):
    campaign = first_draw_taken

    response = api_client.post("/api/v1/drafts/", {"campaign": campaign.slug}, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["reference"] == f"{campaign.code}-BBBBBB"
    assert Application.objects.filter(campaign=campaign).count() == 2
