"""Settings for the HTTP benchmark only: the served app plus the floor views (bench/http/urls.py).

Never used by `make run` or the tests; the floor routes exist only in this urlconf.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.http.urls"
