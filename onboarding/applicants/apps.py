from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    name = "onboarding.applicants"
    label = "applicants"

    def ready(self) -> None:
        from onboarding.applicants import reminders
        from onboarding.notifications.services import register_event_source

        # At send time, notifications asks whether a draft is still unfinished.
        register_event_source(reminders.DRAFT, reminders.draft_times)
        from onboarding.applicants import privacy
        from onboarding.core.privacy import register_personal_data

        register_personal_data("applicants", export=privacy.export, erase=privacy.erase)
