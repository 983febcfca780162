"""The standby backfill's messages, as outbox rows written in the offer's own transaction.

- "standby_offer": a ready CEO hears that a slot is free and until when they may take it, with
  the link to their page where they accept;
- "standby_withdrawn": a CEO who was still deciding hears that another CEO took it.

Each uses the offer's id as its event id; the send-time checks (registered in the app's
ready()) drop an offer's message once the offer is no longer open, and a withdrawal's once the
slot's booking is gone.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from onboarding.applicants.reminders import applicant_recipient
from onboarding.notifications.services import Gone, ReminderEvent, notice_schedule
from onboarding.studios.models import FreedSlot, StandbyOffer

OFFER = "standby_offer"
WITHDRAWN = "standby_withdrawn"
KINDS = (OFFER, WITHDRAWN)


def offers_url() -> str:
    return settings.SITE_URL + reverse("portal:me-standby")


def _notice(offer: StandbyOffer, kind: str) -> None:
    slot, application = offer.slot, offer.application
    studio = slot.studio
    event = ReminderEvent(
        event_kind=kind,
        event_id=offer.pk,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        campaign_id=slot.campaign_id,
        event_timezone=studio.timezone,
        recipients=[applicant_recipient(application, offers_url=offers_url())],
        context={
            "title": application.display_name,
            "reference": application.reference,
            "studio": studio.name,
            "location": ", ".join(p for p in (studio.name, studio.address, studio.city) if p),
            "expires_at_utc": offer.expires_at,
        },
    )
    notice_schedule(event=event)


def offer_made(*, offer: StandbyOffer) -> None:
    """Call in the transaction that makes the offer."""
    _notice(offer, OFFER)


def offer_withdrawn(*, offer: StandbyOffer) -> None:
    """Call in the transaction in which another CEO took the slot."""
    _notice(offer, WITHDRAWN)


def offer_times(offer_id: int | str):
    """The slot's times while the offer is open; Gone once it was answered or ran out."""
    offer = StandbyOffer.objects.select_related("slot").filter(pk=offer_id).first()
    if offer is None:
        return None
    if offer.status != StandbyOffer.Status.PENDING or offer.expires_at <= timezone.now():
        return Gone(f"The offer is {offer.status}.")
    return offer.slot.starts_at, offer.slot.ends_at


def withdrawn_times(offer_id: int | str):
    """The slot's times while the booking that took it stands."""
    offer = StandbyOffer.objects.select_related("slot__booking").filter(pk=offer_id).first()
    if offer is None or offer.slot.status != FreedSlot.Status.FILLED or not offer.slot.booking:
        return None
    return offer.slot.starts_at, offer.slot.ends_at
