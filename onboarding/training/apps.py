from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "onboarding.training"
    label = "training"
