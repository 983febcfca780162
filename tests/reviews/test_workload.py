"""Each reviewer's open workload, kept by the database, and the least-busy choice that reads it."""

import threading

import pytest
from django.db import connection, transaction
from django.db.models import Count

from onboarding.applicants.models import Application, Status
from onboarding.applicants.services import application_transition, application_withdraw
from onboarding.core.models import Role
from onboarding.reviews import services, workload
from onboarding.reviews.models import ReviewCase, ReviewerWorkload
from onboarding.reviews.selectors import OPEN_REVIEW
from tests.factories import CampaignFactory, UserFactory
from tests.reviews.factories import ReviewedApplicationFactory


def kept(campaign) -> dict[int, int]:
    """The counts the triggers kept, without the zero rows."""
    rows = ReviewerWorkload.objects.filter(campaign=campaign).exclude(open_reviews=0)
    return dict(rows.values_list("reviewer_id", "open_reviews"))


def counted(campaign) -> dict[int, int]:
    """The same counts the slow way: every open review case of the campaign."""
    rows = (
        ReviewCase.objects.filter(
            application__campaign=campaign,
            application__status__in=OPEN_REVIEW,
            reviewer__isnull=False,
        )
        .values("reviewer_id")
        .annotate(n=Count("pk"))
    )
    return {row["reviewer_id"]: row["n"] for row in rows}


@pytest.mark.django_db
def test_the_count_follows_assignment_reassignment_conflicts_decisions_and_withdrawals():
    # Given a campaign, two reviewers and a lead, and applications in several states
    campaign, other_campaign = CampaignFactory(), CampaignFactory()
    ann, bob = UserFactory(role=Role.REVIEWER), UserFactory(role=Role.REVIEWER)
    lead = UserFactory(role=Role.LEAD_REVIEWER)
    open_ones = [
        ReviewedApplicationFactory(campaign=campaign, status=status, review__reviewer=ann)
        for status in (Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_INFO, Status.IN_REVIEW)
    ]
    ReviewedApplicationFactory(campaign=campaign, status=Status.REJECTED, review__reviewer=bob)
    ReviewedApplicationFactory(
        campaign=other_campaign, status=Status.SUBMITTED, review__reviewer=bob
    )
    unassigned = ReviewedApplicationFactory(campaign=campaign, status=Status.SUBMITTED)
    assert kept(campaign) == counted(campaign) == {ann.pk: 4}
    assert kept(other_campaign) == {bob.pk: 1}

    # When work moves by every path there is
    services.review_assign(application_id=open_ones[0].pk, reviewer=bob, actor=lead)
    services.review_assign(application_id=unassigned.pk, reviewer=lead, actor=lead)
    services.conflict_declare(application_id=open_ones[1].pk, reviewer=ann, reason="My cousin.")
    services.review_decide(
        application_id=open_ones[2].pk, actor=ann, action="reject", reason="Not on camera."
    )
    application_withdraw(application_id=open_ones[3].pk)
    application_transition(
        application_id=open_ones[2].pk, action="reopen", actor_kind=Role.LEAD_REVIEWER, actor=lead
    )
    ReviewCase.objects.filter(pk=open_ones[0].pk).update(reviewer=None)  # around the services
    Application.objects.get(pk=unassigned.pk).delete()

    # Then the kept counts are the counted ones: bob took the conflicted one, ann has the
    # reopened one back, the lead's hand-assigned one left with its deletion
    assert kept(campaign) == counted(campaign) == {ann.pk: 1, bob.pk: 1}
    assert kept(other_campaign) == counted(other_campaign) == {bob.pk: 1}
    # And rebuilding every row from the cases gives the same
    workload.recount()
    assert kept(campaign) == {ann.pk: 1, bob.pk: 1}


@pytest.mark.django_db
def test_every_active_reviewer_has_a_row_from_the_start_and_the_idle_one_is_chosen():
    campaign = CampaignFactory()
    busy = UserFactory(role=Role.REVIEWER)
    ReviewedApplicationFactory(campaign=campaign, status=Status.SUBMITTED, review__reviewer=busy)

    # A reviewer who joins after the campaign was made, and a CEO promoted to reviewer
    newcomer = UserFactory(role=Role.REVIEWER)
    promoted = UserFactory(role=Role.CEO)
    promoted.role = Role.REVIEWER
    promoted.save()

    rows = ReviewerWorkload.objects.filter(campaign=campaign)
    assert set(rows.values_list("reviewer_id", flat=True)) == {busy.pk, newcomer.pk, promoted.pk}
    fresh = ReviewedApplicationFactory(campaign=campaign, status=Status.SUBMITTED)
    assert services.least_busy_reviewer(fresh) == newcomer.pk


@pytest.mark.django_db(transaction=True)
def test_a_reviewer_whose_row_another_submission_holds_is_skipped_not_waited_for():
    # Given two idle reviewers; the older one would be chosen
    campaign = CampaignFactory()
    first, second = UserFactory(role=Role.REVIEWER), UserFactory(role=Role.REVIEWER)
    application = ReviewedApplicationFactory(campaign=campaign, status=Status.SUBMITTED)
    held, release = threading.Event(), threading.Event()

    def hold_first_row():
        # Another submission's transaction, between its choice and its commit
        try:
            with transaction.atomic():
                ReviewerWorkload.objects.select_for_update().get(campaign=campaign, reviewer=first)
                held.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    other = threading.Thread(target=hold_first_row)
    other.start()
    try:
        assert held.wait(timeout=10)
        # When a second submission chooses at that moment
        with transaction.atomic():
            chosen = services.least_busy_reviewer(application)
    finally:
        release.set()
        other.join(timeout=10)

    # Then it goes to the other reviewer at once instead of waiting for the first commit
    assert chosen == second.pk
    # And once the row is free again the order is the usual one
    with transaction.atomic():
        assert services.least_busy_reviewer(application) == first.pk
