"""gunicorn settings for the web process (config/launcher.py starts it with this file).

Each worker loads the app itself (no --preload). Once it has, it does now what its first
requests would otherwise each do once, at their user's expense (a booking made by a fresh worker
took about 80 ms where the next took 25):

- import the urlconf, and through it every view, serializer and model the API serves;
- build the URL reverse tables (one per language: Django builds them on the first `reverse()`
  under each) and load the translation catalogs;
- finalise the Celery app and connect to the broker, so the first hand-off after a commit only
  publishes. A broker that is away is left for the first publish, which fails fast and leaves
  the rows to the dispatcher, as it always does.

Then everything loaded so far goes into the permanent generation with `gc.freeze()`: full
collections no longer walk those objects on every request that triggers one. Both are measured in
docs/benchmarks.md ("HTTP endpoints against the plain-Django floor", "20 writers booking one
studio at once").
"""

import gc
import logging

logger = logging.getLogger(__name__)


def post_worker_init(worker) -> None:
    from django.conf import settings
    from django.urls import get_resolver, reverse
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - imports the urlconf and every view now
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            reverse("healthz")
    _broker_warm()
    gc.collect()
    gc.freeze()


def _broker_warm() -> None:
    from config.celery_app import BROKER_ERRORS, app

    app.loader.import_default_modules()  # the tasks modules, imported by the first hand-off
    app.finalize(auto=True)
    app.backend  # noqa: B018 - built on first use, by the first publish otherwise
    try:
        with app.producer_or_acquire() as producer:
            producer.connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=1
            )
    except BROKER_ERRORS as exc:
        logger.warning("broker not reached while the worker started (%s)", exc)
