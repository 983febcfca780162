"""Every portal page that answers GET answers HEAD the same way, without a body.

Link checkers, uptime monitors and some mail scanners ask with HEAD before they follow a link
(a CEO's private draft link, the show confirmation link): a 405 makes the link look broken.
"""

import pytest
from django.urls import URLPattern, URLResolver, reverse
from django.urls.converters import IntConverter

from onboarding.applicants.models import Status
from onboarding.portal import urls as portal_urls
from tests.factories import ApplicationFactory, UserFactory


def _patterns(patterns, prefix: str = "portal"):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}:{entry.name}", entry


def _url(name: str, pattern: URLPattern, values: dict) -> str:
    converters = pattern.pattern.converters
    kwargs = {
        key: values.get(key, "999999" if isinstance(converter, IntConverter) else "unknown")
        for key, converter in converters.items()
    }
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def values(campaign) -> dict:
    draft = ApplicationFactory(campaign=campaign, status=Status.DRAFT)
    sent = ApplicationFactory(campaign=campaign)
    return {"slug": campaign.slug, "token": draft.draft_token, "uidb64": "MQ", "pk": sent.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "ceo", "lead_reviewer"])
def test_every_page_that_answers_get_answers_head(client, values, who):
    if who != "anonymous":
        client.force_login(UserFactory(role=who, is_staff=who != "ceo"))
    answered = []
    for name, pattern in _patterns(portal_urls.urlpatterns):
        url = _url(name, pattern, values)
        got = client.get(url)
        if got.status_code == 405:
            continue
        head = client.head(url)
        assert head.status_code == got.status_code, (url, got.status_code, head.status_code)
        assert head.content == b"", url
        answered.append((url, got.status_code))
    # The front page, the form, a draft and the sign-in page really answered, not only 404s.
    ok = {url for url, status in answered if status == 200}
    assert reverse("portal:home") in ok
    assert reverse("portal:apply", kwargs={"slug": values["slug"]}) in ok
    assert reverse("portal:draft", kwargs={"token": values["token"]}) in ok
    if who == "anonymous":
        assert reverse("portal:login") in ok


@pytest.mark.django_db
def test_front_page_answers_head_with_200(client):
    assert client.head("/").status_code == 200
