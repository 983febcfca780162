import json

import pytest
from django.urls import reverse
from rest_framework.throttling import ScopedRateThrottle

from onboarding.applicants.models import Application, SocialAccount, Status
from onboarding.core.models import AuditEntry, User
from onboarding.notifications.models import Message
from onboarding.questionnaires.models import Answer
from tests.factories import ChannelFactory, valid_applicant, valid_submission

URL = "/api/v1/applications/"


@pytest.fixture(autouse=True)
def _channel(db):
    ChannelFactory()


def _counts() -> tuple[int, ...]:
    return (
        Application.objects.count(),
        Answer.objects.count(),
        SocialAccount.objects.count(),
        AuditEntry.objects.count(),
        Message.objects.count(),
        # A duplicate by phone under a new e-mail made an account before the constraint spoke.
        User.objects.count(),
    )


def test_submission_writes_application_answers_audit_and_outbox(api_client, campaign):
    response = api_client.post(URL, valid_submission(campaign), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    application = Application.objects.get(reference=body["reference"])
    assert application.status == Status.SUBMITTED
    assert application.channel.code == "weibo-official"
    assert application.consent_given_at is not None
    assert application.questionnaire.version == 1
    assert body["status"] == "Received, waiting for review"
    assert application.draft_token in body["private_link"]
    assert {a.question.key for a in application.answers.all()} >= {"weekly_events", "availability"}
    audit = AuditEntry.objects.get(object_id=application.pk, action="submit")
    assert (audit.from_state, audit.to_state) == ("draft", "submitted")
    message = Message.objects.get(kind="application_submitted")
    assert message.recipient == "chen.min@example.com"
    assert body["reference"] in message.subject


def test_duplicate_submission_by_email_or_phone_is_409_and_saves_nothing(api_client, campaign):
    assert api_client.post(URL, valid_submission(campaign), format="json").status_code == 201
    before = _counts()

    same_email = valid_submission(
        campaign, applicant=valid_applicant(email="CHEN.MIN@example.com", phone="+8613911112222")
    )
    same_phone = valid_submission(
        campaign, applicant=valid_applicant(email="other@example.com", phone="+86 139 0000 1111")
    )
    for body in (same_email, same_phone):
        response = api_client.post(URL, body, format="json")
        assert response.status_code == 409
        assert response.json()["code"] == "conflict"
        assert "already open for this e-mail or phone" in response.json()["message"]
    assert _counts() == before


def test_every_invalid_field_is_reported_at_once_and_nothing_is_saved(api_client, campaign):
    body = valid_submission(
        campaign,
        applicant=valid_applicant(full_name="", email="not-an-email", industry="mining"),
        answers={"weekly_events": 40, "availability": [], "needs_logistics": "maybe"},
        consent=False,
    )
    before = _counts()

    response = api_client.post(URL, body, format="json")

    assert response.status_code == 400
    fields = response.json()["fields"]
    # Format errors, missing fields, consent and answers all come back in one answer.
    assert set(fields["applicant"]) == {"email", "industry", "full_name"}
    assert {"consent", "answers"} <= set(fields)
    assert {"weekly_events", "availability", "needs_logistics"} <= set(fields["answers"])
    assert response.json()["code"] == "invalid"
    assert _counts() == before


def test_answers_and_completeness_errors_come_together(api_client, campaign):
    body = valid_submission(
        campaign,
        applicant=valid_applicant(full_name="", phone="12"),
        answers={"weekly_events": 40, "needs_logistics": "maybe"},
        consent=False,
    )

    response = api_client.post(URL, body, format="json")

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert {"full_name", "phone", "consent", "answers"} <= set(fields)
    answers = fields["answers"]
    assert "How many live events a week can you do?" in answers["weekly_events"][0]
    assert "14" in answers["weekly_events"][0]
    assert "availability" in answers and "commitment_weeks" in answers
    assert "needs_logistics" in answers
    assert Application.objects.count() == 0


def test_errors_come_in_the_request_language(api_client, campaign):
    body = valid_submission(campaign, answers={"weekly_events": 40})

    response = api_client.post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 400
    assert "您每周可以做几场直播？" in response.json()["fields"]["answers"]["weekly_events"][0]


def test_unknown_fields_are_refused(api_client, campaign):
    body = valid_submission(campaign, favourite_colour="red")
    body["applicant"]["is_vip"] = True

    response = api_client.post(URL, body, format="json")

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert "favourite_colour" in fields
    assert Application.objects.count() == 0


def test_unknown_nested_field_is_refused(api_client, campaign):
    body = valid_submission(campaign)
    body["applicant"]["status"] = "approved"

    response = api_client.post(URL, body, format="json")

    assert response.status_code == 400
    assert "status" in response.json()["fields"]["applicant"]


def test_unknown_question_is_refused(api_client, campaign):
    body = valid_submission(campaign)
    body["answers"]["shoe_size"] = 42

    response = api_client.post(URL, body, format="json")

    assert response.status_code == 400
    assert "shoe_size" in response.json()["fields"]["answers"]


def test_malformed_json_is_400(api_client, campaign):
    response = api_client.post(URL, data='{"campaign": ', content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_form_encoded_body_is_refused(api_client, campaign):
    response = api_client.post(URL, data={"campaign": campaign.slug}, format="multipart")

    assert response.status_code == 415


def test_oversize_body_is_413(api_client, campaign, settings):
    body = valid_submission(campaign)
    body["applicant"]["products"] = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)

    response = api_client.post(URL, data=json.dumps(body), content_type="application/json")

    assert response.status_code == 413
    assert Application.objects.count() == 0


def test_closed_campaign_is_409(api_client, campaign):
    campaign.is_active = False
    campaign.save()

    response = api_client.post(URL, valid_submission(campaign), format="json")

    assert response.status_code == 409


def test_public_submission_is_throttled(api_client, campaign, monkeypatch):
    # DRF reads the rates once, into the class; lower them there for this test.
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"application_submit": "2/hour"})
    statuses = [
        api_client.post(
            URL,
            valid_submission(
                campaign,
                applicant=valid_applicant(email=f"c{n}@example.com", phone=f"+861390000{n:04d}"),
            ),
            format="json",
        ).status_code
        for n in range(3)
    ]

    assert statuses == [201, 201, 429]


