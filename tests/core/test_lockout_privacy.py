"""django-axes keeps the account named, the address and the browser of failed sign-ins: an
applicant's copy lists those rows, and their erasure deletes them (nobody else's)."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from rest_framework.test import APIClient

from onboarding.applicants.models import Application, ErasureRequest
from onboarding.applicants.services import privacy
from tests.factories import PASSWORD, ChannelFactory, UserFactory, valid_applicant, valid_submission

EMAIL = "chen.min@example.com"
BROWSER = "Mozilla/5.0 (Chen's phone)"


def _applicant(api_client, campaign) -> Application:
    ChannelFactory()
    body = valid_submission(campaign, applicant=valid_applicant(email=EMAIL))
    response = api_client.post("/api/v1/applications/", body, format="json")
    assert response.status_code == 201, response.json()
    application = Application.objects.get(reference=response.json()["reference"])
    user = application.user
    # A username other than the e-mail: the rows are found by the account, however it was named.
    user.username = "chenmin"
    user.set_password(PASSWORD)
    user.save()
    return application


def _fail(name: str, *, address: str, browser: str) -> None:
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=browser)
    response = client.post("/login/", {"username": name, "password": "wrong password"})
    assert response.status_code == 200
    APIClient(REMOTE_ADDR=address, HTTP_USER_AGENT=browser).post(
        "/api/v1/auth/token/", {"username": name, "password": "wrong"}, format="json"
    )


@pytest.fixture
def attempts(settings, api_client, campaign):
    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True
    application = _applicant(api_client, campaign)
    _fail(EMAIL, address="203.0.113.7", browser=BROWSER)
    _fail("chenmin", address="198.51.100.9", browser=BROWSER)
    other = UserFactory(username="someone", email="someone@example.com")
    _fail(other.username, address="192.0.2.1", browser="Other browser")
    assert AccessAttempt.objects.filter(username="chenmin").count() == 2
    assert AccessFailureLog.objects.filter(username="chenmin").exists()
    return application


@pytest.mark.django_db
def test_the_copy_lists_the_failed_sign_ins_with_address_and_browser(attempts):
    data = privacy.personal_data_export(application=attempts)

    rows = data["access_attempts"]["failed_sign_ins"]
    assert {(r["ip_address"], r["user_agent"]) for r in rows} == {
        ("203.0.113.7", BROWSER),
        ("198.51.100.9", BROWSER),
    }
    assert all(r["username"] == "chenmin" and r["attempt_time"] for r in rows)
    assert {r["failures"] for r in rows} == {2}, "the form and the token endpoint, each address"
    assert data["access_attempts"]["failure_log"]
    assert "192.0.2.1" not in str(data), "nobody else's attempts"


@pytest.mark.django_db
def test_erasure_deletes_their_attempts_and_keeps_everyone_elses(attempts, lead_client):
    request = privacy.erasure_request(application=attempts, via=ErasureRequest.Via.ACCOUNT)

    privacy.erasure_confirm(request_id=request.pk, actor=lead_client.user)

    assert not AccessAttempt.objects.filter(ip_address__in=["203.0.113.7", "198.51.100.9"])
    assert not AccessFailureLog.objects.filter(user_agent=BROWSER).exists()
    assert AccessAttempt.objects.filter(username="someone", ip_address="192.0.2.1").count() == 1
    assert AccessFailureLog.objects.filter(username="someone").exists()
