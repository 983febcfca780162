"""Review rules that must hold whoever calls: hard requirements, who decides, blind review,
one shape for criteria (issue 9)."""

import csv
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from onboarding.applicants.exports import BOM
from onboarding.applicants.models import Application, Status
from onboarding.applicants.services import application_transition
from onboarding.core.models import AuditEntry, Role
from onboarding.notifications.models import Message
from onboarding.reviews import scoring
from onboarding.reviews.api.serializers import HIDDEN
from onboarding.reviews.models import Criterion, ReviewCase, ReviewSettings
from tests.factories import ApplicationFactory, CampaignFactory, UserFactory
from tests.reviews.factories import ReviewedApplicationFactory

pytestmark = pytest.mark.django_db

QUEUE = "/api/v1/review/applications/"
ON_CAMERA = {
    "criterion": 1,
    "name": "On camera in person",
    "kind": "on_camera",
    "hard": True,
    "passed": False,
    "points": 0,
    "weight": 0,
    "facts": {"value": False},
}
FOOD = {
    "criterion": 2,
    "name": "Food first",
    "kind": "industry",
    "hard": False,
    "passed": True,
    "points": 75,
    "weight": 75,
    "facts": {"value": "food"},
}


def decide_url(application: Application) -> str:
    return f"{QUEUE}{application.pk}/decide/"


def history(application: Application):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Application), object_id=application.pk
    )


def hard_failed(**kwargs) -> Application:
    """Application #7 of the report: off camera, otherwise full marks on the soft rules."""
    return ReviewedApplicationFactory(
        status=Status.IN_REVIEW,
        on_camera_in_person=False,
        review__hard_failed=True,
        review__score=0,
        review__max_score=75,
        review__breakdown=[ON_CAMERA, FOOD],
        **kwargs,
    )


# 1. A hard requirement is not overridden by accident


def test_a_plain_approval_of_a_hard_failed_application_is_409_naming_the_criterion(
    reviewer_client,
):
    application = hard_failed(review__reviewer=reviewer_client.user)

    response = reviewer_client.post(
        decide_url(application), {"action": "approve", "reason": "Great products."}
    )

    assert response.status_code == 409, response.json()
    body = response.json()
    assert body["code"] == "hard_requirement_failed"
    assert body["failed_criteria"] == ["On camera in person"]
    assert "On camera in person" in body["message"]
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert not history(application).exists()
    assert not Message.objects.exists()


def test_a_reviewer_may_not_override_a_hard_failure(reviewer_client):
    application = hard_failed(review__reviewer=reviewer_client.user)

    response = reviewer_client.post(
        decide_url(application),
        {"action": "approve", "reason": "Great products.", "override_hard_failure": True},
        format="json",
    )

    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW


