"""Reminders around a show, as rows in the notifications outbox.

Five events per confirmed show, each with the booking's id as its event id:

- "show_booked": the CEO hears at once that the show was booked or moved, with the signed link
  to confirm they will be there;
- "studio_show": the CEO and the booked crew who sign in hear about the show before it starts;
  the CEO's copy carries the link too;
- "attendance_unconfirmed": the CEO's assistant (when named) and the scheduler who booked it
  hear that the CEO has not confirmed, if they have not by then and were asked;
- "samples_not_shipped": the CEO is reminded while the samples are not on their way;
- "outcome_missing": the scheduler who booked it is asked to record how it went.

The campaign's reminder rules say when (the defaults: 48 h and 2 h before the show, the
escalation 24 h before, samples 3 days before, the outcome 2 h after it ends). The escalation
never goes before the CEO was asked and had a while to answer (ANSWER_GRACE): a show booked at
shorter notice than its rule is escalated then, not skipped. The send-time
checks (`show_times`, `unconfirmed_times`, `samples_times`, `outcome_times`) refuse a reminder
for a show that was cancelled or moved, a CEO who confirmed (or was never reached), samples that
were shipped or an outcome already recorded.
"""

from datetime import datetime, timedelta

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from onboarding.applicants.reminders import applicant_recipient
from onboarding.applicants.services import applicant_language
from onboarding.notifications.models import ReminderKind, event_key
from onboarding.notifications.selectors import first_told_at, was_told
from onboarding.notifications.services import (
    Gone,
    Recipient,
    ReminderBatch,
    ReminderEvent,
    notice_schedule,
    reminders_cancel,
    reminders_readdress,
    reminders_reschedule,
    reminders_schedule,
)
from onboarding.studios.links import attendance_url
from onboarding.studios.models import (
    Booking,
    BookingCrew,
    BookingStatus,
    Crew,
    SampleShipment,
    ShowOutcome,
)
from onboarding.studios.selectors.bookings import readiness

NOTICE = "show_booked"
SHOW = ReminderKind.STUDIO_SHOW.value
UNCONFIRMED = ReminderKind.ATTENDANCE_UNCONFIRMED.value
SAMPLES = ReminderKind.SAMPLES_NOT_SHIPPED.value
OUTCOME = ReminderKind.OUTCOME_MISSING.value

ON_THE_WAY = (SampleShipment.Status.SHIPPED, SampleShipment.Status.RECEIVED)

# How long the CEO has to answer before the escalation, when the rule's time has passed by the
# time they are asked (a show booked at short notice): an hour, or half the time left.
ANSWER_GRACE = timedelta(hours=1)


def _crew_of(booking: Booking) -> list[Crew]:
    """The show's crew, in the booking's order (by role, then name)."""
    return [
        assignment.crew
        for assignment in BookingCrew.objects.filter(booking=booking).select_related("crew")
    ]


def _context(booking: Booking, crew: list[Crew]) -> dict:
    studio, application = booking.studio, booking.application
    # One wording for every reader: the CEO's language (their chosen one), the show is theirs.
    with translation.override(applicant_language(application)):
        missing = [item.label for item in readiness(booking=booking).items if not item.ok]
        crew_list = ", ".join(f"{c.name} ({c.get_role_display()})" for c in crew)
    return {
        "title": application.display_name,
        "reference": application.reference,
        "studio": studio.name,
        "address": studio.address,
        "city": studio.city,
        "location": ", ".join(part for part in (studio.name, studio.address, studio.city) if part),
        "crew": crew_list,
        "checklist": "; ".join(str(label) for label in missing),
        "missing": [str(label) for label in missing],
    }


def _escalation(booking: Booking, common: ReminderEvent) -> ReminderEvent | None:
    """Who hears that the CEO has not confirmed, and what they need to act on it."""
    application = booking.application
    recipients = []
    if application.assistant_email or application.assistant_phone:
        recipients.append(
            Recipient(
                email=application.assistant_email,
                phone=application.assistant_phone,
                name=application.assistant_name,
                language=application.language,
                channels=("sms",) if application.assistant_phone else (),
            )
        )
    if booking.created_by_id:
        recipients.append(Recipient(user_id=booking.created_by_id))
    if not recipients:
        return None
    context = {
        **common.context,
        "ceo": application.full_name,
        "ceo_phone": application.phone,
        # Whoever reaches the CEO may confirm for them with the same link.
        "confirm_url": attendance_url(booking.pk),
    }
    return common.changed(event_kind=UNCONFIRMED, recipients=recipients, context=context)


