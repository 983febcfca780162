from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "onboarding.notifications"
    label = "notifications"

    def ready(self) -> None:
        from onboarding.notifications import checks  # noqa: F401 (registers the check)
