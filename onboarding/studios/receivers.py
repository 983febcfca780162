from onboarding.studios.reminders import escalation_reminders_update


def on_assistant_changed(sender, *, application, **kwargs) -> None:
    escalation_reminders_update(application=application)
