from django.apps import AppConfig


class PlanningConfig(AppConfig):
    """Festival plans: the planner's runs, kept per run, and their acceptance into bookings."""

    name = "onboarding.planning"
    label = "planning"
