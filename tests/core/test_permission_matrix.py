"""Every route of the API and of the pages, tried as every role, against a table kept here.

Each route is called once per role, on the small world of tests/core/api_world.py, with the
first CEO's ids and tokens in the path: anonymously, as the first CEO, as a second CEO (who
must not reach the first one's objects), and as each staff role. API calls carry a token;
pages a signed-in session. Unsafe API methods send an empty JSON object, pages are fetched
with GET. Each call runs in a savepoint rolled back afterwards, so every cell sees the same
world. The status must be the one in the table, and never a 5xx.

Private links are bearer tokens by design: whoever holds an application's link, a calendar
feed's token or a show's signed confirmation link may use it, signed in or not (rows marked
"link"). A signed-in second CEO gets no more from them than anyone else holding the link.

To refresh the table after adding routes: PERMISSION_MATRIX_PRINT=1 prints the rows as they
are now (read them for unexpected successes before pasting).
"""

import os
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from onboarding.portal import urls as portal_urls
from onboarding.studios.links import attendance_token
from tests.core.api_world import build_world, path_values

WHO = ("anon", "ceo", "other_ceo", "reviewer", "lead", "trainer", "scheduler", "admin")

# Status for each of: anonymous, CEO, second CEO (with the first one's ids), reviewer, lead,
# trainer, scheduler, admin.
# Rows under {token} (applicant, drafts, calendar .ics, shows/confirm) are private links.
# fmt: off
API = {
    "POST /api/v1/applicant/{token}/answer/":                "400 400 400 400 400 400 400 400",
    "GET /api/v1/applicant/{token}/assistant/":              "200 200 200 200 200 200 200 200",
    "PUT /api/v1/applicant/{token}/assistant/":              "200 200 200 200 200 200 200 200",
    "POST /api/v1/applicant/{token}/personal-data/":         "400 400 400 400 400 400 400 400",
    "POST /api/v1/applicant/{token}/personal-data/code/":    "202 202 202 202 202 202 202 202",
    "POST /api/v1/applicant/{token}/personal-data/erasure/": "400 400 400 400 400 400 400 400",
    "GET /api/v1/applicant/{token}/timeline/":               "200 200 200 200 200 200 200 200",
    "POST /api/v1/applicant/{token}/withdraw/":              "200 200 200 200 200 200 200 200",
    "GET /api/v1/applications/":                             "401 403 403 200 200 403 403 200",
    "POST /api/v1/applications/":                            "400 400 400 400 400 400 400 400",
    "GET /api/v1/applications/{id}/":                        "401 403 403 200 200 403 403 200",
    "GET /api/v1/applications/{id}/availability/":           "401 403 403 403 200 403 200 200",
    "PUT /api/v1/applications/{id}/availability/":           "401 403 403 403 400 403 400 400",
    "POST /api/v1/auth/token/":                              "400 400 400 400 400 400 400 400",
    "GET /api/v1/board/":                                    "401 403 403 403 403 403 400 400",
    "GET /api/v1/board/ceos/":                               "401 403 403 403 403 403 200 200",
    "GET /api/v1/board/slot-check/":                         "401 403 403 403 403 403 400 400",
    "GET /api/v1/bookings/":                                 "401 200 200 403 403 403 200 200",
    "POST /api/v1/bookings/":                                "401 403 403 403 403 403 400 400",
    "GET /api/v1/bookings/{id}/":                            "401 200 404 403 403 403 200 200",
    "POST /api/v1/bookings/{id}/cancel/":                    "401 400 404 403 403 403 400 400",
    "POST /api/v1/bookings/{id}/confirm-attendance/":        "401 200 404 403 403 403 200 200",
    "POST /api/v1/bookings/{id}/confirm-ready/":             "401 403 403 403 403 403 409 409",
    "GET /api/v1/bookings/{id}/history/":                    "401 403 403 403 403 403 200 200",
    "POST /api/v1/bookings/{id}/move/":                      "401 400 404 403 403 403 400 400",
    "GET /api/v1/bookings/{id}/outcome/":                    "401 404 404 403 403 403 404 404",
    "POST /api/v1/bookings/{id}/outcome/":                   "401 400 404 403 403 403 400 400",
    "GET /api/v1/bookings/{id}/readiness/":                  "401 200 404 403 403 403 200 200",
    "GET /api/v1/bookings/{id}/shipment/":                   "401 404 404 403 403 403 404 404",
    "PATCH /api/v1/bookings/{id}/shipment/":                 "401 200 404 403 403 403 200 200",
    "GET /api/v1/bookings/attendance/":                      "401 403 403 403 403 403 400 400",
    "GET /api/v1/bookings/quota/":                           "401 403 403 403 403 403 400 400",
    "GET /api/v1/calendar/{token}.ics":                      "200 200 200 200 200 200 200 200",
    "GET /api/v1/calendar/feeds/":                           "401 200 200 200 200 200 200 200",
    "POST /api/v1/calendar/feeds/":                          "401 200 200 201 201 201 201 201",
    "GET /api/v1/calendar/feeds/{id}/":                      "401 200 404 404 404 404 200 200",
    "POST /api/v1/calendar/feeds/{id}/rotate/":              "401 200 404 404 404 404 200 200",
    "GET /api/v1/campaigns/":                                "200 200 200 200 200 200 200 200",
    "GET /api/v1/campaigns/{slug}/":                         "200 200 200 200 200 200 200 200",
    "GET /api/v1/campaigns/{slug}/intake/":                  "401 403 403 200 200 403 403 200",
    "GET /api/v1/campaigns/{slug}/questionnaire/":           "200 200 200 200 200 200 200 200",
    "GET /api/v1/campaigns/{slug}/targets/":                 "401 403 403 200 200 200 200 200",
    "PATCH /api/v1/campaigns/{slug}/targets/":               "401 403 403 403 200 403 403 200",
    "GET /api/v1/capacity/":                                 "401 403 403 403 403 403 400 400",
    "GET /api/v1/crew/":                                     "401 403 403 403 403 403 200 200",
    "GET /api/v1/crew/{id}/":                                "401 403 403 403 403 403 200 200",
    "GET /api/v1/dashboard/":                                "401 403 403 403 400 403 403 400",
    "POST /api/v1/drafts/":                                  "400 400 400 400 400 400 400 400",
    "GET /api/v1/drafts/{token}/":                           "200 200 200 200 200 200 200 200",
    "PATCH /api/v1/drafts/{token}/":                         "200 200 200 200 200 200 200 200",
    "POST /api/v1/drafts/{token}/submit/":                   "400 400 400 400 400 400 400 400",
    "GET /api/v1/equipment-sets/":                           "401 403 403 403 403 403 200 200",
    "GET /api/v1/equipment-sets/{id}/":                      "401 403 403 403 403 403 200 200",
    "GET /api/v1/me/applications/":                          "401 200 200 200 200 200 200 200",
    "GET /api/v1/me/applications/{id}/availability/":        "401 200 404 404 404 404 404 404",
    "PUT /api/v1/me/applications/{id}/availability/":        "401 400 404 404 404 404 404 404",
    "GET /api/v1/me/personal-data/":                         "401 200 200 200 200 200 200 200",
    "POST /api/v1/me/personal-data/erasure/":                "401 201 201 404 404 404 404 404",
    "GET /api/v1/me/standby-offers/":                        "401 200 200 200 200 200 200 200",
    "GET /api/v1/me/standby-offers/{id}/":                   "401 404 404 404 404 404 404 404",
    "POST /api/v1/me/standby-offers/{id}/accept/":           "401 404 404 404 404 404 404 404",
    "POST /api/v1/me/standby-offers/{id}/decline/":          "401 404 404 404 404 404 404 404",
    "GET /api/v1/notifications/":                            "401 200 200 200 200 200 200 200",
    "POST /api/v1/notifications/{id}/read/":                 "401 200 404 404 404 404 404 404",
    "GET /api/v1/notifications/preferences/":                "401 200 200 200 200 200 200 200",
    "PUT /api/v1/notifications/preferences/":                "401 200 200 200 200 200 200 200",
    "PATCH /api/v1/notifications/preferences/":              "401 200 200 200 200 200 200 200",
    "POST /api/v1/notifications/read-all/":                  "401 200 200 200 200 200 200 200",
    "GET /api/v1/planning/plans/":                           "401 403 403 403 403 403 200 200",
    "POST /api/v1/planning/plans/":                          "401 403 403 403 403 403 400 400",
    "GET /api/v1/planning/plans/{id}/":                      "401 403 403 403 403 403 200 200",
    "POST /api/v1/planning/plans/{id}/accept/":              "401 403 403 403 403 403 400 400",
    "POST /api/v1/planning/plans/{id}/cancel/":              "401 403 403 403 403 403 409 409",
    "GET /api/v1/privacy/erasure-requests/":                 "401 403 403 403 200 403 403 200",
    "POST /api/v1/privacy/erasure-requests/{id}/confirm/":   "401 403 403 403 200 403 403 200",
    "POST /api/v1/privacy/erasure-requests/{id}/refuse/":    "401 403 403 403 400 403 403 400",
    "GET /api/v1/review/applications/":                      "401 403 403 200 200 403 403 200",
    "GET /api/v1/review/applications/{id}/":                 "401 403 403 200 200 403 403 200",
    "POST /api/v1/review/applications/{id}/assign/":         "401 403 403 403 400 403 403 400",
    "POST /api/v1/review/applications/{id}/conflict/":       "401 403 403 400 400 403 403 400",
    "POST /api/v1/review/applications/{id}/decide/":         "401 403 403 400 400 403 403 400",
    "GET /api/v1/review/applications/{id}/history/":         "401 403 403 200 200 403 403 200",
    "POST /api/v1/review/applications/{id}/notes/":          "401 403 403 400 400 403 403 400",
    "POST /api/v1/review/applications/{id}/score/":          "401 403 403 400 400 403 403 400",
    "POST /api/v1/review/bulk/":                             "401 403 403 403 400 403 403 400",
    "GET /api/v1/review/campaigns/{slug}/criteria/":         "401 403 403 403 200 403 403 200",
    "PUT /api/v1/review/campaigns/{slug}/criteria/":         "401 403 403 403 400 403 403 400",
    "GET /api/v1/review/campaigns/{slug}/settings/":         "401 403 403 403 200 403 403 200",
    "PUT /api/v1/review/campaigns/{slug}/settings/":         "401 403 403 403 400 403 403 400",
    "PATCH /api/v1/review/campaigns/{slug}/settings/":       "401 403 403 403 200 403 403 200",
    "GET /api/v1/review/export/":                            "401 403 403 403 200 403 403 200",
    "GET /api/v1/review/jobs/{id}/":                         "401 403 403 403 200 403 403 200",
    "GET /api/v1/review/reviewers/":                         "401 403 403 403 200 403 403 200",
    "GET /api/v1/scorecards/{application_id}/":              "401 200 404 404 200 200 200 200",
    "GET /api/v1/series/":                                   "401 403 403 403 403 403 200 200",
    "POST /api/v1/series/":                                  "401 403 403 403 403 403 400 400",
    "GET /api/v1/series/{id}/":                              "401 403 403 403 403 403 200 200",
    "POST /api/v1/series/{id}/edit/":                        "401 403 403 403 403 403 400 400",
    "GET /api/v1/series/{id}/occurrences/":                  "401 403 403 403 403 403 200 200",
    "GET /api/v1/standby/slots/":                            "401 403 403 403 403 403 200 200",
    "GET /api/v1/standby/slots/{id}/":                       "401 403 403 403 403 403 404 404",
    "GET /api/v1/studios/":                                  "401 200 200 200 200 200 200 200",
    "POST /api/v1/studios/":                                 "401 403 403 403 403 403 400 400",
    "GET /api/v1/studios/{id}/":                             "401 200 200 200 200 200 200 200",
    "PATCH /api/v1/studios/{id}/":                           "401 403 403 403 403 403 200 200",
    "GET /api/v1/studios/{id}/availability/":                "401 403 403 403 403 403 400 400",
    "GET /api/v1/studios/{id}/blackouts/":                   "401 403 403 403 403 403 200 200",
    "POST /api/v1/studios/{id}/blackouts/":                  "401 403 403 403 403 403 400 400",
    "DELETE /api/v1/studios/{id}/blackouts/{blackout_id}/":  "401 403 403 403 403 403 204 204",
    "PUT /api/v1/studios/{id}/opening-hours/":               "401 403 403 403 403 403 400 400",
    "GET /api/v1/training/enrolments/":                      "401 200 200 403 403 200 200 200",
    "GET /api/v1/training/enrolments/{id}/":                 "401 200 404 403 403 200 200 200",
    "POST /api/v1/training/enrolments/{id}/cancel/":         "401 200 404 403 403 200 200 200",
    "GET /api/v1/training/modules/":                         "401 200 200 200 200 200 200 200",
    "GET /api/v1/training/modules/{id}/":                    "401 200 200 200 200 200 200 200",
    "GET /api/v1/training/sessions/":                        "401 200 200 200 200 200 200 200",
    "POST /api/v1/training/sessions/":                       "401 403 403 403 403 400 403 400",
    "GET /api/v1/training/sessions/{id}/":                   "401 200 200 200 200 200 200 200",
    "PATCH /api/v1/training/sessions/{id}/":                 "401 403 403 403 403 200 403 200",
    "POST /api/v1/training/sessions/{id}/attendance/":       "401 403 403 403 403 400 403 400",
    "POST /api/v1/training/sessions/{id}/cancel/":           "401 403 403 403 403 400 403 400",
    "GET /api/v1/training/sessions/{id}/candidates/":        "401 403 403 403 403 200 200 200",
    "POST /api/v1/training/sessions/{id}/enrol/":            "401 409 409 403 403 400 400 400",
    "GET /api/v1/training/sessions/{id}/enrolments/":        "401 403 403 403 403 200 200 200",
    "GET /api/v1/training/sessions/{id}/progress/":          "401 403 403 403 403 200 200 200",
}

