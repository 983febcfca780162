"""Every /staff/ page for every role: the page, a redirect (sign in, campaign), or 403."""

import pytest
from django.urls import reverse

from onboarding.core.models import Role, User
from tests.factories import PASSWORD, CampaignFactory, UserFactory
from tests.reviews.factories import ReviewedApplicationFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", Role.CEO, Role.REVIEWER, Role.LEAD_REVIEWER, Role.TRAINER, Role.SCHEDULER]
ROLES += [Role.ADMIN]
OK, LOGIN, FORBIDDEN, HOME = 200, "login", 403, "redirect"

# page -> what each role gets (with ?campaign= given where the page is about one campaign).
EXPECTED = {
    "staff": {
        "anonymous": LOGIN,
        Role.CEO: FORBIDDEN,
        Role.REVIEWER: HOME,
        Role.LEAD_REVIEWER: HOME,
        Role.TRAINER: HOME,
        Role.SCHEDULER: HOME,
        Role.ADMIN: HOME,
    },
    "queue": {
        "anonymous": LOGIN,
        Role.CEO: FORBIDDEN,
        Role.REVIEWER: OK,
        Role.LEAD_REVIEWER: OK,
        Role.TRAINER: FORBIDDEN,
        Role.SCHEDULER: FORBIDDEN,
        Role.ADMIN: OK,
    },
    "review": {
        "anonymous": LOGIN,
        Role.CEO: FORBIDDEN,
        Role.REVIEWER: OK,
        Role.LEAD_REVIEWER: OK,
        Role.TRAINER: FORBIDDEN,
        Role.SCHEDULER: FORBIDDEN,
        Role.ADMIN: OK,
    },
    "dashboard": {
        "anonymous": LOGIN,
        Role.CEO: FORBIDDEN,
        Role.REVIEWER: FORBIDDEN,
        Role.LEAD_REVIEWER: OK,
        Role.TRAINER: FORBIDDEN,
        Role.SCHEDULER: FORBIDDEN,
        Role.ADMIN: OK,
    },
}


def page_url(page: str, application) -> str:
    slug = application.campaign.slug
    return {
        "staff": reverse("portal:staff"),
        "queue": f"{reverse('portal:staff-queue')}?campaign={slug}",
        "review": f"{reverse('portal:staff-review', args=[application.pk])}?campaign={slug}",
        "dashboard": f"{reverse('portal:staff-dashboard')}?campaign={slug}",
    }[page]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(EXPECTED))
@pytest.mark.parametrize("method", ["get", "head"])
def test_each_role_gets_what_it_may_open(client, role, page, method):
    application = ReviewedApplicationFactory()
    if role != "anonymous":
        client.force_login(UserFactory(role=role))
    response = getattr(client, method)(page_url(page, application))
    expected = EXPECTED[page][role]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("portal:login"))
    elif expected == HOME:
        assert response.status_code == 302
        assert response["Location"] in (
            reverse("portal:staff-queue"),
            reverse("portal:staff-dashboard"),
            reverse("portal:staff-training"),
            reverse("portal:staff-board"),
        )
    else:
        assert response.status_code == expected
        if method == "get" and expected == OK:
            assert b'aria-label="Staff pages"' in response.content


def test_the_navigation_shows_only_the_pages_of_the_role(client):
    campaign = CampaignFactory()
    client.force_login(UserFactory(role=Role.REVIEWER))
    page = client.get(f"{reverse('portal:staff-queue')}?campaign={campaign.slug}").content.decode()
    assert reverse("portal:staff-queue") in page
    assert reverse("portal:staff-dashboard") not in page
    client.force_login(UserFactory(role=Role.LEAD_REVIEWER))
    page = client.get(f"{reverse('portal:staff-queue')}?campaign={campaign.slug}").content.decode()
    assert reverse("portal:staff-dashboard") in page
    assert "Export CSV" in page


def test_staff_land_on_the_campaign_they_worked_on_last(client):
    older, newer = CampaignFactory(), CampaignFactory()
    reviewer = UserFactory(role=Role.REVIEWER, email="rosa@team.example.com")
    queue = reverse("portal:staff-queue")
    client.force_login(reviewer)
    # With none remembered, the newest campaign; the one opened is remembered.
    assert client.get(queue)["Location"] == f"{queue}?campaign={newer.slug}"
    assert client.get(f"{queue}?campaign={older.slug}").status_code == 200
    assert User.objects.get(pk=reviewer.pk).last_campaign == older.slug
    assert client.get(f"{queue}?campaign=no-such-campaign").status_code == 404
    client.logout()

    # Signing in with the e-mail address lands on /staff/, then on the last campaign.
    response = client.post(
        reverse("portal:login"),
        {"username": "Rosa@Team.example.com", "password": PASSWORD},
        follow=True,
    )
    assert [url for url, _status in response.redirect_chain] == [
        reverse("portal:staff"),
        queue,
        f"{queue}?campaign={older.slug}",
    ]
    assert response.status_code == 200


def test_ceos_still_land_on_their_applications(client):
    ceo = UserFactory(role=Role.CEO)
    response = client.post(
        reverse("portal:login"), {"username": ceo.username, "password": PASSWORD}
    )
    assert response["Location"] == reverse("portal:my-applications")


def test_the_sign_in_field_says_e_mail_or_username(client):
    page = client.get(reverse("portal:login")).content.decode()
    assert "E-mail or username" in page
