"""E-mail through Django's configured backend, with a Message-ID derived from the outbox row."""

from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from onboarding.notifications.models import Message


def message_id_for(message: Message) -> str:
    """The same on every attempt, so a resend after a crash is recognisably the same e-mail."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{message.key}@{domain}>"


def send(message: Message, *, body: str) -> str:
    """Hand one e-mail to the backend; the Message-ID is the provider's receipt."""
    message_id = message_id_for(message)
    email = EmailMessage(
        subject=message.subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Message-ID": message_id},
    )
    if get_connection(fail_silently=False).send_messages([email]) != 1:
        raise RuntimeError("the e-mail backend did not take the message")
    return message_id


def provider_accepted(message: Message) -> bool | None:
    """Did the provider take this e-mail? None when the backend cannot tell.

    A backend can tell by offering `accepted_message_ids(ids) -> set of ids it has`; Django's
    SMTP, file and locmem backends cannot, and for them the sent log decides.
    """
    connection = get_connection(fail_silently=False)
    lookup = getattr(connection, "accepted_message_ids", None)
    if lookup is None:
        return None
    message_id = message_id_for(message)
    return message_id in lookup([message_id])
