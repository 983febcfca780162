"""A campaign's settings and what it aims for (its targets, set by leads and admins); each
change audited, and the drafts' reminders follow its closing time."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
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
    assert isinstance(field, models.Field)  # targets are columns, not relations
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


# What staff edit on a campaign besides its targets (the admin's form).
CAMPAIGN_FIELDS = [
    "name",
    "name_zh",
    "slug",
    "code",
    "application_opens_at",
    "application_closes_at",
    "sales_starts_on",
    "sales_ends_on",
    "min_weekly_events",
    "timezone",
    "is_active",
]
# A change to one of these moves when the drafts' reminders fall due.
REMINDER_TIME_FIELDS = ("application_closes_at", "timezone")


def _audit_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return _jsonable(value)


@transaction.atomic
def campaign_update(*, campaign: Campaign, changes: dict[str, Any], actor: User) -> Campaign:
    """Change a campaign's settings (targets go on to `campaign_targets_set`); audited.

    When the closing time or the time zone moves, the drafts' reminders follow, in the
    background after the commit: a campaign may hold thousands of drafts.
    """
    unknown = sorted(set(changes) - set(CAMPAIGN_FIELDS) - set(TARGET_FIELDS))
    if unknown:
        raise Invalid(
            _("Some fields are not known."),
            fields={name: [_("Unknown field.")] for name in unknown},
        )
    targets = {name: value for name, value in changes.items() if name in TARGET_FIELDS}
    settings = {name: value for name, value in changes.items() if name in CAMPAIGN_FIELDS}
    # Locked: two people saving at once each see the other's change in their audit line.
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    before = {name: getattr(campaign, name) for name in settings}
    for name, value in settings.items():
        setattr(campaign, name, value)
    changed = [name for name in settings if getattr(campaign, name) != before[name]]
    if changed:
        try:
            campaign.clean_fields(
                exclude=[f.name for f in Campaign._meta.fields if f.name not in changed]
            )
            campaign.validate_unique(exclude=[f for f in CAMPAIGN_FIELDS if f not in changed])
            campaign.validate_constraints()
        except ValidationError as exc:
            raise Invalid(_("Some fields are not valid."), fields=exc.message_dict) from None
        campaign.save(update_fields=[*changed, "updated_at"])
        audit_record(
            subject=campaign,
            action="campaign_update",
            actor=actor,
            data={
                "from": {name: _audit_value(before[name]) for name in changed},
                "to": {name: _audit_value(getattr(campaign, name)) for name in changed},
            },
        )
        if set(REMINDER_TIME_FIELDS) & set(changed):
            _drafts_follow(campaign)
    if targets:
        campaign = campaign_targets_set(campaign_id=campaign.pk, actor=actor, targets=targets)
    return campaign


def _drafts_follow(campaign: Campaign) -> None:
    # Imported here: the task module reaches back into the services through the reminders.
    from onboarding.applicants.tasks import campaign_drafts_reschedule_task

    campaign_id = campaign.pk
    # robust: a broker that is away must not turn the saved change into an error.
    transaction.on_commit(lambda: campaign_drafts_reschedule_task.delay(campaign_id), robust=True)
