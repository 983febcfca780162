from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    name = "onboarding.applicants"
    label = "applicants"
