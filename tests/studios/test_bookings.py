"""Booking a studio: who may be booked, when, with what, and what the database refuses."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from onboarding.applicants.models import Status
from onboarding.core.errors import Invalid, NotAllowed
from onboarding.core.models import AuditEntry
from onboarding.core.selectors import audit_history
from onboarding.studios.errors import (
    BookingConflict,
    IdempotencyKeyReused,
    InBlackout,
    NotBookable,
    QuotaExceeded,
    StudioClosed,
)
from onboarding.studios.models import Blackout, Booking, BookingCrew, BookingEquipment
from onboarding.studios.services import booking_create, booking_move
from tests.factories import (
    BookingFactory,
    CrewFactory,
    EquipmentSetFactory,
    StudioFactory,
    TrainedApplicationFactory,
    UserFactory,
)
from tests.studios.conftest import SHOW_END, SHOW_START, commit_weekly


def _book(studio, application, actor, start=SHOW_START, end=SHOW_END, **kwargs):
    return booking_create(
        studio=studio, application=application, starts_at=start, ends_at=end, actor=actor, **kwargs
    )


def test_first_show_of_a_trained_ceo_is_booked_with_buffers_and_schedules_them(
    studio, application, scheduler
):
    booking, created = _book(studio, application, scheduler)

    assert created
    assert booking.ceo == application.user
    assert booking.buffered_start == SHOW_START - timedelta(minutes=30)
    assert booking.buffered_end == SHOW_END + timedelta(minutes=30)
    application.refresh_from_db()
    assert application.status == Status.SCHEDULED
    entry = audit_history(subject=booking).get()
    assert (entry.action, entry.to_state, entry.actor) == ("booking_create", "confirmed", scheduler)
    assert audit_history(subject=application).last().data["booking"] == booking.pk


@pytest.mark.parametrize("status", [Status.APPROVED, Status.IN_REVIEW, Status.WITHDRAWN])
def test_only_trained_ceos_are_bookable(studio, scheduler, status):
    application = TrainedApplicationFactory(status=status)

    with pytest.raises(NotBookable) as refused:
        _book(studio, application, scheduler)

    assert refused.value.status_code == 409
    assert not Booking.objects.exists()


def test_a_ceo_of_an_inactive_campaign_is_not_bookable(studio, scheduler):
    application = TrainedApplicationFactory(campaign__is_active=False)

    with pytest.raises(NotBookable):
        _book(studio, application, scheduler)


def test_only_a_scheduler_books(studio, application):
    with pytest.raises(NotAllowed):
        _book(studio, application, application.user)


def test_booking_outside_opening_hours_is_refused_in_local_time(application, scheduler):
    # Open 09:00-23:00 Shanghai time; 08:00-10:00 local needs 07:30 with the setup buffer.
    from datetime import time

    studio = StudioFactory(hours=(time(9), time(23)))
    start = SHOW_START.replace(hour=0)  # 08:00 in Shanghai

    with pytest.raises(StudioClosed) as refused:
        _book(studio, application, scheduler, start=start, end=start + timedelta(hours=2))

    assert "09:00–23:00" in refused.value.message
    assert "07:30–10:30" in refused.value.message


def test_teardown_past_closing_time_is_refused(application, scheduler):
    from datetime import time

    studio = StudioFactory(hours=(time(9), time(23)))
    start = SHOW_START + timedelta(hours=1)  # 21:00-23:00, teardown until 23:30

    with pytest.raises(StudioClosed):
        _book(studio, application, scheduler, start=start, end=start + timedelta(hours=2))


def test_blackout_refuses_bookings_whose_buffers_touch_it(studio, application, scheduler):
    Blackout.objects.create(
        studio=studio,
        starts_at=SHOW_END + timedelta(minutes=10),
        ends_at=SHOW_END + timedelta(hours=3),
        reason="Lighting rig maintenance",
    )

    with pytest.raises(InBlackout) as refused:
        _book(studio, application, scheduler)

    assert "Lighting rig maintenance" in refused.value.message


def test_overlap_with_buffers_is_a_conflict_that_names_the_booking(studio, scheduler):
    first, _ = _book(studio, TrainedApplicationFactory(), scheduler)
    # Ends 45 minutes before the first starts: its teardown meets the first's setup.
    end = SHOW_START - timedelta(minutes=45)

    with pytest.raises(BookingConflict) as refused:
        _book(
            studio, TrainedApplicationFactory(), scheduler, start=end - timedelta(hours=1), end=end
        )

    assert refused.value.status_code == 409
    assert refused.value.extra == {"resource": "studio", "conflicting_booking": first.pk}
    assert f"#{first.pk}" in refused.value.message


def test_back_to_back_bookings_fit_once_the_buffers_are_respected(studio, scheduler):
    _book(studio, TrainedApplicationFactory(), scheduler)
    # Teardown until 19:30, when the first's setup begins: the ranges touch, never overlap.
    end = SHOW_START - timedelta(hours=1)

    booking, created = _book(
        studio, TrainedApplicationFactory(), scheduler, start=end - timedelta(hours=1), end=end
    )

    assert created and booking.buffered_end == SHOW_START - timedelta(minutes=30)


def test_one_ceo_is_never_in_two_studios_at_once(application, scheduler):
    first, _ = _book(StudioFactory(), application, scheduler)

    with pytest.raises(BookingConflict) as refused:
        _book(StudioFactory(), application, scheduler, start=SHOW_START + timedelta(hours=1))

    assert refused.value.extra["resource"] == "ceo"
    assert refused.value.extra["conflicting_booking"] == first.pk


def test_crew_and_kit_are_reserved_with_the_studio_all_or_nothing(scheduler):
    camera, assistant = CrewFactory(), CrewFactory(role="host_assistant")
    kit = EquipmentSetFactory()
    first, _ = _book(
        StudioFactory(),
        TrainedApplicationFactory(),
        scheduler,
        crew=[camera, assistant],
        equipment=[kit],
    )
    other_studio, other_ceo = StudioFactory(), TrainedApplicationFactory()

    with pytest.raises(BookingConflict) as refused:
        _book(other_studio, other_ceo, scheduler, crew=[CrewFactory()], equipment=[kit])

    assert refused.value.extra == {"resource": "equipment", "conflicting_booking": first.pk}
    # Nothing of the refused booking is left holding the studio, the CEO or the free camera.
    assert list(Booking.objects.all()) == [first]
    assert BookingCrew.objects.count() == 2 and BookingEquipment.objects.count() == 1
    booking, _ = _book(other_studio, other_ceo, scheduler, crew=[CrewFactory()])
    assert booking.pk != first.pk


def test_crew_member_busy_elsewhere_is_named(scheduler):
    camera = CrewFactory(name="Li Na")
    first, _ = _book(StudioFactory(), TrainedApplicationFactory(), scheduler, crew=[camera])

    with pytest.raises(BookingConflict) as refused:
        _book(StudioFactory(), TrainedApplicationFactory(), scheduler, crew=[camera])

    assert "Li Na" in refused.value.message
    assert refused.value.extra["conflicting_booking"] == first.pk


def test_kit_kept_in_another_studio_cannot_be_booked(studio, application, scheduler):
    kit = EquipmentSetFactory(studio=StudioFactory())

    with pytest.raises(Invalid) as refused:
        _book(studio, application, scheduler, equipment=[kit])

    assert "equipment" in refused.value.fields


@pytest.mark.parametrize(
    ("resource", "make_second"),
    [
        ("studio", lambda first: BookingFactory(studio=first.studio, starts_at=SHOW_START)),
        ("ceo", lambda first: BookingFactory(application=first.application, starts_at=SHOW_START)),
    ],
)
def test_the_database_refuses_overlaps_the_service_never_saw(scheduler, resource, make_second):
    # Written straight to the table, past every check in Python: the constraint still holds.
    first = BookingFactory(starts_at=SHOW_START, ends_at=SHOW_END)

    with (
        pytest.raises(IntegrityError, match=f"booking_{resource}_no_overlap"),
        transaction.atomic(),
    ):
        make_second(first)

    # A cancelled booking holds nothing: the same overlap is accepted.
    Booking.objects.filter(pk=first.pk).update(status="cancelled")
    assert make_second(first).pk


def test_the_database_refuses_a_crew_member_in_two_places(scheduler):
    camera = CrewFactory()
    first, _ = _book(StudioFactory(), TrainedApplicationFactory(), scheduler, crew=[camera])
    second = BookingFactory(starts_at=SHOW_START, ends_at=SHOW_END)

    with pytest.raises(IntegrityError, match="booking_crew_no_overlap"), transaction.atomic():
        BookingCrew.objects.create(
            booking=second,
            crew=camera,
            buffered_start=second.buffered_start,
            buffered_end=second.buffered_end,
        )
    assert first.crew_assignments.count() == 1


def test_weekly_commitment_is_a_quota_a_scheduler_may_override_with_a_reason(studio, scheduler):
    application = TrainedApplicationFactory()
    commit_weekly(application, 1)
    _book(studio, application, scheduler)
    thursday = SHOW_START + timedelta(days=2)

    with pytest.raises(QuotaExceeded) as refused:
        _book(studio, application, scheduler, start=thursday, end=thursday + timedelta(hours=2))
    assert refused.value.extra == {"quota": 1, "booked": 1, "week": "2027-W21"}

    booking, _ = _book(
        studio,
        application,
        scheduler,
        start=thursday,
        end=thursday + timedelta(hours=2),
        quota_override_reason="Brand day on Thursday",
    )
    entry = audit_history(subject=booking).get()
    assert entry.reason == "Brand day on Thursday"
    assert entry.data["quota_override"] is True and entry.data["week"] == "2027-W21"


def test_the_quota_counts_shows_per_iso_week_in_the_campaign_zone(studio, scheduler):
    application = TrainedApplicationFactory()
    commit_weekly(application, 1)
    # Sunday 23:00 and Monday 00:30 in Shanghai are in different ISO weeks.
    sunday = SHOW_START + timedelta(days=5, hours=2, minutes=-60)  # Sun 30 May 21:00 local
    monday = SHOW_START + timedelta(days=6, hours=-4)  # Mon 31 May 16:00 local

    _book(studio, application, scheduler, start=sunday, end=sunday + timedelta(hours=1))
    booking, created = _book(
        studio, application, scheduler, start=monday, end=monday + timedelta(hours=1)
    )

    assert created


def test_rehearsals_do_not_count_against_the_quota(studio, scheduler):
    application = TrainedApplicationFactory()
    commit_weekly(application, 1)
    _book(studio, application, scheduler)
    later = SHOW_START + timedelta(days=1)

    booking, _ = _book(
        studio,
        application,
        scheduler,
        start=later,
        end=later + timedelta(hours=1),
        kind="rehearsal",
    )

    assert booking.kind == "rehearsal"


def test_an_idempotent_retry_returns_the_first_booking_and_makes_no_second(
    studio, application, scheduler
):
    first, created = _book(studio, application, scheduler, idempotency_key="req-1")

    again, created_again = _book(studio, application, scheduler, idempotency_key="req-1")

    assert created and not created_again
    assert again.pk == first.pk
    assert Booking.objects.count() == 1
    assert AuditEntry.objects.filter(action="booking_create").count() == 1


def test_a_key_reused_for_another_request_is_refused(studio, application, scheduler):
    _book(studio, application, scheduler, idempotency_key="req-2")
    later = SHOW_START + timedelta(days=1)

    with pytest.raises(IdempotencyKeyReused):
        _book(
            studio,
            application,
            scheduler,
            start=later,
            end=later + timedelta(hours=1),
            idempotency_key="req-2",
        )


def test_times_in_the_past_or_backwards_are_invalid(studio, application, scheduler):
    with pytest.raises(Invalid) as refused:
        _book(studio, application, scheduler, start=SHOW_END, end=SHOW_START)
    assert "ends_at" in refused.value.fields

    from django.utils import timezone

    past = timezone.now() - timedelta(days=1)
    with pytest.raises(Invalid) as refused:
        _book(studio, application, scheduler, start=past, end=past + timedelta(hours=1))
    assert "starts_at" in refused.value.fields


def test_moving_a_booking_carries_its_crew_and_frees_the_old_time(studio, scheduler):
    camera = CrewFactory()
    booking, _ = _book(studio, TrainedApplicationFactory(), scheduler, crew=[camera])
    later = SHOW_START + timedelta(days=1)

    booking_move(
        booking=booking,
        starts_at=later,
        ends_at=later + timedelta(hours=2),
        actor=scheduler,
        reason="CEO travelling",
    )

    reservation = BookingCrew.objects.get(booking=booking)
    assert reservation.buffered_start == later - timedelta(minutes=30)
    entry = audit_history(subject=booking).last()
    assert (entry.action, entry.reason) == ("booking_move", "CEO travelling")
    assert entry.data["from"]["starts_at"] == SHOW_START.isoformat()
    # The old slot is free again, for the studio and for the camera operator.
    other, _ = _book(studio, TrainedApplicationFactory(), scheduler, crew=[camera])
    assert other.pk != booking.pk


def test_a_move_into_a_taken_slot_is_refused_and_keeps_the_booking(studio, scheduler):
    first, _ = _book(studio, TrainedApplicationFactory(), scheduler)
    later = SHOW_START + timedelta(days=1)
    second, _ = _book(
        studio, TrainedApplicationFactory(), scheduler, start=later, end=later + timedelta(hours=2)
    )

    with pytest.raises(BookingConflict) as refused:
        booking_move(
            booking=second, starts_at=SHOW_START, ends_at=SHOW_END, actor=scheduler, reason="swap"
        )

    assert refused.value.extra["conflicting_booking"] == first.pk
    second.refresh_from_db()
    assert second.starts_at == later


def test_a_ceo_cannot_book_for_someone_else(studio, application):
    stranger = UserFactory()
    with pytest.raises(NotAllowed):
        _book(studio, application, stranger)


def test_a_refusal_by_the_database_becomes_a_409_naming_the_booking(studio):
    from onboarding.studios.services.checks import explain_exclusion
    from onboarding.studios.services.common import Slot

    first = BookingFactory(studio=studio, starts_at=SHOW_START)
    try:
        with transaction.atomic():
            BookingFactory(studio=studio, starts_at=SHOW_START + timedelta(minutes=30))
    except IntegrityError as exc:
        refusal = exc

    with pytest.raises(BookingConflict) as refused:
        explain_exclusion(
            refusal,
            studio=studio,
            ceo_id=UserFactory().pk,
            crew=[],
            equipment=[],
            slot=Slot.in_studio(studio, SHOW_START, SHOW_END),
        )

    assert refused.value.extra == {"resource": "studio", "conflicting_booking": first.pk}
