"""Thin Celery wrappers around the studios' services (beat runs them)."""

from celery import shared_task

from onboarding.studios.services.standby import standby_offers_expire


@shared_task
def standby_offers_expire_task() -> int:
    return standby_offers_expire()
