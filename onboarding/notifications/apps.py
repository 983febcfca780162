from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "onboarding.notifications"
    label = "notifications"
