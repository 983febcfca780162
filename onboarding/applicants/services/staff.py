"""Staff correct an application's fields (the admin): audited, and its reminders follow."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onboarding.applicants import reminders
from onboarding.applicants.models import Application, Channel, Status
from onboarding.applicants.normalise import phone_problems
from onboarding.applicants.services.assistant import ASSISTANT_FIELDS, assistant_update
from onboarding.applicants.services.common import duplicate_as_conflict
from onboarding.applicants.services.fields import APPLICANT_FIELDS, apply_fields
from onboarding.core.errors import Invalid
from onboarding.core.models import User
from onboarding.core.services import audit_record

STAFF_FIELDS = ["channel", "language", *APPLICANT_FIELDS]
# Fields whose values the audit line keeps (from → to); for the others (names, addresses,
# phones, what the applicant wrote) it keeps only that they changed: the audit log holds no
# more personal data than it needs, and erasure does not reach it.
VALUES_AUDITED = frozenset(
    {
        "channel",
        "language",
        "industry",
        "years_in_business",
        "on_camera_in_person",
        "live_experience",
    }
)


def _audited(name: str, value: Any) -> Any:
    if isinstance(value, Channel):
        return value.pk
    return value


@transaction.atomic
def application_update_by_staff(
    *, application: Application, changes: dict[str, Any], actor: User
) -> Application:
    """Save what staff changed (the rest, a status moved meanwhile included, stays as stored).

    The assistant goes through `assistant_update` (pending warnings follow it); a draft's
    reminder follows a corrected e-mail, name or language. Audited with who and which fields.
    """
    unknown = sorted(set(changes) - set(STAFF_FIELDS))
    if unknown:
        raise Invalid(
            _("Some fields are not known."),
            fields={name: [_("Unknown field.")] for name in unknown},
        )
    problems = phone_problems(changes)
    if problems:
        raise Invalid(_("Some fields are not valid."), fields=problems)
    # Locked: a reviewer's move or the applicant's autosave meanwhile is not overwritten.
    application = (
        Application.objects.select_for_update().select_related("campaign").get(pk=application.pk)
    )
    own = {name: value for name, value in changes.items() if name not in ASSISTANT_FIELDS}
    before = {name: getattr(application, name) for name in own}
    reminder_before = tuple(getattr(application, name) for name in reminders.DRAFT_REMINDER_FIELDS)
    fields = {name: value for name, value in own.items() if name in APPLICANT_FIELDS}
    apply_fields(application, fields)
    for name in ("channel", "language"):
        if name in own:
            setattr(application, name, own[name])
    changed = [name for name in own if getattr(application, name) != before[name]]
    if changed:
        with duplicate_as_conflict():
            application.save(update_fields=[*changed, "updated_at"])
        audited = [name for name in changed if name in VALUES_AUDITED]
        audit_record(
            subject=application,
            action="staff_update",
            actor=actor,
            data={
                "changed": changed,
                "from": {name: _audited(name, before[name]) for name in audited},
                "to": {name: _audited(name, getattr(application, name)) for name in audited},
            },
        )
        if application.status == Status.DRAFT:
            reminders.draft_reminders_update(application=application, before=reminder_before)
    assistant = {name: changes[name] for name in ASSISTANT_FIELDS if name in changes}
    if assistant:
        application = assistant_update(application=application, data=assistant, actor=actor)
    return application
