"""The training app's part of an applicant's data copy (see core.privacy).

Seats and attendance hold no personal field of their own (they point at the application), so
the erasure keeps them as they are: they are the training statistics.
"""

from typing import Any

from onboarding.core.privacy import DataSubject
from onboarding.core.time import iso_utc
from onboarding.training.models import Enrolment


def export(subject: DataSubject) -> list[dict[str, Any]]:
    enrolments = (
        Enrolment.objects.filter(application_id__in=subject.application_ids)
        .select_related("session__module", "attendance")
        .order_by("created_at", "id")
    )
    rows = []
    for e in enrolments:
        attendance = getattr(e, "attendance", None)
        rows.append(
            {
                "application": e.application_id,
                "session": e.session.title,
                "starts_at": iso_utc(e.session.starts_at),
                "status": e.status,
                "enrolled_at": iso_utc(e.created_at),
                "attended": attendance.attended if attendance else None,
            }
        )
    return rows
