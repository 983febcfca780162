"""The trainer's pages and the scorecard pages, role by role; what a CEO may not see is a 404;
the session page's reads keep a fixed number of queries on one and ten times the roster."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from onboarding.applicants.models import Status
from onboarding.core.models import Role
from onboarding.studios.models import CalendarFeed
from onboarding.training.services import attendance_mark, enrolment_create
from tests.factories import (
    BookingFactory,
    TrainedApplicationFactory,
    TrainingModuleFactory,
    TrainingSessionFactory,
    UserFactory,
)
from tests.training.conftest import approved_ceo, client_for

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", Role.CEO, Role.REVIEWER, Role.LEAD_REVIEWER, Role.TRAINER, Role.SCHEDULER]
ROLES += [Role.ADMIN]
OK, LOGIN, FORBIDDEN, NOT_FOUND = 200, "login", 403, 404

EXPECTED = {
    "training": {
        "anonymous": LOGIN,
        Role.CEO: FORBIDDEN,
        Role.REVIEWER: FORBIDDEN,
        Role.LEAD_REVIEWER: FORBIDDEN,
        Role.TRAINER: OK,
        Role.SCHEDULER: FORBIDDEN,
        Role.ADMIN: OK,
    },
    "session": {
        "anonymous": LOGIN,
        Role.CEO: FORBIDDEN,
        Role.REVIEWER: FORBIDDEN,
        Role.LEAD_REVIEWER: FORBIDDEN,
        Role.TRAINER: OK,
        Role.SCHEDULER: FORBIDDEN,
        Role.ADMIN: OK,
    },
    "staff-scorecard": {
        "anonymous": LOGIN,
        Role.CEO: FORBIDDEN,
        Role.REVIEWER: FORBIDDEN,
        Role.LEAD_REVIEWER: OK,
        Role.TRAINER: OK,
        Role.SCHEDULER: OK,
        Role.ADMIN: OK,
    },
    # /me/scorecard/ is the signed-in user's own: staff have no application, so none is found.
    "me-scorecard": {
        "anonymous": LOGIN,
        Role.CEO: OK,
        Role.REVIEWER: NOT_FOUND,
        Role.LEAD_REVIEWER: NOT_FOUND,
        Role.TRAINER: NOT_FOUND,
        Role.SCHEDULER: NOT_FOUND,
        Role.ADMIN: NOT_FOUND,
    },
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(EXPECTED))
@pytest.mark.parametrize("method", ["get", "head"])
def test_each_role_gets_what_it_may_open(client, role, page, method):
    session = TrainingSessionFactory()
    campaign = session.module.campaign
    if role == Role.CEO:
        application = TrainedApplicationFactory(campaign=campaign)
        user = application.user
    else:
        application = TrainedApplicationFactory(campaign=campaign)
        user = None if role == "anonymous" else UserFactory(role=role)
    if user is not None:
        client.force_login(user)
    url = {
        "training": f"{reverse('portal:staff-training')}?campaign={campaign.slug}",
        "session": reverse("portal:staff-training-session", args=[session.pk]),
        "staff-scorecard": reverse("portal:staff-scorecard", args=[application.pk]),
        "me-scorecard": reverse("portal:me-scorecard"),
    }[page]
    response = getattr(client, method)(url)
    expected = EXPECTED[page][role]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("portal:login"))
    else:
        assert response.status_code == expected


def test_a_ceos_page_for_the_self_service_answers(client):
    application = TrainedApplicationFactory()
    client.force_login(application.user)
    page = client.get(reverse("portal:my-applications")).content.decode()
    assert 'id="me"' in page
    assert f'data-application="{application.pk}"' in page
    assert reverse("portal:me-scorecard") in page


def test_another_ceos_scorecard_shows_and_calendar_are_not_found_for_a_ceo(client):
    mine = TrainedApplicationFactory()
    theirs = TrainedApplicationFactory(campaign=mine.campaign)
    their_show = BookingFactory(application=theirs)
    their_feed = CalendarFeed.objects.create(user=theirs.user)
    api = client_for(mine.user)

    assert api.get(f"/api/v1/scorecards/{theirs.pk}/").status_code == 404
    assert api.get(f"/api/v1/bookings/{their_show.pk}/").status_code == 404
    assert api.get(f"/api/v1/bookings/{their_show.pk}/readiness/").status_code == 404
    assert api.post(f"/api/v1/bookings/{their_show.pk}/confirm-attendance/").status_code == 404
    assert api.get(f"/api/v1/calendar/feeds/{their_feed.pk}/").status_code == 404
    assert api.post(f"/api/v1/calendar/feeds/{their_feed.pk}/rotate/").status_code == 404
    assert api.get("/api/v1/bookings/").json()["count"] == 0

    client.force_login(mine.user)
    url = reverse("portal:me-scorecard")
    assert client.get(f"{url}?application={theirs.pk}").status_code == 404
    assert client.get(f"{url}?application=x").status_code == 404
    assert client.get(f"{url}?application={mine.pk}").status_code == 200


def grow(session, trainer, units: int) -> list:
    """`units` more CEOs with a seat, and `units` more waiting behind them."""
    campaign = session.module.campaign
    session.capacity += units
    session.save(update_fields=["capacity"])
    seated = [approved_ceo(campaign) for _n in range(units)]
    for application in seated:
        enrolment_create(session=session, application=application, actor=trainer)
    for _n in range(units):
        waiting = approved_ceo(campaign, status=Status.TRAINED)
        enrolment_create(session=session, application=waiting, actor=trainer)
    return seated


# The token with its user, the session with its counts, the roster (enrolments) or the
# progress (roster, required modules, attendance) or the candidates.
BUDGET = {"": 3, "enrolments/": 4, "progress/": 6, "candidates/": 4}


def reads(client, session) -> dict[str, int]:
    counts = {}
    for path in BUDGET:
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/api/v1/training/sessions/{session.pk}/{path}")
        assert response.status_code == 200, response.content
        counts[path] = len(captured.captured_queries)
    return counts


def test_the_session_page_reads_in_the_same_number_of_queries_on_ten_times_the_roster(
    trainer, trainer_client
):
    module = TrainingModuleFactory()
    TrainingModuleFactory(campaign=module.campaign, title_en="Studio safety")
    session = TrainingSessionFactory(module=module, trainer=trainer, capacity=1)
    seated = grow(session, trainer, 1)
    with_marks(session, trainer, seated)
    small = reads(trainer_client, session)

    seated = grow(session, trainer, 9)
    with_marks(session, trainer, seated)
    large = reads(trainer_client, session)

    progress = trainer_client.get(f"/api/v1/training/sessions/{session.pk}/progress/").json()
    # Ten seated and ten waiting; the six marked present miss only the second module
    assert len(progress) == 20
    missing = sorted(len(row["missing"]) for row in progress)
    assert missing == [1] * 6 + [2] * 14
    assert small == large
    assert all(large[path] <= BUDGET[path] for path in BUDGET), large


def with_marks(session, trainer, seated):
    # Marks need a started session: move it into the past for a moment.
    start = session.starts_at
    session.starts_at = timezone.now() - timedelta(minutes=5)
    session.save(update_fields=["starts_at"])
    for application in seated[::2]:
        attendance_mark(session=session, application=application, attended=True, actor=trainer)
    session.starts_at = start
    session.save(update_fields=["starts_at"])


def test_candidates_are_searched_by_company_and_leave_out_those_already_in(trainer, trainer_client):
    session = TrainingSessionFactory(trainer=trainer)
    campaign = session.module.campaign
    tea = approved_ceo(campaign)
    tea.company_name = "Hangzhou Tea Co."
    tea.save(update_fields=["company_name"])
    other = approved_ceo(campaign)
    not_yet = approved_ceo(campaign, status=Status.IN_REVIEW)
    url = f"/api/v1/training/sessions/{session.pk}/candidates/"

    ids = [row["id"] for row in trainer_client.get(url).json()]
    assert tea.pk in ids and other.pk in ids and not_yet.pk not in ids
    assert [row["id"] for row in trainer_client.get(url, {"search": "hangzhou tea"}).json()] == [
        tea.pk
    ]
    enrolment_create(session=session, application=tea, actor=trainer)
    assert tea.pk not in [row["id"] for row in trainer_client.get(url).json()]
    assert client_for(tea.user).get(url).status_code == 403
