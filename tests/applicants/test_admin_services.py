"""The admin, the portal and the API write applicant input through the services and the one
normalising module: a staff correction is audited and moves the draft's reminder, and "the same
account twice" has one answer, in any letter case, wherever it is typed."""

import pytest
from django.urls import reverse

from onboarding.applicants.models import Application, SocialAccount, Status
from onboarding.applicants.normalise import repeated_accounts
from onboarding.applicants.services import campaign_update, draft_save, draft_start
from onboarding.core.errors import Invalid
from onboarding.core.models import AuditEntry
from onboarding.notifications.models import Message
from tests.applicants.test_admin import _change_url
from tests.factories import ApplicationFactory, valid_submission
from tests.helpers import admin_form_data
from tests.portal.test_pages import apply_url, form_post, has_id

PENDING = Message.Status.PENDING


def _reminders(draft):
    return Message.objects.filter(event_key=f"draft_unfinished:{draft.pk}", status=PENDING)


@pytest.fixture
def draft(campaign, default_rules) -> Application:
    """A draft with an e-mail, so it has a pending reminder."""
    draft = draft_start(campaign=campaign, language="en")
    draft_save(
        application=draft,
        applicant_data={"full_name": "Chen Min", "email": "chen.min@exmaple.com"},
    )
    assert _reminders(draft).get().recipient == "chen.min@exmaple.com"
    return draft


def test_a_staff_email_correction_moves_the_draft_reminder(admin_client, draft):
    # Given a draft reminded at a mistyped address
    data = admin_form_data(admin_client.get(_change_url(draft)))
    data["email"] = " Chen.Min@Example.com "

    # When staff correct it in the admin
    response = admin_client.post(_change_url(draft), data)

    # Then the reminder goes to the corrected address, and nothing else of the draft moved
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert _reminders(draft).get().recipient == "chen.min@example.com"
    draft.refresh_from_db()
    assert (draft.email, draft.status) == ("chen.min@example.com", Status.DRAFT)


def test_a_staff_change_is_audited_with_who_and_which_fields(admin_client, admin_user, draft):
    data = admin_form_data(admin_client.get(_change_url(draft)))
    data.update(email="chen.min@example.com", industry="food", full_name="Chen Min")

    admin_client.post(_change_url(draft), data)

    entry = AuditEntry.objects.get(action="staff_update", object_id=draft.pk)
    assert entry.actor == admin_user
    assert entry.data["changed"] == ["email", "industry"]
    # Values for what is not personal data; an address is named, not kept.
    assert entry.data["from"] == {"industry": ""}
    assert entry.data["to"] == {"industry": "food"}


def test_a_submitted_application_corrected_by_staff_gets_no_draft_reminder(
    admin_client, questionnaire, default_rules
):
    application = ApplicationFactory(campaign=questionnaire.campaign, status=Status.IN_REVIEW)
    data = admin_form_data(admin_client.get(_change_url(application)))
    data["email"] = "new.address@example.com"

    assert admin_client.post(_change_url(application), data).status_code == 302

    assert not _reminders(application).exists()
    assert AuditEntry.objects.filter(action="staff_update", object_id=application.pk).exists()


@pytest.mark.parametrize("second", ["MountainPantry", "@MOUNTAINPANTRY", " mountainPantry "])
def test_the_portal_refuses_the_same_account_in_any_letter_case(client, campaign, second):
    data = form_post(
        **{"social-1-platform": "douyin", "social-1-handle": second, "social-1-followers": "10"}
    )

    response = client.post(apply_url(campaign), data)

    # Refused beside the second row, as the same handle in the same case is
    assert response.status_code == 400
    assert has_id(response.content.decode(), "id_social-1-handle_error")
    assert "This account is already listed above." in response.content.decode()
    assert Application.objects.count() == 0


