from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _workload_triggers(sender, using: str = "default", **kwargs) -> None:
    """The triggers that keep each reviewer's open workload (workload.py), after every migrate.

    Migration 0003 installs them too; this covers databases built without migrations (the test
    run uses --no-migrations) and keeps them current when the open states change.
    """
    from onboarding.reviews import workload

    connection = connections[using]
    if (
        connection.vendor == "postgresql"
        and workload.TABLE in connection.introspection.table_names()
    ):
        workload.install(using=using)


class ReviewsConfig(AppConfig):
    name = "onboarding.reviews"
    label = "reviews"

    def ready(self) -> None:
        post_migrate.connect(_workload_triggers, sender=self, dispatch_uid="reviews-workload")
        from onboarding.applicants.signals import application_submitted
        from onboarding.notifications.services import register_event_source
        from onboarding.reviews import receivers, reminders

        application_submitted.connect(receivers.on_application_submitted, dispatch_uid="reviews")
        # At send time, notifications asks whether an information request is still unanswered.
        register_event_source(reminders.INFO_REQUEST, reminders.info_request_times)
        from onboarding.core.privacy import register_personal_data
        from onboarding.reviews import privacy

        register_personal_data("reviews", export=privacy.export, erase=privacy.erase)
