"""Zhengzhi settings: every value from the environment (see README, "Configuration")."""

from __future__ import annotations

import re
from pathlib import Path

from zhengzhi.envconf import (
    SettingsError,
    envbool,
    envchoice,
    envdb,
    envemail,
    envint,
    envlist,
    envsecret,
    envstr,
    envurl,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("ZZ_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", False)
TESTING = envbool("ZZ_TESTING", False)

SECRET_KEY = envsecret("SECRET_KEY")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG:
    # Production refuses to start half-configured: a default key would let anyone forge sessions.
    if not SECRET_KEY:
        raise SettingsError("SECRET_KEY (or SECRET_KEY_FILE) is required when DEBUG is off")
    if len(SECRET_KEY) < 32:
        raise SettingsError("SECRET_KEY must be at least 32 characters")
    if not ALLOWED_HOSTS:
        raise SettingsError("ALLOWED_HOSTS is required when DEBUG is off")
elif not SECRET_KEY:
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-0123456789"
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
HTTPS = envbool("ZZ_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # HSTS: browsers keep to HTTPS for this long. Not for subdomains: other intranet services
    # of the office may still be plain HTTP.
    SECURE_HSTS_SECONDS = envint("ZZ_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves its Swagger UI from its own static files, not a CDN
    "axes",
    "django_password_validators",
    "django_password_validators.password_history",
    "huey.contrib.djhuey",
    "treebeard",
    "zhengzhi.core",
    "zhengzhi.system",
    "zhengzhi.audit",
    "zhengzhi.org",
    "zhengzhi.accounts",
    "zhengzhi.territory",
    "zhengzhi.notifications",
    "zhengzhi.files",
    "zhengzhi.sites",
    "zhengzhi.jobs",
    "zhengzhi.workcal",
    "zhengzhi.ledger",
    "zhengzhi.campaigns",
    "zhengzhi.cases",
    "zhengzhi.public",
    "zhengzhi.open311",
    "zhengzhi.satisfaction",
    "zhengzhi.rewards",
    "zhengzhi.surveys",
    "zhengzhi.standards",
    "zhengzhi.archive",
    "zhengzhi.inspections",
    "zhengzhi.supervision",
    "zhengzhi.accountability",
    "zhengzhi.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhengzhi.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhengzhi.core.middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zhengzhi.core.middleware.LanguageMiddleware",
    "zhengzhi.accounts.middleware.PasswordExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhengzhi.portal.urls"
WSGI_APPLICATION = "zhengzhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zhengzhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "zhengzhi.core.csp.nonce",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhengzhi.portal.nav.navigation",
                "zhengzhi.notifications.context_processors.unread",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
# SQLite is the embedded default; PostgreSQL in production (DATABASE_URL=postgres://...).
DATABASES = {"default": envdb("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zhengzhi.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of one failing
        # with "database is locked" when it tries to upgrade a read lock.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": envstr("ZZ_TEST_SQLITE_NAME", "") or None}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", envint("ZZ_CONN_MAX_AGE", 60, minimum=0))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = envurl("REDIS_URL", ("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background worker (huey) -------------------------------------------------------------------
# SqliteHuey keeps the queue in a file beside the embedded database; RedisHuey in production.
# Jobs with lasting effects go through zhengzhi.jobs, whose rows make them safe to rerun.
HUEY_IMMEDIATE = envbool("ZZ_HUEY_IMMEDIATE", False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "zhengzhi",
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "zhengzhi",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
# A running job's lease: its worker renews it every quarter of this while the job runs, so a job
# whose worker died (kill -9, power) is taken back by the next sweep after the lease ran out.
JOB_LEASE_SECONDS = envint("ZZ_JOB_LEASE_SECONDS", 120, minimum=1)

# --- Authentication and the 等保 (MLPS 2.0) baseline ---------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if TESTING
    else [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
)
PASSWORD_MIN_LENGTH = envint("ZZ_PASSWORD_MIN_LENGTH", 10, minimum=8)
PASSWORD_MAX_AGE_DAYS = envint("ZZ_PASSWORD_MAX_AGE_DAYS", 90, minimum=1)
# An API token stops working this many days after it was made (等保: credentials expire).
API_TOKEN_DAYS = envint("ZZ_API_TOKEN_DAYS", 90, minimum=1)
PASSWORD_HISTORY = envint("ZZ_PASSWORD_HISTORY", 5, minimum=1)
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {
        "NAME": "django_password_validators.password_character_requirements"
        ".password_validation.PasswordCharacterValidator",
        "OPTIONS": {
            "min_length_digit": 1,
            "min_length_alpha": 1,
            "min_length_special": 1,
            "min_length_lower": 1,
            "min_length_upper": 1,
        },
    },
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # whole-password matching misses "Password123!" and "Qwerty2026!"
    {"NAME": "zhengzhi.accounts.password_validation.DisguisedCommonPasswordValidator"},
    {"NAME": "zhengzhi.accounts.password_validation.SequencePasswordValidator"},
    {
        "NAME": "django_password_validators.password_history.password_validation"
        ".UniquePasswordsValidator",
        "OPTIONS": {"last_passwords": PASSWORD_HISTORY},
    },
]
if TESTING:
    # The history validator's own 200,000-round hash costs 0.1 s per user; tests create hundreds.
    DPV_DEFAULT_HISTORY_HASHER = "zhengzhi.accounts.tests.hashers.FastHistoryHasher"
AXES_FAILURE_LIMIT = envint("ZZ_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = envint("ZZ_LOCKOUT_MINUTES", 30, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
SESSION_COOKIE_AGE = envint("ZZ_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
# Idle timeout: a request pushes the expiry forward, saving the session at most once a minute
# (core.middleware.IdleSessionMiddleware), not on every request.
SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# A stale form (login from a second tab, Back after logging in) gets a page that helps, not 403.
CSRF_FAILURE_VIEW = "zhengzhi.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Language and time --------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "zhengzhi" / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------------------
# Front-end libraries come from the npm registry at set-up time and are served by the app itself:
# no CDN is reachable from a government intranet.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "zhengzhi" / "static",
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    ("vendor/leaflet-markercluster", BASE_DIR / "node_modules" / "leaflet.markercluster" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
    # The offline base map's renderers (zhengzhi/static/zhengzhi/basemap.js loads them on demand).
    ("vendor/pmtiles", BASE_DIR / "node_modules" / "pmtiles" / "dist"),
    ("vendor/protomaps-leaflet", BASE_DIR / "node_modules" / "protomaps-leaflet" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# In development and tests WhiteNoise serves straight from the finders (no collectstatic needed).
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_ROOT = Path(envstr("ZZ_MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded files are never exposed under a public URL: a view checks who may see each one.
UPLOAD_MAX_BYTES = envint("ZZ_UPLOAD_MAX_MB", 15, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
BACKUP_DIR = Path(envstr("ZZ_BACKUP_DIR", str(VAR_DIR / "backups")))
# The .docx template of the campaign dispatch sheet, an office's restyled copy of the shipped one
# (zhengzhi/campaigns/docx_template.py); empty: the shipped one.
CAMPAIGN_DOCX_TEMPLATE = envstr("ZZ_CAMPAIGN_DOCX_TEMPLATE", "") or ""
# LibreOffice's command for the PDFs (core.pdf); empty: soffice or libreoffice on the PATH.
PDF_SOFFICE = envstr("ZZ_PDF_SOFFICE", "") or ""

# --- Map ----------------------------------------------------------------------------------------
# The base map under every map (zhengzhi/core/basemap.py; README "Base map"). Nothing set: the
# app draws its own streets and community names from the territory data.
# An approved map service (天地图, a provincial 政务地图): a tile URL template for XYZ, or the
# endpoint for WMTS (KVP GetTile). {layer} in the URL is replaced by the layer name, {s} by a
# subdomain, {tk} by the 天地图 key (else the key is appended as tk=...).
# ZZ_MAP_TILE_URL is the older name of an XYZ service in Web Mercator; it still works.
MAP_TILE_URL = envstr("ZZ_MAP_TILE_URL", "") or ""
MAP_TILE_ATTRIBUTION = envstr("ZZ_MAP_TILE_ATTRIBUTION", "") or ""
MAP_SERVICE_URL = envstr("ZZ_MAP_SERVICE_URL", "") or ""
MAP_SERVICE_KIND = envchoice("ZZ_MAP_SERVICE_KIND", "xyz", ("xyz", "wmts"))
MAP_CRS = envchoice("ZZ_MAP_CRS", "webmercator", ("webmercator", "wgs84", "cgcs2000", "gcj02"))
MAP_SERVICE_LAYER = envstr("ZZ_MAP_SERVICE_LAYER", "vec") or "vec"
MAP_SERVICE_LABEL_LAYER = envstr("ZZ_MAP_SERVICE_LABEL_LAYER", "") or ""  # 天地图: cva
MAP_SERVICE_MATRIX_SET = envstr("ZZ_MAP_SERVICE_MATRIX_SET", "") or ""  # default: c or w by CRS
MAP_SERVICE_FORMAT = envstr("ZZ_MAP_SERVICE_FORMAT", "tiles") or "tiles"
MAP_SERVICE_SUBDOMAINS = envstr("ZZ_MAP_SERVICE_SUBDOMAINS", "") or ""  # 天地图: 01234567
MAP_TDT_KEY = envsecret("ZZ_MAP_TDT_KEY") or ""
MAP_ATTRIBUTION = envstr("ZZ_MAP_ATTRIBUTION", "") or ""
MAP_MAX_ZOOM = envint("ZZ_MAP_MAX_ZOOM", 18, minimum=1)
# The service's level number of Leaflet's zoom 0; unset: 1 for wgs84/cgcs2000 (天地图's `c` set
# starts at level 1), else 0.
_zoom_offset = envint("ZZ_MAP_ZOOM_OFFSET", -1, minimum=-1)
MAP_ZOOM_OFFSET: int | None = None if _zoom_offset == -1 else _zoom_offset
# An offline base map the office loads once: a .pmtiles or .mbtiles file (docs/basemap.md).
MAP_OFFLINE_FILE = envstr("ZZ_MAP_OFFLINE_FILE", "") or ""
if MAP_OFFLINE_FILE and not MAP_OFFLINE_FILE.endswith((".pmtiles", ".mbtiles")):
    raise SettingsError("ZZ_MAP_OFFLINE_FILE must name a .pmtiles or .mbtiles file")

# --- Notifications ------------------------------------------------------------------------------
EMAIL_URL = envstr("EMAIL_URL", "")
if EMAIL_URL:
    _email = envemail("EMAIL_URL")
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST, EMAIL_PORT = _email["EMAIL_HOST"], _email["EMAIL_PORT"]
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_USER"], _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS, EMAIL_USE_SSL = _email["EMAIL_USE_TLS"], _email["EMAIL_USE_SSL"]
else:
    # No SMTP configured: mails are written to the log so a demo still shows them.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The address users reach the app at, for links in e-mails (e.g. http://zhengzhi.gov.local).
SITE_URL = (envstr("ZZ_SITE_URL", "") or "").rstrip("/")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "zhengzhi@localhost")
SMS_BACKEND = envstr("ZZ_SMS_BACKEND", "zhengzhi.notifications.sms.LogSmsBackend")
# The sender's signature at the head of every SMS (短信签名, as registered with the gateway):
# 【整治通】 by default; a name without brackets is put in them; empty for a gateway that adds
# its own.
SMS_SIGNATURE = (envstr("ZZ_SMS_SIGNATURE", "【整治通】") or "").strip()
if SMS_SIGNATURE and not (SMS_SIGNATURE.startswith("【") and SMS_SIGNATURE.endswith("】")):
    SMS_SIGNATURE = f"【{SMS_SIGNATURE.strip('【】')}】"
if len(SMS_SIGNATURE) > 20:
    raise SettingsError("ZZ_SMS_SIGNATURE must be at most 18 characters inside its 【】")
# The address citizens reach the public pages at (the tracking page linked from SMS and e-mail),
# when it differs from ZZ_SITE_URL (the staff's intranet address); empty: ZZ_SITE_URL.
PUBLIC_URL = (envstr("ZZ_PUBLIC_URL", "") or "").rstrip("/") or SITE_URL

LOG_LEVEL = envchoice("ZZ_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"huey": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 50
# Every `@paginate` list bounds its offset and limit (a 422, not a 500, for 2^63).
NINJA_PAGINATION_CLASS = "zhengzhi.core.pagination.BoundedPagination"

# --- Problem ledger: the deadline worker ----------------------------------------------------
LEDGER_ESCALATE_AFTER_HOURS = envint("ZZ_ESCALATE_AFTER_HOURS", 24, minimum=1)
LEDGER_REMIND_AT_PERCENT = envint("ZZ_REMIND_AT_PERCENT", 80, minimum=1)
LEDGER_REMIND_HOURS_BEFORE = envint("ZZ_REMIND_HOURS_BEFORE", 24, minimum=1)
# An extension adds at most this many days; longer waits are deferrals (挂账) with a plan.
LEDGER_MAX_EXTENSION_DAYS = envint("ZZ_MAX_EXTENSION_DAYS", 90, minimum=1)

# --- The audit log -----------------------------------------------------------------------------
# The key that signs the audit chain (HMAC-SHA256), kept outside the database so that someone who
# holds only the database cannot rewrite the log unnoticed. Old keys still verify the rows they
# signed (each row names its key by a fingerprint).
AUDIT_KEY = envsecret("ZZ_AUDIT_KEY") or ""
AUDIT_OLD_KEYS = envlist("ZZ_AUDIT_OLD_KEYS", [])
for _name, _key in [("ZZ_AUDIT_KEY", AUDIT_KEY)] + [
    ("ZZ_AUDIT_OLD_KEYS", k) for k in AUDIT_OLD_KEYS
]:
    if _key and len(_key) < 32:
        raise SettingsError(f"{_name} must be at least 32 characters")
if not DEBUG and not TESTING and not AUDIT_KEY:
    raise SettingsError("ZZ_AUDIT_KEY (or ZZ_AUDIT_KEY_FILE) is required when DEBUG is off")
# Where the worker appends the signed head of the chain (hourly); an auditor keeps a copy.
AUDIT_ANCHOR_FILE = Path(envstr("ZZ_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.log")))

# --- Public reporting ---------------------------------------------------------------------------
# The key that encrypts reporters' identities (a Fernet key); old keys stay readable for rotation.
REPORTER_KEY = envsecret("ZZ_REPORTER_KEY") or ""
REPORTER_OLD_KEYS = envlist("ZZ_REPORTER_OLD_KEYS", [])
for _name, _key in [("ZZ_REPORTER_KEY", REPORTER_KEY)] + [
    ("ZZ_REPORTER_OLD_KEYS", k) for k in REPORTER_OLD_KEYS
]:
    if _key:
        try:
            from cryptography.fernet import Fernet

            Fernet(_key.encode())
        except ValueError:
            raise SettingsError(
                f"{_name} must be a Fernet key (32 url-safe base64-encoded bytes); make one with "
                '`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key())"`'
            ) from None
if not DEBUG and not TESTING and not REPORTER_KEY:
    raise SettingsError("ZZ_REPORTER_KEY (or ZZ_REPORTER_KEY_FILE) is required when DEBUG is off")
# Submissions per client address on the public page and the Open311 POST ("20/h": per second s,
# minute m, hour h, day d); "" turns the limit off. Counted in the shared cache
# (zhengzhi.public.limits).
PUBLIC_RATE = envstr("ZZ_PUBLIC_RATE", "20/h") or ""
if PUBLIC_RATE and not re.fullmatch(r"[1-9][0-9]*/[smhd]", PUBLIC_RATE):
    raise SettingsError('ZZ_PUBLIC_RATE must look like "20/h" (per s, m, h or d), or be empty')
# Behind a reverse proxy every client has the proxy's address: name the header the proxy sets
# with the client's own (X-Forwarded-For, X-Real-IP, or Django's form HTTP_X_REAL_IP). In a list
# the client can forge the left entries: the address taken is the PUBLIC_PROXY_COUNT-th from the
# right (the one the outermost of that many trusted proxies appended).
PUBLIC_CLIENT_IP_HEADER = envstr("ZZ_PUBLIC_CLIENT_IP_HEADER", "") or ""
PUBLIC_PROXY_COUNT = envint("ZZ_PUBLIC_PROXY_COUNT", 1, minimum=1)
# The counters live in a cache every process shares: Redis, or a table of the database
# (made by the migration public.0002, or `manage.py createcachetable`).
RATELIMIT_USE_CACHE = "ratelimit"
CACHES["ratelimit"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "zz_cache"}
)
PUBLIC_MAX_PHOTOS = 6
PUBLIC_PHOTO_MAX_BYTES = envint("ZZ_PUBLIC_PHOTO_MAX_MB", 8, minimum=1) * 1024 * 1024

# Lockout is per account (等保: lock the account after repeated failures), not per address: offices
# sit behind one NAT address, and locking it would lock out a whole building.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
