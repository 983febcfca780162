from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "onboarding.training"
    label = "training"

    def ready(self) -> None:
        from onboarding.notifications.services import register_event_source
        from onboarding.training.reminders import EVENT_KIND, seat_times

        # At send time, notifications asks whether a seat reminder still stands.
        register_event_source(EVENT_KIND, seat_times)
        from onboarding.core.privacy import register_personal_data
        from onboarding.training import privacy

        register_personal_data("training", export=privacy.export)
