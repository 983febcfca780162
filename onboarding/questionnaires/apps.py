from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "onboarding.questionnaires"
    label = "questionnaires"
