"""One settings module, read from the environment, with safe local defaults.

Defaults: SQLite in ./var, debug off. Production sets DATABASE_URL (PostgreSQL), SECRET_KEY and
ALLOWED_HOSTS (see docs/deployment.md). Secrets come only from the environment; local runs without a
SECRET_KEY use a random one kept in VAR_DIR/secret_key.
"""

import os
import warnings
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from equalchance.config.secret_key import local_secret_key

# WhiteNoise serves from the apps (finders) until collectstatic has filled STATIC_ROOT; that is fine.
warnings.filterwarnings("ignore", message="No directory at")

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("EQUALCHANCE_VAR_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
# Production's key comes from the environment (`equalchance serve` refuses to start without one). Local
# runs use a random key made once and kept, readable by its owner only, in VAR_DIR/secret_key: never a
# key written in the source, with which anyone could forge e-mailed links and sessions.
SECRET_KEY_FROM_ENVIRONMENT = bool(os.environ.get("SECRET_KEY", "").strip())
SECRET_KEY = os.environ["SECRET_KEY"].strip() if SECRET_KEY_FROM_ENVIRONMENT else local_secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# How many proxies (load balancers) in front of the server append to X-Forwarded-For; 0 when clients
# connect directly. The client's address is read from that header only past these trusted hops.
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

# The partnership this deployment serves: one or more districts by GSS code (Solihull by default).
EQUALCHANCE_PARTNERSHIP_NAME = os.environ.get("EQUALCHANCE_PARTNERSHIP_NAME", "Solihull Partnership")
EQUALCHANCE_DISTRICTS = env_list("EQUALCHANCE_DISTRICTS", "E08000029")

INSTALLED_APPS = [
    # First, so its templates win over the admin's and allauth's: the admin's frame says when a demo
    # account has its second factor switched off, and allauth's pages are GOV.UK ones.
    "equalchance.accounts",
    "equalchance.accounts.admin_apps.PartnershipAdminConfig",  # django.contrib.admin, actions checked
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "equalchance.frontend",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "equalchance.common",
    "equalchance.audit",
    "equalchance.places",
    "equalchance.indicators",
    "equalchance.scorecards",
    "equalchance.directory",
    "equalchance.privacy",
    "equalchance.serving",
    "equalchance.background",
    "equalchance.plans",
    "equalchance.performance",
]

MIDDLEWARE = [
    # /healthz for load balancers, before the host check and the redirect to https (serving/health.py).
    "equalchance.serving.health.HealthCheckMiddleware",
    # A request id and the client's address for the audit trail and the request log.
    "equalchance.common.request_context.RequestContextMiddleware",
    # One JSON line per request, with nothing personal in it (equalchance/serving/request_log.py).
    "equalchance.serving.request_log.RequestLogMiddleware",
    # CORS on every answer of the open feed, errors included, and its preflights (directory/cors.py).
    "equalchance.directory.cors.OpenFeedCorsMiddleware",
    # Cache-Control for signed-in users' pages and Permissions-Policy (equalchance/serving/headers.py).
    "equalchance.serving.headers.ResponseHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Everything requires sign-in unless a view is marked @login_not_required (the public allow-list).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Roles that see personal data must set up a second factor before they can open anything else.
    "equalchance.accounts.middleware.SecondFactorRequiredMiddleware",
    # Service providers who registered themselves see the directory only.
    "equalchance.accounts.middleware.PartnershipPagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "equalchance.config.urls"
WSGI_APPLICATION = "equalchance.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "equalchance.frontend.context_processors.partnership",
                "equalchance.accounts.context_processors.sign_in",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'equalchance.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, making the database file readable by its owner only (0600).
    DATABASES["default"]["ENGINE"] = "equalchance.serving.sqlite"
    # WAL for readers beside a writer; a 32 MB page cache and memory-mapped reads, because searches
    # read thousands of index entries (measured by benchmarks/directory_benchmark.py).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA cache_size=-32000; PRAGMA mmap_size=268435456;",
        # Concurrent writers (server workers, a background worker, a command) wait their turn: a write
        # transaction takes the write lock at BEGIN (a transaction that read first and then tried to
        # write would fail at once with "database is locked"), and waits up to 20 s for it.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The JSON API: read-only, signed-in users' sessions, JSON errors rather than sign-in redirects.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Equal Chance API",
    "DESCRIPTION": "Narrowing the Gap scorecards as JSON: every value with its 95% interval, the gaps and "
    "the direction of travel. Values generated for small areas are marked synthetic. Plans with their "
    "element trees, actions with their computed status, boards and meetings (/api/plans/), each as the "
    "caller may see them on the pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Fields called "type" and "status" take different values in plans, actions, boards and meetings.
    "ENUM_NAME_OVERRIDES": {
        "PlanTypeEnum": "equalchance.plans.models.Plan.Type",
        "PlanStatusEnum": "equalchance.plans.models.Plan.Status",
        "ActionTypeEnum": "equalchance.plans.models.Action.Type",
        "ActionStatusEnum": "equalchance.plans.models.Action.Status",
        "BoardTypeEnum": "equalchance.plans.models.Body.Type",
        "MeetingStatusEnum": "equalchance.plans.models.Meeting.Status",
    },
}

AUTH_USER_MODEL = "accounts.User"
# Sign-in is django-allauth's (password, second factor, passkeys, single sign-on) through one backend
# that also refuses the system actor. See docs/adr/0005-sign-in-with-allauth.md.
AUTHENTICATION_BACKENDS = ["equalchance.accounts.backends.PartnershipBackend"]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "start"  # your work; "home" is the public front door
LOGOUT_REDIRECT_URL = "accounts:sign-in"
# One password policy for every form that sets a password (allauth's, the admin's, the directory's).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

ACCOUNT_ADAPTER = "equalchance.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "equalchance.accounts.forms.SignInForm",
    "change_password": "equalchance.accounts.forms.PasswordChangeForm",
    "set_password": "equalchance.accounts.forms.PasswordSetForm",
    "reset_password": "equalchance.accounts.forms.PasswordResetForm",
    "reset_password_from_key": "equalchance.accounts.forms.PasswordResetKeyForm",
    "reauthenticate": "equalchance.accounts.forms.ConfirmPasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
# Nobody signs up through allauth: administrators make staff accounts, and service providers register
# through the directory's own form (which confirms their address: accounts/email_verification.py).
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True  # a reset asked for an unknown address gets the same answer
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # and nothing is sent to an address with no account
ACCOUNT_SESSION_REMEMBER = False  # sessions end when the browser closes or after SESSION_COOKIE_AGE
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # the session that changed it stays signed in; others end
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Equal Chance: "
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins are limited by equalchance.accounts.lockout (atomic counters in the database,
    # checked before the password is hashed), not by allauth's cache-based counters.
    "login_failed": False,
    "login": False,
    # Asking for a password reset link: 5 an hour from one address, 3 an hour for one address.
    "reset_password": "5/h/ip,3/h/key",
    "reset_password_from_key": "20/h/ip",
}
# How many failures, in what window, lock an account or an address, and for how long.
SIGN_IN_ACCOUNT_FAILURES = 10
SIGN_IN_ADDRESS_FAILURES = 50
SIGN_IN_FAILURE_WINDOW_SECONDS = 15 * 60
SIGN_IN_COOL_OFF_SECONDS = 15 * 60

MFA_ADAPTER = "equalchance.accounts.adapters.SecondFactorAdapter"
MFA_FORMS = {
    "authenticate": "equalchance.accounts.forms.SecondFactorForm",
    "activate_totp": "equalchance.accounts.forms.AuthenticatorAppForm",
    "add_webauthn": "equalchance.accounts.forms.PasskeyForm",
}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True  # a passkey (with user verification) is both factors at once
MFA_TOTP_ISSUER = "Equal Chance"
# Addresses are set by administrators (or confirmed by the directory's own link), not by allauth.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_RECOVERY_CODE_COUNT = 10

# Single sign-on with Microsoft Entra ID, or any OpenID Connect provider, configured from the
# environment; absent, there is no single sign-on button. Nobody gets an account by signing in: see
# equalchance.accounts.adapters.SingleSignOnAdapter.
SOCIALACCOUNT_ADAPTER = "equalchance.accounts.adapters.SingleSignOnAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # matching by address is done by our adapter, with its rules
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "Microsoft Entra ID")
OIDC_SERVER_URL = os.environ.get("OIDC_SERVER_URL", "")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        # allauth's provider, with the ID token's signature always checked against the provider's keys.
        "provider_class": "equalchance.accounts.sso.provider.SignedOpenIDConnectProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "oidc",
                "name": OIDC_PROVIDER_NAME,
                "client_id": OIDC_CLIENT_ID,
                "secret": OIDC_CLIENT_SECRET,
                "settings": {
                    "server_url": OIDC_SERVER_URL,
                    "oauth_pkce_enabled": True,
                    "fetch_userinfo": False,  # the signed ID token holds the claims we use
                },
            }
        ]
        if OIDC_SERVER_URL and OIDC_CLIENT_ID
        else [],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve static files straight from the apps, so a fresh checkout needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "equalchance.frontend.views.csrf_failure"  # a styled page saying what to do
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The demo accounts (create_demo_users: published password, no second factor) are never served in
# production: `check --deploy` fails and `serve` refuses while any is active, unless this is set. Only the
# browser tests and the load benchmark set it (equalchance/serving/demo_accounts.py).
EQUALCHANCE_ALLOW_DEMO_ACCOUNTS = env_bool("EQUALCHANCE_ALLOW_DEMO_ACCOUNTS")

