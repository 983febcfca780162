"""The Content-Security-Policy allows no inline script or style, so no page may carry one.

Every page of the portal (public, applicant and staff, as each role), the admin's sign-in and
index and the API's docs page are rendered with data in them and searched for inline <script>
blocks, inline event handlers, <style> blocks and style="" attributes. JSON data islands
(json_script: type="application/json") are data, not script, and are allowed.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from django.urls.converters import IntConverter

from onboarding.applicants.models import Status
from onboarding.core.models import Role
from onboarding.portal import urls as portal_urls
from tests.factories import (
    ApplicationFactory,
    EnrolmentFactory,
    TrainingSessionFactory,
    UserFactory,
)

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
STYLE_BLOCK = re.compile(r"<style\b", re.I)


def inline_findings(html: str) -> list[str]:
    found = []
    for attrs, body in SCRIPT.findall(html):
        if "application/json" in attrs:
            continue
        if body.strip() or "src=" not in attrs:
            found.append(f"inline <script{attrs}>{body.strip()[:60]}")
    found += [f"event handler: {m.group(0)[:80]}" for m in HANDLER.finditer(html)]
    found += [f"style attribute: {m.group(0)[:80]}" for m in STYLE_ATTR.finditer(html)]
    found += ["<style> block" for _ in STYLE_BLOCK.finditer(html)]
    return found


def test_the_search_finds_what_the_policy_would_block():
    assert inline_findings("<script>alert(1)</script>")
    assert inline_findings('<button onclick="go()">')
    assert inline_findings('<p style="color: red">')
    assert inline_findings("<style>p{}</style>")
    assert not inline_findings('<script src="/static/a.js"></script>')
    assert not inline_findings('<script id="x" type="application/json">{"a": 1}</script>')


def _patterns(patterns, prefix: str = "portal"):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}:{entry.name}", entry


def _url(name: str, pattern: URLPattern, values: dict) -> str:
    kwargs = {
        key: values.get(key, "999999" if isinstance(converter, IntConverter) else "unknown")
        for key, converter in pattern.pattern.converters.items()
    }
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def values(campaign) -> dict:
    draft = ApplicationFactory(campaign=campaign, status=Status.DRAFT)
    sent = ApplicationFactory(campaign=campaign)
    session = TrainingSessionFactory()
    EnrolmentFactory(session=session)
    return {
        "slug": campaign.slug,
        "token": draft.draft_token,
        "uidb64": "MQ",
        "pk": sent.pk,
        "session_pk": session.pk,
    }


WHO = ["anonymous", Role.CEO, Role.REVIEWER, Role.LEAD_REVIEWER, Role.TRAINER, Role.SCHEDULER]


@pytest.mark.django_db
@pytest.mark.parametrize("who", [*WHO, "superuser"])
def test_no_page_carries_inline_script_or_style(values, who):
    client = Client()
    if who == "superuser":
        client.force_login(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    elif who != "anonymous":
        client.force_login(UserFactory(role=who, is_staff=who != Role.CEO))
    urls = [_url(name, pattern, values) for name, pattern in _patterns(portal_urls.urlpatterns)]
    urls += ["/admin/login/", "/admin/", "/api/docs/"]
    if "session_pk" in values:
        urls.append(reverse("portal:staff-training-session", kwargs={"pk": values["session_pk"]}))
    pages = 0
    problems = {}
    for url in urls:
        response = client.get(url, follow=True)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        pages += response.status_code == 200
        found = inline_findings(response.content.decode())
        if found:
            problems[url] = found
    assert not problems
    assert pages >= 5


# In a real browser: the policy is enforced on every page and nothing is refused, including what
# scripts (ours and the vendored calendar and charts) do to the page after it loads.

from datetime import timedelta  # noqa: E402

from csp.utils import build_policy  # noqa: E402
from django.utils import timezone  # noqa: E402

from tests.factories import BookingFactory  # noqa: E402
from tests.portal.staff_browser import sign_in  # noqa: E402

LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.mark.django_db(transaction=True)
def test_every_page_runs_under_the_policy_with_nothing_refused(live_server, desktop, campaign):
    policy = build_policy()
    assert "'unsafe-inline'" not in policy
    draft = ApplicationFactory(campaign=campaign, status=Status.DRAFT)
    sent = ApplicationFactory(campaign=campaign)
    session = TrainingSessionFactory()
    EnrolmentFactory(session=session)
    booking = BookingFactory(starts_at=timezone.now() + timedelta(hours=1))
    UserFactory(username="csp-admin", role=Role.ADMIN, is_staff=True, is_superuser=True)

    def with_policy(route):
        if route.request.resource_type != "document":
            return route.continue_()
        # The browser follows redirects itself (the sign-in's 302), so its URL moves on as it
        # would without the policy swapped in.
        response = route.fetch(max_redirects=0)
        headers = {**response.headers, "content-security-policy": policy}
        return route.fulfill(response=response, headers=headers)

    page = desktop
    page.add_init_script(LISTEN)
    page.route("**/*", with_policy)
    refused = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    base = live_server.url
    public = ["/", f"/apply/{campaign.slug}/", f"/apply/d/{draft.draft_token}/", "/login/"]
    staff = [
        "/staff/",
        "/staff/dashboard/",
        "/staff/queue/",
        f"/staff/queue/{sent.pk}/",
        "/staff/board/",
        "/staff/board/reports/",
        "/staff/training/",
        f"/staff/training/{session.pk}/",
        f"/staff/ceos/{booking.application.pk}/scorecard/",
        "/admin/",
        "/admin/applicants/application/",
        "/api/docs/",
    ]
    seen = {}
    for url in public:
        page.goto(base + url)
        page.wait_for_load_state("networkidle")
        seen[url] = page.evaluate("window.__csp")
    sign_in(page, base, "csp-admin")
    for url in staff:
        page.goto(base + url)
        page.wait_for_load_state("networkidle")
        seen[url] = page.evaluate("window.__csp")

    assert {url: found for url, found in seen.items() if found} == {}
    assert refused == []
    # And the policy was in force: a style set as an attribute is refused, and reported.
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_function("window.__csp.length > 0")
    assert "style-src" in page.evaluate("window.__csp")[0]
