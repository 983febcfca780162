from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "onboarding.reviews"
    label = "reviews"

    def ready(self) -> None:
        from onboarding.applicants.signals import application_submitted
        from onboarding.reviews import receivers

        application_submitted.connect(receivers.on_application_submitted, dispatch_uid="reviews")
