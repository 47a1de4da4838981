"""Settings for the Migratieagenda knowledge base.

Everything that differs between development, CI and production comes from the environment,
so the same code path runs everywhere. Optional integrations switch on when their variable
is set (REDIS_URL, DATABASE_REPLICA_URL).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.embedded_db import default_data_dir, embedded_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)


def development_secret_key() -> str:
    """The key a development start may use; production refuses to start without its own."""
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set DJANGO_SECRET_KEY to a long random value "
            "(or set DJANGO_DEBUG=1 for local development only)."
        )
    return "django-insecure-local-development-only"


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or development_secret_key()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # django.contrib.admin, under the site's own name (core/admin_site.py), with the two-step
    # sign-in of accounts/admin_site.py (accounts/apps.py).
    "accounts.apps.AccountsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "core",
    "api",
    "accounts",
    "csp",
    "pillars",
    "measures",
    "changelog",
    "explorer",
]

# Read replica: reads go to DATABASE_REPLICA_URL, except a client's reads for
# DATABASE_PRIMARY_PIN_SECONDS after its write, which stay on the primary (db_router.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
DATABASE_PRIMARY_PIN_SECONDS = int(os.environ.get("DATABASE_PRIMARY_PIN_SECONDS", "15"))

MIDDLEWARE = [
    # With a replica, first: the session and the user are read where the client's last write went.
    *(["migratieagenda.db_router.PrimaryPinMiddleware"] if DATABASE_REPLICA_URL else []),
    "core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.security.PermissionsPolicyMiddleware",
    "core.http_errors.ApiJsonErrorsMiddleware",
    "core.http_errors.RefuseTraceMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor (accounts/two_factor.py).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Turns a locked-out sign-in into the lockout page (accounts/lockout.py).
    "axes.middleware.AxesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the editor on every historical record (never shown publicly).
    "simple_history.middleware.HistoryRequestMiddleware",
    "api.middleware.ApiJsonNotFoundMiddleware",
    # Innermost: anonymous reads by content version (core/response_cache.py).
    "core.response_cache.ResponseCacheMiddleware",
    # Last, so that its process_exception sees a database error before any other middleware.
    "core.faults.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "migratieagenda.urls"
WSGI_APPLICATION = "migratieagenda.wsgi.application"

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

# Database: DATABASE_URL when set, otherwise the project's own embedded PostgreSQL.
# There is deliberately no SQLite fallback: the product relies on PostgreSQL features.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
USING_EMBEDDED_DATABASE = not DATABASE_URL
EMBEDDED_PGDATA = default_data_dir(BASE_DIR)


def primary_database(url: str, **options) -> dict:
    """The primary's settings: health-checked connections, and an unreachable server that fails
    within seconds instead of holding a worker until gunicorn's timeout kills it."""
    database = dj_database_url.parse(url, conn_health_checks=True, **options)
    connect_timeout = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    return {
        **database,
        "OPTIONS": {"connect_timeout": connect_timeout, **database.get("OPTIONS", {})},
    }


def replica_database(url: str) -> dict:
    """The read replica; the test suite mirrors it onto the primary's test database."""
    return {**dj_database_url.parse(url, conn_max_age=60), "TEST": {"MIRROR": "default"}}