PAGES = {
    "GET /":                               "200 200 200 200 200 200 200 200",
    "GET /apply/<slug:slug>/":             "200 200 200 200 200 200 200 200",
    "GET /apply/<slug:slug>/autosave":     "405 405 405 405 405 405 405 405",
    "GET /apply/d/<str:token>/":           "200 200 200 200 200 200 200 200",
    "GET /apply/d/<str:token>/autosave":   "405 405 405 405 405 405 405 405",
    "GET /apply/d/<str:token>/sent/":      "200 200 200 200 200 200 200 200",
    "GET /apply/d/<str:token>/answer":     "405 405 405 405 405 405 405 405",
    "GET /apply/d/<str:token>/withdraw":   "405 405 405 405 405 405 405 405",
    "GET /apply/d/<str:token>/assistant":  "405 405 405 405 405 405 405 405",
    "GET /me/standby/":                    "302 200 200 200 200 200 200 200",
    "GET /shows/confirm/<str:token>/":     "200 200 200 200 200 200 200 200",
    "GET /login/":                         "200 302 302 302 302 302 302 302",
    "GET /logout/":                        "405 405 405 405 405 405 405 405",
    "GET /me/":                            "302 200 200 200 200 200 200 200",
    "GET /me/scorecard/":                  "302 200 200 404 404 404 404 404",
    "GET /staff/":                         "302 403 403 302 302 302 302 302",
    "GET /staff/capacity/":                "302 403 403 403 403 403 302 302",
    "GET /staff/dashboard/":               "302 403 403 403 302 403 403 302",
    "GET /staff/queue/":                   "302 403 403 302 302 403 403 302",
    "GET /staff/queue/<int:pk>/":          "302 403 403 302 302 403 403 302",
    "GET /staff/board/":                   "302 403 403 403 403 403 302 302",
    "GET /staff/board/reports/":           "302 403 403 403 403 403 302 302",
    "GET /staff/training/":                "302 403 403 403 403 302 403 302",
    "GET /staff/training/<int:pk>/":       "302 403 403 403 403 200 403 200",
    "GET /staff/ceos/<int:pk>/scorecard/": "302 403 403 403 200 200 200 200",
    "GET /set-password/<uidb64>/<token>/": "302 302 302 302 302 302 302 302",
    "GET /set-password/done/":             "200 200 200 200 200 200 200 200",
}
# fmt: on