def test_a_lead_overrides_a_hard_failure_with_a_reason_audited_and_in_the_history(lead_client):
    application = hard_failed()

    response = lead_client.post(
        decide_url(application),
        {
            "action": "approve",
            "reason": "Her co-founder presents; agreed with the category manager.",
            "override_hard_failure": True,
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "approved"
    entry = history(application).get(action="approve")
    assert entry.actor == lead_client.user
    assert entry.reason == "Her co-founder presents; agreed with the category manager."
    assert entry.data["override_hard_failure"] is True
    assert entry.data["failed_criteria"] == ["On camera in person"]
    shown = lead_client.get(f"{QUEUE}{application.pk}/history/").json()
    assert [(e["action"], e["data"]["override_hard_failure"]) for e in shown] == [("approve", True)]
    case = ReviewCase.objects.get(pk=application.pk)
    assert case.override_by == lead_client.user


def test_under_four_eyes_the_lead_overrides_once_and_a_reviewer_gives_the_second_approval(
    lead_client, reviewer_client
):
    campaign = CampaignFactory()
    ReviewSettings.objects.create(campaign=campaign, four_eyes=True)
    application = hard_failed(campaign=campaign, review__reviewer=reviewer_client.user)
    url = decide_url(application)

    plain = reviewer_client.post(url, {"action": "approve", "reason": "Fine."})
    first = lead_client.post(
        url,
        {"action": "approve", "reason": "Exception agreed.", "override_hard_failure": True},
        format="json",
    )
    second = reviewer_client.post(url, {"action": "approve", "reason": "Agreed."})

    assert plain.status_code == 409
    assert first.json()["status"] == "in_review"
    assert first.json()["hard_failure_overridden"] is True
    assert second.status_code == 200, second.json()
    assert second.json()["status"] == "approved"
    entries = {e.action: e for e in history(application)}
    assert entries["first_approval"].data["override_hard_failure"] is True
    assert entries["first_approval"].reason == "Exception agreed."


def test_override_is_only_for_approvals(lead_client):
    application = hard_failed()

    response = lead_client.post(
        decide_url(application),
        {"action": "reject", "reason": "Off camera.", "override_hard_failure": True},
        format="json",
    )

    assert response.status_code == 400
    assert "override_hard_failure" in response.json()["fields"]


def test_bulk_approval_does_not_slip_a_hard_failure_through(lead_client):
    application = hard_failed()

    response = lead_client.post(
        "/api/v1/review/bulk/",
        {"applications": [application.pk], "action": "approve", "reason": "All good."},
        format="json",
    )

    assert response.json()[0]["ok"] is False
    assert response.json()[0]["code"] == "hard_requirement_failed"
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW


def test_the_queue_does_not_read_as_full_marks_for_a_hard_failed_application(reviewer_client):
    application = hard_failed(review__reviewer=reviewer_client.user)
    passed = ReviewedApplicationFactory(review__score=60, review__max_score=75)

    rows = {r["id"]: r for r in reviewer_client.get(QUEUE).json()["results"]}
    seen = reviewer_client.get(f"{QUEUE}{application.pk}/").json()

    for body in (rows[application.pk], seen):
        assert body["hard_failed"] is True
        assert body["score"] is None
        assert body["failed_criteria"] == ["On camera in person"]
        assert body["soft_score"] == 75
        assert "On camera in person" in body["score_text"]
        assert "75 / 75" not in body["score_text"]
    assert rows[passed.pk]["score"] == 60
    assert rows[passed.pk]["score_text"] == "60 / 75"
    best_first = reviewer_client.get(QUEUE, {"ordering": "-review__score"}).json()["results"]
    assert [r["id"] for r in best_first] == [passed.pk, application.pk]


def test_screening_scores_a_hard_failure_as_nothing_but_keeps_the_soft_points():
    rules = [
        Criterion(kind="on_camera", name="cam", hard=True, weight=0, params={}),
        Criterion(kind="industry", name="food", weight=75, params={"industries": ["food"]}),
    ]
    profile = scoring.Profile(
        on_camera_in_person=False,
        industry="food",
        years_in_business=3,
        live_experience="none",
        followers=[],
        answers={},
        min_weekly_events=1,
    )

    result = scoring.evaluate(rules, profile)

    assert (result.score, result.max_score, result.hard_failed) == (0, 75, True)
    assert [e["points"] for e in result.breakdown] == [0, 75]


# 2. Deciding belongs to the assigned reviewer and the leads


def test_another_reviewer_cannot_decide_and_is_told_who_holds_it(
    reviewer_client, other_reviewer_client
):
    application = ReviewedApplicationFactory(
        status=Status.IN_REVIEW, review__reviewer=reviewer_client.user
    )

    response = other_reviewer_client.post(
        decide_url(application), {"action": "approve", "reason": "Fine by me."}
    )

    assert response.status_code == 403, response.json()
    assert reviewer_client.user.username in response.json()["message"]
    assert response.json()["assigned_to"] == reviewer_client.user.username
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert not history(application).exists()


def test_the_assigned_reviewer_and_a_lead_decide(reviewer_client, lead_client):
    mine = ReviewedApplicationFactory(
        status=Status.IN_REVIEW, review__reviewer=reviewer_client.user
    )
    other = ReviewedApplicationFactory(status=Status.IN_REVIEW, review__reviewer=UserFactory())

    assert (
        reviewer_client.post(decide_url(mine), {"action": "reject", "reason": "Few fans."})
    ).status_code == 200
    assert (
        lead_client.post(decide_url(other), {"action": "reject", "reason": "Few fans."})
    ).status_code == 200


def test_a_reviewer_who_decides_an_unassigned_application_takes_it(reviewer_client):
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW)

    response = reviewer_client.post(
        decide_url(application), {"action": "waitlist", "reason": "Full round."}
    )

    assert response.status_code == 200, response.json()
    assert ReviewCase.objects.get(pk=application.pk).reviewer == reviewer_client.user


def test_open_scoring_lets_others_score_and_note_and_closed_scoring_does_not(
    reviewer_client, other_reviewer_client
):
    open_campaign, closed_campaign = CampaignFactory(), CampaignFactory()
    ReviewSettings.objects.create(campaign=open_campaign, open_scoring=True)
    ReviewSettings.objects.create(campaign=closed_campaign, open_scoring=False)
    opened = ReviewedApplicationFactory(
        campaign=open_campaign, status=Status.IN_REVIEW, review__reviewer=reviewer_client.user
    )
    closed = ReviewedApplicationFactory(
        campaign=closed_campaign, status=Status.IN_REVIEW, review__reviewer=reviewer_client.user
    )

    def act(client, application):
        scored = client.post(f"{QUEUE}{application.pk}/score/", {"score": 4})
        noted = client.post(f"{QUEUE}{application.pk}/notes/", {"text": "Seen the shop."})
        return scored.status_code, noted.status_code

    assert act(other_reviewer_client, opened) == (200, 201)
    assert act(other_reviewer_client, closed) == (403, 403)
    assert act(reviewer_client, closed) == (200, 201)


def test_four_eyes_second_approval_comes_from_another_reviewer_not_the_holder(
    reviewer_client, other_reviewer_client
):
    campaign = CampaignFactory()
    ReviewSettings.objects.create(campaign=campaign, four_eyes=True)
    application = ReviewedApplicationFactory(
        campaign=campaign, status=Status.IN_REVIEW, review__reviewer=reviewer_client.user
    )
    url = decide_url(application)

    # The second pair of eyes may approve, but may not take another decision instead
    refused = other_reviewer_client.post(url, {"action": "reject", "reason": "No."})
    first = reviewer_client.post(url, {"action": "approve", "reason": "Strong."})
    second = other_reviewer_client.post(url, {"action": "approve", "reason": "Agreed."})

    assert refused.status_code == 403
    assert first.status_code == 200
    assert second.json()["status"] == "approved"


# 4. Blind review hides everything that identifies the applicant

SECRETS = {
    "full_name": "Zhao Secretname",
    "email": "secret.ceo@example.com",
    "phone": "+8613911112222",
    "company_name": "Hiddenleaf Tea Co",
    "brand_name": "Leafymark",
    "company_website": "https://hiddenleaf.example.com",
    "assistant_name": "Qian Helpername",
    "assistant_email": "helper.secret@example.com",
    "assistant_phone": "+8613933334444",
}
IDENTITY = [*SECRETS, "social handles"]


def blind_application(**kwargs) -> Application:
    campaign = CampaignFactory()
    ReviewSettings.objects.create(campaign=campaign, hide_identity=True)
    return ReviewedApplicationFactory(
        campaign=campaign,
        review__breakdown=[
            {
                "criterion": 1,
                "name": "Fans",
                "kind": "followers",
                "hard": False,
                "passed": True,
                "points": 10,
                "weight": 10,
                "facts": {
                    "platform": "douyin",
                    "handle": "secrethandle88",
                    "value": 50_000,
                    "threshold": 10_000,
                },
            }
        ],
        **SECRETS,
        **kwargs,
    )


def test_blind_review_hides_every_identifying_field_in_queue_detail_and_history(
    reviewer_client, lead_client
):
    ceo = UserFactory(role=Role.CEO, username="zhao.secretname")
    application = blind_application(user=ceo, status=Status.IN_REVIEW)
    application.social_accounts.update(handle="secrethandle88")
    # The applicant acted on the application: their own login is in the history
    application_transition(
        application_id=application.pk,
        action="withdraw",
        actor_kind="applicant",
        actor=ceo,
        notify=False,
    )

    queue = reviewer_client.get(QUEUE)
    seen = reviewer_client.get(f"{QUEUE}{application.pk}/")
    past = reviewer_client.get(f"{QUEUE}{application.pk}/history/")

    for response in (queue, seen, past):
        assert response.status_code == 200
        text = response.content.decode()
        for secret in [*SECRETS.values(), "secrethandle88", "zhao.secretname", "Hiddenleaf"]:
            assert secret not in text, (response.request["PATH_INFO"], secret)
    body = seen.json()
    for name in SECRETS:
        assert body.get(name, HIDDEN) == HIDDEN, name
    assert [a["handle"] for a in body["social_accounts"]] == [HIDDEN, HIDDEN]
    assert past.json()[0]["actor"] == HIDDEN

    # Leads still see who applied
    lead_view = lead_client.get(f"{QUEUE}{application.pk}/").json()
    assert (lead_view["company_name"], lead_view["brand_name"]) == (
        "Hiddenleaf Tea Co",
        "Leafymark",
    )
    assert lead_client.get(f"{QUEUE}{application.pk}/history/").json()[0]["actor"] == (
        "zhao.secretname"
    )


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body.removeprefix(BOM))))


