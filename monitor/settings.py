"""Settings for Interview Monitor: one file, driven by the environment.

DATABASE_URL   PostgreSQL for a team (postgres://user:pass@host/db); default: var/db.sqlite3
SECRET_KEY     required in production; without it a key is made once in var/secret_key
DEBUG          "1" to turn debugging on (off by default)
ALLOWED_HOSTS  comma-separated (default: 127.0.0.1,localhost)
SECURE_COOKIES       "1": session and CSRF cookies only over HTTPS (off by default)
SECURE_SSL_REDIRECT  "1": redirect every plain-HTTP request to HTTPS (off by default)
SECURE_HSTS_SECONDS  how long browsers must use HTTPS only (default: 0, no HSTS header)
SECURE_HSTS_INCLUDE_SUBDOMAINS  "0" to leave the host's subdomains out of HSTS (default: included)
SECURE_HSTS_PRELOAD  "1" to ask for the browsers' HSTS preload list (off by default)
BEHIND_TLS_PROXY     "1": trust the proxy's X-Forwarded-Proto header for HTTPS (off by default)
MAX_UPLOAD_MB  the largest transcript accepted (default: 20)
IMPORT_MAX_FILES, IMPORT_MAX_UNPACKED_MB, ARCHIVE_MAX_MEMBER_MB  the limits of every zip read (a bulk
               upload, .docx, .odt, .qdpx, .xlsx): files in it (500), all unpacked (500), one file unpacked
               (64); a transcript in a bulk zip is also held to MAX_UPLOAD_MB, as one uploaded alone
LOGIN_FAILURE_LIMIT  wrong passwords before a user name, and apart from it an address, is locked out (default: 10)
LOGIN_COOLOFF_MINUTES  how long such a lockout lasts (default: 15)
EMAIL_HOST     the SMTP server for password-reset mail; without it the password-reset pages are off (404)
EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS ("1", default), EMAIL_USE_SSL ("1"),
DEFAULT_FROM_EMAIL   the rest of the mail set-up (port default 587; sender default noreply@ the first host)
MEMO_MAX_CHARS the longest memo (a passage's or one of the memos page), in characters (default: 10000)
PG_RANDOM_PAGE_COST  sent to PostgreSQL on connecting (default: 1.1; empty: nothing sent)
PAGE_CACHE_ENTRIES   interview pages each worker keeps drawn (default: 40), without REDIS_URL
API_RATE_LIMIT, API_RATE_WINDOW  requests one API token may send per window of seconds (default: 600 per 60)
REDIS_URL      a Redis server for the cache the app servers share (redis://127.0.0.1:6379/0); default: none,
               each worker keeps its own cache in memory
"""

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def _local_secret_key():
    """A key kept beside the local database, so `make run` works without setup."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = os.environ.get("DEBUG", "") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "ninja",  # serves the API documentation page's script and style from our own static files, not a CDN
    "monitor",
    "interviews",
]

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
    # Last, as django-axes asks: it turns a locked-out login into the lockout page (monitor/accounts.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "monitor.urls"
WSGI_APPLICATION = "monitor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "db.sqlite3"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # also for a sqlite:// DATABASE_URL
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while a coder writes; IMMEDIATE plus a busy
        # timeout makes concurrent writers wait instead of failing.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Index scans cost what they cost on an SSD: at PostgreSQL's default of 4 the planner hash-joins all
    # codings once per interview for the project page's counts (23.5 ms instead of 1.8 ms per interview,
    # measured at bench scale). A DATABASE_URL with its own `options` keeps those; PG_RANDOM_PAGE_COST=""
    # sends none (a connection pooler may refuse startup options: then set it on the database instead).
    if cost := os.environ.get("PG_RANDOM_PAGE_COST", "1.1"):
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", f"-c random_page_cost={cost}")

# The drawings of recently opened interview pages (interviews/interview_page.py). With REDIS_URL every worker of
# every app server shares one Redis cache (Django's own backend and the `redis` client), so a page drawn by one is
# served to all; without it each worker keeps its own in memory (an entry is up to a few MB for a long, densely
# coded transcript, so the number is bounded). Short socket timeouts: when Redis is down a page is drawn anew
# (interview_page.cached) rather than waiting on it.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "im",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "40"))},
        }
    }

# Each process keeps the turns and sentences of interviews for code-combination queries, under their text version
# (interviews/code_queries.py unit_spans): never stale, so never shared; 3,000 interviews' sentences ≈ 30 MB.
CACHES["units"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "units",
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("UNIT_CACHE_ENTRIES", "6000"))},
}

# The API's rate limit per token (interviews/views/api/auth.py): a fixed window of API_RATE_WINDOW seconds with at
# most API_RATE_LIMIT requests, counted in the shared cache when REDIS_URL is set (every app server agrees), else
# in each worker's memory.
API_RATE_LIMIT = int(os.environ.get("API_RATE_LIMIT", "600"))
API_RATE_WINDOW = int(os.environ.get("API_RATE_WINDOW", "60"))
API_RATE_CACHE = "api"
CACHES["api"] = (
    {**CACHES["default"], "KEY_PREFIX": "im-api"}
    if os.environ.get("REDIS_URL")
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "api",
        "OPTIONS": {"MAX_ENTRIES": 10000},
    }
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one user name, or from one address,
# that name or address is refused, even with the right password, for LOGIN_COOLOFF_MINUTES (answer 429 with the
# login page and a Dutch message). Each attempt costs a password hash (~1 s of CPU at production strength), so an
# unthrottled guessing loop also slows every other user. The two counts are separate: locking one name leaves the
# other users' logins alone; a shared office address is locked only after LOGIN_FAILURE_LIMIT failures from it.
AUTHENTICATION_BACKENDS = [
    "monitor.accounts.LoginThrottleBackend",  # refuses locked-out names and addresses; logs nobody in itself
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "monitor.accounts.locked_out"
AXES_CLIENT_IP_CALLABLE = "monitor.accounts.client_address"
AXES_RESET_ON_SUCCESS = True  # a successful login clears that name's failures
AXES_DISABLE_ACCESS_LOG = True  # no table of every login with its address: only failures are kept, and briefly
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "interviews:project_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024
# Recordings beside a transcript (issue 18): stored through the default storage (MEDIA_ROOT on this disk; a team
# may point STORAGES["default"] at S3-compatible storage with django-storages), served only to project members.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-niet-openbaar/"  # never served as such: recordings go through a view that checks membership
MAX_RECORDING_BYTES = int(os.environ.get("MAX_RECORDING_MB", "500")) * 1024 * 1024
# Django's own limits sit above ours, so our form can say what went wrong.
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 500
# One set of limits for every zip the app opens (interviews/transcripts/archives.py), counted while unpacking.
IMPORT_MAX_FILES = int(os.environ.get("IMPORT_MAX_FILES", "500"))
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_MB", "500")) * 1024 * 1024
# One member unpacked: 64 MB. The largest member a real archive holds is a QDPX's project.qde: 21.0 MB for the
# bench study (202 interviews, 50,000 codings), so 64 MB takes a study three times that size; a transcript's
# document.xml is 1-2 MB. A bomb is refused sooner (archives.BOMB_RATIO).
ARCHIVE_MAX_MEMBER_BYTES = int(os.environ.get("ARCHIVE_MAX_MEMBER_MB", "64")) * 1024 * 1024
MEMO_MAX_CHARS = int(os.environ.get("MEMO_MAX_CHARS", "10000"))  # a memo (passage or memos page), in characters

# Slow work (an interview's lemma index) runs in a worker: `manage.py run_worker`, which `make run`
# starts beside gunicorn. Test runs execute tasks at once.
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND")
        or ("django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend")
    }
}

# taggit: free interview labels match case-insensitively ("Pilot" == "pilot").
TAGGIT_CASE_INSENSITIVE = True

# HTTPS. Every switch is off by default, so `make run` serves plain HTTP on 127.0.0.1; a deployment behind HTTPS
# turns them on from the environment, and `make lint` runs `check --deploy` with them on (README: Configuration).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "") == "1"
if os.environ.get("BEHIND_TLS_PROXY", "") == "1":
    # Only behind a proxy that terminates HTTPS and sets (or strips) X-Forwarded-Proto on every request: otherwise
    # a client could claim HTTPS itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts only from our own static files (or an inline script carrying the
# request's nonce, `{{ request.csp_nonce }}`; there is none now), no plugins, no framing, forms post only here.
# style-src keeps 'unsafe-inline' because the pages draw with style attributes rendered on the server: the theme
# colours of the highlights and margin bars (interviews/highlights.py), colour swatches in the codebook, summaries
# and analysis tables, and the bars of the analysis tables; a style attribute cannot carry a nonce. Styles cannot
# run code, so scripts stay strict. The downloadable summary (summary_document.html) has its own <style> too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],  # the nonce appears in the header only on a page that used it
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Mail, for password resets only. Without EMAIL_HOST no mail can go out, so the reset pages answer 404 and the
# login page does not offer them (monitor/accounts.py); a reset whose mail fails says so instead of "sent".
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
PASSWORD_RESET_BY_MAIL = bool(EMAIL_HOST)
if EMAIL_HOST:
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "") == "1"
    EMAIL_USE_TLS = not EMAIL_USE_SSL and os.environ.get("EMAIL_USE_TLS", "1") == "1"
    EMAIL_TIMEOUT = 20
    DEFAULT_FROM_EMAIL = (
        os.environ.get("DEFAULT_FROM_EMAIL") or f"noreply@{(ALLOWED_HOSTS or ['localhost'])[0].lstrip('.')}"
    )
    SERVER_EMAIL = DEFAULT_FROM_EMAIL

SILENCED_SYSTEM_CHECKS = [
    # security.W021 (HSTS without preload): preloading promises the browser makers (hstspreload.org) that the whole
    # domain serves HTTPS only, for months and hard to take back; that is the administrator's decision about their
    # domain (SECURE_HSTS_PRELOAD=1), not a default the app can make.
    "security.W021",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
