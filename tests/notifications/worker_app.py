"""The project's Celery app, as a worker started by these tests runs it.

Tasks that tasks send (the dispatcher's send tasks) go to the queue the test worker reads
(ONBOARDING_TEST_QUEUE), and a few outbox tunables come from the environment so a test can
shorten them for the worker process:

    celery -A tests.notifications.worker_app worker --queues <that queue> ...
"""

import os

from django.conf import settings

from config.celery_app import app

app.conf.task_default_queue = os.environ["ONBOARDING_TEST_QUEUE"]
for name in (
    "NOTIFICATIONS_STALE_CLAIM_SECONDS",
    "NOTIFICATIONS_DISPATCH_BATCH",
    "NOTIFICATIONS_SEND_CHUNK",
):
    if os.environ.get(name):
        setattr(settings, name, float(os.environ[name]))

__all__ = ["app"]
