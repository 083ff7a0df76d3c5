"""Settings for Planner. Every deployment choice comes from the environment (see README).

Defaults give the embedded set-up: SQLite, tasks run in-process, e-mail on the console,
files on local disk. Production refuses to start without a SECRET_KEY.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-never-use-in-production")
else:
    SECRET_KEY = env("SECRET_KEY")  # no default in production: fail loudly

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A form refused by the CSRF check gets the site's own page, translated (planner/views.py).
CSRF_FAILURE_VIEW = "planner.views.csrf_failure"
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_htmx",
    "template_partials",
    "bootstrap",
    "csp",
    "axes",
    "accounts",
    "plans",
    # Phase apps, in guide order; each registers its section in AppConfig.ready().
    "objectives",
    "assessments",
    "strategy",
    "resources",
    "risks",
    "monitoring",
    "actions",
    "communication",
    "compliance",
    # Collaboration and the plan document: they reach the phases only through the registry.
    # ``reviews`` only holds the migrations of the app these four were split from.
    "reviews",
    "notifications",
    "approvals",
    "discussions",
    "history",
    "documents",
    "transfer",
]

MIDDLEWARE = [
    # Outermost: the whole request in one frame-stack chunk (planner/stack.py says why).
    "planner.stack.HeadroomMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the session and the user, so that it sees who is signed in on the way out.
    "planner.middleware.NoStoreWhenSignedInMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A NUL byte in the query or the form: 400 before any view (after CSRF, which parses POST).
    "planner.middleware.RejectMalformedInputMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "planner.urls"
WSGI_APPLICATION = "planner.wsgi.application"

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
                "plans.context_processors.sections",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "plans:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Password-reset e-mails per hour to one address, and asked from one network address.
PASSWORD_RESETS_PER_ADDRESS = env.int("PASSWORD_RESETS_PER_ADDRESS", default=3)
PASSWORD_RESETS_PER_IP = env.int("PASSWORD_RESETS_PER_IP", default=20)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploaded and generated files are never served from a public URL: permission-checked views
# stream them. MEDIA_URL is therefore unused on purpose.

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    # S3-compatible object storage (django-storages) for documents and uploads.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# Redis: broker, and shared cache (presence, throttling) when configured.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
# Without a broker, tasks run in-process: the embedded set-up needs no server. In production
# that would render a 600 s PDF inside a 60 s web request, so it must be asked for by name.
TASKS_IN_PROCESS = env.bool("TASKS_IN_PROCESS", default=DEBUG)
if not CELERY_BROKER_URL and not TASKS_IN_PROCESS:
    raise ImproperlyConfigured(
        "No broker: set REDIS_URL (or CELERY_BROKER_URL), or TASKS_IN_PROCESS=1 to run "
        "background tasks (PDF rendering, imports, e-mail) inside the web process."
    )
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# In-process, a failing task (an unreachable mail server, say) must not turn the request that
# enqueued it into an error page: the failure is logged and the task's own state says so.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=100)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_KB", default=400_000)
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="planner")
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The longest a PDF may render: the task's hard time limit, and the lease of a claimed
# document (a document "rendering" for longer than this was abandoned by a dead worker).
DOCUMENT_RENDER_TIME_LIMIT = env.int("DOCUMENT_RENDER_TIME_LIMIT", default=600)
# The most items (rows of every list of every section) a document may hold: a render's memory
# grows with them (README, "Benchmarks"); a larger version is refused with the reason before
# it reaches the worker.
DOCUMENT_MAX_ITEMS = env.int("DOCUMENT_MAX_ITEMS", default=20_000)
# Test-only: seconds the render task sleeps after claiming a document, so that a test can kill
# the worker mid-render. Never set it in a deployment.
DOCUMENT_TEST_ONLY_RENDER_DELAY = env.float("DOCUMENT_TEST_ONLY_RENDER_DELAY", default=0)
# Plan files and imports (``transfer``): a plan with more items than this, or an import of a
# file with more rows, runs in the background with a progress page instead of in the request.
TRANSFER_BACKGROUND_ITEMS = env.int("TRANSFER_BACKGROUND_ITEMS", default=400)
# The longest an export or an import may run: the task's hard time limit and its lease.
TRANSFER_JOB_TIME_LIMIT = env.int("TRANSFER_JOB_TIME_LIMIT", default=600)
# Longer than the longest render, so a slow task is not handed to a second worker. An
# unacknowledged message (its worker died) comes back after this delay.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_timeout": 3,
    "socket_connect_timeout": 3,
    # How often a worker looks for messages whose worker died (seconds, every Nth look).
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
}
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= max(
    DOCUMENT_RENDER_TIME_LIMIT, TRANSFER_JOB_TIME_LIMIT
):
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must be longer than DOCUMENT_RENDER_TIME_LIMIT "
        "and TRANSFER_JOB_TIME_LIMIT"
    )
# Beat (`celery -A planner beat`, the `beat` service of docker-compose.yml) runs the periodic
# tasks: it re-sends the documents whose task never reached the broker or was lost with it, and
# sends the daily digests of notifications (at DIGEST_HOUR, in TIME_ZONE).
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "documents-redispatch": {
        "task": "documents.tasks.redispatch_documents",
        "schedule": env.int("DOCUMENT_REDISPATCH_SECONDS", default=60),
    },
    "transfer-redispatch": {
        "task": "transfer.tasks.redispatch_jobs",
        "schedule": env.int("DOCUMENT_REDISPATCH_SECONDS", default=60),
    },
    "notifications-daily-digests": {
        "task": "notifications.tasks.send_digests",
        "schedule": crontab(hour=env.int("DIGEST_HOUR", default=7), minute=0),
    },
    # Reminders of what falls due (notifications/reminders.py), an hour before the digests.
    "notifications-daily-reminders": {
        "task": "notifications.tasks.send_reminders",
        "schedule": crontab(hour=max(env.int("DIGEST_HOUR", default=7) - 1, 0), minute=0),
    },
}
# Reminders tell of what falls due within this many days (and, once, of what is late).
REMINDER_DAYS_AHEAD = env.int("REMINDER_DAYS_AHEAD", default=3)
# A dead broker must never hang a web request: publishing gives up quickly.
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("CACHE_URL", default=REDIS_URL),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
if env("EMAIL_FILE_PATH", default=""):  # for the file back end (EMAIL_URL=filemail://)
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Planner <planner@localhost>")

INVITATION_MAX_AGE_DAYS = env.int("INVITATION_MAX_AGE_DAYS", default=14)
# Reviewer links (approvals/links.py): how long a link lasts unless its sender says, at most,
# how many one person may send per plan per hour, and requests per link per minute.
REVIEW_LINK_DAYS = env.int("REVIEW_LINK_DAYS", default=14)
REVIEW_LINK_MAX_DAYS = env.int("REVIEW_LINK_MAX_DAYS", default=60)
REVIEW_LINKS_PER_HOUR = env.int("REVIEW_LINKS_PER_HOUR", default=20)
REVIEW_LINK_REQUESTS_PER_MINUTE = env.int("REVIEW_LINK_REQUESTS_PER_MINUTE", default=60)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content-Security-Policy: no inline or external scripts, ever.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every layout step at INFO; its warnings (blocked URLs) still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