# Behind TLS in production; local runs (the demo, tests) are plain HTTP on loopback.
SECURE_TLS = env_bool("EQUALCHANCE_TLS", default=not DEBUG and SECRET_KEY_FROM_ENVIRONMENT)
if SECURE_TLS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# How long personal data is kept, in days, by rule (see equalchance/privacy/rules.py for what each
# covers): the partnership's retention policy. Override with RETENTION_DAYS, e.g.
# "referral=1095,comment_email=365".
RETENTION_DAYS = {
    key.strip(): int(days)
    for key, _, days in (item.partition("=") for item in env_list("RETENTION_DAYS"))
    if days.strip().isdigit()
}

# The public forms' rate limits count in this cache. It is a table in the product's database, so every
# worker process and server counts together (a per-process cache would let each count separately).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "equalchance_cache"}
}

# E-mail holds secrets (address confirmation links), so it is never printed into the server's log. With
# EMAIL_HOST set it goes out by SMTP; otherwise (local runs, the demo) each message is written as a file
# in EMAIL_FILE_PATH (VAR_DIR/mail). EMAIL_BACKEND overrides both.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "equalchance.serving.mail.PrivateFileEmailBackend",  # Django's file backend, files mode 0600
)
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # for the file backend
# Every part sends from one address (a partnership sets its own); not the directory's alone (probe 9).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "equal-chance@equalchance.invalid")

