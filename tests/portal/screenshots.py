"""`make screenshots`: a PNG of each main page, in English and Chinese, into docs/screenshots/.

Run by pytest (for its live server and test database) but not collected by `make test`: the
file name does not start with test_. The demo data is loaded first, so the pages show a living
programme; staff pages at a laptop's size, the CEO's at a phone's.
"""

import importlib
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from onboarding.applicants.models import Application, Campaign, Status
from onboarding.core.models import User
from onboarding.planning import services as planning
from onboarding.studios.models import Booking
from onboarding.training.models import TrainingSession
from seeds import demo
from seeds.accounts import DEMO_PASSWORD
from tests.conftest import DEFAULT_REMINDER_MIGRATIONS
from tests.portal.staff_browser import sign_in

OUT = Path(settings.BASE_DIR) / "docs" / "screenshots"
LANGUAGES = {"en": "en", "zh": "zh-hans"}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
PEEK = Path(os.environ["SCREENSHOTS_PEEK"]) if os.environ.get("SCREENSHOTS_PEEK") else None
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_data():
    for name in DEFAULT_REMINDER_MIGRATIONS:
        importlib.import_module(name).create(django_apps, None)
    demo.load()
    return Campaign.objects.order_by("-application_opens_at").first()


def shoot(browser, base_url, language, login, shots, device=DESKTOP):
    context = browser.new_context(**device)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": LANGUAGES[language], "url": base_url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    if login:
        sign_in(page, base_url, login, password=DEMO_PASSWORD)
    for name, path, ready in shots:
        page.goto(f"{base_url}{path}")
        if ready:
            page.locator(ready).first.wait_for()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(OUT / f"{name}-{language}.png"), full_page=True)
        if PEEK:  # the first screen at full size, to look at closely
            page.screenshot(path=str(PEEK / f"{name}-{language}.png"))
    context.close()


def test_screenshots(live_server, browser, demo_data):
    OUT.mkdir(parents=True, exist_ok=True)
    if PEEK:
        PEEK.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        pages(live_server, browser, demo_data, language)


def pages(live_server, browser, demo_data, language):
    slug = demo_data.slug
    queue = f"{reverse('portal:staff-queue')}?campaign={slug}"
    waiting = (
        Application.objects.filter(campaign=demo_data, status=Status.IN_REVIEW)
        .order_by("submitted_at")
        .first()
    )
    review = f"{reverse('portal:staff-review', args=[waiting.pk])}?campaign={slug}"
    dashboard = f"{reverse('portal:staff-dashboard')}?campaign={slug}"
    url = live_server.url
    shoot(browser, url, language, None, [("login", reverse("portal:login"), "#id_username")])
    shoot(
        browser,
        url,
        language,
        "reviewer",
        [
            ("staff-queue", queue, "#rows tr"),
            ("staff-review", review, "#breakdown tr"),
        ],
    )
    shoot(
        browser,
        url,
        language,
        "lead",
        [
            ("staff-dashboard", dashboard, "#dashboard[data-loaded=true]"),
            ("staff-queue-lead", f"{queue}&ordering=-review__score", "#rows tr"),
        ],
    )
    board = f"{reverse('portal:staff-board')}?campaign={slug}"
    plan = next_weeks_plan(demo_data)
    shoot(
        browser,
        url,
        language,
        "scheduler",
        [
            ("staff-board", f"{board}&view=week", "#board[data-loaded=true] #blocks tr"),
            ("staff-board-day", f"{board}&view=day", "#board[data-loaded=true]"),
            (
                "staff-board-plan",
                f"{board}&view=week&date={plan.first_day}&plan={plan.pk}",
                "#calendar .ec-event.proposed",
            ),
            (
                "staff-capacity",
                f"{reverse('portal:staff-capacity')}?campaign={slug}",
                "#capacity-rows tr",
            ),
            (
                "staff-board-reports",
                f"{reverse('portal:staff-board-reports')}?campaign={slug}",
                "#reports[data-loaded=true]",
            ),
        ],
    )
    session = (
        TrainingSession.objects.filter(trainer__username="trainer")
        .annotate(waiting=Count("enrolments", filter=Q(enrolments__status="waitlisted")))
        .order_by("-waiting", "starts_at")
        .first()
    )
    shown = Booking.objects.filter(outcome__isnull=False).order_by("application_id").first()
    shoot(
        browser,
        url,
        language,
        "trainer",
        [
            ("staff-training", f"{reverse('portal:staff-training')}?campaign={slug}", "h1"),
            (
                "staff-training-session",
                reverse("portal:staff-training-session", args=[session.pk]),
                "#facts:not([hidden])",
            ),
        ],
    )
    shoot(
        browser,
        url,
        language,
        "lead",
        [
            (
                "staff-scorecard",
                reverse("portal:staff-scorecard", args=[shown.application_id]),
                "#scorecard[data-loaded=true]",
            )
        ],
    )
    shoot(
        browser,
        url,
        language,
        "ceo",
        [
            ("ceo-me", reverse("portal:my-applications"), "#me"),
            ("ceo-scorecard", reverse("portal:me-scorecard"), "#scorecard[data-loaded=true]"),
            ("ceo-standby", reverse("portal:me-standby"), "h1"),
        ],
        device=PHONE,
    )


def next_weeks_plan(campaign):
    """A festival plan of next week, run here (the screenshots have no worker)."""
    scheduler = User.objects.get(username="scheduler")
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    plan = planning.plan_create(
        campaign=campaign, actor=scheduler, first_day=monday, last_day=monday + timedelta(days=6)
    )
    return planning.plan_run(plan_id=plan.pk)
