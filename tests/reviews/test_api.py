"""The review API: queue, detail, decisions and the other actions, bulk, criteria, applicant."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from onboarding.applicants.models import Application, Status
from onboarding.core.models import AuditEntry, Role
from onboarding.notifications.models import Message
from onboarding.questionnaires.models import Answer
from onboarding.reviews import services
from onboarding.reviews.api.serializers import HIDDEN
from onboarding.reviews.models import (
    ConflictOfInterest,
    Criterion,
    RecomputeJob,
    ReviewCase,
    ReviewerScore,
    ReviewNote,
    ReviewSettings,
)
from tests.factories import (
    ApplicationFactory,
    CampaignFactory,
    UserFactory,
    demo_questionnaire,
    valid_submission,
)
from tests.reviews.factories import ReviewedApplicationFactory

pytestmark = pytest.mark.django_db

QUEUE = "/api/v1/review/applications/"
BULK = "/api/v1/review/bulk/"


def detail(application: Application) -> str:
    return f"{QUEUE}{application.pk}/"


def action_url(application: Application, name: str) -> str:
    return f"{QUEUE}{application.pk}/{name}/"


def references(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["reference"] for row in response.json()["results"]]


def history(application: Application):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Application), object_id=application.pk
    )


# Who may open the queue


def test_queue_needs_a_signed_in_user(api_client, db):
    assert api_client.get(QUEUE).status_code == 401


@pytest.mark.parametrize("client_fixture", ["ceo_client", "scheduler_client"])
def test_queue_is_refused_to_roles_without_review_work(request, client_fixture):
    ReviewedApplicationFactory()
    client = request.getfixturevalue(client_fixture)

    assert client.get(QUEUE).status_code == 403
    assert client.get(detail(Application.objects.get())).status_code == 403


def test_queue_lists_sent_applications_with_a_review_case_only(reviewer_client):
    sent = ReviewedApplicationFactory()
    ApplicationFactory()  # sent before reviews existed: no case, not in the queue
    ApplicationFactory(status=Status.DRAFT, submitted_at=None)

    assert references(reviewer_client.get(QUEUE)) == [sent.reference]


# Filters and ordering


def test_queue_filters_by_campaign_status_and_industry(reviewer_client):
    campaign = CampaignFactory()
    wanted = ReviewedApplicationFactory(campaign=campaign, industry="beauty", status="in_review")
    ReviewedApplicationFactory(campaign=campaign, industry="food", status="in_review")
    ReviewedApplicationFactory(industry="beauty", status="in_review")
    ReviewedApplicationFactory(campaign=campaign, industry="beauty", status="approved")

    response = reviewer_client.get(
        QUEUE, {"campaign": campaign.slug, "industry": "beauty", "status": "in_review"}
    )

    assert references(response) == [wanted.reference]


def test_queue_status_filter_takes_several_values(reviewer_client):
    submitted = ReviewedApplicationFactory(status="submitted")
    needs_info = ReviewedApplicationFactory(status="needs_info")
    ReviewedApplicationFactory(status="rejected")

    response = reviewer_client.get(QUEUE, {"status": ["submitted", "needs_info"]})

    assert sorted(references(response)) == sorted([submitted.reference, needs_info.reference])


def test_queue_score_range_includes_both_edges(reviewer_client):
    by_score = {score: ReviewedApplicationFactory(review__score=score) for score in (9, 10, 20, 21)}

    response = reviewer_client.get(
        QUEUE, {"score_min": 10, "score_max": 20, "ordering": "review__score"}
    )

    assert references(response) == [by_score[10].reference, by_score[20].reference]


def test_queue_filters_by_reviewer_and_mine(reviewer_client, other_reviewer_client):
    me, other = reviewer_client.user, other_reviewer_client.user
    mine = ReviewedApplicationFactory(review__reviewer=me)
    theirs = ReviewedApplicationFactory(review__reviewer=other)
    ReviewedApplicationFactory()

    assert references(reviewer_client.get(QUEUE, {"mine": "true"})) == [mine.reference]
    assert references(reviewer_client.get(QUEUE, {"reviewer": other.pk})) == [theirs.reference]
    assert len(references(reviewer_client.get(QUEUE, {"mine": "false"}))) == 3


def test_queue_overdue_filter_and_flag(reviewer_client):
    now = timezone.now()
    late = ReviewedApplicationFactory(
        status="in_review", review__decision_due_at=now - timedelta(hours=1)
    )
    decided = ReviewedApplicationFactory(
        status="approved", review__decision_due_at=now - timedelta(hours=1)
    )
    on_time = ReviewedApplicationFactory(
        status="submitted", review__decision_due_at=now + timedelta(hours=1)
    )

    overdue = reviewer_client.get(QUEUE, {"overdue": "true"})
    not_overdue = reviewer_client.get(QUEUE, {"overdue": "false"})

    assert references(overdue) == [late.reference]
    assert overdue.json()["results"][0]["overdue"] is True
    assert sorted(references(not_overdue)) == sorted([decided.reference, on_time.reference])
    assert {row["overdue"] for row in not_overdue.json()["results"]} == {False}


def test_queue_hard_failed_filter(reviewer_client):
    failed = ReviewedApplicationFactory(review__hard_failed=True)
    ReviewedApplicationFactory(review__hard_failed=False)

    response = reviewer_client.get(QUEUE, {"hard_failed": "true"})

    assert references(response) == [failed.reference]
    assert response.json()["results"][0]["hard_failed"] is True


def test_queue_orders_by_age_by_default_and_by_score_on_request(reviewer_client):
    now = timezone.now()
    old_low = ReviewedApplicationFactory(submitted_at=now - timedelta(days=3), review__score=10)
    new_high = ReviewedApplicationFactory(submitted_at=now - timedelta(days=1), review__score=90)
    mid_mid = ReviewedApplicationFactory(submitted_at=now - timedelta(days=2), review__score=50)

    oldest_first = references(reviewer_client.get(QUEUE))
    newest_first = references(reviewer_client.get(QUEUE, {"ordering": "-submitted_at"}))
    best_first = references(reviewer_client.get(QUEUE, {"ordering": "-review__score"}))
    worst_first = references(reviewer_client.get(QUEUE, {"ordering": "review__score"}))

    assert oldest_first == [old_low.reference, mid_mid.reference, new_high.reference]
    assert newest_first == oldest_first[::-1]
    assert best_first == [new_high.reference, mid_mid.reference, old_low.reference]
    assert worst_first == best_first[::-1]


def test_queue_row_carries_score_reviewer_and_due_date(reviewer_client):
    application = ReviewedApplicationFactory(
        review__score=42, review__max_score=60, review__reviewer=reviewer_client.user
    )

    (row,) = reviewer_client.get(QUEUE).json()["results"]

    assert row["reference"] == application.reference
    assert (row["score"], row["max_score"], row["reviewer"]) == (
        42,
        60,
        reviewer_client.user.username,
    )
    assert row["campaign"] == application.campaign.slug
    assert row["decision_due_at"] is not None
    assert row["awaiting_second_approval"] is False


@pytest.mark.parametrize("page_size", [10, 50, 100])
def test_queue_holds_a_fixed_query_budget_whatever_the_page_size(
    reviewer_client, lead_client, django_assert_max_num_queries, page_size
):
    # Given 110 applications over two campaigns, one hiding identity, with assigned reviewers
    hidden = CampaignFactory()
    ReviewSettings.objects.create(campaign=hidden, hide_identity=True, four_eyes=True)
    plain = CampaignFactory()
    reviewers = [reviewer_client.user, lead_client.user, UserFactory(role=Role.REVIEWER)]
    for number in range(110):
        ReviewedApplicationFactory(
            campaign=hidden if number % 2 else plain,
            review__reviewer=reviewers[number % 3],
            review__score=number,
        )

    # When a reviewer (for whom identities are blanked) asks for one page
    with django_assert_max_num_queries(4):
        response = reviewer_client.get(
            QUEUE, {"page_size": page_size, "ordering": "-review__score"}
        )

    # Then the page is full, and the query count did not grow with it
    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size
    assert response.json()["count"] == 110


# Detail


def test_detail_shows_answers_breakdown_with_why_notes_and_history(reviewer_client, questionnaire):
    # Given a screened application with answers and criteria, a note and a decision
    campaign = questionnaire.campaign
    Criterion.objects.create(
        campaign=campaign,
        kind=Criterion.Kind.WEEKLY_EVENTS,
        name="Weekly events",
        weight=20,
    )
    Criterion.objects.create(
        campaign=campaign, kind=Criterion.Kind.ON_CAMERA, name="On camera", hard=True
    )
    application = ApplicationFactory(campaign=campaign, status=Status.SUBMITTED)
    weekly = questionnaire.questions.get(key="weekly_events")
    Answer.objects.create(application=application, question=weekly, value=3)
    services.application_receive(application=application)
    services.review_note_add(
        application_id=application.pk, author=reviewer_client.user, text="Call them first."
    )
    services.review_decide(
        application_id=application.pk,
        actor=reviewer_client.user,
        action="request_info",
        reason="Which studio city suits you?",
    )

    # When the reviewer opens it
    response = reviewer_client.get(detail(application))

    # Then they see everything they need to decide
    assert response.status_code == 200
    body = response.json()
    assert body["full_name"] == application.full_name
    assert body["email"] == application.email
    assert [a["question"] for a in body["answers"]] == ["weekly_events"]
    assert body["answers"][0]["value"] == 3
    assert [(b["name"], b["passed"], b["points"], b["weight"]) for b in body["breakdown"]] == [
        ("Weekly events", True, 20, 20),
        ("On camera", True, 0, 0),
    ]
    assert body["breakdown"][0]["why"] == "3 against a minimum of 2"
    assert body["breakdown"][1]["why"] == "appears on camera in person"
    assert [n["text"] for n in body["notes"]] == ["Call them first."]
    assert [
        (h["action"], h["from_state"], h["to_state"], h["reason"]) for h in body["history"]
    ] == [("request_info", "submitted", "needs_info", "Which studio city suits you?")]
    assert body["history"][0]["actor"] == reviewer_client.user.username
    assert len(body["social_accounts"]) == 2

    # And the history has its own endpoint
    entries = reviewer_client.get(action_url(application, "history")).json()
    assert [e["action"] for e in entries] == ["request_info"]


def test_hidden_identity_is_blanked_for_reviewers_but_not_for_leads(reviewer_client, lead_client):
    # Given a campaign that hides who applied
    campaign = CampaignFactory()
    ReviewSettings.objects.create(campaign=campaign, hide_identity=True)
    application = ReviewedApplicationFactory(campaign=campaign)
    handles = list(application.social_accounts.values_list("handle", flat=True))

    # When a reviewer opens the queue and the application
    row = reviewer_client.get(QUEUE).json()["results"][0]
    seen = reviewer_client.get(detail(application))

    # Then name, e-mail, phone and handles are blanked, and nowhere in the answer
    for body in (row, seen.json()):
        assert (body["full_name"], body["email"], body["phone"]) == (HIDDEN, HIDDEN, HIDDEN)
    assert [a["handle"] for a in seen.json()["social_accounts"]] == [HIDDEN, HIDDEN]
    for secret in (application.full_name, application.email, application.phone, *handles):
        assert secret not in seen.content.decode()
    # The company and brand name the CEO as surely as their name (issue 9)
    assert (seen.json()["company_name"], seen.json()["brand_name"]) == (HIDDEN, HIDDEN)

    # But a lead sees them
    lead_view = lead_client.get(detail(application)).json()
    assert (lead_view["full_name"], lead_view["email"], lead_view["phone"]) == (
        application.full_name,
        application.email,
        application.phone,
    )
    assert sorted(a["handle"] for a in lead_view["social_accounts"]) == sorted(handles)


def test_identity_is_shown_when_the_campaign_does_not_hide_it(reviewer_client):
    application = ReviewedApplicationFactory()

    body = reviewer_client.get(detail(application)).json()

    assert (body["full_name"], body["email"]) == (application.full_name, application.email)


# Decisions


def test_decision_with_reason_moves_the_application_audits_it_and_writes_the_message(
    reviewer_client,
):
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW)

    response = reviewer_client.post(
        action_url(application, "decide"), {"action": "reject", "reason": "Too few followers."}
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "rejected"
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    entry = history(application).get()
    assert (entry.action, entry.from_state, entry.to_state, entry.reason, entry.actor) == (
        "reject",
        "in_review",
        "rejected",
        "Too few followers.",
        reviewer_client.user,
    )
    message = Message.objects.get()
    assert (message.kind, message.recipient) == ("application_reject", application.email)


def test_decision_without_notify_writes_no_message(reviewer_client):
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW)

    response = reviewer_client.post(
        action_url(application, "decide"),
        {"action": "waitlist", "reason": "Full this round.", "notify": False},
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "waitlisted"
    assert not Message.objects.exists()
    assert history(application).get().data["notified"] is False


@pytest.mark.parametrize(
    "body",
    [
        {"action": "approve"},
        {"action": "approve", "reason": ""},
        {"action": "approve", "reason": "   "},
    ],
)
def test_decision_without_a_reason_is_400_and_changes_nothing(reviewer_client, body):
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW)

    response = reviewer_client.post(action_url(application, "decide"), body)

    assert response.status_code == 400
    assert "reason" in response.json()["fields"]
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert not history(application).exists()
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"action": "reopen", "reason": "x"},
        {"action": "go_live", "reason": "x"},
        {"action": "approve", "reason": "x", "priority": "high"},
    ],
)
def test_decide_takes_only_decisions_and_known_fields(reviewer_client, body):
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW)

    response = reviewer_client.post(action_url(application, "decide"), body)

    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW


def test_decision_in_a_state_that_forbids_it_is_409_naming_status_and_allowed_actions(
    reviewer_client,
):
    # Given an application waiting for the applicant's answer
    application = ReviewedApplicationFactory(status=Status.NEEDS_INFO)

    # When a reviewer tries to approve it
    response = reviewer_client.post(
        action_url(application, "decide"), {"action": "approve", "reason": "Looks good."}
    )

    # Then it is refused: the body names the state and what the reviewer may do instead
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert body["status"] == "needs_info"
    assert body["allowed_actions"] == ["reject"]
    assert "Needs information" in body["message"]
    application.refresh_from_db()
    assert application.status == Status.NEEDS_INFO
    assert not history(application).exists()


def test_a_conflicted_reviewer_cannot_see_or_decide_the_application(
    reviewer_client, other_reviewer_client
):
    application = ReviewedApplicationFactory(
        status=Status.IN_REVIEW, review__reviewer=other_reviewer_client.user
    )
    ConflictOfInterest.objects.create(
        application=application, reviewer=reviewer_client.user, reason="My cousin."
    )

    decided = reviewer_client.post(
        action_url(application, "decide"), {"action": "approve", "reason": "Fine."}
    )

    assert decided.status_code == 404
    assert reviewer_client.get(detail(application)).status_code == 404
    assert references(reviewer_client.get(QUEUE)) == []
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW


# Scores, notes, fair review


def test_reviewer_score_starts_the_review_and_is_validated(reviewer_client):
    application = ReviewedApplicationFactory(status=Status.SUBMITTED)

    too_high = reviewer_client.post(action_url(application, "score"), {"score": 6})
    response = reviewer_client.post(
        action_url(application, "score"), {"score": 4, "comment": "Strong brand."}
    )

    assert too_high.status_code == 400
    assert "score" in too_high.json()["fields"]
    assert response.status_code == 200
    assert (response.json()["score"], response.json()["comment"]) == (4, "Strong brand.")
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert history(application).get().action == "start_review"

    # Scoring again changes the reviewer's score, it does not add a second one
    reviewer_client.post(action_url(application, "score"), {"score": 2})
    assert ReviewerScore.objects.get(application=application).score == 2


def test_others_scores_show_only_after_giving_your_own(reviewer_client, other_reviewer_client):
    # Given a reviewer who has scored
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW)
    reviewer_client.post(action_url(application, "score"), {"score": 5})

    # When a second reviewer opens it before scoring, they see no scores
    before = other_reviewer_client.get(detail(application)).json()["scores"]

    # And once they have scored, they see both
    other_reviewer_client.post(action_url(application, "score"), {"score": 2})
    after = other_reviewer_client.get(detail(application)).json()["scores"]

    assert before == []
    assert sorted((s["reviewer"], s["score"]) for s in after) == sorted(
        [(reviewer_client.user.username, 5), (other_reviewer_client.user.username, 2)]
    )
    first_view = reviewer_client.get(detail(application)).json()["scores"]
    assert len(first_view) == 2


def test_notes_are_added_and_shown_and_must_not_be_empty(reviewer_client):
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW)

    empty = reviewer_client.post(action_url(application, "notes"), {"text": ""})
    response = reviewer_client.post(action_url(application, "notes"), {"text": "Checked store."})

    assert empty.status_code == 400
    assert response.status_code == 201
    assert response.json()["author"] == reviewer_client.user.username
    notes = reviewer_client.get(detail(application)).json()["notes"]
    assert [(n["text"], n["from_applicant"]) for n in notes] == [("Checked store.", False)]


# Conflict of interest


def test_declaring_a_conflict_removes_it_from_my_queue_and_reassigns_it(
    reviewer_client, other_reviewer_client
):
    # Given an application assigned to me, and another reviewer
    me, other = reviewer_client.user, other_reviewer_client.user
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW, review__reviewer=me)

    # When I declare a conflict
    response = reviewer_client.post(
        action_url(application, "conflict"), {"reason": "A former employer."}
    )

    # Then it leaves my queue, goes to the other reviewer, and the history says why
    assert response.status_code == 204
    assert references(reviewer_client.get(QUEUE)) == []
    assert reviewer_client.get(detail(application)).status_code == 404
    assert ReviewCase.objects.get(pk=application.pk).reviewer == other
    assert references(other_reviewer_client.get(QUEUE, {"mine": "true"})) == [application.reference]
    entry = history(application).get(action="conflict_declared")
    assert (entry.actor, entry.reason, entry.data["reassigned_to"]) == (
        me,
        "A former employer.",
        other.pk,
    )


def test_declaring_a_conflict_on_someone_elses_application_keeps_their_assignment(
    reviewer_client, other_reviewer_client
):
    other = other_reviewer_client.user
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW, review__reviewer=other)

    no_reason = reviewer_client.post(action_url(application, "conflict"), {})
    response = reviewer_client.post(action_url(application, "conflict"), {"reason": "Friend."})

    assert no_reason.status_code == 400
    assert response.status_code == 204
    assert ReviewCase.objects.get(pk=application.pk).reviewer == other
    assert references(reviewer_client.get(QUEUE)) == []


# Assignment


def test_lead_assigns_by_hand_and_a_reviewer_may_not(reviewer_client, lead_client):
    application = ReviewedApplicationFactory(status=Status.SUBMITTED)
    target = reviewer_client.user

    refused = reviewer_client.post(action_url(application, "assign"), {"reviewer": target.pk})
    response = lead_client.post(action_url(application, "assign"), {"reviewer": target.pk})

    assert refused.status_code == 403
    assert response.status_code == 200, response.json()
    assert response.json()["reviewer"] == target.username
    assert ReviewCase.objects.get(pk=application.pk).reviewer == target
    entry = history(application).get()
    assert (entry.action, entry.actor, entry.data["to_reviewer"]) == (
        "assign",
        lead_client.user,
        target.pk,
    )


def test_assigning_to_someone_who_is_not_a_reviewer_is_refused(lead_client, ceo_client):
    application = ReviewedApplicationFactory()

    to_ceo = lead_client.post(action_url(application, "assign"), {"reviewer": ceo_client.user.pk})
    to_nobody = lead_client.post(action_url(application, "assign"), {"reviewer": 999_999})

    assert to_ceo.status_code == 400
    assert "reviewer" in to_ceo.json()["fields"]
    assert to_nobody.status_code == 404
    assert ReviewCase.objects.get(pk=application.pk).reviewer is None


def test_assigning_to_a_reviewer_who_declared_a_conflict_is_refused_on_the_field(
    lead_client, reviewer_client
):
    application = ReviewedApplicationFactory()
    ConflictOfInterest.objects.create(
        application=application, reviewer=reviewer_client.user, reason="Sister's company."
    )

    response = lead_client.post(
        action_url(application, "assign"), {"reviewer": reviewer_client.user.pk}
    )

    assert response.status_code == 400
    assert "conflict" in response.json()["fields"]["reviewer"][0]
    assert ReviewCase.objects.get(pk=application.pk).reviewer is None


# Four eyes


def test_four_eyes_needs_a_second_different_reviewer(reviewer_client, other_reviewer_client):
    # Given a campaign whose approvals need two reviewers
    campaign = CampaignFactory()
    ReviewSettings.objects.create(campaign=campaign, four_eyes=True)
    application = ReviewedApplicationFactory(campaign=campaign, status=Status.SUBMITTED)
    url = action_url(application, "decide")

    # When the first reviewer approves, it stays in review, waiting for a second approval
    first = reviewer_client.post(url, {"action": "approve", "reason": "Strong."})
    assert first.status_code == 200, first.json()
    assert first.json()["status"] == "in_review"
    assert first.json()["awaiting_second_approval"] is True
    assert not Message.objects.exists()

    # And the same reviewer cannot be their own second pair of eyes
    again = reviewer_client.post(url, {"action": "approve", "reason": "Still strong."})
    assert again.status_code == 409
    assert again.json()["status"] == "in_review"
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW

    # When a different reviewer approves, it is approved, and the applicant hears once
    second = other_reviewer_client.post(url, {"action": "approve", "reason": "Agreed."})
    assert second.status_code == 200, second.json()
    assert second.json()["status"] == "approved"
    assert second.json()["awaiting_second_approval"] is False
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert [e.action for e in history(application)] == ["start_review", "first_approval", "approve"]
    assert Message.objects.get().kind == "application_approve"


def test_four_eyes_first_approval_is_dropped_by_another_decision(reviewer_client, lead_client):
    campaign = CampaignFactory()
    ReviewSettings.objects.create(campaign=campaign, four_eyes=True)
    application = ReviewedApplicationFactory(campaign=campaign, status=Status.IN_REVIEW)
    url = action_url(application, "decide")
    reviewer_client.post(url, {"action": "approve", "reason": "Strong."})

    # (Another reviewer may only give the second approval; a lead takes any decision.)
    asked = lead_client.post(url, {"action": "request_info", "reason": "Which city?"})

    assert asked.status_code == 200
    assert asked.json()["awaiting_second_approval"] is False
    assert ReviewCase.objects.get(pk=application.pk).first_approval_by is None


# Bulk


def test_bulk_decision_answers_per_application_and_half_changes_nothing(lead_client):
    # Given three applications; one was withdrawn after a first approval was recorded
    a = ReviewedApplicationFactory(status=Status.IN_REVIEW)
    withdrawn = ReviewedApplicationFactory(
        status=Status.WITHDRAWN, review__first_approval_by=lead_client.user
    )
    c = ReviewedApplicationFactory(status=Status.SUBMITTED)

    # When a lead rejects all three (and one that does not exist) with one reason
    response = lead_client.post(
        BULK,
        {
            "applications": [a.pk, withdrawn.pk, c.pk, 999_999],
            "action": "reject",
            "reason": "The category is full.",
        },
    )

    # Then each gets its own answer: two done, the withdrawn one refused with why
    assert response.status_code == 200, response.json()
    results = {row["application_id"]: row for row in response.json()}
    assert (results[a.pk]["ok"], results[a.pk]["status"]) == (True, "rejected")
    assert (results[c.pk]["ok"], results[c.pk]["status"]) == (True, "rejected")
    assert results[withdrawn.pk]["ok"] is False
    assert results[withdrawn.pk]["code"] == "conflict"
    assert "Withdrawn" in results[withdrawn.pk]["message"]
    assert (results[999_999]["ok"], results[999_999]["code"]) == (False, "not_found")

    # And the refused one is exactly as it was; messages only for the done ones
    withdrawn.refresh_from_db()
    assert withdrawn.status == Status.WITHDRAWN
    assert ReviewCase.objects.get(pk=withdrawn.pk).first_approval_by == lead_client.user
    assert not history(withdrawn).exists()
    assert sorted(Message.objects.values_list("recipient", flat=True)) == sorted([a.email, c.email])
    for done in (a, c):
        assert history(done).get().reason == "The category is full."


def test_bulk_decision_is_for_leads_and_needs_a_reason(reviewer_client, lead_client):
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW)
    body = {"applications": [application.pk], "action": "approve", "reason": "Good."}

    assert reviewer_client.post(BULK, body).status_code == 403
    assert lead_client.post(BULK, {**body, "reason": ""}).status_code == 400
    assert lead_client.post(BULK, {**body, "applications": []}).status_code == 400
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW


def test_bulk_decision_skips_applications_the_lead_declared_a_conflict_with(lead_client):
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW)
    ConflictOfInterest.objects.create(
        application=application, reviewer=lead_client.user, reason="Investor."
    )

    response = lead_client.post(
        BULK, {"applications": [application.pk], "action": "approve", "reason": "Good."}
    )

    assert response.json()[0]["code"] == "not_found"
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW


# Criteria and the re-scoring job


CRITERIA = {
    "criteria": [
        {"kind": "on_camera", "name": "On camera", "hard": True, "weight": 0, "params": {}},
        {
            "kind": "industry",
            "name": "Food first",
            "hard": False,
            "weight": 25,
            "params": {"industries": ["food"]},
        },
    ]
}


def test_lead_replaces_criteria_and_follows_the_rescoring_job(lead_client, reviewer_client):
    # Given a campaign with two screened applications
    campaign = CampaignFactory()
    food = ReviewedApplicationFactory(campaign=campaign, industry="food")
    beauty = ReviewedApplicationFactory(campaign=campaign, industry="beauty")
    url = f"/api/v1/review/campaigns/{campaign.slug}/criteria/"

    # When a reviewer tries to change the criteria, and then a lead does
    refused = reviewer_client.put(url, CRITERIA)
    response = lead_client.put(url, CRITERIA)

    # Then only the lead's change is taken, and a job is queued for both applications
    assert refused.status_code == 403
    assert response.status_code == 202, response.json()
    job = response.json()
    assert (job["status"], job["total"], job["done"], job["campaign"]) == (
        "queued",
        2,
        0,
        campaign.slug,
    )
    assert [c["name"] for c in lead_client.get(url).json()["criteria"]] == [
        "On camera",
        "Food first",
    ]
    queued = lead_client.get(f"/api/v1/review/jobs/{job['id']}/")
    assert queued.status_code == 200
    assert queued.json()["status"] == "queued"

    # When the job runs (the worker's part, proven with a real worker in test_worker)
    services.screening_recompute(job_id=job["id"])

    # Then the lead sees it done, and the scores follow the new criteria
    finished = lead_client.get(f"/api/v1/review/jobs/{job['id']}/").json()
    assert (finished["status"], finished["done"], finished["total"]) == ("done", 2, 2)
    assert finished["finished_at"] is not None
    assert (
        ReviewCase.objects.get(pk=food.pk).score,
        ReviewCase.objects.get(pk=food.pk).max_score,
    ) == (25, 25)
    assert ReviewCase.objects.get(pk=beauty.pk).score == 0
    assert reviewer_client.get(f"/api/v1/review/jobs/{job['id']}/").status_code == 403


def _criterion(kind: str, params) -> dict:
    return {"kind": kind, "name": "x", "weight": 1, "params": params}


@pytest.mark.parametrize(
    "criterion",
    [
        _criterion("charisma", {}),
        {**CRITERIA["criteria"][1], "colour": "red"},
        _criterion("years_in_business", {"min": "five"}),
        _criterion("years_in_business", {}),
        _criterion("followers", {"thresholds": ["douyin"]}),
        _criterion("followers", {"thresholds": {"myspace": 10}}),
        _criterion("followers", []),
        _criterion("industry", {"industries": "food"}),
        _criterion("live_experience", {"levels": ["sometimes"]}),
        _criterion("answer_at_least", {"min": 8}),
        _criterion("on_camera", {"treshold": 1}),
    ],
)
def test_criteria_input_is_validated_and_nothing_is_replaced(lead_client, criterion):
    # Given a campaign with criteria in place
    campaign = CampaignFactory()
    url = f"/api/v1/review/campaigns/{campaign.slug}/criteria/"
    assert lead_client.put(url, CRITERIA).status_code == 202

    # When a lead sends a criterion that could not be evaluated, after a good one
    response = lead_client.put(url, {"criteria": [CRITERIA["criteria"][0], criterion]})

    # Then it is a 400 naming the criterion, and the old criteria stay
    assert response.status_code == 400, response.json()
    errors = response.json()["fields"]["criteria"]
    assert list(errors) == ["1"]
    assert errors["1"] and all(isinstance(why, list) and why for why in errors["1"].values())
    assert [c.name for c in Criterion.objects.filter(campaign=campaign)] == [
        "On camera",
        "Food first",
    ]
    assert RecomputeJob.objects.count() == 1


def test_bad_criteria_would_otherwise_break_every_submission(lead_client, api_client):
    # Given a lead's typo in a threshold
    campaign = demo_questionnaire().campaign
    url = f"/api/v1/review/campaigns/{campaign.slug}/criteria/"
    bad = {"criteria": [_criterion("years_in_business", {"min": "five"})]}

    # When it is refused, applicants can still apply
    assert lead_client.put(url, bad).status_code == 400
    assert api_client.post("/api/v1/applications/", valid_submission(campaign)).status_code == 201


# The applicant's side, through the private link


def applicant_url(application: Application, name: str) -> str:
    return f"/api/v1/applicant/{application.draft_token}/{name}/"


def test_timeline_says_where_it_stands_what_comes_next_and_by_when(api_client, reviewer_client):
    # Given an application with an internal note, then a question for the applicant
    application = ReviewedApplicationFactory(status=Status.SUBMITTED)
    services.review_note_add(
        application_id=application.pk,
        author=reviewer_client.user,
        text="Internal: check their factory audit.",
    )
    services.review_decide(
        application_id=application.pk,
        actor=reviewer_client.user,
        action="request_info",
        reason="Which city is your warehouse in?",
    )

    # When the applicant opens the timeline through the private link
    response = api_client.get(applicant_url(application, "timeline"))

    # Then it says where it stands, what to do and by when, and shows no internal notes
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "We need more information from you"
    assert body["next_step"] == "Answer the reviewer's question at this page."
    assert body["question"] == "Which city is your warehouse in?"
    assert body["due_at"] is not None
    assert body["can_withdraw"] is True
    assert [step["status"] for step in body["history"]] == ["We need more information from you"]
    assert "factory audit" not in response.content.decode()
    assert reviewer_client.user.username not in response.content.decode()


def test_unknown_token_is_404(api_client, db):
    assert api_client.get("/api/v1/applicant/not-a-token/timeline/").status_code == 404


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.APPROVED, Status.SCHEDULED])
def test_applicant_withdraws_before_the_first_show(api_client, status):
    application = ReviewedApplicationFactory(status=status)

    response = api_client.post(applicant_url(application, "withdraw"))

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "Withdrawn"
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    entry = history(application).get()
    assert (entry.action, entry.from_state, entry.actor) == ("withdraw", status, None)
    assert Message.objects.get().kind == "application_withdraw"


@pytest.mark.parametrize("status", [Status.LIVE, Status.REJECTED, Status.WITHDRAWN])
def test_applicant_cannot_withdraw_once_live_or_closed(api_client, status):
    application = ReviewedApplicationFactory(status=status)

    response = api_client.post(applicant_url(application, "withdraw"))

    assert response.status_code == 409
    assert response.json()["status"] == status
    assert response.json()["allowed_actions"] == []
    application.refresh_from_db()
    assert application.status == status
    assert not history(application).exists()


def test_applicant_answer_puts_it_back_in_review_with_a_note(api_client, reviewer_client):
    # Given an application waiting for the applicant's answer, with a deadline in the past
    application = ReviewedApplicationFactory(
        status=Status.NEEDS_INFO,
        review__reviewer=reviewer_client.user,
        review__decision_due_at=timezone.now() - timedelta(days=1),
    )

    # When the applicant answers through the private link
    empty = api_client.post(applicant_url(application, "answer"), {"text": " "})
    response = api_client.post(
        applicant_url(application, "answer"), {"text": "Shanghai, any weekday evening."}
    )

    # Then it is back in review and in the reviewer's queue, with the answer as a note
    assert empty.status_code == 400
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "Being reviewed"
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    note = ReviewNote.objects.get(application=application)
    assert (note.from_applicant, note.author, note.text) == (
        True,
        None,
        "Shanghai, any weekday evening.",
    )
    assert ReviewCase.objects.get(pk=application.pk).decision_due_at > timezone.now()
    entry = history(application).get()
    assert (entry.action, entry.from_state, entry.to_state) == (
        "answer_info",
        "needs_info",
        "in_review",
    )
    rows = reviewer_client.get(QUEUE, {"mine": "true", "status": "in_review"}).json()["results"]
    assert [row["reference"] for row in rows] == [application.reference]
    notes = reviewer_client.get(detail(application)).json()["notes"]
    assert notes[0]["from_applicant"] is True


def test_applicant_answer_when_nothing_was_asked_is_409(api_client):
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW)

    response = api_client.post(applicant_url(application, "answer"), {"text": "Hello"})

    assert response.status_code == 409
    assert response.json()["status"] == "in_review"
    assert not ReviewNote.objects.exists()
