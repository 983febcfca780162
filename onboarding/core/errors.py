"""Domain errors: services raise them, the API and pages turn them into answers."""

from typing import Any


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
