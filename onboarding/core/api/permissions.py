from rest_framework.permissions import BasePermission

from onboarding.core.models import Role

REVIEW_ROLES = (Role.REVIEWER, Role.LEAD_REVIEWER, Role.ADMIN)


class HasRole(BasePermission):
    """Allow signed-in users with one of `roles`; subclass with the roles set."""

    roles: tuple[str, ...] = ()

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_role(*self.roles))


class IsReviewStaff(HasRole):
    roles = REVIEW_ROLES