def test_blind_review_hides_identity_in_the_csv_export_for_reviewers_not_leads():
    application = blind_application()
    application.social_accounts.update(handle="secrethandle88")
    shown = ApplicationFactory(company_name="Openleaf Tea Co")
    changelist = reverse("admin:applicants_application_changelist")
    body = {"action": "export_csv", "_selected_action": [application.pk, shown.pk]}

    reviewer, lead = Client(), Client()
    reviewer.force_login(UserFactory(role=Role.REVIEWER, is_staff=True))
    lead.force_login(UserFactory(role=Role.LEAD_REVIEWER, is_staff=True))
    as_reviewer = _csv(reviewer.post(changelist, body))
    as_lead = _csv(lead.post(changelist, body))

    text = "\n".join(",".join(row) for row in as_reviewer)
    for secret in [*SECRETS.values(), "secrethandle88"]:
        assert secret not in text, secret
    assert "Openleaf Tea Co" in text  # a campaign that is not blind shows as it is
    lead_text = "\n".join(",".join(row) for row in as_lead)
    assert "Hiddenleaf Tea Co" in lead_text
    assert "secrethandle88" in lead_text


def test_blind_applications_are_not_listed_to_reviewers_in_the_admin():
    application = blind_application()
    changelist = reverse("admin:applicants_application_changelist")
    reviewer = Client()
    reviewer.force_login(UserFactory(role=Role.REVIEWER, is_staff=True))

    listed = reviewer.get(changelist)
    found = reviewer.get(changelist, {"q": "Hiddenleaf"})
    opened = reviewer.get(reverse("admin:applicants_application_change", args=[application.pk]))

    assert listed.status_code == 200
    assert list(listed.context["cl"].result_list) == []
    assert list(found.context["cl"].result_list) == []
    assert "Zhao Secretname" not in listed.content.decode()
    assert opened.status_code in (302, 404)


