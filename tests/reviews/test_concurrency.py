"""Two decisions on one application at the same moment, from two connections: exactly one wins."""

import pytest
from django.contrib.contenttypes.models import ContentType

from onboarding.applicants.models import Application, Status
from onboarding.applicants.services import application_transition
from onboarding.core.errors import Conflict
from onboarding.core.models import AuditEntry, Role
from onboarding.notifications.models import Message
from onboarding.reviews import services
from onboarding.reviews.models import ReviewSettings
from tests.factories import CampaignFactory, UserFactory
from tests.helpers import race
from tests.reviews.factories import ReviewedApplicationFactory

ROUNDS = 20


def decisions(application: Application) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Application),
            object_id=application.pk,
            action__in=["approve", "reject"],
        )
    )


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_deciding_at_once_leave_exactly_one_decision():
    first = UserFactory(role=Role.REVIEWER)
    second = UserFactory(role=Role.LEAD_REVIEWER)
    campaign = CampaignFactory()

    for _ in range(ROUNDS):
        # Given an application in review
        application = ReviewedApplicationFactory(
            campaign=campaign, status=Status.IN_REVIEW, accounts=0
        )

        # When one reviewer approves while another rejects, at the same moment
        outcomes = race(
            lambda app=application: services.review_decide(
                application_id=app.pk, actor=first, action="approve", reason="Yes."
            ),
            lambda app=application: services.review_decide(
                application_id=app.pk, actor=second, action="reject", reason="No."
            ),
        )

        # Then one succeeded and the other was refused with a 409; one decision is recorded
        won = [o for o in outcomes if isinstance(o, Application)]
        refused = [o for o in outcomes if isinstance(o, Conflict)]
        assert (len(won), len(refused)) == (1, 1), outcomes
        application.refresh_from_db()
        assert application.status == won[0].status
        assert refused[0].extra["status"] == application.status
        (entry,) = decisions(application)
        assert entry.to_state == application.status
        assert entry.from_state == Status.IN_REVIEW
        assert Message.objects.filter(recipient=application.email).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_decision_twice_at_once_is_taken_once():
    reviewer = UserFactory(role=Role.REVIEWER)
    campaign = CampaignFactory()

    for _ in range(ROUNDS):
        application = ReviewedApplicationFactory(
            campaign=campaign, status=Status.SUBMITTED, accounts=0
        )

        # When the same move reaches the workflow twice at once (a double click, two tabs)
        def reject(app=application):
            return application_transition(
                application_id=app.pk,
                action="reject",
                actor_kind=Role.REVIEWER,
                actor=reviewer,
                reason="No.",
                notify=False,
            )

        outcomes = race(reject, reject)

        # Then it happened once; the second saw the first one's result
        assert sorted(type(o).__name__ for o in outcomes) == ["Application", "Conflict"], outcomes
        (entry,) = decisions(application)
        assert (entry.from_state, entry.to_state) == (Status.SUBMITTED, Status.REJECTED)


@pytest.mark.django_db(transaction=True)
def test_two_first_approvals_at_once_under_four_eyes_make_one_approval():
    first = UserFactory(role=Role.REVIEWER)
    second = UserFactory(role=Role.REVIEWER)
    campaign = CampaignFactory()
    ReviewSettings.objects.create(campaign=campaign, four_eyes=True)

    for _ in range(ROUNDS // 2):
        application = ReviewedApplicationFactory(
            campaign=campaign, status=Status.IN_REVIEW, accounts=0
        )

        # When two different reviewers approve at the same moment
        outcomes = race(
            *(
                lambda app=application, who=who: services.review_decide(
                    application_id=app.pk, actor=who, action="approve", reason="Yes."
                )
                for who in (first, second)
            )
        )

        # Then one is the first approval and the other the second: approved once, not twice
        assert all(isinstance(o, Application) for o in outcomes), outcomes
        application.refresh_from_db()
        assert application.status == Status.APPROVED
        actions = list(
            AuditEntry.objects.filter(object_id=application.pk)
            .filter(content_type=ContentType.objects.get_for_model(Application))
            .values_list("action", flat=True)
        )
        assert actions == ["first_approval", "approve"]
