"""Every signed-in page fits a phone's width, in both languages, with a living programme's data.

A page wider than the screen scrolls sideways as a whole on a phone, and the CEO or a scheduler
away from a desk reads it by panning. Wide tables scroll inside their own box instead. The demo
data is loaded because long names, addresses and wide tables are what pushed pages out (the
review page's score breakdown; the dashboard's list of what needs attention and a visually
hidden label in a wide table).
"""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from onboarding.applicants.models import Application, Campaign, Status
from seeds import demo
from seeds.accounts import DEMO_PASSWORD
from tests.browser import PHONE_CONTEXT
from tests.conftest import DEFAULT_REMINDER_MIGRATIONS
from tests.portal.staff_browser import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# How far past the screen's width the page reaches, and what sticks out furthest.
WIDEST = """() => {
  const w = document.documentElement.clientWidth;
  let widest = null;
  for (const el of document.querySelectorAll('body *')) {
    const right = el.getBoundingClientRect().right;
    if (right > w + 1 && (!widest || right > widest.right)) widest = {right, el};
  }
  const out = document.documentElement.scrollWidth - w;
  const what = widest ? `${widest.el.tagName}.${widest.el.className} ${widest.el.id}` : '';
  return [out, what];
}"""


def _pages(campaign: Campaign) -> dict[str, list[str]]:
    slug = campaign.slug
    waiting = (
        Application.objects.filter(campaign=campaign, status=Status.IN_REVIEW)
        .order_by("submitted_at")
        .first()
    )
    board = f"{reverse('portal:staff-board')}?campaign={slug}"
    return {
        "ceo": [
            reverse("portal:my-applications"),
            reverse("portal:me-scorecard"),
            reverse("portal:me-standby"),
        ],
        "reviewer": [
            f"{reverse('portal:staff-queue')}?campaign={slug}",
            f"{reverse('portal:staff-review', args=[waiting.pk])}?campaign={slug}",
        ],
        "lead": [f"{reverse('portal:staff-dashboard')}?campaign={slug}"],
        "scheduler": [
            f"{board}&view=day",
            f"{board}&view=week",
            f"{reverse('portal:staff-capacity')}?campaign={slug}",
            f"{reverse('portal:staff-board-reports')}?campaign={slug}",
        ],
        "trainer": [reverse("portal:staff-training")],
    }


def test_every_signed_in_page_fits_a_phone_in_english_and_chinese(live_server, browser):
    for name in DEFAULT_REMINDER_MIGRATIONS:
        importlib.import_module(name).create(django_apps, None)
    demo.load()
    campaign = Campaign.objects.order_by("-application_opens_at").first()
    too_wide = []
    for language in ("en", "zh-hans"):
        for login, paths in _pages(campaign).items():
            context = browser.new_context(**PHONE_CONTEXT)
            context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            sign_in(page, live_server.url, login, password=DEMO_PASSWORD)
            for path in paths:
                page.goto(f"{live_server.url}{path}")
                page.wait_for_load_state("networkidle")
                out, what = page.evaluate(WIDEST)
                if out > 0:
                    too_wide.append(f"{language} {login} {path}: {out}px wider ({what})")
            context.close()

    assert too_wide == []
