"""Every write of training: sessions, enrolments and the waiting list, attendance, completion."""

from onboarding.training.services.attendance import attendance_mark
from onboarding.training.services.enrolments import enrolment_cancel, enrolment_create
from onboarding.training.services.sessions import (
    session_cancel,
    session_create,
    session_problems,
    session_update,
)

__all__ = [
    "attendance_mark",
    "enrolment_cancel",
    "enrolment_create",
    "session_cancel",
    "session_create",
    "session_problems",
    "session_update",
]
