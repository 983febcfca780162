from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "onboarding.core"
    label = "core"

    def ready(self) -> None:
        from onboarding.core import redaction

        # No phone, e-mail or private token in any log line of this process.
        redaction.install()
