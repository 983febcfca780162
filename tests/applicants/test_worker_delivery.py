"""End to end: the API and a real Celery worker on the real Redis and PostgreSQL."""

import pytest

from onboarding.applicants.models import Application
from onboarding.notifications.models import Message
from tests.factories import ChannelFactory, demo_questionnaire, valid_applicant, valid_submission


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "greeting"), [("en", "Thank you for applying"), ("zh-hans", "感谢您申请")]
)
def test_api_submission_is_confirmed_by_email_through_the_worker(
    celery_worker, api_client, language, greeting
):
    campaign = demo_questionnaire().campaign
    ChannelFactory()
    email = f"worker-{language}@example.com"
    body = valid_submission(campaign, applicant=valid_applicant(email=email), language=language)

    response = api_client.post("/api/v1/applications/", body, format="json")

    assert response.status_code == 201
    reference = response.json()["reference"]
    assert Application.objects.filter(reference=reference, email=email).exists()
    mail = celery_worker.wait_for_mail(reference)
    assert greeting in mail
    assert f"To: {email}" in mail
    message = Message.objects.get(recipient=email)
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.attempts == 1
