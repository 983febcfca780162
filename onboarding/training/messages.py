"""What a CEO is told when their seat changes without them asking: written to the outbox."""

from django.utils import translation
from django.utils.translation import gettext as _

from onboarding.applicants.services import applicant_language
from onboarding.core.time import local_text
from onboarding.notifications.services import message_schedule
from onboarding.training.models import Enrolment


def _subject(kind: str, title: str) -> str:
    if kind == "promoted":
        return _("A seat opened: you are enrolled in “%(title)s”") % {"title": title}
    if kind == "moved":
        return _("Training session moved: “%(title)s”") % {"title": title}
    return _("Training session cancelled: “%(title)s”") % {"title": title}


def _lead(kind: str) -> str:
    if kind == "promoted":
        return _("A seat opened in this training session and it is yours: you are enrolled.")
    if kind == "moved":
        return _("This training session has a new time or place; your seat is kept.")
    return _("This training session is cancelled. Please choose another session of the module.")


def notify_enrolment(*, enrolment: Enrolment, kind: str, event_id: int) -> None:
    """Schedule the message for `kind` (promoted, moved, cancelled) in the CEO's language.

    Runs inside the caller's transaction; the outbox sends it once that commits.
    """
    application = enrolment.application
    if not application.email:
        return
    session = enrolment.session
    zone = session.module.campaign.timezone
    language = applicant_language(application)
    with translation.override(language):
        title = session.title
        body = "\n\n".join(
            [
                _("Dear %(name)s,") % {"name": application.full_name},
                _lead(kind),
                _("“%(title)s”, %(when)s (%(zone)s)")
                % {"title": title, "when": local_text(session.starts_at, zone), "zone": zone},
                session.location or session.video_url,
                _("The Brave CEO programme team"),
            ]
        )
        subject = _subject(kind, title)
    message_schedule(
        kind=f"training_{kind}",
        recipient=application.email,
        language=language,
        subject=subject[:200],
        body=body,
        dedupe_key=f"training_{kind}:{enrolment.pk}:{event_id}",
    )
