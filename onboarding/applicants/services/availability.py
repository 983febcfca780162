"""The CEO's weekly availability after sending: kept current by them, or by staff for them.

It is the answer to the questionnaire's weekly-availability question, checked by that question's
own rule (questionnaires/validation.py) and audited on every change.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from onboarding.applicants.models import Application, Status
from onboarding.applicants.selectors import availability_question
from onboarding.applicants.workflow import APPLICANT
from onboarding.core.errors import Conflict, Invalid, NotAllowed
from onboarding.core.models import Role, User
from onboarding.core.services import audit_record
from onboarding.questionnaires.models import Answer
from onboarding.questionnaires.validation import clean_answers

# Who may change a CEO's availability for them: those who plan their shows and run the campaign.
AVAILABILITY_STAFF_ROLES = (Role.SCHEDULER, Role.LEAD_REVIEWER, Role.ADMIN)
CLOSED = (Status.WITHDRAWN, Status.REJECTED)
NOT_ALLOWED = gettext_noop(
    "Only the applicant, schedulers, leads and administrators change availability."
)


def _actor_kind(application: Application, actor: User) -> str:
    if actor.is_authenticated and actor.has_role(*AVAILABILITY_STAFF_ROLES):
        return Role.ADMIN if actor.is_superuser else actor.role
    if actor.is_authenticated and application.user_id == actor.pk:
        return APPLICANT
    raise NotAllowed(_(NOT_ALLOWED))


@transaction.atomic
def availability_update(*, application_id: int, windows: Any, actor: User) -> Application:
    """Replace the application's weekly availability (the applicant's own, or staff for them).

    400 naming `windows` when the questionnaire's rule refuses them; 409 for a draft (edited as
    a draft) or a closed application. Nothing changes and nothing is audited when they are the
    same windows.
    """
    # The row lock orders two changes at once: each audit row's "from" is what it replaced.
    application = Application.objects.select_for_update().get(pk=application_id)
    kind = _actor_kind(application, actor)
    if application.status == Status.DRAFT:
        raise Conflict(_("This application is a draft: change it in the draft."))
    if application.status in CLOSED:
        raise Conflict(_("This application is closed."), status=application.status)
    question = availability_question(application)
    if question is None:
        raise Conflict(_("This campaign's questionnaire does not ask for availability."))
    cleaned, errors = clean_answers([question], {question.key: windows})
    if errors:
        raise Invalid(errors[question.key][0], fields={"windows": errors[question.key]})
    after = cleaned[question.key]
    answer = Answer.objects.filter(application=application, question=question).first()
    before = list(answer.value) if answer is not None else []
    if before == after:
        return application
    if answer is None:
        Answer.objects.create(application=application, question=question, value=after)
    else:
        answer.value = after
        answer.save(update_fields=["value"])
    application.save(update_fields=["updated_at"])
    audit_record(
        subject=application,
        action="availability_update",
        actor=actor,
        data={"from": before, "to": after, "actor_kind": kind, "question": question.key},
    )
    return application
