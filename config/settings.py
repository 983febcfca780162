"""Settings for every environment; differences come from the environment, never from files."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".data"

env = environ.Env()


def _local_secret_key() -> str:
    """A per-checkout key kept out of git, so development needs no setup."""
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="") or _local_secret_key()
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Production switch (docker-compose.yml sets it): HTTPS only, behind a proxy that terminates TLS
# and says so in X-Forwarded-Proto; HSTS; cookies only over HTTPS; a Content-Security-Policy
# that allows no inline script or style (templates and scripts keep to static files and classes;
# tests/core/test_csp.py holds them to it). `check --deploy --fail-level WARNING` passes with it.
SECURE = env.bool("DJANGO_SECURE", default=False)
if SECURE:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The containers' health checks ask over plain HTTP from inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "onboarding.core",
    "onboarding.notifications",
    "onboarding.applicants",
    "onboarding.questionnaires",
    "onboarding.reviews",
    "onboarding.training",
    "onboarding.studios",
    "onboarding.planning",
    "onboarding.insights",
    "onboarding.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "onboarding.core.api.middleware.RefuseNulMiddleware",
    "onboarding.core.api.middleware.RetryAfterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it turns a lockout that django-axes noted on the request into its answer.
    "axes.middleware.AxesMiddleware",
]

# Scripts, styles, images, fonts and requests: this site's own, nothing inline, no frames.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if SECURE:
    MIDDLEWARE.insert(1, "csp.middleware.CSPMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "core.User"
# django-axes first: it refuses a locked account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "onboarding.core.roles.RoleBackend",
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:my-applications"
LOGOUT_REDIRECT_URL = "portal:home"

# Sign-in lockout (django-axes, counted in the database so that it holds while Redis is away):
# this many failures in a row lock the account, whatever name or e-mail was typed, and the client
# address, on /login/, /admin/login/ and the API's token endpoint alike; the lock ends by itself
# after the cool-off, or when staff delete the attempt in the admin (Axes > Access attempts).
AXES_FAILURE_LIMIT = env.int("SIGNIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGNIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "onboarding.core.lockout.account_username"
AXES_LOCKOUT_CALLABLE = "onboarding.core.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Failures only: no table of every sign-in (who, from where) kept for ever.
AXES_DISABLE_ACCESS_LOG = True
# Tries during a lock (the right password included) are refused without moving its end.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Behind N reverse proxies the client is the Nth address from the right of X-Forwarded-For;
# with none (the default) it is the connection's own address, which no client can forge.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "onboarding.core.lockout.client_address"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
# A kept connection PostgreSQL has dropped (restart, idle timeout) is replaced before the request
# uses it, rather than failing that request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DATABASE_CONN_HEALTH_CHECKS", default=True)
# The test suite points a separately started Celery worker at the test database.
if env("DATABASE_NAME", default=""):
    DATABASES["default"]["NAME"] = env("DATABASE_NAME")
# Each test run gets its own database, so two runs on one server never drop each other's.
DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")


def _cache_url(redis_url: str) -> str:
    """The same Redis, database 1: clearing the cache must never touch the broker's queues."""
    if redis_url.startswith("redis+socket://"):
        # kombu spells a unix socket redis+socket://, redis-py spells it unix://
        return "unix://" + redis_url.removeprefix("redis+socket://").split("?")[0] + "?db=1"
    scheme, _sep, rest = redis_url.partition("://")
    host = rest.split("/")[0]
    return f"{scheme}://{host}/1"


