"""A public submission costs a fixed, small number of queries, whatever the campaign's size."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onboarding.applicants.models import Status
from onboarding.core.models import Role
from onboarding.reviews.models import Criterion
from tests.factories import ChannelFactory, UserFactory, valid_applicant, valid_submission
from tests.reviews.factories import ReviewedApplicationFactory

URL = "/api/v1/applications/"
# 13 statements in production (BEGIN and COMMIT aside); the test's outer transaction adds the
# submission's own savepoint and its release. Was 35, 8 of them the same question fetched once
# per answer; then 19, with the questions of the live version read on every submission and a
# savepoint around the confirmation's insert; then 16, with a look for a duplicate before the
# constraints and the live version's own query; then 14, with the review settings read apart
# from the criteria.
BUDGET = 15


def _submit(api_client, campaign, n: int):
    body = valid_submission(
        campaign,
        applicant=valid_applicant(email=f"budget{n}@example.com", phone=f"+8613700{n:06d}"),
    )
    with CaptureQueriesContext(connection) as queries:
        response = api_client.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    return queries


@pytest.mark.django_db
def test_a_submission_holds_its_query_budget_and_repeats_no_statement(
    api_client, campaign, django_assert_max_num_queries
):
    ChannelFactory()
    for _ in range(3):
        UserFactory(role=Role.REVIEWER)
    # A campaign screens by criteria (without any, its review settings cost a query of their own)
    Criterion.objects.create(campaign=campaign, kind=Criterion.Kind.ON_CAMERA, name="On camera")
    _submit(api_client, campaign, 0)  # content types and such, cached once per process

    with django_assert_max_num_queries(BUDGET):
        queries = _submit(api_client, campaign, 1)

    shapes = Counter(
        re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"])
        for q in queries.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    )
    assert [sql for sql, times in shapes.items() if times > 1] == []


@pytest.mark.django_db
def test_the_count_is_the_same_in_a_campaign_forty_times_fuller(api_client, campaign):
    ChannelFactory()
    reviewers = [UserFactory(role=Role.REVIEWER) for _ in range(3)]
    _submit(api_client, campaign, 0)
    small = len(_submit(api_client, campaign, 1))

    for n in range(40):
        ReviewedApplicationFactory(
            campaign=campaign, status=Status.IN_REVIEW, review__reviewer=reviewers[n % 3]
        )
    assert len(_submit(api_client, campaign, 2)) == small
