"""What the training services share: the session lock, the waiting list and the rules of who."""

from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.applicants.models import Application, Status
from onboarding.core.errors import Conflict, NotAllowed
from onboarding.core.models import Role, User
from onboarding.core.services import audit_record
from onboarding.training.messages import notify_enrolment
from onboarding.training.models import Enrolment, TrainingSession
from onboarding.training.reminders import seat_reminders_schedule

# Approved CEOs take their training; trained ones may come back for a refresher.
ELIGIBLE = (Status.APPROVED, Status.TRAINED)
# Staff who may enrol a CEO or cancel a CEO's seat.
ENROLLING_STAFF = (Role.TRAINER, Role.SCHEDULER, Role.ADMIN)


def locked_session(session_id: int) -> TrainingSession:
    """The session row, locked until the transaction ends.

    Every write that counts or changes seats takes this lock first, so counting the seats and
    taking one are a single step: two CEOs never both get the last seat. Only the session row is
    locked (`of=self`), not its module, so other sessions of the module stay free.
    """
    return (
        TrainingSession.objects.select_for_update(of=("self",))
        .select_related("module", "module__campaign")
        .get(pk=session_id)
    )


def seats_taken(session: TrainingSession) -> int:
    return Enrolment.objects.filter(session=session, status=Enrolment.Status.ENROLLED).count()


def is_admin(user: User) -> bool:
    return user.has_role(Role.ADMIN)


def require_session_trainer(session: TrainingSession, actor: User, message: str) -> None:
    """The session's own trainer, or an administrator; anyone else gets a 403."""
    if not (actor.is_active and actor.pk == session.trainer_id) and not is_admin(actor):
        raise NotAllowed(message)


def require_enrolling(actor: User, application: Application) -> None:
    """A CEO acts for their own application; trainers, schedulers and admins for anyone's."""
    if actor.has_role(*ENROLLING_STAFF):
        return
    if actor.is_active and actor.role == Role.CEO and application.user_id == actor.pk:
        return
    raise NotAllowed(_("You may only enrol yourself, or be a trainer, scheduler or administrator."))


def require_not_started(session: TrainingSession) -> None:
    if session.status == TrainingSession.Status.CANCELLED:
        raise Conflict(_("This training session is cancelled."), session_status=session.status)
    if session.starts_at <= timezone.now():
        raise Conflict(_("This training session has already started."))


def fill_seats(session: TrainingSession) -> list[Enrolment]:
    """Move waiting CEOs up, oldest first, into the seats that are free; call under the lock.

    A waiting CEO whose application can no longer train (withdrawn, say) loses their place
    instead of a seat.
    """
    free = session.capacity - seats_taken(session)
    promoted: list[Enrolment] = []
    if free <= 0:
        return promoted
    waiting = (
        Enrolment.objects.select_for_update(of=("self",))
        .filter(session=session, status=Enrolment.Status.WAITLISTED)
        .select_related("application")
        .order_by("created_at", "id")
    )
    now = timezone.now()
    for enrolment in waiting:
        if len(promoted) == free:
            break
        if enrolment.application.status not in ELIGIBLE:
            enrolment.status, enrolment.cancelled_at = Enrolment.Status.CANCELLED, now
            enrolment.save(update_fields=["status", "cancelled_at", "updated_at"])
            audit_record(
                subject=enrolment,
                action="waitlist_drop",
                from_state=Enrolment.Status.WAITLISTED,
                to_state=Enrolment.Status.CANCELLED,
                reason="the application can no longer train",
                data={"application_status": enrolment.application.status},
            )
            continue
        enrolment.status, enrolment.promoted_at = Enrolment.Status.ENROLLED, now
        enrolment.save(update_fields=["status", "promoted_at", "updated_at"])
        entry = audit_record(
            subject=enrolment,
            action="promote",
            from_state=Enrolment.Status.WAITLISTED,
            to_state=Enrolment.Status.ENROLLED,
            data={"session": session.pk, "application": enrolment.application_id},
        )
        enrolment.session = session
        notify_enrolment(enrolment=enrolment, kind="promoted", event_id=entry.pk)
        seat_reminders_schedule(enrolment=enrolment)
        promoted.append(enrolment)
    return promoted
