"""Template helpers for message templates (loaded for them without {% load %})."""

from django import template

from onboarding.notifications.timefmt import dual_time as _dual_time

register = template.Library()


@register.simple_tag(takes_context=True)
def dual_time(context, value):
    """{% dual_time starts_at_utc %}: the time where the event happens and the reader's."""
    if not value:
        return ""
    return _dual_time(
        value,
        event_zone=context.get("event_timezone") or "UTC",
        viewer_zone=context.get("recipient_timezone") or "",
        language=context.get("language"),
    )
