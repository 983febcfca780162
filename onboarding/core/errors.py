"""Domain errors: services raise them, the API and pages turn them into answers."""

from typing import Any

from django.db import IntegrityError


class DomainError(Exception):
    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, fields: dict[str, Any] | None = None, **extra: Any):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.extra = extra


class Invalid(DomainError):
    """The input breaks a rule; `fields` says which field and why."""


class Conflict(DomainError):
    """The request is well formed but clashes with the current state of things."""

    status_code = 409
    code = "conflict"


class NotAllowed(DomainError):
    status_code = 403
    code = "forbidden"


def constraint_of(exc: IntegrityError) -> str:
    """The name of the constraint or unique index PostgreSQL refused the row with ("" if none)."""
    diag = getattr(exc.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) or ""
