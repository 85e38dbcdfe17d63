"""SiMerit settings: the one settings module. Every knob comes from the environment (see .env.example).

Production differs from development only by environment variables; nothing here is production-only code.
"""

from pathlib import Path

import django_stubs_ext
import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

django_stubs_ext.monkeypatch()

# --- General

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)  # secure by default; `make run` opts in
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-only" if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (see .env.example).")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_NAME = "SiMerit"
INSTANSI_NAME = env("SIMERIT_INSTANSI_NAME", default="Pemerintah Kota Palembang")

# The UI speaks Indonesian to everyone, whatever the browser asks for (no LocaleMiddleware).
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Apps

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # only for its bundled Swagger UI files: /api/v1/docs works offline (no CDN)
    "simerit.core",
    "simerit.accounts",
    "simerit.audit",
    "simerit.organization",
    "simerit.notifications",
    "simerit.employees",
    "simerit.recruitment",
    "simerit.exams",
    "simerit.selection",
    "simerit.performance",
    "simerit.training",
    "simerit.discipline",
    "simerit.rewards",
    "simerit.compensation",
    "simerit.career",
    "simerit.selfservice",
    "simerit.portal",
    "simerit.bench",
    "simerit.dashboard",
]
# Demo data is a development convenience; production leaves it out (SIMERIT_DEMO=false).
if env.bool("SIMERIT_DEMO", default=DEBUG):
    INSTALLED_APPS.append("simerit.demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # django-axes must be last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# --- Database

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + busy_timeout: readers never block the writer and writers wait for the lock instead of
    # failing with "database is locked". IMMEDIATE takes the write lock at BEGIN, which is what
    # read-then-write services need (PERF-NOTES.md, point 4).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL;"
        ),
    }
# Persistent connections are mandatory for throughput on PostgreSQL (PERF-NOTES.md, point 1).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# --- Cache: rate limits (registration) live here. Several gunicorn workers need a shared cache:
# DJANGO_CACHE_URL=dbcache://simerit_cache (then `manage.py createcachetable`).
CACHES = {
    "default": env.cache("DJANGO_CACHE_URL", default="locmemcache://"),
    # Per-process memory for hot reads that may be a few seconds stale or never change (an exam
    # attempt's layout, the public scoreboard): it never touches the database, whatever
    # DJANGO_CACHE_URL is.
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "simerit-local",
    },
}

# --- Authentication

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Lockout after repeated failed logins (django-axes): per user name and per address.
AXES_FAILURE_LIMIT = env.int("SIMERIT_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("SIMERIT_LOGIN_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Number of trusted reverse proxies in front of gunicorn (nginx = 1): see accounts/client_ip.py.
SIMERIT_PROXY_COUNT = env.int("SIMERIT_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "simerit.accounts.client_ip.client_ip"
# Axes' own access log stores user names and addresses; attempts are enough.
AXES_DISABLE_ACCESS_LOG = True

SESSION_COOKIE_AGE = 60 * 60 * 8  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Templates

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "simerit" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% partialdef %} everywhere without {% load partials %} (django-template-partials).
            "builtins": ["template_partials.templatetags.partials"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "simerit.accounts.context_processors.navigation",
                "simerit.notifications.context_processors.unread_count",
            ],
        },
    }
]

# --- Static files and uploads

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "simerit" / "static"]
# Without collectstatic (development, tests) WhiteNoise serves straight from the app folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads live in private storage: no URL serves them; permission-checked views stream them.
PRIVATE_MEDIA_ROOT = env.path("SIMERIT_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
_storage_backend = env("SIMERIT_STORAGE", default="filesystem")
if _storage_backend == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("SIMERIT_S3_BUCKET"),
            "endpoint_url": env("SIMERIT_S3_ENDPOINT_URL", default=None),
            "region_name": env("SIMERIT_S3_REGION", default=None),
            "access_key": env("SIMERIT_S3_ACCESS_KEY"),
            "secret_key": env("SIMERIT_S3_SECRET_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif _storage_backend == "filesystem":
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    }
else:
    raise ImproperlyConfigured("SIMERIT_STORAGE must be 'filesystem' or 's3'.")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- E-mail

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="SiMerit <noreply@localhost>")

# --- Background tasks

