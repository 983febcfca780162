"""The studio admin's opening hours go through opening_hours_replace: its overlap check, its
audit row, as from the API."""

from datetime import time

import pytest
from django.urls import reverse

from onboarding.core.models import AuditEntry
from onboarding.studios.models import OpeningHours
from tests.factories import StudioFactory
from tests.helpers import admin_form_data


@pytest.fixture
def staff_client(client, scheduler):
    client.force_login(scheduler)
    return client


def _with_windows(data: dict, *windows: tuple[int, str, str]) -> dict:
    start = int(data["opening_hours-TOTAL_FORMS"])
    data = {**data, "opening_hours-TOTAL_FORMS": str(start + len(windows))}
    for offset, (weekday, opens, closes) in enumerate(windows):
        prefix = f"opening_hours-{start + offset}"
        data.update(
            {
                f"{prefix}-id": "",
                f"{prefix}-studio": "",
                f"{prefix}-weekday": str(weekday),
                f"{prefix}-opens": opens,
                f"{prefix}-closes": closes,
            }
        )
    return data


def _windows(studio) -> list[tuple]:
    return list(
        studio.opening_hours.order_by("weekday", "opens").values_list("weekday", "opens", "closes")
    )


def test_overlapping_windows_on_one_day_are_refused_in_the_admin(staff_client):
    studio = StudioFactory()
    before = _windows(studio)
    url = reverse("admin:studios_studio_change", args=[studio.pk])
    data = _with_windows(
        admin_form_data(staff_client.get(url)), (2, "09:00", "13:00"), (2, "12:00", "18:00")
    )

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "Windows on the same day overlap." in response.content.decode()
    assert _windows(studio) == before
    assert not AuditEntry.objects.filter(action="opening_hours_replace").exists()


def test_opening_hours_saved_in_the_admin_are_the_services_week_and_audited(
    staff_client, scheduler
):
    studio = StudioFactory()
    OpeningHours.objects.filter(studio=studio).delete()
    url = reverse("admin:studios_studio_change", args=[studio.pk])
    data = _with_windows(
        admin_form_data(staff_client.get(url)), (2, "09:00", "13:00"), (2, "14:00", "18:00")
    )

    response = staff_client.post(url, data)

    assert response.status_code == 302
    assert _windows(studio) == [(2, time(9), time(13)), (2, time(14), time(18))]
    entry = AuditEntry.objects.get(action="opening_hours_replace")
    assert entry.actor == scheduler
    assert entry.data["windows"] == [[2, "09:00:00", "13:00:00"], [2, "14:00:00", "18:00:00"]]


def test_an_untouched_week_writes_nothing(staff_client):
    studio = StudioFactory()
    url = reverse("admin:studios_studio_change", args=[studio.pk])

    assert staff_client.post(url, admin_form_data(staff_client.get(url))).status_code == 302

    assert not AuditEntry.objects.filter(action="opening_hours_replace").exists()