def _escalation_floor(booking: Booking) -> datetime | None:
    """The earliest the escalation may go: a while after the CEO is first asked to confirm the
    show at its current time. Nobody is told of silence to a question not yet put, and a show
    booked inside the rule's time is still escalated, as soon as that is fair to the CEO.

    Call it after the CEO's requests (the notice, the show reminders) were written.
    """
    asked = first_told_at(
        event_keys=[event_key(NOTICE, booking.pk), event_key(SHOW, booking.pk)],
        user_id=booking.ceo_id,
        event_starts_at=booking.starts_at,
    )
    return _floor_after(booking, asked)


def _floor_after(booking: Booking, asked: datetime | None) -> datetime | None:
    if asked is None:
        return None
    return asked + min(ANSWER_GRACE, max(booking.starts_at - asked, timedelta(0)) / 2)


def _crew(crew: list[Crew]) -> list[Recipient]:
    """The crew who sign in, as readers, by id."""
    signed_in = sorted((c for c in crew if c.user_id), key=lambda c: c.pk)
    return [Recipient(user_id=c.user_id, name=c.name) for c in signed_in]


def _common(booking: Booking, crew: list[Crew] | None = None) -> ReminderEvent:
    """The show as an event; each kind below is this with its own kind and people."""
    crew = _crew_of(booking) if crew is None else crew
    return ReminderEvent(
        event_kind=SHOW,
        event_id=booking.pk,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        campaign_id=booking.application.campaign_id,
        event_timezone=booking.studio.timezone,
        recipients=(),
        context=_context(booking, crew),
    )


def _events(
    booking: Booking, common: ReminderEvent, crew: list[Crew], *, new: bool = False
) -> list[ReminderEvent]:
    """The reminder events of a confirmed show, the CEO's requests first: the escalation's
    time depends on theirs (see _not_before). A `new` booking (made in this transaction) has
    no samples shipped yet."""
    ceo = applicant_recipient(booking.application, confirm_url=attendance_url(booking.pk))
    events = [common.changed(event_kind=SHOW, recipients=[ceo, *_crew(crew)])]
    escalation = _escalation(booking, common)
    if escalation and booking.attendance_confirmed_at is None:
        events.append(escalation)
    if new or not _samples_on_the_way(booking):
        events.append(
            common.changed(
                event_kind=SAMPLES, recipients=[applicant_recipient(booking.application)]
            )
        )
    if booking.created_by_id:
        events.append(
            common.changed(
                event_kind=OUTCOME, recipients=[Recipient(user_id=booking.created_by_id)]
            )
        )
    return events


def _samples_on_the_way(booking: Booking) -> bool:
    return SampleShipment.objects.filter(booking=booking, status__in=ON_THE_WAY).exists()


def _not_before(booking: Booking, event: ReminderEvent) -> datetime | None:
    """The escalation's floor, read once the CEO's requests are written; None for the rest."""
    if event.event_kind != UNCONFIRMED:
        return None
    return _escalation_floor(booking)


def show_reminders_schedule(*, booking: Booking, crew: list[Crew] | None = None) -> None:
    """Call in the transaction that creates the booking; `crew`, when the caller knows it, is
    the show's crew in the booking's order.

    One batch: the notice and the four kinds' rows go in one INSERT, with the rules, wording
    and accounts read once (the booking's studio lock is held meanwhile). The booking is new, so
    the CEO is first asked by the rows in the batch, which gives the escalation's floor.
    """
    if not booking.is_confirmed_show:
        return
    crew = _crew_of(booking) if crew is None else crew
    common = _common(booking, crew)
    notice = _notice_event(booking, common, moved=False)
    events = _events(booking, common, crew, new=True)
    batch = ReminderBatch(
        campaign_id=common.campaign_id,
        kinds=[NOTICE, *(event.event_kind for event in events)],
        recipients=[r for e in [*events, *([notice] if notice else [])] for r in e.recipients],
    )
    if notice is not None:
        batch.notice(event=notice)
    for event in events:
        floor = None
        if event.event_kind == UNCONFIRMED:
            asked = batch.first_told_at(
                event_keys=[event_key(NOTICE, booking.pk), event_key(SHOW, booking.pk)],
                user_id=booking.ceo_id,
                event_starts_at=booking.starts_at,
            )
            floor = _floor_after(booking, asked)
        batch.reminders(event=event, not_before=floor)
    batch.write()


def show_reminders_move(*, booking: Booking) -> None:
    """Call in the transaction that moves the booking: pending reminders follow the show, and
    the CEO is told and asked to confirm again."""
    if booking.is_confirmed_show:
        crew = _crew_of(booking)
        common = _common(booking, crew)
        _notice(booking, common, moved=True)
        for event in _events(booking, common, crew):
            reminders_reschedule(event=event, not_before=_not_before(booking, event))


