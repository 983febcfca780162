"""The queue page is built from `.values()` (queue_rows): the JSON QueueRowSerializer gives."""

import json
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from onboarding.applicants.models import Status
from onboarding.core.models import AuditEntry, Role
from onboarding.reviews import selectors
from onboarding.reviews.api.serializers import QueueRowSerializer
from onboarding.reviews.models import ReviewNote, ReviewSettings
from tests.factories import CampaignFactory, UserFactory
from tests.reviews.factories import ReviewedApplicationFactory

pytestmark = pytest.mark.django_db

QUEUE = "/api/v1/review/applications/"
FAILED = [
    {"name": "On camera", "kind": "on_camera", "hard": True, "passed": False, "points": 0},
    {"name": "Followers", "kind": "followers", "hard": False, "passed": True, "points": 12},
]


def _serialized(user) -> list[dict]:
    rows = selectors.review_queue(user=user).order_by("id")
    data = QueueRowSerializer(rows, many=True, context={"request": SimpleNamespace(user=user)}).data
    return json.loads(JSONRenderer().render(data))


@pytest.mark.parametrize("who", ["reviewer", "lead"])
def test_the_queue_page_is_what_the_serializer_writes(who, reviewer_client, lead_client):
    # Given applications covering each computed field: blind review, a hard failure (one
    # overridden), a first approval, an overdue one, one without reviewer or due date
    client = {"reviewer": reviewer_client, "lead": lead_client}[who]
    hidden = CampaignFactory()
    ReviewSettings.objects.create(campaign=hidden, hide_identity=True)
    plain = CampaignFactory()
    lead = UserFactory(role=Role.LEAD_REVIEWER)
    past = timezone.now() - timedelta(days=2)
    ReviewedApplicationFactory(campaign=hidden, review__reviewer=reviewer_client.user)
    ReviewedApplicationFactory(
        campaign=plain, review__hard_failed=True, review__breakdown=FAILED, review__score=12
    )
    ReviewedApplicationFactory(
        campaign=hidden,
        review__hard_failed=True,
        review__breakdown=FAILED,
        review__override_by=lead,
        status=Status.APPROVED,
    )
    ReviewedApplicationFactory(campaign=plain, review__first_approval_by=lead)
    ReviewedApplicationFactory(campaign=plain, review__decision_due_at=past)
    ReviewedApplicationFactory(campaign=plain, review__decision_due_at=None)
    ReviewedApplicationFactory(campaign=plain, status=Status.APPROVED, review__decision_due_at=past)

    # When the client reads the queue
    response = client.get(QUEUE, {"page_size": 100, "ordering": "-review__score"})

    # Then each row is exactly what the serializer writes for the same rows
    assert response.status_code == 200
    expected = _serialized(client.user)
    assert sorted(response.json()["results"], key=lambda row: row["id"]) == expected
    assert {row["full_name"] for row in expected} >= ({"—"} if who == "reviewer" else set())
    assert any(row["overdue"] for row in expected)


@pytest.mark.parametrize("entries", [10, 50, 100])
def test_the_review_detail_has_a_fixed_query_budget(
    lead_client, django_assert_max_num_queries, entries
):
    # Given an application with many notes and history entries
    application = ReviewedApplicationFactory()
    ReviewNote.objects.bulk_create(
        ReviewNote(application=application, author=lead_client.user, text=f"Note {n}")
        for n in range(entries)
    )
    kind = ContentType.objects.get_for_model(application)
    AuditEntry.objects.bulk_create(
        AuditEntry(content_type=kind, object_id=application.pk, actor=lead_client.user, action="x")
        for _ in range(entries)
    )

    # the token and its user, the application with its review, accounts and answers, the
    # record of the read, scores, notes, history
    with django_assert_max_num_queries(6):
        response = lead_client.get(f"{QUEUE}{application.pk}/")

    assert response.status_code == 200
    assert len(response.json()["notes"]) == len(response.json()["history"]) == entries
