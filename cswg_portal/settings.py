"""Settings for CSWG Portal, all read from the environment (see README, "Configuration")."""

import tempfile
from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from cswg_portal.env import (
    env_bool,
    env_cache,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_origins,
    env_str,
    env_time_zone,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# The fallback key only suits a laptop: `check --deploy` flags it (security.W009).
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-local-development-key-change-me")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_origins("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "import_export",
    "cswg_portal",
    "communities",
    "cycles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and sign-in, which query the database: a 503 page while it is down.
    "cswg_portal.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After authentication, messages and htmx: they sign out or redirect with a message.
    "cswg_portal.middleware.SessionTimeLimitMiddleware",
    "cswg_portal.middleware.TwoFactorRequiredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes docs).
    "axes.middleware.AxesMiddleware",
]

# Benchmark mode (bench/run.py): a query count on every response and a minimal page at
# /bench/minimal/. Never in production (cswg_portal/bench.py).
BENCH = env_bool("BENCH", False)
if BENCH:
    MIDDLEWARE.insert(0, "cswg_portal.bench.QueryCountMiddleware")

ROOT_URLCONF = "cswg_portal.urls"
WSGI_APPLICATION = "cswg_portal.wsgi.application"

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

# Connections are kept DB_CONN_MAX_AGE seconds and checked before reuse (CONN_HEALTH_CHECKS):
# after a database restart the next request opens a fresh one, with no restart of the portal.
DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0),
        connect_timeout=env_int("DB_CONNECT_TIMEOUT", 5, minimum=1),
    )
}
# A read-only copy (PostgreSQL streaming replica): the donors' report pages read from it
# (cswg_portal.db_router), everything else and every write goes to the default database.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = env_database(
        "DATABASE_REPLICA_URL",
        "",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0),
        connect_timeout=env_int("DB_CONNECT_TIMEOUT", 5, minimum=1),
    )
    # Under test the replica is the test database itself; a test runs inside a transaction,
    # which keeps its reads on the default connection (see db_router.reading_replica).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["cswg_portal.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "communities.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "cswg_portal.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Several app servers share one cache (Redis) or none: see docs/deployment.md. Sessions live
# in the database, with a copy in Redis when there is one (cached_db) so that most requests
# read them without a query. A cache kept in each process must not hold sessions: another
# server would not see a sign-out.
CACHES = {"default": env_cache("CACHE_URL")}
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"].endswith("RedisCache")
    else "django.contrib.sessions.backends.db"
)

# Login throttling (django-axes): five wrong passwords lock that username from that address.
# Failures are counted in the database, so the limit holds across all app servers.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0)

# Two-factor sign-in (TOTP from an authenticator app) for partner staff and administrators,
# who see personal data of whole organisations. Off under DEBUG so that `make run` needs no
# phone for the demo logins; OTP_REQUIRED=false must never be set in production.
OTP_REQUIRED = env_bool("OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "CSWG Portal"
# An administrator who opens someone's device in the back office must not read its secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LANGUAGE_CODE = env_choice("LANGUAGE_CODE", "en", [code for code, _name in LANGUAGES])
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_time_zone("TIME_ZONE", "Asia/Bishkek")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Transport security. HTTPS defaults to on outside DEBUG; set HTTPS=false only behind a
# proxy that already redirects, or on a closed local network without certificates.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Shared office and phone browsers: a session ends after half an hour without a request and,
# whatever the activity, some hours after sign-in (cswg_portal.middleware).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_MAX_AGE = env_int("SESSION_MAX_HOURS", 12, minimum=1) * 60 * 60

# The maps (a community's page, the reports): tiles from this server (OpenStreetMap's by
# default; a partner can run its own for offline offices). Its host is an allowed image source.
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)


def _tile_origin(url: str) -> str:
    """The scheme and host of a tile URL template; a {s} subdomain becomes a wildcard.

    A path on the portal's own server (no scheme) needs no more than 'self'.
    """
    if "://" not in url:
        return SELF
    scheme, _sep, rest = url.partition("://")
    host = rest.split("/", 1)[0].replace("{s}", "*")
    return f"{scheme}://{host}"


# Only the portal's own files run: no inline script, no eval, nothing from another site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # django-simple-history's history page has one inline style attribute
        # ("border-top: 0"): that exact one is allowed, no other.
        "style-src-attr": [
            "'unsafe-hashes'",
            "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
        ],
        "img-src": [SELF, "data:", _tile_origin(MAP_TILE_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Donor reports: a count from 1 to SMALL_COUNT_THRESHOLD - 1 is shown as "<5" to donors.
SMALL_COUNT_THRESHOLD = env_int("SMALL_COUNT_THRESHOLD", 5, minimum=1)

# Donors' reports are kept this long (minutes) and say when their figures were computed;
# 0 computes them on every request (cycles/reports/cache.py).
REPORT_CACHE_MINUTES = env_int("REPORT_CACHE_MINUTES", 60, minimum=0)

# Where `manage.py backup` writes when no --output is given (make backup).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "backups")))
# Uploaded import files wait here for "Confirm" (an hour at most). With several app servers
# it must be a folder they share, or the confirmation may reach a server without the file.
IMPORT_UPLOAD_DIR = Path(
    env_str("IMPORT_UPLOAD_DIR", str(Path(tempfile.gettempdir()) / "cswg-imports"))
)

# Retention (manage.py apply_retention): a person is anonymised when their consent is older
# than CONSENT_VALID_YEARS, or when they left their last group more than
# RETENTION_YEARS_AFTER_LEAVING years ago. See docs/data-protection.md.
CONSENT_VALID_YEARS = env_int("CONSENT_VALID_YEARS", 5, minimum=1)
RETENTION_YEARS_AFTER_LEAVING = env_int("RETENTION_YEARS_AFTER_LEAVING", 3, minimum=0)
# The account recorded as having anonymised them (an administrator's, or partner staff's).
RETENTION_USER = env_str("RETENTION_USER", "")

# Demo password for `manage.py load_demo`; `make run` prints it.
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "cswg-demo-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
