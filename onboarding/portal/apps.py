from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "onboarding.portal"
    label = "portal"
