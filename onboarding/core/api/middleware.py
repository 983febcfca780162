"""Refuse a NUL character in the address or the headers before any view reads them."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from onboarding.core.validators import NUL, NUL_REFUSED


def _nul_in_request(request: HttpRequest) -> str | None:
    """The name of the first part of the address or headers holding NUL, or None."""
    if NUL in request.path:
        return "path"
    for key, values in request.GET.lists():
        if NUL in key or any(NUL in value for value in values):
            return key.replace(NUL, "")
    for key, value in request.headers.items():
        if isinstance(value, str) and NUL in value:
            return key
    return None


class RefuseNulMiddleware:
    """A 400 naming the query parameter, header or path that holds NUL.

    PostgreSQL stores NUL in no text column, so a lookup by such a value (a private link's
    token, a slug, an Idempotency-Key) failed as a 500 deep in the view. Form and JSON bodies
    are checked by their forms and by the JSON parser, which say which field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = _nul_in_request(request)
        if name is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            body = {
                "code": "invalid",
                "message": _("Some fields are not valid."),
                "fields": {name: [str(NUL_REFUSED)]},
            }
            return JsonResponse(body, status=400)
        return HttpResponseBadRequest(f"{name}: {NUL_REFUSED}", content_type="text/plain")


class RetryAfterMiddleware:
    """Every 429 says when to come back: a page or view that refused without a Retry-After
    (the portal's forms share the API's throttles) gets the wait its throttle noted on the
    request (`request.retry_after`, seconds), else a minute."""

    DEFAULT = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 429 and not response.has_header("Retry-After"):
            response["Retry-After"] = str(int(getattr(request, "retry_after", 0) or self.DEFAULT))
        return response
