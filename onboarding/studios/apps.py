from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import pre_migrate


def _btree_gist(sender, using: str = "default", **kwargs) -> None:
    """The exclusion constraints compare ids with = inside a GiST index: btree_gist does that.

    The first migration creates the extension; this covers databases built without migrations
    (the test run uses --no-migrations), before any table is made.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")


class StudiosConfig(AppConfig):
    name = "onboarding.studios"
    label = "studios"

    def ready(self) -> None:
        pre_migrate.connect(_btree_gist, sender=self, dispatch_uid="studios-btree-gist")

        from onboarding.applicants.signals import assistant_changed
        from onboarding.notifications.services import register_event_source
        from onboarding.studios import receivers, reminders

        assistant_changed.connect(receivers.on_assistant_changed, dispatch_uid="studios")

        # At send time, notifications asks whether a show's reminder still stands.
        register_event_source(reminders.NOTICE, reminders.show_times)
        register_event_source(reminders.SHOW, reminders.show_times)
        register_event_source(reminders.UNCONFIRMED, reminders.unconfirmed_times)
        register_event_source(reminders.SAMPLES, reminders.samples_times)
        register_event_source(reminders.OUTCOME, reminders.outcome_times)
        from onboarding.studios import standby_messages

        register_event_source(standby_messages.OFFER, standby_messages.offer_times)
        register_event_source(standby_messages.WITHDRAWN, standby_messages.withdrawn_times)
        from onboarding.core.privacy import register_personal_data
        from onboarding.studios import privacy

        register_personal_data("studios", export=privacy.export, erase=privacy.erase)
