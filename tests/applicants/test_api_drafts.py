from onboarding.applicants.models import Application, Status
from onboarding.notifications.models import Message
from tests.factories import valid_answers, valid_applicant

DRAFTS = "/api/v1/drafts/"


def _start(api_client, campaign, **extra):
    response = api_client.post(DRAFTS, {"campaign": campaign.slug, **extra}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["token"]


def test_draft_is_saved_as_you_go_and_read_back_through_its_token(api_client, campaign):
    token = _start(api_client, campaign, language="zh-hans")

    saved = api_client.patch(
        f"{DRAFTS}{token}/",
        {"applicant": {"full_name": "Chen Min"}, "answers": {"weekly_events": 3}},
        format="json",
    )
    read = api_client.get(f"{DRAFTS}{token}/")

    assert saved.status_code == 200
    assert read.json()["applicant"]["full_name"] == "Chen Min"
    assert read.json()["answers"] == {"weekly_events": 3}
    assert read.json()["status"] == "Draft, not sent yet"
    assert Application.objects.get(draft_token=token).language == "zh-hans"


def test_draft_rejects_malformed_values_but_not_missing_ones(api_client, campaign):
    token = _start(api_client, campaign)

    response = api_client.patch(
        f"{DRAFTS}{token}/", {"answers": {"weekly_events": 99}}, format="json"
    )

    assert response.status_code == 400
    assert "weekly_events" in response.json()["fields"]["answers"]


def test_unknown_token_is_404(api_client, db):
    assert api_client.get(f"{DRAFTS}no-such-token/").status_code == 404


def test_incomplete_draft_submit_reports_every_missing_field(api_client, campaign):
    token = _start(api_client, campaign)

    response = api_client.post(f"{DRAFTS}{token}/submit/", {"consent": True}, format="json")

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert {"full_name", "email", "social_accounts", "answers"} <= set(fields)
    assert Application.objects.get(draft_token=token).status == Status.DRAFT


def test_complete_draft_submits_once(api_client, campaign):
    token = _start(api_client, campaign)
    api_client.patch(
        f"{DRAFTS}{token}/",
        {
            "applicant": valid_applicant(),
            "social_accounts": [{"platform": "weibo", "handle": "@chenmin", "followers": 900}],
            "answers": valid_answers(),
        },
        format="json",
    )

    first = api_client.post(f"{DRAFTS}{token}/submit/", {"consent": True}, format="json")
    again = api_client.post(f"{DRAFTS}{token}/submit/", {"consent": True}, format="json")
    edit = api_client.patch(f"{DRAFTS}{token}/", {"applicant": {"full_name": "X"}}, format="json")

    assert first.status_code == 201
    assert again.status_code == 409 and edit.status_code == 409
    application = Application.objects.get(draft_token=token)
    assert application.status == Status.SUBMITTED
    assert application.social_accounts.get().handle == "chenmin"
    assert Message.objects.filter(kind="application_submitted").count() == 1
    assert api_client.get(f"{DRAFTS}{token}/").json()["status"] == "Received, waiting for review"
