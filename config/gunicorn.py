"""gunicorn settings for the web process (config/launcher.py starts it with this file).

Each worker loads the app itself (no --preload). Once it has, and has imported the urlconf
(and through it every view, serializer and model the API serves, which Django would otherwise
import on the first request), everything loaded so far goes into the permanent generation with
`gc.freeze()`: full collections no longer walk those objects on every request that triggers
one. Measured against the same server without it in docs/benchmarks.md ("HTTP endpoints
against the plain-Django floor").
"""

import gc


def post_worker_init(worker) -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the urlconf and every view now
    gc.collect()
    gc.freeze()
