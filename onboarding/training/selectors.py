"""Reads of training that pages, the API and other apps (calendar feeds) share."""

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce

from onboarding.applicants.models import Application, Status
from onboarding.core.models import Role, User
from onboarding.training.models import Attendance, Enrolment, TrainingModule, TrainingSession

ACTIVE = [Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED]
TRAINED_OR_LATER = (Status.TRAINED, Status.SCHEDULED, Status.LIVE)


def sessions_for_user(*, user: User) -> QuerySet[TrainingSession]:
    """Sessions the user teaches or holds a seat in, cancelled ones left out; for calendars."""
    seat = Enrolment.objects.filter(
        session=OuterRef("pk"), application__user=user, status=Enrolment.Status.ENROLLED
    )
    return (
        TrainingSession.objects.filter(status=TrainingSession.Status.SCHEDULED)
        .filter(Q(trainer=user) | Exists(seat))
        .select_related("module", "module__campaign", "trainer")
        .order_by("starts_at", "id")
    )


def training_complete(*, application: Application) -> bool:
    """True when the application attended a session of every required module of its campaign,
    or is already trained (or further on), whichever way it got there.

    A campaign without required modules has no training to attend: False until a trainer or an
    administrator marks the application trained.
    """
    if application.status in TRAINED_OR_LATER:
        return True
    attended = Attendance.objects.filter(
        attended=True,
        enrolment__application_id=application.pk,
        enrolment__status=Enrolment.Status.ENROLLED,
        enrolment__session__module=OuterRef("pk"),
    )
    counts = TrainingModule.objects.filter(
        campaign_id=application.campaign_id, required=True
    ).aggregate(total=Count("pk"), done=Count("pk", filter=Exists(attended)))
    return counts["total"] > 0 and counts["done"] == counts["total"]


def modules_list() -> QuerySet[TrainingModule]:
    return TrainingModule.objects.select_related("campaign")


def application_for_training(*, user: User, campaign_id: int) -> Application | None:
    """The CEO's application that a self-enrolment is for: an eligible one first, then the
    newest sent one (so the refusal can name its state)."""
    return (
        Application.objects.filter(user=user, campaign_id=campaign_id)
        .exclude(status=Status.DRAFT)
        .annotate(
            eligible=Case(
                When(status__in=[Status.APPROVED, Status.TRAINED], then=0),
                default=1,
                output_field=IntegerField(),
            )
        )
        .order_by("eligible", "-submitted_at", "-id")
        .first()
    )


def _visible_sessions(user: User) -> QuerySet[TrainingSession]:
    """Staff see every session; a CEO sees the sessions of campaigns they applied to."""
    sessions = TrainingSession.objects.all()
    if user.role == Role.CEO and not user.is_superuser:
        campaigns = Application.objects.filter(user=user).values("campaign_id")
        sessions = sessions.filter(module__campaign_id__in=campaigns)
    return sessions


def sessions_list(*, user: User) -> QuerySet[TrainingSession]:
    """Sessions with their seats counted in the same query (a fixed number whatever the page).

    `seats_taken` and `waitlisted` are annotated; a CEO's own enrolment status comes as
    `my_status` (None for staff or when not enrolled).
    """
    mine = Enrolment.objects.filter(
        session=OuterRef("pk"), application__user=user, status__in=ACTIVE
    ).order_by("created_at")
    return (
        _visible_sessions(user)
        .select_related("module", "module__campaign", "trainer")
        .annotate(
            seats_taken=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.ENROLLED)),
            waitlisted=Count(
                "enrolments", filter=Q(enrolments__status=Enrolment.Status.WAITLISTED)
            ),
            my_status=Subquery(mine.values("status")[:1]),
        )
    )


def _waitlist_position() -> Case:
    """1 for the next CEO to move up, as an annotation (one query for a whole page)."""
    ahead = (
        Enrolment.objects.filter(session=OuterRef("session"), status=Enrolment.Status.WAITLISTED)
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), id__lt=OuterRef("id"))
        )
        .order_by()
        .values("session")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Case(
        When(
            status=Enrolment.Status.WAITLISTED,
            then=Coalesce(Subquery(ahead, output_field=IntegerField()), 0) + 1,
        ),
        default=None,
        output_field=IntegerField(),
    )


def enrolments_of_user(*, user: User) -> QuerySet[Enrolment]:
    """A CEO's own enrolments (every state), newest session first."""
    return (
        Enrolment.objects.filter(application__user=user)
        .select_related(
            "session", "session__module", "session__module__campaign", "session__trainer"
        )
        .select_related("application", "attendance")
        .annotate(waitlist_position=_waitlist_position())
        .order_by("-session__starts_at", "-id")
    )


def enrolments_for_staff() -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.select_related(
            "session",
            "session__module",
            "session__module__campaign",
            "session__trainer",
            "application",
            "attendance",
        )
        .annotate(waitlist_position=_waitlist_position())
        .order_by("session__starts_at", "created_at", "id")
    )


def session_roster(*, session: TrainingSession) -> QuerySet[Enrolment]:
    """Who holds a seat or waits for one, in the order the waiting list is served."""
    return (
        Enrolment.objects.filter(session=session, status__in=ACTIVE)
        .select_related("session__module", "application", "attendance")
        .annotate(waitlist_position=_waitlist_position())
        .order_by("created_at", "id")
    )


def waitlist_position(*, enrolment: Enrolment) -> int | None:
    """1 for the next CEO to move up; None when the enrolment is not waiting."""
    if enrolment.status != Enrolment.Status.WAITLISTED:
        return None
    ahead = Enrolment.objects.filter(
        session_id=enrolment.session_id, status=Enrolment.Status.WAITLISTED
    ).filter(
        Q(created_at__lt=enrolment.created_at)
        | Q(created_at=enrolment.created_at, id__lt=enrolment.pk)
    )
    return ahead.count() + 1


def roster_progress(*, session: TrainingSession) -> list[dict]:
    """For each CEO holding a seat or waiting in the session: the campaign's required modules
    they have not attended yet (in module order). Three queries, whatever the roster's size."""
    roster = list(
        Enrolment.objects.filter(session=session, status__in=ACTIVE)
        .select_related("application")
        .order_by("created_at", "id")
    )
    required = list(
        TrainingModule.objects.filter(campaign_id=session.module.campaign_id, required=True)
    )
    done = set(
        Attendance.objects.filter(
            attended=True,
            enrolment__status=Enrolment.Status.ENROLLED,
            enrolment__application_id__in=[e.application_id for e in roster],
        ).values_list("enrolment__application_id", "enrolment__session__module_id")
    )
    return [
        {
            "application": e.application_id,
            "reference": e.application.reference,
            "full_name": e.application.full_name,
            "status": e.application.status,
            "missing": [m for m in required if (e.application_id, m.pk) not in done],
        }
        for e in roster
    ]


def enrol_candidates(*, session: TrainingSession, search: str = "") -> QuerySet[Application]:
    """CEOs a staff member may enrol in the session: approved or trained in its campaign, not
    already holding a seat or waiting in it; searched by name, company, brand or reference."""
    taken = Enrolment.objects.filter(session=session, application=OuterRef("pk"), status__in=ACTIVE)
    candidates = Application.objects.filter(
        campaign_id=session.module.campaign_id, status__in=[Status.APPROVED, Status.TRAINED]
    ).exclude(Exists(taken))
    for word in search.split()[:5]:
        candidates = candidates.filter(
            Q(full_name__icontains=word)
            | Q(company_name__icontains=word)
            | Q(brand_name__icontains=word)
            | Q(reference__icontains=word)
        )
    return candidates.order_by("full_name", "id")