# Redis answers in milliseconds; one that takes longer is paused or gone. Short socket timeouts
# keep web requests from waiting on it (redis-py's default is 5 s, kombu's none at all): the
# throttles then count in the process, and the outbox keeps what the broker did not take until
# the dispatcher hands it over (README, "When Redis is down").
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.5)
BROKER_SOCKET_TIMEOUT = env.float("BROKER_SOCKET_TIMEOUT", default=0.5)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", default=_cache_url(REDIS_URL)),
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="onboarding"),
        "OPTIONS": {
            "socket_connect_timeout": CACHE_SOCKET_TIMEOUT,
            "socket_timeout": CACHE_SOCKET_TIMEOUT,
        },
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
DISPLAY_TIME_ZONE = "Asia/Shanghai"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Bodies larger than this are refused (413) before they are parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("MAX_REQUEST_BYTES", default=256 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(DATA_DIR / "mail"))
# The mail server in one variable (README, "Production"): smtp+tls://user:password@host:587,
# smtp+ssl://user:password@host:465, consolemail://, ... Unset: EMAIL_BACKEND above decides.
if env("EMAIL_URL", default=""):
    for _name, _value in env.email_url("EMAIL_URL").items():
        if _value not in (None, ""):
            globals()[_name] = _value
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Brave CEO programme <ceo@example.com>")
SMS_GATEWAY = env("SMS_GATEWAY", default="onboarding.notifications.channels.sms.LoggingSmsGateway")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["onboarding.core.api.parsers.StrictJSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "onboarding.core.api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "onboarding.core.api.filters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # Lists every error an operation can answer with, in the {code, message, fields} shape.
    "DEFAULT_SCHEMA_CLASS": "onboarding.core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "onboarding.core.api.errors.exception_handler",
    "DEFAULT_METADATA_CLASS": "onboarding.core.api.metadata.Metadata",
    "DEFAULT_THROTTLE_RATES": {
        "application_submit": env("THROTTLE_APPLICATION_SUBMIT", default="20/hour"),
        "draft_write": env("THROTTLE_DRAFT_WRITE", default="600/hour"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "CEO live-stream onboarding API",
    "DESCRIPTION": "Applications, questionnaires and reviews for the CEO live-selling programme.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Served from our own static files: these machines (and many users') reach no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Path parameters as Django's converters match them: a generated client (or schemathesis)
    # then never builds a URL that no route answers.
    "PATH_CONVERTER_OVERRIDES": {
        "int": {"type": "integer", "minimum": 0},
        "slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
        "str": {"type": "string", "pattern": "^[^/]+$"},
    },
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "onboarding.applicants.models.Status",
        "RecomputeJobStatusEnum": "onboarding.reviews.models.RecomputeJob.Status",
        "FreedSlotStatusEnum": "onboarding.studios.models.FreedSlot.Status",
        "StandbyOfferStatusEnum": "onboarding.studios.models.StandbyOffer.Status",
        "FestivalPlanStatusEnum": "onboarding.planning.models.PlanStatus",
    },
}

CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": BROKER_SOCKET_TIMEOUT,
    "socket_timeout": BROKER_SOCKET_TIMEOUT,
}
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_SOCKET_TIMEOUT
# `.delay()` retries a failed publish; once, quickly, so that a request (whose transaction has
# already committed) is not held for long by a Redis that is away.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Celery's Django fixup closes the database connection around every task unless told to reuse
# it; a fresh PostgreSQL connection per message more than halved dispatch throughput
# (docs/benchmarks.md, "Notification dispatch").
CELERY_DB_REUSE_MAX = 1000
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    # Hands due outbox rows (reminders, retries, messages whose on-commit enqueue missed the
    # broker) to the send task; each row is claimed once, however many beats run.
    "dispatch-due-messages": {
        "task": "onboarding.notifications.tasks.messages_dispatch_due_task",
        "schedule": 15.0,
        "options": {"expires": 12},
    },
    # Re-scoring jobs whose hand-off missed the broker (away when a lead saved the criteria).
    "requeue-recompute-jobs": {
        "task": "onboarding.reviews.tasks.recompute_jobs_requeue_task",
        "schedule": 60.0,
        "options": {"expires": 50},
    },
    # Standby offers whose time ran out: expired, and the freed slot offered to the next CEOs.
    "expire-standby-offers": {
        "task": "onboarding.studios.tasks.standby_offers_expire_task",
        "schedule": 60.0,
        "options": {"expires": 50},
    },
}

# Standby backfill (studios/services/standby.py): how long a CEO has to take a freed slot, how
# close to the show offers stop, and how many ranked CEOs are offered it at once.
STANDBY_OFFER_HOURS = env.float("STANDBY_OFFER_HOURS", default=2.0)
STANDBY_MIN_LEAD_MINUTES = env.int("STANDBY_MIN_LEAD_MINUTES", default=30)
STANDBY_WAVE_SIZE = env.int("STANDBY_WAVE_SIZE", default=1)
# The capacity view (studios/capacity.py): a day is a crunch past this share of studio hours
# committed, and one crew works at most this many hours a day in a studio.
CAPACITY_CRUNCH_SHARE = env.float("CAPACITY_CRUNCH_SHARE", default=0.85)
CAPACITY_CREW_SHIFT_HOURS = env.float("CAPACITY_CREW_SHIFT_HOURS", default=8.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