def _notice(booking: Booking, common: ReminderEvent, *, moved: bool) -> None:
    notice = _notice_event(booking, common, moved=moved)
    if notice is not None:
        notice_schedule(event=notice)


def _notice_event(booking: Booking, common: ReminderEvent, *, moved: bool) -> ReminderEvent | None:
    if booking.series_id:
        # A notice per occurrence of a weekly series would bury the CEO in mail; its shows are
        # asked for one by one in their reminders.
        return None
    return common.changed(
        event_kind=NOTICE,
        context={**common.context, "moved": moved},
        recipients=[
            applicant_recipient(booking.application, confirm_url=attendance_url(booking.pk))
        ],
    )


def show_reminders_cancel(*, booking: Booking) -> None:
    """Call in the transaction that cancels the booking."""
    for kind in (NOTICE, SHOW, UNCONFIRMED, SAMPLES, OUTCOME):
        reminders_cancel(event_kind=kind, event_id=booking.pk)


def escalation_reminders_update(*, application) -> None:
    """Call when the CEO's assistant changes: pending warnings of the shows ahead go to the
    assistant named now (or to the scheduler alone when none is)."""
    shows = Booking.objects.filter(
        application=application,
        kind=Booking.Kind.SHOW,
        status=BookingStatus.CONFIRMED,
        attendance_confirmed_at__isnull=True,
        starts_at__gt=timezone.now(),
    ).select_related("studio", "application")
    for booking in shows:
        escalation = _escalation(booking, _common(booking))
        if escalation:
            reminders_readdress(event=escalation, not_before=_not_before(booking, escalation))
        else:
            reminders_cancel(event_kind=UNCONFIRMED, event_id=booking.pk)


def attendance_reminders_cancel(*, booking: Booking) -> None:
    """Call in the transaction that records the CEO's confirmation: nobody need be told."""
    reminders_cancel(
        event_kind=UNCONFIRMED, event_id=booking.pk, note=_("The CEO confirmed attendance.")
    )


def outcome_reminders_cancel(*, booking: Booking) -> None:
    """Call in the transaction that records the outcome: nobody needs asking any more."""
    reminders_cancel(event_kind=OUTCOME, event_id=booking.pk, note=_("The outcome was recorded."))


def samples_reminders_update(*, booking: Booking) -> None:
    """Call when the shipment changes: shipped stops the reminders, reopened brings them back."""
    if not booking.is_confirmed_show:
        return
    if _samples_on_the_way(booking):
        reminders_cancel(
            event_kind=SAMPLES, event_id=booking.pk, note=_("The samples are on their way.")
        )
        return
    reminders_schedule(
        event=_common(booking).changed(
            event_kind=SAMPLES, recipients=[applicant_recipient(booking.application)]
        )
    )


def _confirmed_show(booking_id: int | str) -> Booking | None:
    return Booking.objects.filter(
        pk=booking_id, status=BookingStatus.CONFIRMED, kind=Booking.Kind.SHOW
    ).first()


def show_times(booking_id: int | str) -> tuple[datetime, datetime] | None:
    """The show's times as they stand now; None when it is cancelled or gone."""
    booking = _confirmed_show(booking_id)
    return (booking.starts_at, booking.ends_at) if booking else None


def unconfirmed_times(booking_id: int | str):
    """As show_times while the CEO, asked to confirm, has not; Gone once they did, and while no
    request has reached them (or failed to): nobody is told of silence to an unasked question.
    """
    booking = _confirmed_show(booking_id)
    if booking is None:
        return None
    if booking.attendance_confirmed_at is not None:
        return Gone(_("The CEO confirmed attendance."))
    asked = [event_key(NOTICE, booking.pk), event_key(SHOW, booking.pk)]
    if not was_told(event_keys=asked, user_id=booking.ceo_id):
        return Gone(_("The CEO has not been asked to confirm yet."))
    return booking.starts_at, booking.ends_at


def samples_times(booking_id: int | str) -> tuple[datetime, datetime] | None:
    """As show_times, and None once the samples are on their way."""
    booking = _confirmed_show(booking_id)
    if booking is None or _samples_on_the_way(booking):
        return None
    return booking.starts_at, booking.ends_at


def outcome_times(booking_id: int | str) -> tuple[datetime, datetime] | None:
    """As show_times, and None once its outcome is recorded."""
    booking = _confirmed_show(booking_id)
    if booking is None or ShowOutcome.objects.filter(booking=booking).exists():
        return None
    return booking.starts_at, booking.ends_at
