"""Decisions and re-scoring through a real Celery worker on the test Redis and PostgreSQL."""

import time
import uuid

import pytest
from django.db import transaction

from onboarding.applicants.models import Status
from onboarding.core.models import Role
from onboarding.notifications.models import Message
from onboarding.reviews import services
from onboarding.reviews.models import RecomputeJob, ReviewCase
from tests.factories import CampaignFactory, UserFactory
from tests.reviews.factories import ReviewedApplicationFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def unique_email(label: str) -> str:
    # The mail folder lives for the whole session; a fresh address finds only this test's mail.
    return f"{label}-{uuid.uuid4().hex[:10]}@example.com"


def mails_to(worker, email: str) -> list[str]:
    return [mail for mail in worker.sent_mail() if f"To: {email}" in mail]


def decide(application, action: str, reason: str, notify: bool = True):
    reviewer = UserFactory(role=Role.REVIEWER)
    return services.review_decide(
        application_id=application.pk, actor=reviewer, action=action, reason=reason, notify=notify
    )


def assert_sent_once(worker, email: str) -> str:
    mail = worker.wait_for_mail(f"To: {email}")
    message = Message.objects.get(recipient=email)
    assert (message.status, message.attempts) == (Message.Status.SENT, 1)
    # Give a duplicate the time to show up, if there were one.
    time.sleep(0.3)
    assert len(mails_to(worker, email)) == 1
    return mail


def send_sentinel(worker) -> None:
    """Send one mail and wait for it: the solo worker has handled everything queued before it."""
    email = unique_email("sentinel")
    decide(ReviewedApplicationFactory(status=Status.IN_REVIEW, email=email), "reject", "Full.")
    worker.wait_for_mail(f"To: {email}")


def test_rejection_is_mailed_once_in_english(celery_worker):
    # Given an English-speaking applicant in review
    email = unique_email("reject")
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW, email=email, language="en")

    # When a reviewer rejects, with an internal reason
    decide(application, "reject", "Internal: numbers look bought.")

    # Then the worker sends one e-mail with the English subject, without the internal reason
    mail = assert_sent_once(celery_worker, email)
    assert f"Subject: About your application {application.reference}" in mail
    assert "numbers look bought" not in mail


def test_information_request_is_mailed_once_with_the_question(celery_worker):
    email = unique_email("info")
    application = ReviewedApplicationFactory(status=Status.SUBMITTED, email=email, language="en")

    decide(application, "request_info", "Which city is your warehouse in?")

    mail = assert_sent_once(celery_worker, email)
    expected = f"Subject: We need more information about application {application.reference}"
    assert expected in mail
    assert "Which city is your warehouse in?" in mail
    assert application.draft_token in mail


@pytest.mark.parametrize("action", ["reject", "request_info"])
def test_chinese_applicant_gets_one_mail(celery_worker, action):
    # Translations are being written: only that the mail goes out, once, marked Chinese.
    email = unique_email(f"zh-{action}")
    application = ReviewedApplicationFactory(
        status=Status.IN_REVIEW, email=email, language="zh-hans"
    )

    decide(application, action, "请说明仓库所在城市。")

    assert_sent_once(celery_worker, email)
    assert Message.objects.get(recipient=email).language == "zh-hans"


def test_decision_without_notification_sends_nothing(celery_worker):
    # Given an applicant, decided on without notifying them
    email = unique_email("quiet")
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW, email=email)

    decide(application, "reject", "Duplicate of another application.", notify=False)

    # Then nothing was written, and nothing went out by the time later mail did
    send_sentinel(celery_worker)
    assert not Message.objects.filter(recipient=email).exists()
    assert mails_to(celery_worker, email) == []
    application.refresh_from_db()
    assert application.status == Status.REJECTED


def test_decision_that_did_not_commit_sends_nothing(celery_worker):
    # Given an applicant in review
    email = unique_email("rolled-back")
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW, email=email)

    # When the decision is taken inside a transaction that then fails
    with pytest.raises(RuntimeError), transaction.atomic():
        decide(application, "reject", "Not this time.")
        raise RuntimeError("something after the decision failed")

    # Then the decision is gone, and so is its message: none is written, none is sent
    send_sentinel(celery_worker)
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert not Message.objects.filter(recipient=email).exists()
    assert mails_to(celery_worker, email) == []


def test_criteria_change_rescores_the_campaign_through_the_worker(celery_worker, lead_client):
    # Given a campaign with screened applications, none scored on industry yet
    campaign = CampaignFactory()
    food = [ReviewedApplicationFactory(campaign=campaign, industry="food") for _ in range(3)]
    others = [ReviewedApplicationFactory(campaign=campaign, industry="beauty") for _ in range(2)]
    ReviewedApplicationFactory(industry="food")  # another campaign: not touched

    # When a lead changes the criteria
    response = lead_client.put(
        f"/api/v1/review/campaigns/{campaign.slug}/criteria/",
        {
            "criteria": [
                {
                    "kind": "industry",
                    "name": "Food",
                    "weight": 40,
                    "params": {"industries": ["food"]},
                }
            ]
        },
    )
    assert response.status_code == 202, response.json()
    job_url = f"/api/v1/review/jobs/{response.json()['id']}/"

    # Then the worker re-scores every application of the campaign, and the lead sees it done
    deadline = time.monotonic() + 20
    while (job := lead_client.get(job_url).json())["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline, job
        time.sleep(0.1)
    assert (job["status"], job["done"], job["total"], job["error"]) == ("done", 5, 5, "")
    assert RecomputeJob.objects.get(pk=job["id"]).finished_at is not None
    cases = ReviewCase.objects.in_bulk([a.pk for a in food + others])
    assert [cases[a.pk].score for a in food] == [40, 40, 40]
    assert [cases[a.pk].score for a in others] == [0, 0]
    assert {case.max_score for case in cases.values()} == {40}
    assert all(case.breakdown[0]["name"] == "Food" for case in cases.values())
    untouched = ReviewCase.objects.exclude(application__campaign=campaign).get()
    assert (untouched.max_score, untouched.breakdown) == (0, [])
