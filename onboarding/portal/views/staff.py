"""The staff portal's pages: a frame rendered here, filled by one ES module per page from /api/v1/.

Nothing here decides anything: which role sees which page mirrors what the API lets the role
do, so that a page never offers what the API would refuse. Every figure and every change goes
through the API.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from onboarding.applicants.models import (
    Application,
    Campaign,
    Industry,
    LiveExperience,
    Status,
)
from onboarding.applicants.workflow import DECISIONS, LEADS, REVIEWERS, Action
from onboarding.core.models import Role
from onboarding.core.services import user_last_campaign_set
from onboarding.portal.forms import LoginForm
from onboarding.reviews.models import Criterion, ReviewSettings

STAFF_ROLES = frozenset(
    {Role.REVIEWER, Role.LEAD_REVIEWER, Role.TRAINER, Role.SCHEDULER, Role.ADMIN}
)

# The portal's pages in navigation order: (url name, label, roles that may open it).
PAGES = [
    ("portal:staff-dashboard", _("Dashboard"), LEADS),
    ("portal:staff-queue", _("Review queue"), REVIEWERS),
    ("portal:staff-training", _("Training"), frozenset({Role.TRAINER, Role.ADMIN})),
    ("portal:staff-board", _("Studio board"), frozenset({Role.SCHEDULER, Role.ADMIN})),
    ("portal:staff-capacity", _("Capacity"), frozenset({Role.SCHEDULER, Role.ADMIN})),
]


def is_staff_member(user) -> bool:
    return user.is_authenticated and user.has_role(*STAFF_ROLES)


def navigation(user, path: str = "") -> list[dict]:
    items = []
    for name, label, roles in PAGES:
        if user.has_role(*roles):
            url = reverse(name)
            items.append({"url_name": name, "label": label, "current": path.startswith(url)})
    return items


def staff_page(roles: frozenset[str], *, campaign: bool = True) -> Callable:
    """Sign-in, role and campaign handling every staff page shares.

    Anonymous visitors go to /login/; a role the page is not for gets a 403 page naming what
    it may open. A page about one campaign carries it in the URL (?campaign=slug); without
    one it opens on the campaign the user worked on last, which is remembered.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        @never_cache
        @require_safe
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.has_role(*roles):
                return forbidden(request)
            context = {"nav": navigation(user, request.path), "campaigns": [], "campaign": None}
            if campaign:
                campaigns = list(Campaign.objects.order_by("-application_opens_at"))
                slug = request.GET.get("campaign", "")
                chosen = next((c for c in campaigns if c.slug == slug), None)
                if chosen is None:
                    if slug:
                        raise Http404
                    fallback = next(
                        (c for c in campaigns if c.slug == user.last_campaign),
                        campaigns[0] if campaigns else None,
                    )
                    if fallback is not None:
                        query = request.GET.copy()
                        query["campaign"] = fallback.slug
                        return redirect(f"{request.path}?{query.urlencode()}")
                else:
                    user_last_campaign_set(user=user, slug=chosen.slug)
                context.update(campaigns=campaigns, campaign=chosen)
            request.staff_context = context
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def forbidden(request: HttpRequest) -> HttpResponse:
    context = {"nav": navigation(request.user, request.path), "campaigns": [], "campaign": None}
    return render(request, "staff/forbidden.html", context, status=403)


def _render(request: HttpRequest, template: str, **extra) -> HttpResponse:
    return render(request, template, {**request.staff_context, **extra})


@never_cache
@require_safe
def staff_home(request: HttpRequest) -> HttpResponse:
    """Where staff land after signing in: their first page, on their last campaign."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_staff_member(user):
        return forbidden(request)
    pages = navigation(user)
    if not pages:
        return render(request, "staff/home.html", {"nav": pages, "campaigns": [], "campaign": None})
    # The page itself adds ?campaign= for the campaign worked on last.
    return redirect(pages[0]["url_name"])


def common_strings() -> dict:
    """What api.js says on every page, and the application statuses' names."""
    return {
        "loading": _("Loading…"),
        "offline": _("The server cannot be reached. Check your connection and try again."),
        "failed": _("The server answered with an error ({status}). Try again in a moment."),
        "previous": _("Previous"),
        "next": _("Next"),
        "page_of": _("Page {page} of {pages} ({count} in all)"),
        "page_of_about": _("Page {page} of about {pages} (about {count} in all)"),
        **{f"status.{value}": label for value, label in Status.choices},
    }


QUEUE_ORDERINGS = [
    ("submitted_at", _("Oldest first")),
    ("-submitted_at", _("Newest first")),
    ("-review__score", _("Highest score first")),
    ("review__score", _("Lowest score first")),
    ("review__decision_due_at", _("Decision due soonest")),
]


@staff_page(REVIEWERS)
def queue(request: HttpRequest) -> HttpResponse:
    strings = {
        **common_strings(),
        "hard_failed": _("hard requirement failed"),
        "overdue": _("overdue"),
        "unassigned": _("not assigned"),
        "select_row": _("Select {ref}"),
        "selected": _("{count} selected"),
        "done": _("done: now {status}"),
        "bulk_summary": _("{ok} decided, {refused} refused"),
    }
    return _render(
        request,
        "staff/queue.html",
        is_lead=request.user.has_role(*LEADS),
        statuses=[c for c in Status.choices if c[0] != Status.DRAFT],
        industries=Industry.choices,
        orderings=QUEUE_ORDERINGS,
        decisions=[(a.value, a.label) for a in DECISIONS],
        strings=strings,
    )


