from onboarding.core.api.permissions import HasRole
from onboarding.core.models import Role


class IsScheduler(HasRole):
    roles = (Role.SCHEDULER, Role.ADMIN)


class SeesBookings(HasRole):
    """Schedulers see all bookings, a CEO their own (the queryset narrows it)."""

    roles = (Role.SCHEDULER, Role.ADMIN, Role.CEO)
