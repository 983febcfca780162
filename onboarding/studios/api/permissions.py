from onboarding.core.api.permissions import HasRole
from onboarding.core.models import Role
from onboarding.studios.selectors.common import SCHEDULERS


class IsScheduler(HasRole):
    roles = SCHEDULERS


class SeesBookings(HasRole):
    """Schedulers see all bookings, a CEO their own (the queryset narrows it)."""

    roles = (*SCHEDULERS, Role.CEO)
