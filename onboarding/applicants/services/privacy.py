"""An applicant's personal data: the copy they download, erasure, and who looked at it.

Every app adds its part of the copy and of the erasure through `onboarding.core.privacy`
(registered in its AppConfig.ready()); this module finds the data subject and runs them.
"""

import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework.authtoken.models import Token

from onboarding.applicants.models import AccessCode, Application, ErasureRequest, PersonalDataAccess
from onboarding.applicants.services.common import mail_applicant
from onboarding.core import privacy
from onboarding.core.errors import Conflict, DomainError, Invalid, NotAllowed
from onboarding.core.models import Role, User
from onboarding.core.services import audit_record, require_reason
from onboarding.core.time import iso_utc

CODE_LIFETIME = timedelta(minutes=15)
CODE_MAX_FAILURES = 5
CODE_DIGITS = 6
# Codes one application may be sent in an hour: the e-mail cannot be used to flood them.
CODES_PER_HOUR = 5

CODE_WRONG = gettext_noop("This code is wrong or has expired. Ask for a new one.")
ERASURE_DECIDERS = (Role.LEAD_REVIEWER, Role.ADMIN)
ERASURE_NOT_ALLOWED = gettext_noop("Only leads confirm or refuse an erasure.")
ERASURE_NOT_PENDING = gettext_noop("This erasure request was already decided: %(status)s.")
ALREADY_ERASED = gettext_noop("This application's personal data has already been erased.")
TOO_MANY_CODES = gettext_noop("Too many codes were sent for this application. Try again later.")


class TooManyCodes(DomainError):
    status_code = 429
    code = "throttled"


def _code_hash(application_id: int, code: str) -> str:
    return salted_hmac("applicants.access-code", f"{application_id}:{code}").hexdigest()


