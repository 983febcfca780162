"""/staff/ceos/<id>/scorecard/: a CEO's scorecard for staff, filled by scorecard.js."""

from django.http import Http404, HttpRequest, HttpResponse

from onboarding.insights.selectors.scorecard import SCORECARD_STAFF, scorecard_applications
from onboarding.portal.views.me import scorecard_strings
from onboarding.portal.views.staff import _render, staff_page


@staff_page(frozenset(SCORECARD_STAFF), campaign=False)
def staff_scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    application = scorecard_applications(user=request.user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return _render(
        request, "staff/scorecard.html", application=application, strings=scorecard_strings()
    )
