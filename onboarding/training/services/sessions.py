"""Trainers publish, change and cancel the sessions they teach."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.core.errors import Conflict, Invalid, NotAllowed
from onboarding.core.models import Role, User
from onboarding.core.services import audit_record, require_reason
from onboarding.training.messages import notify_enrolment
from onboarding.training.models import Attendance, Enrolment, TrainingModule, TrainingSession
from onboarding.training.reminders import seat_reminders_cancel, seat_reminders_move
from onboarding.training.services.common import (
    fill_seats,
    is_admin,
    locked_session,
    require_session_trainer,
    seats_taken,
)

# What a trainer may change on a session (the module stays: attendance counts per module).
SESSION_FIELDS = ("trainer", "starts_at", "ends_at", "location", "video_url", "capacity")
# What may still change once a session has started.
AFTER_START = {"trainer", "location", "video_url"}
# Changes the enrolled CEOs are told about.
NOTIFIED = {"starts_at", "ends_at", "location", "video_url"}


def session_problems(
    *,
    trainer: User | None,
    starts_at: datetime | None,
    ends_at: datetime | None,
    location: str,
    video_url: str,
    capacity: int | None,
) -> dict[str, list[str]]:
    """What is wrong with a session's fields, by field; empty when nothing is."""
    errors: dict[str, list[str]] = {}
    if trainer is None or not trainer.has_role(Role.TRAINER):
        errors["trainer"] = [_("Choose a trainer.")]
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = [_("A session must end after it starts.")]
    if not (location or "").strip() and not video_url:
        errors["location"] = [_("Give a place, a video link, or both.")]
    if capacity is None or capacity < 1:
        errors["capacity"] = [_("A session has at least one seat.")]
    return errors


def _snapshot(session: TrainingSession) -> dict[str, Any]:
    return {
        "module": session.module_id,
        "trainer": session.trainer_id,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "location": session.location,
        "video_url": session.video_url,
        "capacity": session.capacity,
    }


def _future(errors: dict[str, list[str]], starts_at: datetime) -> None:
    if starts_at <= timezone.now():
        errors.setdefault("starts_at", []).append(_("Choose a time in the future."))


@transaction.atomic
def session_create(
    *,
    module: TrainingModule,
    actor: User,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    trainer: User | None = None,
    location: str = "",
    video_url: str = "",
) -> TrainingSession:
    """Publish a session; a trainer teaches it themselves, an administrator may name the trainer."""
    if not actor.has_role(Role.TRAINER, Role.ADMIN):
        raise NotAllowed(_("Only trainers and administrators publish training sessions."))
    trainer = trainer or actor
    if trainer.pk != actor.pk and not is_admin(actor):
        raise NotAllowed(_("Trainers publish the sessions they teach themselves."))
    errors = session_problems(
        trainer=trainer,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        video_url=video_url,
        capacity=capacity,
    )
    _future(errors, starts_at)
    if errors:
        raise Invalid(_("Some fields are not valid."), fields=errors)
    session = TrainingSession.objects.create(
        module=module,
        trainer=trainer,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        video_url=video_url,
        capacity=capacity,
    )
    audit_record(
        subject=session,
        action="session_create",
        actor=actor,
        to_state=session.status,
        data=_snapshot(session),
    )
    return session


