from django.apps import AppConfig


class StudiosConfig(AppConfig):
    name = "onboarding.studios"
    label = "studios"
