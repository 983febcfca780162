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
