"""After sending: the timeline, answering an information request, withdrawing."""

from onboarding.applicants.models import Application, Status
from onboarding.applicants.services import application_transition
from onboarding.core.models import AuditEntry, Role
from onboarding.reviews.models import ReviewNote
from tests.factories import UserFactory, valid_answers, valid_applicant


def _sent(campaign) -> Application:
    from onboarding.applicants.services import application_submit

    return application_submit(
        campaign=campaign,
        applicant_data=valid_applicant(),
        social_accounts=[{"platform": "douyin", "handle": "tea", "followers": 100}],
        answers=valid_answers(),
        consent=True,
        language="en",
    )


def _ask(application, question="Which studio city suits you best?"):
    reviewer = UserFactory(role=Role.REVIEWER)
    from onboarding.reviews.services import review_decide

    review_decide(
        application_id=application.pk, actor=reviewer, action="request_info", reason=question
    )


def test_status_page_says_what_happens_next_and_by_when(client, campaign):
    application = _sent(campaign)

    page = client.get(f"/apply/d/{application.draft_token}/").content.decode()

    assert "What happens next" in page
    assert "A reviewer looks at your application and decides." in page
    assert "Expected by" in page
    assert "Received, waiting for review" in page


def test_the_applicant_answers_an_information_request(client, campaign):
    application = _sent(campaign)
    _ask(application)

    page = client.get(f"/apply/d/{application.draft_token}/").content.decode()
    response = client.post(
        f"/apply/d/{application.draft_token}/answer", {"text": "Hangzhou, any weekday."}
    )

    assert "Which studio city suits you best?" in page
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    note = ReviewNote.objects.get(application=application)
    assert note.from_applicant and note.text == "Hangzhou, any weekday."


def test_an_empty_answer_is_refused_and_changes_nothing(client, campaign):
    application = _sent(campaign)
    _ask(application)

    response = client.post(f"/apply/d/{application.draft_token}/answer", {"text": "  "})

    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == Status.NEEDS_INFO


def test_withdrawing_needs_a_confirmation_and_is_audited(client, campaign):
    application = _sent(campaign)

    unconfirmed = client.post(f"/apply/d/{application.draft_token}/withdraw", {})
    confirmed = client.post(f"/apply/d/{application.draft_token}/withdraw", {"confirm": "yes"})

    assert unconfirmed.status_code == 400
    assert confirmed.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    entry = AuditEntry.objects.get(object_id=application.pk, action="withdraw")
    assert (entry.from_state, entry.to_state) == ("submitted", "withdrawn")


def test_no_withdrawing_once_live(client, campaign):
    application = _sent(campaign)
    Application.objects.filter(pk=application.pk).update(status=Status.SCHEDULED)
    application_transition(application_id=application.pk, action="go_live", actor_kind="system")

    page = client.get(f"/apply/d/{application.draft_token}/").content.decode()
    response = client.post(f"/apply/d/{application.draft_token}/withdraw", {"confirm": "yes"})

    assert "Withdraw my application" not in page
    assert response.status_code == 409
    application.refresh_from_db()
    assert application.status == Status.LIVE