@transaction.atomic
def access_code_send(*, application: Application) -> AccessCode:
    """Send a fresh one-time code to the applicant's e-mail through the outbox.

    Codes sent before it stop working: only the latest one counts.
    """
    if _is_erased(application):
        raise Conflict(_(ALREADY_ERASED))
    now = timezone.now()
    # Lock the application so two requests at once count each other.
    Application.objects.select_for_update().filter(pk=application.pk).first()
    recent = list(
        AccessCode.objects.filter(
            application=application, created_at__gt=now - timedelta(hours=1)
        ).values_list("created_at", flat=True)
    )
    if len(recent) >= CODES_PER_HOUR:
        wait = min(recent) + timedelta(hours=1) - now
        raise TooManyCodes(_(TOO_MANY_CODES), retry_after=max(1, int(wait.total_seconds())))
    AccessCode.objects.filter(application=application, used_at=None).update(used_at=now)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    row = AccessCode.objects.create(
        application=application,
        code_hash=_code_hash(application.pk, code),
        created_at=now,
        expires_at=now + CODE_LIFETIME,
    )
    mail_applicant(
        application=application,
        kind="access_code",
        context={
            "application": application,
            "code": code,
            "minutes": int(CODE_LIFETIME.total_seconds() // 60),
        },
        dedupe_key=f"access_code:{row.pk}",
    )
    return row


def access_code_use(*, application: Application, code: str) -> None:
    """Spend the applicant's latest code, or refuse (400 naming `code`) when wrong or expired.

    A wrong try is counted and kept even though the request fails, so guessing runs out.
    """
    with transaction.atomic():
        row = (
            AccessCode.objects.select_for_update()
            .filter(application=application, used_at=None)
            .order_by("-created_at", "-id")
            .first()
        )
        now = timezone.now()
        good = (
            row is not None
            and row.expires_at > now
            and row.failed_attempts < CODE_MAX_FAILURES
            and hmac.compare_digest(row.code_hash, _code_hash(application.pk, str(code).strip()))
        )
        if good and row is not None:
            row.used_at = now
            row.save(update_fields=["used_at"])
        elif row is not None:
            row.failed_attempts += 1
            row.save(update_fields=["failed_attempts"])
    if not good:
        raise Invalid(_(CODE_WRONG), fields={"code": [_(CODE_WRONG)]})


def data_subject(
    *, application: Application | None = None, user: User | None = None
) -> privacy.DataSubject:
    """The person behind an application or an account: all their applications and addresses."""
    user_id = user.pk if user is not None else (application.user_id if application else None)
    applications = list(Application.objects.filter(user_id=user_id)) if user_id else []
    if application is not None and application.pk not in {a.pk for a in applications}:
        applications.append(application)
    addresses = set()
    for app in applications:
        for value in (app.email, app.phone, app.assistant_email, app.assistant_phone):
            if value:
                addresses.add(value.lower())
    if user_id:
        email = get_user_model().objects.filter(pk=user_id).values_list("email", flat=True).first()
        if email:
            addresses.add(email.lower())
    return privacy.DataSubject(
        application_ids=tuple(sorted(a.pk for a in applications)),
        user_id=user_id,
        addresses=frozenset(addresses),
    )


def personal_data_export(
    *, application: Application | None = None, user: User | None = None
) -> dict[str, Any]:
    """Everything held about the applicant, as JSON-ready data."""
    subject = data_subject(application=application, user=user)
    return {
        "generated_at": iso_utc(timezone.now()),
        "applications": list(subject.application_ids),
        **privacy.personal_data_export(subject),
    }


def access_record(*, actor: User, application_ids: list[int], via: str) -> None:
    """Log that a staff member read these applicants' personal details: one insert for all."""
    if not application_ids or not getattr(actor, "is_authenticated", False):
        return
    now = timezone.now()
    reads = [
        PersonalDataAccess(application_id=pk, actor=actor, via=via, at=now)
        for pk in dict.fromkeys(application_ids)
    ]
    if len(reads) == 1:
        # A detail's one read is one INSERT, committed on its own (autocommit): bulk_create
        # wraps even one row in a transaction, a BEGIN and a COMMIT more on each detail request.
        reads[0].save(force_insert=True)
        return
    PersonalDataAccess.objects.bulk_create(reads)


def _is_erased(application: Application) -> bool:
    return ErasureRequest.objects.filter(
        application_id=application.pk, status=ErasureRequest.Status.CONFIRMED
    ).exists()


@transaction.atomic
def erasure_request(*, application: Application, via: str) -> ErasureRequest:
    """The applicant asks to be erased; a lead decides. Asking twice is one request."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if _is_erased(application):
        raise Conflict(_(ALREADY_ERASED))
    pending = ErasureRequest.objects.filter(
        application=application, status=ErasureRequest.Status.PENDING
    ).first()
    if pending is not None:
        return pending
    request = ErasureRequest.objects.create(application=application, via=via)
    audit_record(
        subject=application,
        action="erasure_requested",
        to_state=ErasureRequest.Status.PENDING,
        data={"request": request.pk, "via": via},
    )
    return request


def _decidable(*, request_id: int, actor: User) -> ErasureRequest:
    if not actor.has_role(*ERASURE_DECIDERS):
        raise NotAllowed(_(ERASURE_NOT_ALLOWED))
    request = (
        ErasureRequest.objects.select_for_update().select_related("application").get(pk=request_id)
    )
    if request.status != ErasureRequest.Status.PENDING:
        raise Conflict(
            _(ERASURE_NOT_PENDING) % {"status": request.get_status_display()},
            status=request.status,
        )
    return request


@transaction.atomic
def erasure_confirm(*, request_id: int, actor: User, reason: str = "") -> ErasureRequest:
    """Erase the applicant's personal data everywhere; statistics and the fact of it remain."""
    request = _decidable(request_id=request_id, actor=actor)
    subject = data_subject(application=request.application)
    parts = privacy.personal_data_erase(subject)
    request.status = ErasureRequest.Status.CONFIRMED
    request.decided_by, request.decided_at = actor, timezone.now()
    request.decision_reason = (reason or "").strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    for application_id in subject.application_ids:
        audit_record(
            subject=Application(pk=application_id),
            action="personal_data_erased",
            actor=actor,
            from_state=ErasureRequest.Status.PENDING,
            to_state=ErasureRequest.Status.CONFIRMED,
            data={"request": request.pk, "parts": parts},
        )
    return request


@transaction.atomic
def erasure_refuse(*, request_id: int, actor: User, reason: str) -> ErasureRequest:
    """Refuse an erasure, with the reason (a legal hold, an open dispute); audited."""
    reason = require_reason(reason)
    request = _decidable(request_id=request_id, actor=actor)
    request.status = ErasureRequest.Status.REFUSED
    request.decided_by, request.decided_at = actor, timezone.now()
    request.decision_reason = reason
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit_record(
        subject=request.application,
        action="erasure_refused",
        actor=actor,
        from_state=ErasureRequest.Status.PENDING,
        to_state=ErasureRequest.Status.REFUSED,
        reason=reason,
        data={"request": request.pk},
    )
    return request


def account_erase(*, user_id: int) -> None:
    """A CEO's account: no name, address or password left, signed out everywhere, unusable."""
    user = User.objects.filter(pk=user_id, role=Role.CEO).first()
    if user is None:
        return
    user.username = f"erased-{user.pk}"
    user.email = ""
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(
        update_fields=["username", "email", "first_name", "last_name", "is_active", "password"]
    )
    Token.objects.filter(user_id=user.pk).delete()
    # Sessions keep the user's id inside their encoded data: read the live ones to find theirs.
    stale = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now())
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=stale).delete()
