"""The trainer marks who came; attending every required module makes the CEO trained."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.applicants import workflow
from onboarding.applicants.models import Application, Status
from onboarding.applicants.services import application_transition
from onboarding.core.errors import Conflict
from onboarding.core.models import User
from onboarding.core.services import audit_record
from onboarding.training.models import Attendance, Enrolment, TrainingSession
from onboarding.training.selectors import training_complete
from onboarding.training.services.common import require_session_trainer


def _label(attended: bool | None) -> str:
    return {True: "attended", False: "absent", None: ""}[attended]


@transaction.atomic
def attendance_mark(
    *, session: TrainingSession, application: Application, attended: bool, actor: User
) -> Attendance:
    """Record whether an enrolled CEO came (a second call corrects the first).

    Only the session's trainer (or an administrator) marks, and only once the session started.
    When this completes every required module of the campaign, the application moves to
    trained in the same transaction; it never moves twice, and unmarking never moves it back.
    """
    session = TrainingSession.objects.select_related("module").get(pk=session.pk)
    require_session_trainer(
        session, actor, _("Only the session's trainer or an administrator marks attendance.")
    )
    if session.status == TrainingSession.Status.CANCELLED:
        raise Conflict(_("This training session is cancelled."), session_status=session.status)
    if session.starts_at > timezone.now():
        raise Conflict(_("Attendance can be marked once the session has started."))
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(session=session, application_id=application.pk, status=Enrolment.Status.ENROLLED)
        .first()
    )
    if enrolment is None:
        raise Conflict(_("This CEO holds no seat in this session."))
    # Lock the application before counting its modules: when two of its modules are marked at
    # once, the second waits here, then sees the first and completes the training.
    application = Application.objects.select_for_update().get(pk=application.pk)
    previous = Attendance.objects.filter(enrolment=enrolment).values_list("attended", flat=True)
    was = _label(previous.first())
    attendance, _created = Attendance.objects.update_or_create(
        enrolment=enrolment,
        defaults={"attended": attended, "marked_by": actor, "marked_at": timezone.now()},
    )
    audit_record(
        subject=enrolment,
        action="attendance_mark",
        actor=actor,
        from_state=was,
        to_state=_label(attended),
        data={"session": session.pk, "application": application.pk},
    )
    if (
        attended
        and application.status == Status.APPROVED
        and training_complete(application=application)
    ):
        application_transition(
            application_id=application.pk,
            action=workflow.Action.COMPLETE_TRAINING,
            actor_kind=workflow.SYSTEM,
            reason="attended every required training module",
            data={"session": session.pk, "marked_by": actor.pk},
        )
    return attendance
