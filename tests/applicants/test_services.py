import pytest

from onboarding.applicants import services
from onboarding.applicants.models import Application
from onboarding.core.errors import Invalid


def test_the_service_checks_field_formats_itself(campaign):
    draft = services.draft_start(campaign=campaign, language="en")

    with pytest.raises(Invalid) as refused:
        services.draft_save(
            application=draft,
            applicant_data={"email": "not-an-email", "industry": "mining", "full_name": "Li"},
        )

    assert set(refused.value.fields) == {"email", "industry"}
    assert Application.objects.get(pk=draft.pk).full_name == ""


def test_a_draft_started_with_malformed_content_leaves_no_empty_draft(campaign):
    with pytest.raises(Invalid):
        services.draft_start(
            campaign=campaign, language="en", applicant_data={"email": "not-an-email"}
        )

    assert not Application.objects.exists()


def test_a_draft_started_with_content_holds_it(campaign):
    draft = services.draft_start(
        campaign=campaign,
        language="en",
        applicant_data={"full_name": "Li Wei"},
        answers={"weekly_events": 2},
    )

    assert draft.full_name == "Li Wei"
    assert draft.answers.get().value == 2
