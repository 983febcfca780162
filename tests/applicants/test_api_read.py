import pytest

from tests.factories import ApplicationFactory, CampaignFactory, ChannelFactory

LIST = "/api/v1/applications/"


def test_listing_needs_a_signed_in_user(api_client, db):
    response = api_client.get(LIST)

    assert response.status_code == 401


@pytest.mark.parametrize("client_fixture", ["ceo_client", "scheduler_client"])
def test_listing_is_refused_to_roles_without_review_work(request, client_fixture):
    client = request.getfixturevalue(client_fixture)

    assert client.get(LIST).status_code == 403


def test_retrieve_is_refused_to_a_ceo_even_for_their_own(ceo_client):
    application = ApplicationFactory(user=ceo_client.user)

    assert ceo_client.get(f"{LIST}{application.pk}/").status_code == 403


def test_reviewer_lists_sent_applications_but_not_drafts(reviewer_client):
    sent = ApplicationFactory()
    ApplicationFactory(status="draft", submitted_at=None)

    response = reviewer_client.get(LIST)

    assert response.status_code == 200
    assert [row["reference"] for row in response.json()["results"]] == [sent.reference]
    assert response.json()["results"][0]["total_followers"] == 3000


def test_filters_by_campaign_status_industry_and_channel(reviewer_client):
    campaign = CampaignFactory()
    channel = ChannelFactory()
    wanted = ApplicationFactory(campaign=campaign, industry="beauty", channel=channel)
    ApplicationFactory(campaign=campaign, industry="food", channel=channel)
    ApplicationFactory(industry="beauty", channel=channel)
    ApplicationFactory(campaign=campaign, industry="beauty", status="withdrawn")

    response = reviewer_client.get(
        LIST,
        {
            "campaign": campaign.slug,
            "industry": "beauty",
            "status": "submitted",
            "channel": channel.code,
        },
    )

    assert [row["reference"] for row in response.json()["results"]] == [wanted.reference]


def test_retrieve_shows_answers_in_question_order(reviewer_client, campaign, api_client):
    from tests.factories import valid_submission

    ChannelFactory()
    created = api_client.post(LIST, valid_submission(campaign), format="json").json()
    application_id = campaign.applications.get(reference=created["reference"]).pk

    response = reviewer_client.get(f"{LIST}{application_id}/")

    assert response.status_code == 200
    keys = [answer["question"] for answer in response.json()["answers"]]
    assert keys[:3] == ["weekly_events", "availability", "commitment_weeks"]
    assert response.json()["social_accounts"][0]["followers"] == 52000


@pytest.mark.parametrize("page_size", [10, 50, 100])
def test_list_query_budget_is_fixed_whatever_the_page_size(
    reviewer_client, django_assert_max_num_queries, page_size
):
    campaign = CampaignFactory()
    ApplicationFactory.create_batch(100, campaign=campaign, channel=ChannelFactory())

    # the token and its user, the count, the page (total followers summed in it)
    with django_assert_max_num_queries(3):
        response = reviewer_client.get(LIST, {"page_size": page_size})

    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size


def test_intake_counts_per_channel_and_day(reviewer_client):
    campaign = CampaignFactory()
    weibo = ChannelFactory(code="weibo-official")
    ApplicationFactory.create_batch(3, campaign=campaign, channel=weibo)
    ApplicationFactory(campaign=campaign, channel=None)

    response = reviewer_client.get(f"/api/v1/campaigns/{campaign.slug}/intake/")

    assert response.status_code == 200
    counts = {row["channel"]: row["applications"] for row in response.json()}
    assert counts == {"weibo-official": 3, "direct": 1}


def test_intake_is_staff_only(ceo_client):
    campaign = CampaignFactory()

    assert ceo_client.get(f"/api/v1/campaigns/{campaign.slug}/intake/").status_code == 403


def test_campaign_and_active_questionnaire_are_public(api_client, campaign):
    campaigns = api_client.get("/api/v1/campaigns/")
    questionnaire = api_client.get(
        f"/api/v1/campaigns/{campaign.slug}/questionnaire/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert campaigns.status_code == 200
    assert campaign.slug in [row["slug"] for row in campaigns.json()]
    assert questionnaire.status_code == 200
    questions = {q["key"]: q for q in questionnaire.json()["questions"]}
    assert questions["weekly_events"]["label"] == "您每周可以做几场直播？"
    assert questions["pickup_address"]["show_if"] == {"question": "needs_logistics", "in": [True]}
    assert questionnaire.json()["version"] == 1


def test_ceo_sees_own_applications_with_public_status(ceo_client):
    mine = ApplicationFactory(user=ceo_client.user, status="in_review")
    ApplicationFactory()

    response = ceo_client.get("/api/v1/me/applications/")

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["reference"] for row in rows] == [mine.reference]
    assert rows[0]["status"] == "Being reviewed"


def test_token_auth_returns_a_token(api_client, db):
    from tests.factories import PASSWORD, UserFactory

    user = UserFactory(username="lead1", role="lead_reviewer")

    response = api_client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    wrong = api_client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": "nope"}, format="json"
    )

    assert response.status_code == 200 and len(response.json()["token"]) == 40
    assert wrong.status_code == 400
