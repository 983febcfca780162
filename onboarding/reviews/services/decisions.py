"""Decisions: approve, reject, waitlist or ask for information, one at a time or many; the
applicant's answer to a request."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.applicants import workflow
from onboarding.applicants.models import Application
from onboarding.applicants.services import actor_kind, application_transition
from onboarding.core.errors import Conflict, DomainError, Invalid, NotAllowed
from onboarding.core.models import User
from onboarding.core.services import audit_record, require_reason
from onboarding.core.time import add_business_days
from onboarding.core.validators import NUL, NUL_REFUSED
from onboarding.reviews import scoring
from onboarding.reviews.models import ReviewCase, ReviewNote
from onboarding.reviews.reminders import info_request_reminders_schedule
from onboarding.reviews.services.campaign_settings import settings_for
from onboarding.reviews.services.common import (
    locked_case,
    refuse_conflicted,
    start_review_if_submitted,
)


class HardRequirementFailed(Conflict):
    """An approval of an application that fails a hard criterion, without a lead's override."""

    code = "hard_requirement_failed"


@transaction.atomic
def review_decide(
    *,
    application_id: int,
    actor: User,
    action: str,
    reason: str,
    notify: bool = True,
    override_hard_failure: bool = False,
) -> Application:
    """Approve, reject, waitlist or ask for information, always with a reason.

    Deciding is for the assigned reviewer and leads (an unassigned application goes to the
    reviewer who decides it); with four eyes on, the first approval is recorded and waits for a
    second, different reviewer. An application that fails a hard criterion is approved only by
    a lead who overrides it (`override_hard_failure`), with the reason in the history.
    """
    if action not in workflow.DECISIONS:
        raise Invalid(_("Not a decision."), fields={"action": [_("Not a decision.")]})
    reason = require_reason(reason)
    if override_hard_failure and action != workflow.Action.APPROVE:
        only = _("Only an approval overrides a hard requirement.")
        raise Invalid(only, fields={"override_hard_failure": [only]})
    refuse_conflicted(application_id, actor)
    case = locked_case(application_id)
    kind = actor_kind(actor)
    application = case.application
    four_eyes = settings_for(application.campaign).four_eyes
    second_approval = (
        action == workflow.Action.APPROVE
        and four_eyes
        and case.first_approval_by_id not in (None, actor.pk)
    )
    data = _refuse_unless_holder(case, actor, kind, second_approval=second_approval)
    if action == workflow.Action.APPROVE:
        # Check the move is possible before recording anything of it.
        workflow.target_of(application.status, action, kind)
        data |= _hard_failure_check(case, actor, kind, reason, override_hard_failure)
    if action == workflow.Action.APPROVE and four_eyes:
        if case.first_approval_by_id is None:
            return _first_approval(case, actor, kind, reason, data)
        if case.first_approval_by_id == actor.pk:
            others = workflow.allowed_actions(application.status, kind)
            raise Conflict(
                _("The second approval must come from another reviewer."),
                status=application.status,
                allowed_actions=[a for a in others if a != workflow.Action.APPROVE],
            )
    # Any decision that goes through ends the wait for a second approval, the approval included.
    if case.first_approval_by_id is not None:
        case.first_approval_by = None
        case.save(update_fields=["first_approval_by"])
    application = application_transition(
        application_id=application_id,
        action=action,
        actor_kind=kind,
        actor=actor,
        reason=reason,
        notify=notify,
        data=data,
    )
    if action == workflow.Action.REQUEST_INFO:
        due = timezone.now() + timedelta(days=settings_for(application.campaign).info_response_days)
        case.decision_due_at = due
        case.save(update_fields=["decision_due_at"])
        # Only an applicant who was told of the request is reminded of it.
        if notify:
            info_request_reminders_schedule(application=application, deadline=due)
    return application


