"""A list's count is exact up to a bound and PostgreSQL's estimate past it, and says which."""

import pytest

from onboarding.core.api import pagination
from tests.factories import ApplicationFactory

LIST = "/api/v1/applications/"


def test_a_count_within_the_bound_is_exact(reviewer_client, monkeypatch):
    monkeypatch.setattr(pagination, "COUNTED_EXACTLY_UP_TO", 6)
    ApplicationFactory.create_batch(6)

    body = reviewer_client.get(LIST, {"page_size": 4}).json()

    assert (body["count"], body["count_exact"]) == (6, True)
    assert len(body["results"]) == 4
    assert body["next"] is not None


def test_past_the_bound_the_count_is_an_estimate_and_the_pages_still_work(
    reviewer_client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(pagination, "COUNTED_EXACTLY_UP_TO", 6)
    made = {application.reference for application in ApplicationFactory.create_batch(9)}

    with django_assert_max_num_queries(4):  # the token, the bounded count, the plan, the page
        first = reviewer_client.get(LIST, {"page_size": 5}).json()
    second = reviewer_client.get(LIST, {"page_size": 5, "page": 2}).json()

    assert first["count_exact"] is False
    assert first["count"] >= 7  # never below the bound it passed
    seen = {row["reference"] for row in first["results"] + second["results"]}
    assert seen == made


@pytest.mark.parametrize("filtered", [True, False])
def test_the_estimate_is_of_the_filtered_rows(reviewer_client, monkeypatch, filtered):
    monkeypatch.setattr(pagination, "COUNTED_EXACTLY_UP_TO", 2)
    ApplicationFactory.create_batch(3, industry="food")
    ApplicationFactory.create_batch(2, industry="beauty")

    body = reviewer_client.get(LIST, {"industry": "beauty"} if filtered else {}).json()

    assert body["count_exact"] is filtered
    assert body["count"] == 2 if filtered else body["count"] >= 3