@pytest.mark.parametrize("second", ["MountainPantry", "@MOUNTAINPANTRY"])
def test_the_api_refuses_the_same_account_in_any_letter_case(api_client, campaign, second):
    body = valid_submission(campaign)
    body["social_accounts"].append({"platform": "douyin", "handle": second, "followers": 10})

    response = api_client.post("/api/v1/applications/", body, format="json")

    assert response.status_code == 400
    assert response.json()["fields"]["social_accounts"] == ["The same account is listed twice."]
    assert Application.objects.count() == 0


def test_the_admin_refuses_the_same_account_twice_and_strips_the_at(admin_client, questionnaire):
    application = ApplicationFactory(campaign=questionnaire.campaign, accounts=0)
    data = admin_form_data(admin_client.get(_change_url(application)))
    data.update(
        {
            "social_accounts-TOTAL_FORMS": "2",
            "social_accounts-0-platform": "douyin",
            "social_accounts-0-handle": "@TeaHouse",
            "social_accounts-0-followers": "10",
            "social_accounts-1-platform": "douyin",
            "social_accounts-1-handle": "teahouse",
            "social_accounts-1-followers": "20",
        }
    )

    refused = admin_client.post(_change_url(application), data)

    assert refused.status_code == 200
    assert "This account is already listed above." in refused.content.decode()
    assert not SocialAccount.objects.filter(application=application).exists()

    data["social_accounts-TOTAL_FORMS"] = "1"
    assert admin_client.post(_change_url(application), data).status_code == 302
    assert list(application.social_accounts.values_list("handle", flat=True)) == ["TeaHouse"]


def test_one_answer_to_the_same_account_twice():
    accounts = [
        {"platform": "douyin", "handle": "Tea"},
        None,
        {"platform": "weibo", "handle": "tea"},
        {"platform": "douyin", "handle": " @TEA"},
    ]

    assert repeated_accounts(accounts) == [3]


def _campaign_form(client, campaign) -> dict:
    """The campaign's change form as the browser posts it back untouched."""
    url = reverse("admin:applicants_campaign_change", args=[campaign.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if "Split" in type(field.widget).__name__:
            continue
        if form[name].value() is True:
            data[name] = "on"
            continue
        value = field.widget.format_value(form[name].value())
        if value is not None and value is not False:
            data[name] = value
    for name in ("application_opens_at", "application_closes_at"):
        local = form[name].value()
        data[f"{name}_0"], data[f"{name}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
    return data


def test_moving_the_closing_in_the_admin_is_audited_and_the_drafts_follow_after_commit(
    admin_client, admin_user, campaign, django_capture_on_commit_callbacks
):
    url = reverse("admin:applicants_campaign_change", args=[campaign.pk])
    data = _campaign_form(admin_client, campaign)
    data["application_closes_at_0"] = "2027-03-01"
    data["min_weekly_events"] = "3"

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="campaign_update", object_id=campaign.pk)
    assert entry.actor == admin_user
    assert sorted(entry.data["to"]) == ["application_closes_at", "min_weekly_events"]
    assert entry.data["to"]["min_weekly_events"] == 3
    assert entry.data["from"]["application_closes_at"] == campaign.application_closes_at.isoformat()
    # The reschedule task is queued once the change is committed (the worker test runs it).
    assert len(callbacks) == 1


def test_a_campaign_change_that_leaves_the_closing_queues_nothing(
    admin_user, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        updated = campaign_update(campaign=campaign, changes={"name": "Spring"}, actor=admin_user)

    assert updated.name == "Spring"
    assert callbacks == []
    entry = AuditEntry.objects.get(action="campaign_update", object_id=campaign.pk)
    assert entry.data == {"from": {"name": campaign.name}, "to": {"name": "Spring"}}


def test_a_campaign_update_that_breaks_a_rule_saves_nothing(admin_user, campaign):
    with pytest.raises(Invalid) as refused:
        campaign_update(
            campaign=campaign,
            changes={"name": "Spring", "application_closes_at": campaign.application_opens_at},
            actor=admin_user,
        )

    assert refused.value.fields
    campaign.refresh_from_db()
    assert campaign.name != "Spring"
    assert not AuditEntry.objects.filter(action="campaign_update").exists()