def _api_routes() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    ]


def _api_url(world, path: str) -> str:
    values = path_values(world, path)
    return re.sub(r"{(\w+)}", lambda m: str(values[m.group(1)]), path)


def _page_routes() -> list[tuple[str, str]]:
    names = []
    for pattern in portal_urls.urlpatterns:
        assert isinstance(pattern, URLPattern) and not isinstance(pattern, URLResolver)
        names.append((pattern.name, str(pattern.pattern)))
    return names


def _page_url(world, name: str, route: str) -> str:
    ids = world.ids
    ceo = world.users["ceo"]
    values = {
        "slug": ids["slug"],
        "token": ids["applicant_token"],
        "pk": ids["submitted"] if name == "staff-review" else ids["application"],
        "uidb64": urlsafe_base64_encode(force_bytes(ceo.pk)),
    }
    if name.startswith("staff-training"):
        values["pk"] = ids["session"]
    if name == "show-confirm":
        values["token"] = attendance_token(ids["booking"])
    if name == "set-password":
        values["token"] = default_token_generator.make_token(ceo)
    kwargs = {key: values[key] for key in re.findall(r"<(?:\w+:)?(\w+)>", route)}
    return reverse(f"portal:{name}", kwargs=kwargs)


def _api_client(world, who: str) -> APIClient:
    client = APIClient()
    if who != "anon":
        client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens[who]}")
    return client