TASKS = {
    "default": {
        "BACKEND": env(
            "SIMERIT_TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# --- Security

_secure = not DEBUG
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=_secure)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=_secure)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=_secure)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz is probed over plain HTTP by the load balancer.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- API

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# --- Logging: no personal data (NIK, documents) is ever passed to a logger.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Paths that carry a secret (QR check-in codes, registration codes) are redacted first.
    "filters": {"secret_paths": {"()": "simerit.core.logging.SecretPathFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["secret_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # django-axes logs the user name of every failed login; keep it to warnings.
        "axes": {"level": "WARNING"},
    },
}

# --- SiMerit

# Roles that may see a full NIK on screen (UU 27/2022 PDP: data minimisation). Everyone else sees it masked.
SIMERIT_NIK_VISIBLE_ROLES = env.list("SIMERIT_NIK_VISIBLE_ROLES", default=["admin_bkpsdm"])
# Applicant registrations accepted per client address per hour (0 turns the limit off).
SIMERIT_REGISTRATIONS_PER_HOUR = env.int("SIMERIT_REGISTRATIONS_PER_HOUR", default=20)
# Days an applicant registration may wait for its e-mail confirmation before
# `manage.py expire_unconfirmed_applicants` removes it (freeing its NIK and e-mail).
SIMERIT_UNCONFIRMED_APPLICANT_DAYS = env.int("SIMERIT_UNCONFIRMED_APPLICANT_DAYS", default=3)
# Absolute address of the site, for links in e-mails (no trailing slash).
SIMERIT_PUBLIC_URL = env("SIMERIT_PUBLIC_URL", default="http://127.0.0.1:8000")
# Tryouts started per client address per hour (0 turns the limit off).
SIMERIT_PRACTICE_STARTS_PER_HOUR = env.int("SIMERIT_PRACTICE_STARTS_PER_HOUR", default=30)
# Minutes a one-time exam PIN stays valid (a start PIN: from the sitting's start).
SIMERIT_EXAM_PIN_VALID_MINUTES = env.int("SIMERIT_EXAM_PIN_VALID_MINUTES", default=30)
# Minutes without an answer after which the proctor dashboard marks a participant idle.
SIMERIT_EXAM_IDLE_MINUTES = env.int("SIMERIT_EXAM_IDLE_MINUTES", default=5)
# Seconds the public live scoreboard is served from memory before it is computed again.
SIMERIT_SCOREBOARD_CACHE_SECONDS = env.int("SIMERIT_SCOREBOARD_CACHE_SECONDS", default=5)
# The smallest group of people a public statistic of the transparency portal may describe
# (k-anonymity): counts and chart bins of 1..k-1 people are never shown.
SIMERIT_PORTAL_MIN_GROUP = env.int("SIMERIT_PORTAL_MIN_GROUP", default=5)
# Result lookups by registration number on the transparency portal per client address per hour
# (0 turns the limit off).
SIMERIT_PORTAL_LOOKUPS_PER_HOUR = env.int("SIMERIT_PORTAL_LOOKUPS_PER_HOUR", default=30)
# Uploads and hashes checked on the public verify page of final announcements (page and API
# together) per client address per hour (0 turns the limit off).
SIMERIT_VERIFY_PER_HOUR = env.int("SIMERIT_VERIFY_PER_HOUR", default=60)
# Training certificate numbers looked up on the public verification page (page and API together)
# per client address per hour (0 turns the limit off).
SIMERIT_CERTIFICATE_VERIFY_PER_HOUR = env.int("SIMERIT_CERTIFICATE_VERIFY_PER_HOUR", default=60)
# Registrations for public information sessions (sosialisasi, workshops) per client address per
# hour (0 turns the limit off).
SIMERIT_SESSION_REGISTRATIONS_PER_HOUR = env.int(
    "SIMERIT_SESSION_REGISTRATIONS_PER_HOUR", default=10
)
# Days after a public information session has ended before its registrants' name, e-mail and
# phone are erased by `manage.py training_purge_registrations` (UU 27/2022 PDP: kept only for
# their purpose).
SIMERIT_SESSION_REGISTRATION_RETENTION_DAYS = env.int(
    "SIMERIT_SESSION_REGISTRATION_RETENTION_DAYS", default=90
)
# Days after the end of a final-result sanggah period within which the instansi answers
# (domain reference §1.4): the HR list marks the answers that are late.
SIMERIT_RESULT_SANGGAH_ANSWER_DAYS = env.int("SIMERIT_RESULT_SANGGAH_ANSWER_DAYS", default=7)
# Bare endpoints for `make bench` (limit-get, limit-upsert); never on in production.
SIMERIT_BENCH_ENDPOINTS = env.bool("SIMERIT_BENCH_ENDPOINTS", default=False)
