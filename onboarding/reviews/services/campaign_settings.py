"""What a lead switches per campaign: blind review, four eyes, open scoring, the deadlines."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from onboarding.applicants import workflow
from onboarding.applicants.models import Campaign
from onboarding.applicants.services import actor_kind
from onboarding.core.errors import Invalid, NotAllowed
from onboarding.core.models import User
from onboarding.core.services import audit_record
from onboarding.reviews.models import ReviewSettings

# What a lead switches per campaign (the API, the admin and the portal all go through this list).
SETTINGS_FIELDS = (
    "hide_identity",
    "four_eyes",
    "open_scoring",
    "decision_days",
    "info_response_days",
)


def settings_for(campaign: Campaign) -> ReviewSettings:
    return ReviewSettings.objects.get_or_create(campaign=campaign)[0]


def settings_of(campaign: Campaign) -> ReviewSettings:
    """The campaign's settings as they stand, or the defaults (unsaved) when none were set."""
    return ReviewSettings.objects.filter(campaign=campaign).first() or ReviewSettings(
        campaign=campaign
    )


@transaction.atomic
def review_settings_update(*, campaign: Campaign, data: dict, actor: User) -> ReviewSettings:
    """Change some or all of a campaign's review settings; the history keeps who changed what."""
    if actor_kind(actor) not in workflow.LEADS:
        raise NotAllowed(_("Only a lead reviewer changes the review settings."))
    unknown = sorted(set(data) - set(SETTINGS_FIELDS))
    if unknown:
        raise Invalid(
            _("Some fields are not known."),
            fields={name: [_("Unknown field.")] for name in unknown},
        )
    # Locked, so two leads saving at once each see the other's change in their audit line.
    review_settings, _created = ReviewSettings.objects.select_for_update().get_or_create(
        campaign=campaign
    )
    before = {name: getattr(review_settings, name) for name in SETTINGS_FIELDS}
    for name, value in data.items():
        setattr(review_settings, name, value)
    try:
        review_settings.full_clean(exclude=["campaign"])
    except ValidationError as exc:
        raise Invalid(_("Some fields are not valid."), fields=exc.message_dict) from None
    changed = {
        name: [before[name], getattr(review_settings, name)]
        for name in SETTINGS_FIELDS
        if getattr(review_settings, name) != before[name]
    }
    if changed:
        review_settings.save(update_fields=list(changed))
        audit_record(
            subject=campaign,
            action="review_settings_update",
            actor=actor,
            data={"changed": changed},
        )
    return review_settings
