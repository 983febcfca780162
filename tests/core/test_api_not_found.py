"""An address under /api/ that no route matches is the API's own 404: JSON, {code, message,
fields}, as a view's 404 is; elsewhere the site keeps its HTML page.

Found by the long schemathesis run: a token or slug holding a "." (or a space) matches no URL
pattern, and Django answered its HTML page where the document promises JSON.
"""

import pytest
from rest_framework.test import APIClient

from onboarding.core.models import Role
from tests.factories import CampaignFactory, UserFactory

pytestmark = pytest.mark.django_db

UNMATCHED = [
    ("get", "/api/v1/campaigns/Sv.x/questionnaire/"),
    ("get", "/api/v1/campaigns/2.0/questionnaire/"),
    ("patch", "/api/v1/drafts/0%20is%20Monday./"),
    ("post", "/api/v1/drafts/a..b/submit/"),
    ("get", "/api/v1/applicant/First%20local%20date./timeline/"),
    ("get", "/api/v1/no-such-thing/"),
    ("get", "/api/nothing/"),
]


def _assert_api_not_found(response) -> None:
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"code": "not_found", "message": "Not found.", "fields": {}}


@pytest.mark.parametrize(("method", "path"), UNMATCHED)
def test_an_unmatched_api_address_is_a_json_404(method, path):
    response = getattr(APIClient(), method)(path, {}, format="json")

    _assert_api_not_found(response)


def test_the_unmatched_404_has_the_body_of_a_views_404():
    staff = APIClient()
    staff.force_authenticate(UserFactory(role=Role.ADMIN, is_staff=True))
    CampaignFactory(slug="known")

    from_view = staff.get("/api/v1/campaigns/unknown/")
    unmatched = staff.get("/api/v1/campaigns/un.known/")

    assert from_view.status_code == unmatched.status_code == 404
    assert from_view["Content-Type"] == unmatched["Content-Type"] == "application/json"
    shape = {key: value for key, value in from_view.json().items() if key != "message"}
    assert shape == {"code": "not_found", "fields": {}}
    assert {key: value for key, value in unmatched.json().items() if key != "message"} == shape


def test_the_json_404_speaks_the_request_language():
    response = APIClient().get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.json()["message"] == "未找到。"


def test_pages_keep_the_html_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"Not Found" in response.content
