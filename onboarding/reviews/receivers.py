from onboarding.reviews import services


def on_application_submitted(
    sender, *, application, social_accounts=None, answers=None, **kwargs
) -> None:
    """Screen and assign the application just sent, from what the submission wrote."""
    services.application_receive(
        application=application, social_accounts=social_accounts, answers=answers
    )
