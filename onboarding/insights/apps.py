from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Campaign figures across domains: the dashboard, later the CEO scorecard."""

    name = "onboarding.insights"
    label = "insights"
