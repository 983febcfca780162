"""Repeated failed sign-ins lock the account and the address, on every sign-in path alike."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from onboarding.applicants.models import Application
from onboarding.core.models import Role
from tests.factories import PASSWORD, UserFactory, valid_applicant, valid_submission

LIMIT = settings.AXES_FAILURE_LIMIT
COOL_OFF = settings.AXES_COOLOFF_TIME


def _token(client: Client, name: str, password: str):
    return APIClient().post(
        "/api/v1/auth/token/", {"username": name, "password": password}, format="json"
    )


def _login(client: Client, name: str, password: str):
    return client.post("/login/", {"username": name, "password": password})


def _admin_login(client: Client, name: str, password: str):
    return client.post("/admin/login/", {"username": name, "password": password})


def _signed_in(path, response) -> bool:
    if path is _token:
        return response.status_code == 200 and "token" in response.json()
    return response.status_code == 302


PATHS = [_token, _login, _admin_login]


@pytest.fixture
def lead(db):
    return UserFactory(
        username="lead", email="Lead.Person@example.com", role=Role.LEAD_REVIEWER, is_staff=True
    )


def _fail(path, client, name, times=LIMIT):
    for _ in range(times):
        response = path(client, name, "wrong password")
        assert not _signed_in(path, response)
    return response


@pytest.mark.parametrize("path", PATHS, ids=["token", "login", "admin"])
def test_failures_lock_the_account_until_the_lock_expires(client, lead, path):
    assert _signed_in(path, path(Client(), "lead", PASSWORD)), "signs in before any failure"
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _fail(path, client, "lead", LIMIT - 1)
        assert _signed_in(path, path(Client(), "lead", PASSWORD)), "under the limit: not locked"
        _fail(path, client, "lead")

        refused = path(Client(), "lead", PASSWORD)
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) == COOL_OFF.total_seconds()
        assert "locked" in refused.content.decode()
        assert "administrator" in refused.content.decode()

        clock.shift(COOL_OFF - dt.timedelta(seconds=30))
        late = path(Client(), "lead", PASSWORD)
        assert late.status_code == 429, "still locked near the end, the right password too"
        assert int(late["Retry-After"]) == 30, "trying during the lock does not move its end"

        clock.shift(dt.timedelta(seconds=31))
        assert _signed_in(path, path(Client(), "lead", PASSWORD))


def test_the_api_answers_a_lock_in_the_error_shape(lead):
    _fail(_token, None, "lead")

    response = _token(None, "lead", PASSWORD)

    assert response.status_code == 429
    assert response["Retry-After"] == str(int(COOL_OFF.total_seconds()))
    body = response.json()
    assert body["code"] == "locked_out"
    assert body["fields"] == {}
    assert "15 minutes" in body["message"]


def test_the_lock_message_is_translated(client, lead):
    _fail(_login, client, "lead")

    response = Client(headers={"accept-language": "zh-hans"}).post(
        "/login/", {"username": "lead", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert "锁定" in response.content.decode()


def test_staff_lift_the_lock_in_the_admin(client, lead):
    _fail(_login, client, "lead")
    assert _login(Client(), "lead", PASSWORD).status_code == 429
    other_lead = UserFactory(role=Role.LEAD_REVIEWER, is_staff=True)
    staff = Client()
    staff.force_login(other_lead)

    listing = staff.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "lead" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="lead")
    confirm = staff.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert confirm.status_code == 302

    assert _signed_in(_login, _login(Client(), "lead", PASSWORD))


def test_a_reviewer_may_not_lift_a_lock(client, lead):
    reviewer = UserFactory(role=Role.REVIEWER, is_staff=True)
    staff = Client()
    staff.force_login(reviewer)

    assert staff.get("/admin/axes/accessattempt/").status_code == 403


@pytest.mark.parametrize(
    ("failed_as", "then_as"),
    [
        ("lead", "Lead.Person@example.com"),
        ("lead.person@example.com", "lead"),
        (" LEAD.PERSON@example.com ", "lead"),
    ],
)
@pytest.mark.parametrize("path", PATHS, ids=["token", "login", "admin"])
def test_the_lock_follows_the_account_whatever_was_typed(lead, path, failed_as, then_as):
    # The token endpoint and the admin take no e-mail to sign in, yet count it to its account.
    _fail(path, Client(REMOTE_ADDR="10.0.0.1"), failed_as)

    # Another address: only the account's lock can refuse it.
    response = _login(Client(REMOTE_ADDR="10.0.0.2"), then_as, PASSWORD)

    assert response.status_code == 429


@pytest.mark.parametrize("path", [_login, _admin_login], ids=["login", "admin"])
def test_the_lock_holds_across_paths(lead, path):
    _fail(_token, None, "lead")

    assert path(Client(), "lead", PASSWORD).status_code == 429


def test_the_address_is_locked_for_other_accounts_too(lead):
    other = UserFactory(role=Role.REVIEWER, is_staff=True)
    attacker = Client(REMOTE_ADDR="10.0.0.9")
    for n in range(LIMIT):
        _login(attacker, f"guess{n}", "wrong password")

    assert _login(attacker, other.username, PASSWORD).status_code == 429
    assert _signed_in(_login, _login(Client(REMOTE_ADDR="10.0.0.10"), other.username, PASSWORD))


def test_a_success_clears_the_count(lead):
    _fail(_login, Client(), "lead", LIMIT - 1)
    assert _signed_in(_login, _login(Client(), "lead", PASSWORD))

    _fail(_login, Client(), "lead", LIMIT - 1)

    assert _signed_in(_login, _login(Client(), "lead", PASSWORD))


# Throttles: every 429, the API's and the pages', says when to come back.


def test_the_api_throttle_answers_429_with_retry_after(campaign, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"application_submit": "1/hour"})
    api = APIClient()
    for n in range(2):
        body = valid_submission(
            campaign, applicant=valid_applicant(email=f"c{n}@example.com", phone=f"+8613900{n:05d}")
        )
        response = api.post("/api/v1/applications/", body, format="json")

    assert response.status_code == 429
    assert 3500 <= int(response["Retry-After"]) <= 3600
    assert response.json()["code"] == "throttled"


@pytest.mark.parametrize("action", ["save", "submit"])
def test_the_application_form_throttle_answers_429_with_retry_after(
    client, campaign, monkeypatch, action
):
    monkeypatch.setattr(
        ScopedRateThrottle,
        "THROTTLE_RATES",
        {"draft_write": "1/hour", "application_submit": "0/hour"},
    )
    url = reverse("portal:apply", kwargs={"slug": campaign.slug})
    if action == "save":
        client.post(url, {"action": "save", "full_name": "Chen Min"})

    response = client.post(url, {"action": action, "full_name": "Chen Min"})

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600


def test_autosave_throttle_answers_429_with_retry_after(client, campaign, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"draft_write": "1/hour"})
    client.post(reverse("portal:apply", kwargs={"slug": campaign.slug}), {"action": "save"})
    draft = Application.objects.get()

    response = client.post(
        reverse("portal:draft-autosave", args=[draft.draft_token]), {"full_name": "Again"}
    )

    assert response.status_code == 429
    assert 3500 <= int(response["Retry-After"]) <= 3600


def test_sign_in_and_its_lockout_work_while_redis_is_away(settings, lead):
    # Nothing listens there: every cache call fails at once. The lock lives in PostgreSQL.
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:9/1"}
    }

    assert _signed_in(_token, _token(None, "lead", PASSWORD))
    assert _signed_in(_login, _login(Client(), "lead", PASSWORD))
    _fail(_login, Client(), "lead")
    assert _login(Client(), "lead", PASSWORD).status_code == 429
    assert _token(None, "lead", PASSWORD).status_code == 429
