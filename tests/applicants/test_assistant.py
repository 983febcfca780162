"""After sending, the CEO names, changes or removes their assistant: on the page and in the API."""

import pytest
from django.urls import reverse

from onboarding.applicants.models import Application, Status
from onboarding.applicants.services import assistant_update
from onboarding.core.errors import Conflict, Invalid
from onboarding.core.models import AuditEntry
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    return ApplicationFactory(status=Status.IN_REVIEW)


def _api(application):
    return f"/api/v1/applicant/{application.draft_token}/assistant/"


def test_the_service_saves_normalised_contact_and_audits_which_fields_changed(application):
    assistant_update(
        application=application,
        data={
            "assistant_name": "Lin Mei",
            "assistant_email": " Lin.Mei@Example.com ",
            "assistant_phone": "+86 139-0000-2222",
        },
    )

    application.refresh_from_db()
    assert (application.assistant_email, application.assistant_phone) == (
        "lin.mei@example.com",
        "+8613900002222",
    )
    entry = AuditEntry.objects.get(action="assistant_update")
    assert entry.data == {"changed": ["assistant_name", "assistant_email", "assistant_phone"]}
    assert "Lin" not in str(entry.data)  # field names, not personal data


def test_saving_the_same_contact_again_records_nothing(application):
    data = {"assistant_name": "Lin Mei", "assistant_email": "lin@example.com"}
    assistant_update(application=application, data=data)
    assistant_update(application=application, data=data)

    assert AuditEntry.objects.filter(action="assistant_update").count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"assistant_phone": "12"}, "assistant_phone"),
        ({"assistant_email": "not an address"}, "assistant_email"),
        ({"email": "someone@example.com"}, "email"),  # only the assistant's fields
    ],
)
def test_bad_contact_is_refused_with_the_field_and_nothing_saved(application, data, field):
    with pytest.raises(Invalid) as refused:
        assistant_update(application=application, data={"assistant_name": "Lin Mei", **data})

    assert field in refused.value.fields
    assert Application.objects.get(pk=application.pk).assistant_name == ""


@pytest.mark.parametrize("status", [Status.WITHDRAWN, Status.REJECTED])
def test_a_closed_application_takes_no_assistant(status):
    closed = ApplicationFactory(status=status)

    with pytest.raises(Conflict):
        assistant_update(application=closed, data={"assistant_name": "Lin Mei"})


class TestApi:
    def test_put_replaces_and_get_reads(self, api_client, application):
        first = api_client.put(
            _api(application),
            {"assistant_name": "Lin Mei", "assistant_email": "lin@example.com"},
            format="json",
        )
        assert first.status_code == 200
        assert first.json() == {
            "assistant_name": "Lin Mei",
            "assistant_email": "lin@example.com",
            "assistant_phone": "",
        }

        # A field left out of a PUT is cleared
        second = api_client.put(
            _api(application), {"assistant_phone": "+8613900002222"}, format="json"
        )
        assert second.json() == {
            "assistant_name": "",
            "assistant_email": "",
            "assistant_phone": "+8613900002222",
        }
        assert api_client.get(_api(application)).json() == second.json()

    def test_bad_input_is_a_400_naming_each_field(self, api_client, application):
        answer = api_client.put(
            _api(application),
            {"assistant_email": "nope", "assistant_phone": "12", "surprise": 1},
            format="json",
        )

        assert answer.status_code == 400
        assert {"assistant_email", "surprise"} <= set(answer.json()["fields"])

    def test_an_unknown_token_is_404_and_a_closed_application_409(self, api_client):
        closed = ApplicationFactory(status=Status.WITHDRAWN)

        assert api_client.get("/api/v1/applicant/nope/assistant/").status_code == 404
        answer = api_client.put(_api(closed), {"assistant_name": "Lin"}, format="json")
        assert answer.status_code == 409


class TestPage:
    def url(self, application):
        return reverse("portal:assistant", args=[application.draft_token])

    def test_the_status_page_offers_the_form_and_saves_it(self, client, application):
        page = client.get(reverse("portal:draft", args=[application.draft_token]))
        assert 'name="assistant_email"' in page.text

        answer = client.post(
            self.url(application),
            {"assistant_name": "Lin Mei", "assistant_email": "lin@example.com"},
        )

        assert answer.status_code == 302
        application.refresh_from_db()
        assert application.assistant_email == "lin@example.com"
        assert "Your assistant: Lin Mei" in client.get(answer.url).text

    def test_a_bad_phone_shows_on_the_form_and_saves_nothing(self, client, application):
        answer = client.post(self.url(application), {"assistant_phone": "12"})

        assert answer.status_code == 400
        assert "6 to 15 digits" in answer.text
        assert Application.objects.get(pk=application.pk).assistant_phone == ""
