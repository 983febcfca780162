"""The applicant names, changes or removes the assistant who hears of shows left unconfirmed."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onboarding.applicants.models import Application, Status
from onboarding.applicants.normalise import phone_problems
from onboarding.applicants.services.fields import apply_fields
from onboarding.applicants.signals import assistant_changed
from onboarding.core.errors import Conflict, Invalid
from onboarding.core.models import User
from onboarding.core.services import audit_record

ASSISTANT_FIELDS = ["assistant_name", "assistant_email", "assistant_phone"]


@transaction.atomic
def assistant_update(
    *, application: Application, data: dict[str, Any], actor: User | None = None
) -> Application:
    """Save the assistant's contact (the applicant, or staff as `actor`); pending warnings
    about unconfirmed shows follow it."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status in (Status.WITHDRAWN, Status.REJECTED):
        raise Conflict(_("This application is closed."), status=application.status)
    unknown = sorted(set(data) - set(ASSISTANT_FIELDS))
    if unknown:
        raise Invalid(
            _("Some fields are not known."),
            fields={name: [_("Unknown field.")] for name in unknown},
        )
    problems = phone_problems(data)
    if problems:
        raise Invalid(problems["assistant_phone"][0], fields=problems)
    before = {name: getattr(application, name) for name in ASSISTANT_FIELDS}
    apply_fields(application, data)
    changed = [name for name in ASSISTANT_FIELDS if getattr(application, name) != before[name]]
    if not changed:
        return application
    application.save(update_fields=[*ASSISTANT_FIELDS, "updated_at"])
    # Which fields, not their values: the audit log keeps no more personal data than it needs.
    audit_record(
        subject=application, action="assistant_update", actor=actor, data={"changed": changed}
    )
    assistant_changed.send(sender=Application, application=application)
    return application
