from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "onboarding.core"
    label = "core"

    def ready(self) -> None:
        from onboarding.core import privacy_axes, redaction
        from onboarding.core.privacy import register_personal_data

        # No phone, e-mail or private token in any log line of this process.
        redaction.install()
        # Failed sign-ins (account named, address, browser) in the applicant's copy and erasure.
        register_personal_data(
            "access_attempts", export=privacy_axes.export, erase=privacy_axes.erase
        )
