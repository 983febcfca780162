"""CEOs take seats, wait for them, and give them back; a freed seat goes to the next in line."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from onboarding.applicants.models import Application, Status
from onboarding.core.errors import Conflict
from onboarding.core.models import User
from onboarding.core.services import audit_record
from onboarding.training.errors import SessionFull
from onboarding.training.models import Enrolment, TrainingSession
from onboarding.training.reminders import seat_reminders_cancel, seat_reminders_schedule
from onboarding.training.services.common import (
    ELIGIBLE,
    fill_seats,
    locked_session,
    require_enrolling,
    require_not_started,
    seats_taken,
)

ALREADY_ENROLLED = gettext_noop(
    "This CEO is already enrolled in this session, or waiting for a seat."
)
FULL = gettext_noop("This training session is full.")


@transaction.atomic
def enrolment_create(
    *,
    session: TrainingSession,
    application: Application,
    actor: User,
    waitlist: bool = True,
) -> Enrolment:
    """Give the application a seat, or a place on the waiting list when the session is full.

    The result's status says which (`enrolled` or `waitlisted`). With `waitlist=False` a full
    session is refused instead (409, code `full`). Only approved applications (and trained ones,
    for a refresher) of the session's campaign may enrol.
    """
    application = Application.objects.get(pk=application.pk)
    require_enrolling(actor, application)
    session = locked_session(session.pk)
    require_not_started(session)
    if application.campaign_id != session.module.campaign_id:
        raise Conflict(_("This session belongs to another campaign than the application."))
    if application.status not in ELIGIBLE:
        raise Conflict(
            _("Only approved CEOs take training; this application is “%(status)s”.")
            % {"status": Status(application.status).label},
            status=application.status,
        )
    live = Enrolment.objects.filter(
        session=session,
        application=application,
        status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED],
    )
    if live.exists():
        raise Conflict(_(ALREADY_ENROLLED))
    taken = seats_taken(session)
    if taken < session.capacity:
        status = Enrolment.Status.ENROLLED
    elif waitlist:
        status = Enrolment.Status.WAITLISTED
    else:
        raise SessionFull(_(FULL), capacity=session.capacity)
    try:
        # A savepoint, so a lost race on the constraint leaves the transaction usable.
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                session=session, application=application, status=status, enrolled_by=actor
            )
    except IntegrityError as exc:
        # The session lock makes this unreachable in practice; the partial unique index is the
        # last word if a caller ever skipped the lock.
        if "one_live_enrolment_per_session" in str(exc):
            raise Conflict(_(ALREADY_ENROLLED)) from exc
        raise
    audit_record(
        subject=enrolment,
        action="enrol" if status == Enrolment.Status.ENROLLED else "waitlist",
        actor=actor,
        to_state=status,
        data={
            "session": session.pk,
            "application": application.pk,
            "seats_taken": taken + (status == Enrolment.Status.ENROLLED),
            "capacity": session.capacity,
        },
    )
    enrolment.session = session
    if status == Enrolment.Status.ENROLLED:
        seat_reminders_schedule(enrolment=enrolment)
    return enrolment


@transaction.atomic
def enrolment_cancel(*, enrolment: Enrolment, actor: User, reason: str = "") -> Enrolment:
    """Give a seat (or a waiting place) back before the session starts.

    A freed seat goes to the first CEO on the waiting list in the same transaction.
    """
    require_enrolling(actor, Application.objects.get(pk=enrolment.application_id))
    # Session first, then the enrolment: the same order as enrolment_create, so the two never
    # wait on each other in a circle.
    session = locked_session(enrolment.session_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == Enrolment.Status.CANCELLED:
        raise Conflict(_("This enrolment is already cancelled."), enrolment_status=enrolment.status)
    require_not_started(session)
    previous = enrolment.status
    enrolment.status, enrolment.cancelled_at = Enrolment.Status.CANCELLED, timezone.now()
    enrolment.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit_record(
        subject=enrolment,
        action="cancel",
        actor=actor,
        from_state=previous,
        to_state=enrolment.status,
        reason=reason,
    )
    if previous == Enrolment.Status.ENROLLED:
        seat_reminders_cancel(enrolment=enrolment)
        fill_seats(session)
    enrolment.session = session
    return enrolment
