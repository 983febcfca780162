"""The e-mail that confirms a submission: its private link, and the link to set a password."""

from django.template.loader import render_to_string
from django.utils import translation

from onboarding.applicants.models import Application
from onboarding.applicants.services.ceo_account import set_password_link
from onboarding.applicants.services.common import applicant_language, private_link
from onboarding.notifications.services import message_schedule, preferred_language


def confirmation_schedule(application: Application, *, new_account: bool = False) -> None:
    """Write the confirmation to the outbox, in the submission's transaction.

    `new_account`: the account was made by this submission, so it has no message preferences
    yet and the application's language is the one to write in (no query to find that out).
    """
    context = {
        "application": application,
        "private_link": private_link(application),
        "set_password_link": (
            set_password_link(application.user)
            if application.user and not application.user.has_usable_password()
            else ""
        ),
    }
    if new_account:
        language = preferred_language(user_id=None, default=application.language)
    else:
        language = applicant_language(application)
    with translation.override(language):
        subject = render_to_string("emails/application_submitted_subject.txt", context).strip()
        body = render_to_string("emails/application_submitted_body.txt", context)
    message_schedule(
        kind="application_submitted",
        recipient=application.email,
        language=language,
        subject=subject,
        body=body,
        dedupe_key=f"application_submitted:{application.pk}",
    )
