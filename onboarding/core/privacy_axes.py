"""The sign-in lockout's part of an applicant's data copy and erasure (see core.privacy).

django-axes keeps, for failed sign-ins, the account named (an applicant's username is their
e-mail), the client address and the browser's user agent, until the cool-off cleans them up;
its failure log (if turned on) and access log (turned off here) keep the same. They are found
by the account's username and by every address the applicant gave, in any letter case.

Registered as "access_attempts", which runs before "applicants" (the registry runs the parts
in name order): the applicants part renames the account, and this one reads its username first.
Attempts that named no account of theirs (a mistyped e-mail) cannot be told apart from anyone
else's and stay until axes expires them.
"""

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db.models import Q

from onboarding.core.models import User
from onboarding.core.privacy import DataSubject
from onboarding.core.time import iso_utc


def _names(subject: DataSubject) -> Q:
    names = set(subject.addresses)
    if subject.user_id:
        username = User.objects.filter(pk=subject.user_id).values_list("username", flat=True)
        names.update(username)
    query = Q(pk__in=[])
    for name in names:
        if name:
            query |= Q(username__iexact=name)
    return query


def _row(row) -> dict[str, Any]:
    return {
        "username": row.username,
        "ip_address": row.ip_address,
        "user_agent": row.user_agent,
        "path": row.path_info,
        "attempt_time": iso_utc(row.attempt_time),
    }


def export(subject: DataSubject) -> dict[str, Any]:
    match = _names(subject)
    return {
        "failed_sign_ins": [
            {**_row(row), "failures": row.failures_since_start}
            for row in AccessAttempt.objects.filter(match).order_by("attempt_time", "id")
        ],
        "failure_log": [
            {**_row(row), "locked_out": row.locked_out}
            for row in AccessFailureLog.objects.filter(match).order_by("attempt_time", "id")
        ],
        "sign_ins": [
            _row(row) for row in AccessLog.objects.filter(match).order_by("attempt_time", "id")
        ],
    }


def erase(subject: DataSubject) -> None:
    match = _names(subject)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(match).delete()
