"""What an applicant types, made into what we store, and the checks on it: the one place.

The services call these on every write; the portal form, the admin form and the API serializer
call the same functions so what they show agrees with what the service will do. Among them the
one answer to "is this the same account twice": same platform, same handle once "@" and
surrounding spaces are gone, in any letter case.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

PHONE = re.compile(r"^\+?\d{6,15}$")
PHONE_FIELDS = ("phone", "assistant_phone")
EMAIL_FIELDS = ("email", "assistant_email")
PHONE_INVALID = gettext_noop("Enter a phone number of 6 to 15 digits, with + for abroad.")
ACCOUNT_TWICE = gettext_noop("The same account is listed twice.")
ACCOUNT_LISTED_ABOVE = gettext_noop("This account is already listed above.")


def normalize_phone(phone: str) -> str:
    """A phone number without the spaces, dashes, dots and brackets people type in it."""
    return re.sub(r"[\s\-().]", "", phone or "")


def phone_is_valid(phone: str | None) -> bool:
    """Empty, or a phone number once spaces, dashes and brackets are taken out."""
    if phone is not None and not isinstance(phone, str):
        return False  # a list or a number sent where text belongs (its field says so too)
    phone = normalize_phone(phone or "")
    return not phone or bool(PHONE.match(phone))


def phone_problems(data: Mapping[str, Any]) -> dict[str, list[str]]:
    """The phone fields in `data` that hold no phone number, with the message to show."""
    return {name: [_(PHONE_INVALID)] for name in PHONE_FIELDS if not phone_is_valid(data.get(name))}


def normalize_email(email: str | None) -> str:
    """E-mail addresses are stored lower case: one person is one address, however typed."""
    return (email or "").strip().lower()


def normalize_field(name: str, value: Any) -> Any:
    """An applicant field's value as it is stored (phones and e-mail addresses; the rest as is)."""
    if name in PHONE_FIELDS:
        return normalize_phone(value)
    if name in EMAIL_FIELDS and value:
        return normalize_email(value)
    return value


def normalize_handle(handle: str | None) -> str:
    """An account name as stored: no "@" in front, no surrounding spaces; its case kept."""
    return (handle or "").strip().lstrip("@")


def account_key(platform: str, handle: str | None) -> tuple[str, str]:
    """What makes two listed accounts the same one."""
    return (platform, normalize_handle(handle).lower())


def repeated_accounts(accounts: Iterable[Mapping[str, Any] | None]) -> list[int]:
    """The positions of accounts that repeat one listed before them (None entries skipped)."""
    seen: set[tuple[str, str]] = set()
    repeats = []
    for index, account in enumerate(accounts):
        if account is None:
            continue
        key = account_key(account.get("platform", ""), account.get("handle"))
        if key in seen:
            repeats.append(index)
        seen.add(key)
    return repeats
