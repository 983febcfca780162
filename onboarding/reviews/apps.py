from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "onboarding.reviews"
    label = "reviews"

    def ready(self) -> None:
        from onboarding.applicants.signals import application_submitted
        from onboarding.notifications.services import register_event_source
        from onboarding.reviews import receivers, reminders

        application_submitted.connect(receivers.on_application_submitted, dispatch_uid="reviews")
        # At send time, notifications asks whether an information request is still unanswered.
        register_event_source(reminders.INFO_REQUEST, reminders.info_request_times)
        from onboarding.core.privacy import register_personal_data
        from onboarding.reviews import privacy

        register_personal_data("reviews", export=privacy.export, erase=privacy.erase)
