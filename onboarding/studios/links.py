"""The signed link in a show reminder with which the CEO says they will be there.

The link names the booking and is signed with the project's secret; it needs no sign-in, so a
CEO can tap it on a phone. It confirms the show as it stands when the page is opened, so a link
from before a move still works and shows the new time.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "studios.show-attendance"
# Long enough for a show booked months ahead; a stolen old link can only say "I will be there".
MAX_AGE = 60 * 60 * 24 * 400


def attendance_token(booking_id: int) -> str:
    return signing.dumps(booking_id, salt=SALT)


def attendance_url(booking_id: int) -> str:
    return settings.SITE_URL + reverse("portal:show-confirm", args=[attendance_token(booking_id)])


def booking_id_from_token(token: str) -> int | None:
    try:
        booking_id = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    return booking_id if isinstance(booking_id, int) else None
