from django.conf import settings
from django.core.checks import Warning, register

from onboarding.notifications import conf


@register()
def stale_claim_outlives_a_live_sender(app_configs, **kwargs):
    """A live sender must never look dead, or two could send the same message."""
    limit = getattr(settings, "CELERY_TASK_TIME_LIMIT", None)
    if limit and conf.stale_claim().total_seconds() <= limit:
        return [
            Warning(
                "NOTIFICATIONS_STALE_CLAIM_SECONDS is not longer than CELERY_TASK_TIME_LIMIT.",
                hint="A sender still at work could be taken for dead and the message sent twice.",
                id="notifications.W001",
            )
        ]
    return []