# Logs go to standard error (the service manager's journal). Requests: one JSON line each from
# equalchance.requests, without query strings, addresses or names (REQUEST_LOG=0 turns them off).
# Refused requests (403) are that one line, without Django's traceback; server errors keep theirs.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"quiet_refusals": {"()": "equalchance.serving.request_log.QuietRefusals"}},
    # Django's own messages and the product's warnings are JSON lines too (equalchance/serving/log_format.py).
    "formatters": {
        "bare": {"format": "%(message)s"},
        "json": {"()": "equalchance.serving.log_format.JsonLines"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["quiet_refusals"], "formatter": "json"},
        "requests": {"class": "logging.StreamHandler", "formatter": "bare"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "equalchance.requests": {
            "handlers": ["requests"],
            "level": "INFO" if env_bool("REQUEST_LOG", True) else "WARNING",
            "propagate": False,
        },
        # The development server's own access lines hold query strings: the request log replaces them.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Content-Security-Policy (django-csp): everything from this origin; scripts only from files here or
# inline with the request's nonce (`nonce="{{ request.csp_nonce }}"`), never other inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Background work (Django's Tasks API through django-tasks): kept in the database and run by
# `equalchance db_worker` processes on any machine sharing it (docs/deployment.md). The test settings
# run tasks at once, in the caller's process.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