def _refuse_unless_holder(
    case: ReviewCase, actor: User, kind: str, *, second_approval: bool
) -> dict:
    """Deciding belongs to the assigned reviewer and leads; a second approval to anyone else.

    Nobody holds an unassigned application: the reviewer who decides it takes it, which the
    decision's audit line says (`took_assignment`).
    """
    if kind in workflow.LEADS or second_approval or case.reviewer_id == actor.pk:
        return {}
    holder = case.reviewer
    if holder is None:
        case.reviewer = actor
        case.save(update_fields=["reviewer"])
        return {"took_assignment": True}
    raise NotAllowed(
        _("This application is assigned to %(reviewer)s: only they or a lead decide it.")
        % {"reviewer": holder.get_username()},
        assigned_to=holder.get_username(),
    )


def _hard_failure_check(
    case: ReviewCase, actor: User, kind: str, reason: str, override: bool
) -> dict:
    """Refuse approving a hard failure unless a lead overrides it; what the audit line keeps."""
    if not case.hard_failed:
        return {}
    failed = scoring.failed_hard(case.breakdown)
    if case.override_by_id is not None:
        # A lead overrode it already (a four-eyes first approval): the second approval follows.
        return {"override_hard_failure": True, "failed_criteria": failed}
    names = ", ".join(f"“{name}”" for name in failed) or _("a hard requirement")
    if not override:
        raise HardRequirementFailed(
            _(
                "This application fails the hard requirement %(criteria)s: only a lead can "
                "approve it, overriding it with a reason."
            )
            % {"criteria": names},
            status=case.application.status,
            failed_criteria=failed,
        )
    if kind not in workflow.LEADS:
        raise NotAllowed(_("Only a lead reviewer overrides a hard requirement."))
    case.override_by, case.override_reason = actor, reason
    case.save(update_fields=["override_by", "override_reason"])
    return {"override_hard_failure": True, "failed_criteria": failed}


def _first_approval(
    case: ReviewCase, actor: User, kind: str, reason: str, data: dict
) -> Application:
    case.first_approval_by = actor
    case.save(update_fields=["first_approval_by"])
    start_review_if_submitted(case, actor, kind)
    audit_record(
        subject=case.application, action="first_approval", actor=actor, reason=reason, data=data
    )
    case.application.refresh_from_db(fields=["status"])
    return case.application


@dataclass
class BulkResult:
    application_id: int
    ok: bool
    status: str = ""
    code: str = ""
    message: str = ""


def review_bulk_decide(
    *, application_ids: Iterable[int], actor: User, action: str, reason: str, notify: bool = True
) -> list[BulkResult]:
    """One decision for many applications, each in its own transaction: a refusal for one
    leaves the others done, and only committed changes send a message."""
    if actor_kind(actor) not in workflow.LEADS:
        raise NotAllowed(_("Only a lead reviewer takes bulk decisions."))
    reason = require_reason(reason)
    results = []
    for application_id in dict.fromkeys(application_ids):
        try:
            application = review_decide(
                application_id=application_id,
                actor=actor,
                action=action,
                reason=reason,
                notify=notify,
            )
            results.append(BulkResult(application_id, True, status=application.status))
        except Application.DoesNotExist:
            results.append(
                BulkResult(
                    application_id, False, code="not_found", message=_("No such application.")
                )
            )
        except DomainError as exc:
            results.append(BulkResult(application_id, False, code=exc.code, message=exc.message))
    return results


@transaction.atomic
def info_answer(*, application: Application, text: str) -> Application:
    """The applicant answers an information request: noted, and back in the reviewer's queue."""
    if not text.strip():
        raise Invalid(_("Write your answer."), fields={"text": [_("Write your answer.")]})
    if NUL in text:
        raise Invalid(str(NUL_REFUSED), fields={"text": [str(NUL_REFUSED)]})
    # The case first, then the application (the lock order above): a reviewer deciding at the
    # same moment takes them in this order too, so one waits for the other instead of deadlocking.
    case = locked_case(application.pk)
    application = application_transition(
        application_id=application.pk,
        action=workflow.Action.ANSWER_INFO,
        actor_kind=workflow.APPLICANT,
        notify=False,
    )
    ReviewNote.objects.create(application=application, from_applicant=True, text=text)
    case.decision_due_at = add_business_days(
        timezone.now(),
        settings_for(application.campaign).decision_days,
        application.campaign.timezone,
    )
    case.save(update_fields=["decision_due_at"])
    return application