DATABASES = {
    "default": (
        primary_database(DATABASE_URL, conn_max_age=60)
        if DATABASE_URL
        else primary_database(embedded_database_url(EMBEDDED_PGDATA))
    ),
    **({"replica": replica_database(DATABASE_REPLICA_URL)} if DATABASE_REPLICA_URL else {}),
}
DATABASE_ROUTERS = ["migratieagenda.db_router.PrimaryReplicaRouter"] if DATABASE_REPLICA_URL else []

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches. "default" is shared by every process and server, because the API throttle counts
# in it: a shared Redis when REDIS_URL is set, otherwise a table in the same PostgreSQL
# (core.cache.PostgresDatabaseCache, table made by a migration). "responses" holds the
# response cache (core/response_cache.py): its keys carry the content version, so a copy per
# process is never stale; it stays in memory when there is no Redis, sparing the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
SHARED_REDIS = {
    "BACKEND": "core.cache.FailOpenRedisCache",
    "LOCATION": REDIS_URL,
    "KEY_PREFIX": "migratieagenda",
}
CACHES = {
    "default": (
        SHARED_REDIS
        if REDIS_URL
        else {
            "BACKEND": "core.cache.PostgresDatabaseCache",
            "LOCATION": "core_cache",  # core.cache.DATABASE_CACHE_TABLE
            # One row per throttled client address: room for many before culling.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    ),
    "responses": (
        SHARED_REDIS if REDIS_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
}

# Anonymous GETs cached by content version, never stale; the expiry only bounds memory.
# 0 switches the response cache off.
RESPONSE_CACHE_SECONDS = int(os.environ.get("RESPONSE_CACHE_SECONDS", "86400"))

# --- Accounts (accounts/) ---------------------------------------------------------------------
# Sessions in a table that knows their user, so that signing out ends all of a user's sessions.
SESSION_ENGINE = "accounts.sessions"
# The chief editors' right: who must sign in with a second factor and may revoke anyone's API
# token. Named here, so that the accounts app imports no content app.
CHIEF_EDITOR_PERMISSION = "measures.publish_measure"
# django-axes first: it refuses a locked-out sign-in before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After 5 failed sign-ins for one user name from one address, that pair is locked for 15
# minutes (each further try during the lockout starts them again). The pair, not the name
# alone, so that someone elsewhere cannot lock an editor out of their own office.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The address as the API throttle sees it: a made-up X-Forwarded-For changes nothing.
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Failed attempts are kept (they are the lockout); successful sign-ins are not logged.
AXES_DISABLE_ACCESS_LOG = True
# Two-factor sign-in (django-otp, TOTP): the name authenticator apps show.
OTP_TOTP_ISSUER = "Migratieagenda"
# The admin never shows a device's secret again (nor its QR code): it is shown once, at set-up.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed file names in production; plain storage where no collectstatic ran
# (development server, tests).
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# Behind a TLS-terminating proxy in production.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Off only for `make serve`, which is production over plain http on 127.0.0.1.
SECURE_COOKIES = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
# Editors' sessions last a working day and end when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# REST API v1 (/api/v1/): one error shape, orjson, strict paging, 304s and a throttle for
# anonymous clients, shared by every API view (the `api` app).
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ModelPermissionsOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["api.renderers.OrjsonRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.StrictContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.StrictPageNumberPagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousClientThrottle"],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    # OPTIONS answers 405 instead of describing the view: the OpenAPI schema does that.
    "DEFAULT_METADATA_CLASS": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Migratieagenda API",
    "DESCRIPTION": (BASE_DIR / "migratieagenda" / "api_description.md").read_text(encoding="utf-8"),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "MeasureLinkKindEnum": "measures.models.MeasureLink.Kind",
        "SourceKindEnum": "measures.models.Source.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_live_enums",
    ],
}

# The content version behind ETags, Last-Modified and cache keys: a function of the content
# app, named here so that the REST infrastructure (`api`) never imports a content app.
CONTENT_VERSION_FUNCTION = "measures.selectors.content_version"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.request_id.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # pgserver reports every start and stop of the embedded server at INFO, django-axes every
    # sign-in; their warnings (a lockout) still show.
    "loggers": {"pgserver": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Operations (core/): a request id on every response and log line, a 503 with Retry-After
# while the database is unreachable, probes at /healthz and /readyz.
SERVICE_UNAVAILABLE_RETRY_AFTER = int(os.environ.get("DJANGO_RETRY_AFTER_SECONDS", "30"))
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Production hardening: response headers (django-csp and core/security.py), client addresses
# behind proxies, JSON errors under /api/ (core/http_errors.py).
# The templates have no inline script, style or event handler (tests/core/test_pages_csp.py), so
# nothing needs 'unsafe-inline'. The API docs page is server-rendered and needs nothing more.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# How many proxies of our own stand in front of the app, each appending to X-Forwarded-For
# (core/client_address.py); 0: REMOTE_ADDR is the client. Used by the API throttle.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# --- The public site as a finished government site -------------------------------------------
# The origin the site is published under (https://host, no path). Absolute links that leave the
# site (hreflang alternates, the sitemap, citations) use it when set, else the request's own.
SITE_CANONICAL_ORIGIN = os.environ.get("DJANGO_CANONICAL_ORIGIN", "").rstrip("/")
# The tag-URI authority of Atom entry ids (RFC 4151): fixed, so that ids do not change with the
# host name a reader used. Default: the first configured host name.
SITE_CANONICAL_HOST = os.environ.get("DJANGO_CANONICAL_HOST") or next(
    (host for host in ALLOWED_HOSTS if host and not host.startswith(".") and host != "*"),
    "localhost",
)
# Where people report a problem with the site (accessibility statement, contact page).
SITE_CONTACT_EMAIL = os.environ.get("DJANGO_CONTACT_EMAIL", "")
