from onboarding.reviews import services


def on_application_submitted(sender, *, application, **kwargs) -> None:
    services.application_receive(application=application)
