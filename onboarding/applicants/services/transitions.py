"""Moving an application along the workflow, with its audit row, message and webhook."""

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from onboarding.applicants import reminders, workflow
from onboarding.applicants.models import Application, Status
from onboarding.applicants.services.common import (
    applicant_language,
    duplicate_as_conflict,
    emit_event,
    private_link,
)
from onboarding.core.models import Role, User
from onboarding.core.services import audit_record
from onboarding.core.time import iso_utc
from onboarding.notifications.services import message_schedule


def actor_kind(user: User) -> str:
    """The workflow's name for a signed-in staff member: their role, admin for superusers."""
    return Role.ADMIN if user.is_superuser else user.role


def application_transition(
    *,
    application_id: int,
    action: str,
    actor_kind: str,
    actor: User | None = None,
    reason: str = "",
    notify: bool = True,
    data: dict[str, Any] | None = None,
    locked: Application | None = None,
) -> Application:
    """Move an application along the workflow, or refuse (403/409) saying why.

    Locks the row first: of two people acting at once, the second sees the first one's result.
    `locked` is the row when the caller's transaction holds its lock already (a booking's); it
    is moved as it is, with no savepoint: a refusal rolls back the caller's whole write.
    """
    with duplicate_as_conflict(), transaction.atomic(savepoint=locked is None):
        application = locked or Application.objects.select_for_update().get(pk=application_id)
        target = workflow.target_of(application.status, action, actor_kind)
        previous = application.status
        application.status = target
        application.save(update_fields=["status", "updated_at"])
        entry = audit_record(
            subject=application,
            action=action,
            actor=actor,
            from_state=previous,
            to_state=target,
            reason=reason,
            data={**(data or {}), "actor_kind": actor_kind, "notified": notify},
        )
        if previous == Status.NEEDS_INFO:
            # Answered, withdrawn or decided: whatever the way out, nobody waits any more.
            reminders.info_request_reminders_cancel(application=application)
        if notify:
            _schedule_status_message(application, action, reason, entry.pk)
        if action in workflow.DECISIONS:
            emit_event(
                application,
                "application.decided",
                decision=str(action),
                previous_status=previous,
                decided_at=iso_utc(entry.created_at),
            )
        return application


def application_withdraw(*, application_id: int) -> Application:
    """The applicant withdraws (through the private link, the page or the API)."""
    return application_transition(
        application_id=application_id,
        action=workflow.Action.WITHDRAW,
        actor_kind=workflow.APPLICANT,
        reason="withdrawn by the applicant",
    )


# The applicant hears about these; the rest are internal or have their own messages.
STATUS_MESSAGE_ACTIONS = {
    workflow.Action.APPROVE,
    workflow.Action.REJECT,
    workflow.Action.WAITLIST,
    workflow.Action.REQUEST_INFO,
    workflow.Action.WITHDRAW,
    workflow.Action.REOPEN,
}


def _schedule_status_message(
    application: Application, action: str, reason: str, transition_id: int
) -> None:
    if action not in STATUS_MESSAGE_ACTIONS:
        return
    context = {
        "application": application,
        "private_link": private_link(application),
        # Only an information request shows the reviewer's words: it is the question to answer.
        "question": reason if action == workflow.Action.REQUEST_INFO else "",
    }
    language = applicant_language(application)
    with translation.override(language):
        subject = render_to_string(f"emails/status_{action}_subject.txt", context).strip()
        body = render_to_string(f"emails/status_{action}_body.txt", context)
    message_schedule(
        kind=f"application_{action}",
        recipient=application.email,
        language=language,
        subject=subject,
        body=body,
        dedupe_key=f"application_{action}:{application.pk}:{transition_id}",
    )
