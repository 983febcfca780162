from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _

from onboarding.core.errors import Invalid
from onboarding.core.models import AuditEntry, User


def audit_record(
    *,
    subject: models.Model,
    action: str,
    actor: User | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append a line to the subject's history; call it inside the transaction of the change."""
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
    )


def require_reason(reason: str) -> str:
    """The reason a decision, move or cancellation must carry, trimmed; a 400 when empty."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give a reason."), fields={"reason": [_("Give a reason.")]})
    return reason


def user_last_campaign_set(*, user: User, slug: str) -> None:
    """Remember the campaign a staff member works on, so the portal opens on it next time."""
    if user.last_campaign != slug:
        User.objects.filter(pk=user.pk).update(last_campaign=slug)
        user.last_campaign = slug
