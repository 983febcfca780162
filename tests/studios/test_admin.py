"""The studios admin keeps the services' promises: the shows still to chase, and blackouts
written through their service, with the audit row the API would leave."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from onboarding.core.models import AuditEntry
from onboarding.studios.models import Blackout
from tests.factories import BookingFactory, StudioFactory
from tests.helpers import admin_form_data

BOOKINGS = reverse("admin:studios_booking_changelist")


@pytest.fixture
def staff_client(client, scheduler):
    client.force_login(scheduler)
    return client


def test_not_confirmed_lists_only_the_shows_still_to_chase(staff_client, studio):
    now = timezone.now()
    waiting = BookingFactory(studio=studio, starts_at=now + timedelta(days=3))
    BookingFactory(studio=studio, starts_at=now + timedelta(days=4), status="cancelled")
    BookingFactory(studio=studio, starts_at=now - timedelta(days=2))
    BookingFactory(studio=studio, starts_at=now + timedelta(days=5), kind="rehearsal")

    response = staff_client.get(BOOKINGS, {"attendance": "no"})

    assert response.status_code == 200
    assert [b.pk for b in response.context["cl"].result_list] == [waiting.pk]


class TestBlackouts:
    def _page(self, client, studio):
        url = reverse("admin:studios_studio_change", args=[studio.pk])
        return url, client.get(url)

    def _add_row(self, data: dict, starts_at: datetime, reason: str) -> dict:
        index = int(data["blackouts-TOTAL_FORMS"])
        ends_at = starts_at + timedelta(hours=4)
        return {
            **data,
            "blackouts-TOTAL_FORMS": str(index + 1),
            f"blackouts-{index}-studio": "",
            f"blackouts-{index}-id": "",
            f"blackouts-{index}-starts_at_0": f"{starts_at:%Y-%m-%d}",
            f"blackouts-{index}-starts_at_1": f"{starts_at:%H:%M:%S}",
            f"blackouts-{index}-ends_at_0": f"{ends_at:%Y-%m-%d}",
            f"blackouts-{index}-ends_at_1": f"{ends_at:%H:%M:%S}",
            f"blackouts-{index}-reason": reason,
        }

    def test_a_blackout_added_here_is_audited_and_names_the_shows_inside_it(
        self, staff_client, scheduler
    ):
        studio = StudioFactory()
        starts_at = datetime(2027, 5, 25, 10, 0, tzinfo=UTC)
        inside = BookingFactory(studio=studio, starts_at=starts_at + timedelta(hours=1))
        url, page = self._page(staff_client, studio)

        response = staff_client.post(
            url, self._add_row(admin_form_data(page), starts_at, "Lighting repairs"), follow=True
        )

        assert response.status_code == 200
        blackout = Blackout.objects.get(studio=studio)
        assert (blackout.reason, blackout.created_by) == ("Lighting repairs", scheduler)
        entry = AuditEntry.objects.get(action="blackout_add")
        assert entry.actor == scheduler and entry.reason == "Lighting repairs"
        assert entry.data["affected_bookings"] == [inside.pk]
        shown = [str(m) for m in response.context["messages"]]
        assert any(f"#{inside.pk}" in text for text in shown)

    def test_a_blackout_removed_here_is_audited(self, staff_client, scheduler):
        studio = StudioFactory()
        starts_at = datetime(2027, 5, 25, 10, 0, tzinfo=UTC)
        Blackout.objects.create(
            studio=studio, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), reason="x"
        )
        url, page = self._page(staff_client, studio)
        data = {**admin_form_data(page), "blackouts-0-DELETE": "on"}

        response = staff_client.post(url, data)

        assert response.status_code == 302
        assert not Blackout.objects.filter(studio=studio).exists()
        assert AuditEntry.objects.get(action="blackout_remove").actor == scheduler

    def test_a_blackout_changed_here_is_a_removal_and_an_addition_on_the_record(self, staff_client):
        studio = StudioFactory()
        starts_at = datetime(2027, 5, 25, 10, 0, tzinfo=UTC)
        Blackout.objects.create(
            studio=studio, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), reason="x"
        )
        url, page = self._page(staff_client, studio)
        data = {**admin_form_data(page), "blackouts-0-reason": "Power cut"}

        assert staff_client.post(url, data).status_code == 302

        assert list(Blackout.objects.filter(studio=studio).values_list("reason", flat=True)) == [
            "Power cut"
        ]
        actions = AuditEntry.objects.filter(action__startswith="blackout").order_by("id")
        assert [(e.action, e.reason) for e in actions] == [
            ("blackout_remove", "x"),
            ("blackout_add", "Power cut"),
        ]