DECISION_KEYS = {"approve": "a", "reject": "r", "waitlist": "w", "request_info": "i"}
APPLICANT_FIELDS_SHOWN = [
    "full_name",
    "job_title",
    "email",
    "phone",
    "company_name",
    "brand_name",
    "industry",
    "company_website",
    "years_in_business",
    "products",
    "on_camera_in_person",
    "live_experience",
    "live_experience_notes",
    "language",
    "submitted_at",
]


@staff_page(REVIEWERS)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    fields = {
        f"field.{name}": capfirst(Application._meta.get_field(name).verbose_name)
        for name in APPLICANT_FIELDS_SHOWN
    }
    strings = {
        **common_strings(),
        **fields,
        "yes": _("Yes"),
        "no": _("No"),
        "none": _("None"),
        "hard": _("hard"),
        "passed": _("met"),
        "not_passed": _("not met"),
        "hard_failed": _("hard requirement failed"),
        "overdue": _("overdue"),
        "second_approval": _("waiting for a second approval"),
        "unassigned": _("not assigned"),
        "score_of": _("Score {score} of {max}"),
        "reviewer_is": _("Reviewer: {name}"),
        "due": _("decision due {when}"),
        "followers": _("{count} followers"),
        "scores_after": _("Other reviewers' scores show once you have given yours."),
        "applicant": _("Applicant"),
        "no_notes": _("No notes yet."),
        "system": _("system"),
        **{f"action.{value}": label for value, label in Action.choices},
        "action.assign": _("Assigned"),
        "action.conflict_declared": _("Conflict of interest declared"),
        "action.first_approval": _("First approval (four eyes)"),
    }
    buttons = [(a.value, a.label, DECISION_KEYS[a.value]) for a in DECISIONS]
    return _render(
        request,
        "staff/review.html",
        application_id=pk,
        is_lead=request.user.has_role(*LEADS),
        decision_buttons=buttons,
        strings=strings,
        labels={
            **{f"industry.{v}": label for v, label in Industry.choices},
            **{f"live_experience.{v}": label for v, label in LiveExperience.choices},
            **{f"language.{v}": label for v, label in settings.LANGUAGES},
        },
    )


DASHBOARD_CHARTS = [
    ("funnel", _("Funnel: how far applicants got")),
    ("per-day", _("Applications per day, by recruitment channel")),
    ("utilisation", _("Studio utilisation, next 14 days")),
    ("outcomes", _("Show outcomes per day")),
]


def _settings_fields() -> list[dict]:
    """The review settings' fields as the model names them (the API's PUT takes each one)."""
    fields = []
    for field in ReviewSettings._meta.fields:
        if field.name in ("id", "campaign"):
            continue
        kind = "bool" if field.get_internal_type() == "BooleanField" else "number"
        fields.append(
            {
                "name": field.name,
                "label": capfirst(field.verbose_name),
                "help": field.help_text,
                "kind": kind,
            }
        )
    return fields


@staff_page(LEADS)
def dashboard(request: HttpRequest) -> HttpResponse:
    strings = {
        **common_strings(),
        "generated": _("Figures as of {when}."),
        "nothing": _("Nothing needs attention."),
        "more": _("and {count} more"),
        "attention.overdue_reviews": _("Overdue reviews"),
        "attention.unconfirmed_shows": _("Shows in the next 48 hours the CEO has not confirmed"),
        "attention.late_samples": _("Late samples"),
        "attention.attendance_flagged": _("CEOs flagged for attendance"),
        "attention.full_sessions": _("Full training sessions with a waitlist"),
        "target.ceos_live": _("CEOs live"),
        "target.shows": _("Shows held"),
        "target.turnover_cny": _("Turnover (CNY)"),
        "no_target": _("no target set"),
        "of_target": _("{reached} of {target} ({rate} %)"),
        "stage": _("Stage"),
        "reached": _("Reached"),
        "now": _("There now"),
        "conversion": _("From the stage before"),
        "date": _("Day"),
        "total": _("Total"),
        "open_hours": _("Open hours"),
        "booked_hours": _("Booked hours"),
        "campaign_hours": _("This campaign's hours"),
        "rate": _("Utilisation %"),
        "held": _("Held"),
        "no_shows": _("No-shows"),
        "turnover": _("Turnover (CNY)"),
        "viewers": _("Viewers"),
        "new_followers": _("New followers"),
        "all_days": _("All days"),
        "tile.overdue": _("Reviews overdue, of {open} open"),
        "tile.on_time": _("Decided within {days} business days"),
        "tile.training": _("Approved CEOs trained"),
        "tile.attendance": _("Attendance against commitments"),
        "saved": _("Saved."),
        "job": _("Re-scoring: {done} of {total}"),
        "job_done": _("Re-scoring finished: {total} applications."),
        "job_failed": _("Re-scoring failed: {error}"),
        "bad_json": _('Write the settings as JSON, e.g. {"min": 1000}.'),
    }
    return _render(
        request,
        "staff/dashboard.html",
        is_lead=True,
        charts=[{"id": key, "title": title} for key, title in DASHBOARD_CHARTS],
        settings_fields=_settings_fields(),
        criterion_kinds=Criterion.Kind.choices,
        chart_js="vendor/chart.js-4.6.1/chart.umd.min.js",
        strings=strings,
    )


class LoginView(auth_views.LoginView):
    """/login/: staff land on /staff/ (their last campaign), CEOs on /me/, unless ?next= says."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        if is_staff_member(self.request.user):
            return reverse("portal:staff")
        return reverse("portal:my-applications")
