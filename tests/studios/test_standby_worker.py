"""The expiry task through a real Celery worker: the next CEO is offered the slot and mailed."""

import importlib
import time
import uuid
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from onboarding.core.models import Role
from onboarding.notifications.models import NotificationPreference
from onboarding.notifications.services import messages_dispatch_due
from onboarding.studios.models import FreedSlot, StandbyOffer
from onboarding.studios.tasks import standby_offers_expire_task
from tests.factories import CampaignFactory, StudioFactory, UserFactory
from tests.studios.standby_world import cancelled_show, ready_ceo

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_beat_expires_the_offer_and_the_worker_mails_the_next_ceo(celery_worker):
    importlib.import_module("onboarding.studios.migrations.0004_standby").create(django_apps, None)
    scheduler = UserFactory(role=Role.SCHEDULER)
    campaign, studio = CampaignFactory(), StudioFactory(name="Riverside")
    first = ready_ceo(campaign, studio, commitment=3)
    email = f"standby-{uuid.uuid4().hex[:10]}@example.com"
    second = ready_ceo(campaign, studio, commitment=2, email=email)
    # Without quiet hours, whatever the time of day the test runs: mailed at once.
    NotificationPreference.objects.create(user=second.user, quiet_hours=False)
    slot = FreedSlot.objects.get(cancelled_booking=cancelled_show(studio, scheduler, campaign))
    offer = slot.offers.get(application=first)
    # The first CEO's two hours are up.
    StandbyOffer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - timedelta(1))

    standby_offers_expire_task.delay()

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if slot.offers.filter(application=second, status="pending").exists():
            break
        time.sleep(0.1)
    offer.refresh_from_db()
    assert offer.status == StandbyOffer.Status.EXPIRED
    assert slot.offers.filter(application=second, status="pending").exists()

    # And the outbox's dispatcher (beat's other task; here in this process, so that it
    # publishes to this test's queue) hands the new offer's message to the worker, which mails it.
    assert messages_dispatch_due().handed_over >= 1
    mail = celery_worker.wait_for_mail(email)
    assert "A studio slot is free: Riverside" in mail