def test_the_setting_says_what_blind_review_hides():
    help_text = str(ReviewSettings._meta.get_field("hide_identity").help_text)

    for word in ("name", "e-mail", "phone", "company", "brand", "website", "social", "assistant"):
        assert word in help_text, word


# 5. The criteria endpoint takes back what it gives


def test_criteria_get_gives_what_put_takes(lead_client):
    campaign = CampaignFactory()
    url = f"/api/v1/review/campaigns/{campaign.slug}/criteria/"
    criteria = {
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
    assert lead_client.put(url, criteria, format="json").status_code == 202

    given = lead_client.get(url).json()
    assert given == criteria

    # What GET gave goes back unchanged
    again = lead_client.put(url, given, format="json")
    assert again.status_code == 202, again.json()
    assert lead_client.get(url).json() == criteria


def test_the_refusals_speak_the_readers_language(reviewer_client, other_reviewer_client):
    failed = hard_failed(review__reviewer=reviewer_client.user)

    hard = reviewer_client.post(
        decide_url(failed),
        {"action": "approve", "reason": "Good."},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    held = other_reviewer_client.post(
        decide_url(failed),
        {"action": "reject", "reason": "No."},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert "硬性要求" in hard.json()["message"]
    assert reviewer_client.user.username in held.json()["message"]
    assert "审核组长" in held.json()["message"]


def test_the_staff_application_list_does_not_identify_blind_applicants_to_reviewers(
    reviewer_client, lead_client
):
    application = blind_application()
    shown = ApplicationFactory(company_name="Openleaf Tea Co")

    listed = reviewer_client.get("/api/v1/applications/")
    searched = reviewer_client.get("/api/v1/applications/", {"search": "Hiddenleaf"})
    opened = reviewer_client.get(f"/api/v1/applications/{application.pk}/")

    assert [row["id"] for row in listed.json()["results"]] == [shown.pk]
    assert searched.json()["results"] == []
    assert opened.status_code == 404
    assert "Hiddenleaf" not in listed.content.decode()
    # Leads see everyone
    lead_rows = lead_client.get("/api/v1/applications/").json()["results"]
    assert {row["id"] for row in lead_rows} == {application.pk, shown.pk}
