from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "onboarding.notifications"
    label = "notifications"

    def ready(self) -> None:
        from onboarding.core.privacy import register_personal_data
        from onboarding.notifications import (
            checks,  # noqa: F401 (registers the check)
            privacy,
        )

        register_personal_data("notifications", export=privacy.export, erase=privacy.erase)