def _page_client(world, who: str) -> Client:
    client = Client()
    if who != "anon":
        client.force_login(world.users[who])
    return client


def _status(client, method: str, url: str) -> int:
    """The status of one call, in a savepoint rolled back afterwards."""
    with transaction.atomic():
        if method in ("GET", "DELETE"):
            response = getattr(client, method.lower())(url)
        else:
            response = getattr(client, method.lower())(url, {}, format="json")
        transaction.set_rollback(True)
    return response.status_code


def _row(statuses: list[int]) -> str:
    return " ".join(str(s) for s in statuses)


def _compare(table: dict, actual: dict, label: str) -> list[str]:
    problems = []
    for route, statuses in actual.items():
        row = _row(statuses)
        server_errors = [w for w, s in zip(WHO, statuses, strict=True) if s >= 500]
        if server_errors:
            problems.append(f"{route}: 5xx as {', '.join(server_errors)} ({row})")
        expected = table.get(route)
        if expected is None:
            problems.append(f"{route}: not in the {label} table (now {row})")
        elif " ".join(expected.split()) != " ".join(row.split()):
            differs = [
                f"{w} {e}->{s}"
                for w, e, s in zip(WHO, expected.split(), statuses, strict=True)
                if str(s) != e
            ]
            problems.append(f"{route}: {', '.join(differs)}")
    for route in sorted(set(table) - set(actual)):
        problems.append(f"{route}: in the {label} table but no longer a route")
    return problems


def _print(table_name: str, actual: dict) -> None:
    width = max(len(route) for route in actual) + 7
    print(f"\n{table_name} = {{")
    for route, statuses in actual.items():
        key = '    "' + route + '":'
        print(f'{key.ljust(width)} "{_row(statuses)}",')
    print("}")


@pytest.mark.django_db
def test_every_route_answers_every_role_as_the_table_says():
    world = build_world()
    api_clients = {who: _api_client(world, who) for who in WHO}
    page_clients = {who: _page_client(world, who) for who in WHO}

    api_actual = {}
    for method, path in _api_routes():
        url = _api_url(world, path)
        statuses = [_status(api_clients[who], method, url) for who in WHO]
        api_actual[f"{method} {path}"] = statuses

    page_actual = {}
    for name, route in _page_routes():
        url = _page_url(world, name, route)
        statuses = [_status(page_clients[who], "GET", url) for who in WHO]
        page_actual[f"GET /{route}"] = statuses

    if os.environ.get("PERMISSION_MATRIX_PRINT") == "1":
        _print("API", api_actual)
        _print("PAGES", page_actual)
    problems = _compare(API, api_actual, "API") + _compare(PAGES, page_actual, "pages")
    assert not problems, "\n".join(problems)
