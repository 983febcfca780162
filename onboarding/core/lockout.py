"""Sign-in lockout on django-axes: the account it counts, and the answer a locked client gets.

Axes counts failed sign-ins in the database (not the cache: sign-in keeps working while Redis is
away) on every path that calls `authenticate`: /login/, /admin/login/ and the API's token
endpoint. The count is kept by account, not by what was typed, so "lead", "lead@example.com"
and " Lead@Example.com " all add to the one lock; and by client address.
Staff see and lift locks in the admin (Axes > Access attempts: delete the row).
"""

import math
from datetime import datetime

from axes.helpers import get_client_ip_address, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions

from onboarding.core.models import User


def client_address(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the connection's address, or the one TRUSTED_PROXY_COUNT proxies
    saw (the Nth from the right of X-Forwarded-For: the ones left of it the client can forge)."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
    ]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def _typed(request: HttpRequest | None, credentials: dict | None) -> str:
    if credentials and credentials.get("username"):
        return str(credentials["username"])
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    try:
        return str(data.get("username", "") or "")
    except AttributeError:
        return ""


def resolve_username(typed: str) -> str:
    """The account's username for what was typed (username or e-mail), else the typed string."""
    typed = typed.strip()
    if "@" not in typed:
        return typed
    lowered = typed.lower()
    if User.objects.filter(username=lowered).exists():
        return lowered
    named = list(User.objects.filter(email__iexact=lowered).values_list("username", flat=True)[:2])
    return named[0] if len(named) == 1 else lowered


def account_username(request: HttpRequest | None, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the account the attempt was for, however it was named."""
    return resolve_username(_typed(request, credentials))


def locked_until(request: HttpRequest, credentials: dict | None = None) -> datetime | None:
    """When the lock on this account or this address ends (None: not locked)."""
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    match = Q(ip_address=get_client_ip_address(request))
    username = account_username(request, credentials)
    if username:
        match |= Q(username=username)
    last = (
        AccessAttempt.objects.filter(match)
        .filter(
            failures_since_start__gte=get_failure_limit(request, credentials),
            attempt_time__gte=timezone.now() - cool_off,
        )
        .aggregate(last=Max("attempt_time"))["last"]
    )
    return None if last is None else last + cool_off


def retry_after(request: HttpRequest, credentials: dict | None = None) -> int:
    """Seconds until the lock ends; the whole cool-off when it cannot be told."""
    until = locked_until(request, credentials)
    if until is None:
        cool_off = get_cool_off(request)
        return int(cool_off.total_seconds()) if cool_off else 0
    return max(1, math.ceil((until - timezone.now()).total_seconds()))


def lockout_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many failed sign-ins: this account is locked. Try again in %(minutes)d minute, "
        "or ask an administrator to lift the lock.",
        "Too many failed sign-ins: this account is locked. Try again in %(minutes)d minutes, "
        "or ask an administrator to lift the lock.",
        minutes,
    ) % {"minutes": minutes}


class SignInLocked(exceptions.Throttled):
    """429 with Retry-After, in the API's {code, message, fields} shape."""

    default_code = "locked_out"

    def __init__(self, seconds: int) -> None:
        super().__init__(detail=lockout_message(seconds), code=self.default_code)
        self.wait = seconds


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: what /login/, /admin/login/ (and the API, if it gets here) answer."""
    seconds = retry_after(request, credentials)
    message = lockout_message(seconds)
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"code": SignInLocked.default_code, "message": message, "fields": {}}, status=429
        )
    else:
        response = render(
            request,
            "registration/locked_out.html",
            {"message": message, "title": _("Sign-in locked")},
            status=429,
        )
    response["Retry-After"] = str(seconds)
    return response