@transaction.atomic
def session_update(
    *, session: TrainingSession, actor: User, data: dict[str, Any], reason: str = ""
) -> TrainingSession:
    """Change a session's trainer, time, place or seats; more seats move waiting CEOs up.

    Fewer seats than CEOs already hold is refused (409), as is moving a session that started.
    """
    unknown = sorted(set(data) - set(SESSION_FIELDS))
    if unknown:
        raise Invalid(
            _("Some fields are not valid."),
            fields={name: [_("Unknown field.")] for name in unknown},
        )
    session = locked_session(session.pk)
    require_session_trainer(
        session, actor, _("Only the session's trainer or an administrator changes it.")
    )
    if session.status == TrainingSession.Status.CANCELLED:
        raise Conflict(_("This training session is cancelled."), session_status=session.status)
    before = _snapshot(session)
    changed = {name: value for name, value in data.items() if _differs(session, name, value)}
    if not changed:
        return session
    if session.starts_at <= timezone.now() and set(changed) - AFTER_START:
        raise Conflict(_("This training session has started: its time and seats stay as they are."))
    for name, value in changed.items():
        setattr(session, name, value)
    errors = session_problems(
        trainer=session.trainer,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        location=session.location,
        video_url=session.video_url,
        capacity=session.capacity,
    )
    if "starts_at" in changed:
        _future(errors, session.starts_at)
    if errors:
        raise Invalid(_("Some fields are not valid."), fields=errors)
    taken = seats_taken(session)
    if session.capacity < taken:
        raise Conflict(
            _("%(taken)s CEOs already hold seats; cancel some before removing seats.")
            % {"taken": taken},
            seats_taken=taken,
        )
    session.save(update_fields=[*changed, "updated_at"])
    after = _snapshot(session)
    entry = audit_record(
        subject=session,
        action="session_update",
        actor=actor,
        reason=reason,
        data={name: [before[name], after[name]] for name in changed},
    )
    fill_seats(session)
    if set(changed) & NOTIFIED:
        for enrolment in _active_enrolments(session):
            notify_enrolment(enrolment=enrolment, kind="moved", event_id=entry.pk)
            if enrolment.status == Enrolment.Status.ENROLLED:
                # The reminders follow the session (new time, new place in their text).
                seat_reminders_move(enrolment=enrolment)
    return session


def _differs(session: TrainingSession, name: str, value: Any) -> bool:
    if name == "trainer":
        return getattr(value, "pk", None) != session.trainer_id
    return getattr(session, name) != value


def _active_enrolments(session: TrainingSession) -> list[Enrolment]:
    enrolments = list(
        Enrolment.objects.select_for_update(of=("self",))
        .filter(
            session=session, status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED]
        )
        .select_related("application")
        .order_by("created_at", "id")
    )
    for enrolment in enrolments:
        enrolment.session = session
    return enrolments


@transaction.atomic
def session_cancel(*, session: TrainingSession, actor: User, reason: str) -> TrainingSession:
    """Cancel a session and every seat and waiting place in it; each CEO is told."""
    reason = require_reason(reason)
    session = locked_session(session.pk)
    require_session_trainer(
        session, actor, _("Only the session's trainer or an administrator cancels it.")
    )
    if session.status == TrainingSession.Status.CANCELLED:
        raise Conflict(
            _("This training session is already cancelled."), session_status=session.status
        )
    if Attendance.objects.filter(enrolment__session=session).exists():
        raise Conflict(_("Attendance is recorded for this session; it can no longer be cancelled."))
    now = timezone.now()
    previous = session.status
    session.status, session.cancelled_at = TrainingSession.Status.CANCELLED, now
    session.save(update_fields=["status", "cancelled_at", "updated_at"])
    enrolments = _active_enrolments(session)
    audit_record(
        subject=session,
        action="session_cancel",
        actor=actor,
        from_state=previous,
        to_state=session.status,
        reason=reason,
        data={"enrolments": len(enrolments)},
    )
    for enrolment in enrolments:
        was = enrolment.status
        enrolment.status, enrolment.cancelled_at = Enrolment.Status.CANCELLED, now
        enrolment.save(update_fields=["status", "cancelled_at", "updated_at"])
        entry = audit_record(
            subject=enrolment,
            action="cancel",
            actor=actor,
            from_state=was,
            to_state=enrolment.status,
            reason=reason,
            data={"session_cancelled": True},
        )
        notify_enrolment(enrolment=enrolment, kind="cancelled", event_id=entry.pk)
        if was == Enrolment.Status.ENROLLED:
            seat_reminders_cancel(enrolment=enrolment)
    return session
