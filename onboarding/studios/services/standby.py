"""Standby backfill: offer a cancelled show's slot to ready CEOs; the first to accept gets it.

Offers go a wave at a time (settings.STANDBY_WAVE_SIZE, 1 by default: one CEO at a time, best
first) and each stands for settings.STANDBY_OFFER_HOURS, never past STANDBY_MIN_LEAD_MINUTES
before the show. When every offer of a wave has expired or been declined, the next wave goes.
Acceptance books through `booking_create`, so every rule of a booking holds.

Lock order: the slot, then its offers, then whatever `booking_create` locks (studio,
application, crew, kit). `booking_cancel` creates the slot while it holds the cancelled
booking, which nothing here locks.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from onboarding.applicants.models import Application
from onboarding.core.errors import NotAllowed
from onboarding.core.models import User
from onboarding.core.services import audit_record
from onboarding.studios import standby_messages
from onboarding.studios.errors import OfferClosed
from onboarding.studios.models import Booking, FreedSlot, StandbyOffer
from onboarding.studios.selectors.common import is_scheduler
from onboarding.studios.selectors.standby import standby_candidates

Status = StandbyOffer.Status
SLOT_TAKEN = gettext_noop("This slot has been taken by another CEO.")


def offer_hours() -> float:
    return float(getattr(settings, "STANDBY_OFFER_HOURS", 2))


def min_lead() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "STANDBY_MIN_LEAD_MINUTES", 30)))


def wave_size() -> int:
    return max(1, int(getattr(settings, "STANDBY_WAVE_SIZE", 1)))


def _scheduler_for(booking: Booking, actor: User | None) -> User | None:
    if is_scheduler(actor):
        return actor
    if booking.created_by_id and is_scheduler(booking.created_by):
        return booking.created_by
    return None


def _account_of(application: Application) -> int:
    # standby_candidates leaves out CEOs without an account: they could not accept.
    assert application.user_id is not None
    return application.user_id


def standby_open(*, booking: Booking, actor: User | None) -> FreedSlot | None:
    """Call in the transaction that cancels a show: free its slot and make the first offers.

    Nothing for a rehearsal, a show too close to its start to be offered, or one no scheduler
    booked (the backfill books in a scheduler's name).
    """
    now = timezone.now()
    if booking.kind != Booking.Kind.SHOW or booking.starts_at - min_lead() <= now:
        return None
    scheduler = _scheduler_for(booking, actor)
    if scheduler is None:
        return None
    slot = FreedSlot.objects.create(
        studio=booking.studio,
        campaign_id=booking.application.campaign_id,
        cancelled_booking=booking,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        scheduler=scheduler,
    )
    audit_record(
        subject=slot,
        action="standby_open",
        actor=actor,
        to_state=FreedSlot.Status.OPEN,
        data={"booking": booking.pk, "studio": slot.studio_id},
    )
    _offer_next_wave(slot, now)
    return slot


def _offer_next_wave(slot: FreedSlot, now: datetime) -> list[StandbyOffer]:
    """Offer the slot to the next best ready CEOs, or close it when there are none."""
    expires = min(now + timedelta(hours=offer_hours()), slot.starts_at - min_lead())
    candidates = standby_candidates(slot=slot) if expires > now else []
    if not candidates:
        slot.status, slot.closed_at = FreedSlot.Status.EXHAUSTED, now
        slot.save(update_fields=["status", "closed_at"])
        audit_record(
            subject=slot,
            action="standby_exhausted",
            from_state=FreedSlot.Status.OPEN,
            to_state=FreedSlot.Status.EXHAUSTED,
        )
        return []
    done = slot.offers.count()
    wave = (slot.offers.order_by("-wave").values_list("wave", flat=True).first() or 0) + 1
    offers = StandbyOffer.objects.bulk_create(
        StandbyOffer(
            slot=slot,
            application=candidate.application,
            ceo_id=_account_of(candidate.application),
            rank=done + index + 1,
            wave=wave,
            offered_at=now,
            expires_at=expires,
        )
        for index, candidate in enumerate(candidates[: wave_size()])
    )
    for offer in offers:
        audit_record(
            subject=slot,
            action="standby_offer",
            to_state=Status.PENDING,
            data={"offer": offer.pk, "application": offer.application_id, "rank": offer.rank},
        )
        standby_messages.offer_made(offer=offer)
    return offers


def _lock_slot(slot_id: int) -> FreedSlot:
    return (
        FreedSlot.objects.select_for_update(of=("self",))
        .select_related("studio", "campaign", "cancelled_booking")
        .get(pk=slot_id)
    )


def _lock_offer(offer_id: int, actor: User) -> tuple[FreedSlot, StandbyOffer]:
    # The offer's slot id first, unlocked, so that the slot's row is always locked before any
    # offer's row: two CEOs accepting at once queue on the slot.
    slot_id = StandbyOffer.objects.filter(pk=offer_id).values_list("slot_id", flat=True).first()
    if slot_id is None:
        raise NotAllowed(_("No such offer."))
    slot = _lock_slot(slot_id)
    offer = (
        StandbyOffer.objects.select_for_update(of=("self",))
        .select_related("application__campaign")
        .get(pk=offer_id)
    )
    if offer.ceo_id != actor.pk:
        raise NotAllowed(_("This offer was made to another CEO."))
    return slot, offer


def _refuse_closed(slot: FreedSlot, offer: StandbyOffer, now: datetime) -> None:
    if slot.status == FreedSlot.Status.FILLED or offer.status == Status.WITHDRAWN:
        raise OfferClosed(_(SLOT_TAKEN), status=offer.status)
    if offer.status != Status.PENDING:
        raise OfferClosed(
            _("This offer is %(status)s.") % {"status": offer.get_status_display().lower()},
            status=offer.status,
        )
    if offer.expires_at <= now or slot.status != FreedSlot.Status.OPEN:
        raise OfferClosed(_("This offer has expired."), status=Status.EXPIRED)


def standby_accept(*, offer_id: int, actor: User) -> Booking:
    """The CEO takes the slot: booked through booking_create, the other offers withdrawn.

    409 offer_closed when the slot was taken, the offer expired or was answered; the booking
    service's own 409s (the CEO booked elsewhere meanwhile, the studio closed) pass through.
    """
    from onboarding.studios.services.bookings import booking_create

    try:
        with transaction.atomic():
            now = timezone.now()
            slot, offer = _lock_offer(offer_id, actor)
            _refuse_closed(slot, offer, now)
            # A slot is opened only with a scheduler to book in the name of (see standby_open).
            assert slot.scheduler is not None
            booking, _created = booking_create(
                studio=slot.studio,
                application=offer.application,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                actor=slot.scheduler,
                idempotency_key=f"standby:{slot.pk}",
            )
            offer.status, offer.answered_at = Status.ACCEPTED, now
            offer.save(update_fields=["status", "answered_at"])
            slot.status, slot.booking, slot.closed_at = FreedSlot.Status.FILLED, booking, now
            slot.save(update_fields=["status", "booking", "closed_at"])
            others = list(slot.offers.filter(status=Status.PENDING).exclude(pk=offer.pk))
            slot.offers.filter(pk__in=[o.pk for o in others]).update(
                status=Status.WITHDRAWN, answered_at=now
            )
            audit_record(
                subject=slot,
                action="standby_accept",
                actor=actor,
                from_state=FreedSlot.Status.OPEN,
                to_state=FreedSlot.Status.FILLED,
                data={"offer": offer.pk, "booking": booking.pk, "withdrawn": len(others)},
            )
            for other in others:
                standby_messages.offer_withdrawn(offer=other)
            return booking
    except IntegrityError as exc:
        # The database's last word: a second accepted offer or a second booking for the slot.
        raise OfferClosed(_(SLOT_TAKEN), status=Status.WITHDRAWN) from exc


@transaction.atomic
def standby_decline(*, offer_id: int, actor: User) -> StandbyOffer:
    """The CEO says no; once nobody of the wave is still deciding, the next wave goes."""
    now = timezone.now()
    slot, offer = _lock_offer(offer_id, actor)
    _refuse_closed(slot, offer, now)
    offer.status, offer.answered_at = Status.DECLINED, now
    offer.save(update_fields=["status", "answered_at"])
    audit_record(
        subject=slot,
        action="standby_decline",
        actor=actor,
        from_state=Status.PENDING,
        to_state=Status.DECLINED,
        data={"offer": offer.pk},
    )
    if not slot.offers.filter(status=Status.PENDING).exists():
        _offer_next_wave(slot, now)
    return offer


def standby_offers_expire(*, limit: int = 200) -> int:
    """Expire the offers whose time is up and move each slot on to its next wave.

    Run by beat. Slots another run holds are skipped (they are being handled); each slot in
    its own transaction, so one failure does not hold back the rest. Returns slots moved on.
    """
    now = timezone.now()
    slot_ids = list(
        StandbyOffer.objects.filter(status=Status.PENDING, expires_at__lte=now)
        .values_list("slot_id", flat=True)
        .distinct()[:limit]
    )
    moved = 0
    for slot_id in slot_ids:
        with transaction.atomic():
            slot = (
                FreedSlot.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("studio", "campaign", "cancelled_booking")
                .filter(pk=slot_id, status=FreedSlot.Status.OPEN)
                .first()
            )
            if slot is None:
                continue
            expired = slot.offers.filter(status=Status.PENDING, expires_at__lte=now)
            count = expired.update(status=Status.EXPIRED)
            if not count:
                continue
            audit_record(subject=slot, action="standby_expire", data={"expired": count})
            if not slot.offers.filter(status=Status.PENDING).exists():
                _offer_next_wave(slot, now)
            moved += 1
    return moved