def test_conditional_question_is_dropped_when_hidden(api_client, campaign):
    body = valid_submission(
        campaign,
        answers={
            **valid_submission(campaign)["answers"],
            "needs_logistics": False,
        },
    )

    response = api_client.post(URL, body, format="json")

    assert response.status_code == 201
    keys = set(Answer.objects.values_list("question__key", flat=True))
    assert "needs_logistics" in keys
    assert "pickup_address" not in keys and "sample_volume" not in keys


def test_conditional_question_is_required_when_shown(api_client, campaign):
    answers = valid_submission(campaign)["answers"]
    del answers["pickup_address"]

    response = api_client.post(URL, valid_submission(campaign, answers=answers), format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]["answers"]) == ["pickup_address"]


def test_schema_documents_the_submission(client):
    response = client.get(reverse("schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "/api/v1/applications/" in response.content.decode()


def test_the_same_social_account_twice_is_400_not_a_crash(api_client, campaign):
    accounts = [
        {"platform": "douyin", "handle": "@tea", "followers": 10},
        {"platform": "douyin", "handle": "Tea", "followers": 20},
    ]

    response = api_client.post(
        URL, valid_submission(campaign, social_accounts=accounts), format="json"
    )

    assert response.status_code == 400
    assert "social_accounts" in response.json()["fields"]
    assert Application.objects.count() == 0


def test_blank_text_does_not_answer_a_required_question(api_client, campaign):
    answers = {**valid_submission(campaign)["answers"], "pickup_address": "   "}

    response = api_client.post(URL, valid_submission(campaign, answers=answers), format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]["answers"]) == ["pickup_address"]


def test_a_very_long_email_still_gets_an_account(api_client, campaign):
    email = "x" * 200 + "@example.com"

    response = api_client.post(
        URL, valid_submission(campaign, applicant=valid_applicant(email=email)), format="json"
    )

    assert response.status_code == 201
    assert Application.objects.get().user.email == email
