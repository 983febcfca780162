"""Private calendar feeds: one per person and per studio, with a token that can be changed."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.core.errors import NotAllowed
from onboarding.core.models import User
from onboarding.core.services import audit_record
from onboarding.studios.models import CalendarFeed, Studio
from onboarding.studios.models.logistics import new_feed_token
from onboarding.studios.selectors.common import is_scheduler


def feed_get_or_create(*, actor: User, studio: Studio | None = None) -> tuple[CalendarFeed, bool]:
    """The actor's own feed, or (for a scheduler) a studio's."""
    if studio is not None:
        if not is_scheduler(actor):
            raise NotAllowed(_("Only a scheduler manages studio feeds."))
        return CalendarFeed.objects.get_or_create(studio=studio)
    return CalendarFeed.objects.get_or_create(user=actor)


@transaction.atomic
def feed_rotate(*, feed: CalendarFeed, actor: User) -> CalendarFeed:
    """A new secret for the feed; the old address stops working at once."""
    feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    if not (is_scheduler(actor) or (feed.user_id and feed.user_id == actor.pk)):
        raise NotAllowed(_("Only the feed's owner or a scheduler may change its address."))
    feed.token = new_feed_token()
    feed.rotated_at = timezone.now()
    feed.save(update_fields=["token", "rotated_at"])
    audit_record(subject=feed, action="feed_rotate", actor=actor)
    return feed
