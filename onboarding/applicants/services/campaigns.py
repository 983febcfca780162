"""What a campaign aims for: its targets, set by leads and admins, each change audited."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from onboarding.applicants.models import Campaign
from onboarding.core.errors import Invalid, NotAllowed
from onboarding.core.models import Role, User
from onboarding.core.services import audit_record

TARGET_FIELDS = ["target_ceos_live", "target_shows", "target_turnover_cny"]
TARGET_ROLES = (Role.LEAD_REVIEWER, Role.ADMIN)
TARGETS_NOT_ALLOWED = gettext_noop("Only leads and administrators set a campaign's targets.")


def may_set_targets(user: User) -> bool:
    return bool(user and user.is_authenticated and user.has_role(*TARGET_ROLES))


def _clean(name: str, value: Any) -> int | Decimal | None:
    """The value as the column holds it, or ValidationError (empty clears the target)."""
    if value is None or value == "":
        return None
    field = Campaign._meta.get_field(name)
    if name == "target_turnover_cny":
        try:
            value = Decimal(str(value))
        except InvalidOperation:
            raise ValidationError(_("Give an amount in yuan, e.g. 1500000.00.")) from None
    elif isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        # int(2.5) would quietly make it 2: a count is a whole number or nothing.
        raise ValidationError(_("Give a whole number."))
    cleaned = field.clean(value, None)
    if cleaned is not None and cleaned <= 0:
        raise ValidationError(_("A target must be more than zero."))
    return cleaned


def _jsonable(value: int | Decimal | None) -> int | str | None:
    return f"{value:.2f}" if isinstance(value, Decimal) else value


@transaction.atomic
def campaign_targets_set(*, campaign_id: int, actor: User, targets: dict[str, Any]) -> Campaign:
    """Set some or all of a campaign's targets (None clears one); a lead's or admin's call.

    Refused whole (400 naming each field) if any value is not a positive number that fits.
    """
    if not may_set_targets(actor):
        raise NotAllowed(_(TARGETS_NOT_ALLOWED))
    problems: dict[str, list[str]] = {
        name: [_("Unknown field.")] for name in sorted(set(targets) - set(TARGET_FIELDS))
    }
    cleaned: dict[str, int | Decimal | None] = {}
    for name, value in targets.items():
        if name in problems:
            continue
        try:
            cleaned[name] = _clean(name, value)
        except ValidationError as exc:
            problems[name] = [str(message) for message in exc.messages]
    if problems:
        raise Invalid(_("Some targets are not valid."), fields=problems)
    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    changed = [
        name
        for name in TARGET_FIELDS
        if name in cleaned and getattr(campaign, name) != cleaned[name]
    ]
    if not changed:
        return campaign
    before = {name: _jsonable(getattr(campaign, name)) for name in changed}
    for name in changed:
        setattr(campaign, name, cleaned[name])
    campaign.save(update_fields=[*changed, "updated_at"])
    audit_record(
        subject=campaign,
        action="campaign_targets_set",
        actor=actor,
        data={"from": before, "to": {name: _jsonable(cleaned[name]) for name in changed}},
    )
    return campaign
