"""Settings shared by every environment. Values that differ come from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url

from metadata_discovery.env import env_bool, env_int, env_list, env_networks, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_yasg",
    "accounts",
    "catalog",
    "ingestion",
    "search",
]

MIDDLEWARE = [
    "metadata_discovery.edge.PublicHostMiddleware",  # through CloudFront: the viewer's host
    "django.middleware.security.SecurityMiddleware",
    "metadata_discovery.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Content-Security-Policy (metadata_discovery/csp.py). For HTML: scripts only from MDT's own
# origin (no page has an inline script, so there is no hash to list); styles may be inline because
# antd's CSS-in-JS injects <style> tags at run time (as do Swagger UI and ReDoc), and a nonce is
# impossible for an index.html served from S3; images only from MDT or data: URIs, so an image in
# a dataset's docs that points elsewhere is refused by the browser, never fetched. CloudFront sends
# the same string for the SPA (terraform/frontend.tf, tests/test_csp.py checks they match).
MDT_CSP_HTML = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# JSON, static files and anything else that is not a page: nothing loads, nothing frames it.
MDT_CSP_OTHER = "default-src 'none'; frame-ancestors 'none'"

ROOT_URLCONF = "metadata_discovery.urls"
WSGI_APPLICATION = "metadata_discovery.wsgi.application"

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
            ],
        },
    },
]

# DATABASE_URL selects the database (postgres://user@host:5432/name in production and CI);
# without it MDT runs on a SQLite file so a laptop needs nothing installed.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take SQLite's write lock when their transaction begins and wait up to 20 s for
    # it: a transaction that read first and then wants to write would otherwise fail at once
    # with "database is locked" whenever another thread (a request, the search indexer) writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = env_str("DJANGO_STATIC_URL", "/static/")
STATIC_ROOT = BASE_DIR / "staticfiles"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Before the JWT class: it decides `Bearer mdt_pat_…` and leaves other tokens alone.
        "accounts.authentication.ServiceTokenAuthentication",
        "accounts.tokens.SessionJWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.rest.StrictLimitOffsetPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.parsers.JSONParser"],  # refuses JSON nested too deep
    "EXCEPTION_HANDLER": "core.rest.exception_handler",
    # Writes per account (accounts.rates); the login and refresh views add their own limits.
    "DEFAULT_THROTTLE_CLASSES": ["accounts.throttling.WriteThrottle"],
    "UNAUTHENTICATED_USER": None,
}
API_MAX_PAGE_SIZE = 100
# Rate limits, "<requests>/<seconds>", counted in the database so every Lambda instance shares
# them (accounts/rates.py; README "Rate limits"). Over a limit: 429 with Retry-After.
# The request header holding the client's address, when something trustworthy sets it. On Lambda,
# Zappa's context_header_mappings copies the HTTP API's requestContext.http.sourceIp into
# X-Mdt-Source-Ip, over any header of that name a client sent; Zappa's own REMOTE_ADDR comes
# from X-Forwarded-For, whose first entries a client writes. Empty: REMOTE_ADDR (runserver,
# gunicorn), where nothing would overwrite a forged header.
MDT_CLIENT_ADDRESS_HEADER = env_str("MDT_CLIENT_ADDRESS_HEADER", "")
MDT_RATE_LIMITS = {
    "login": env_str("MDT_RATE_LOGIN", "30/60"),  # attempts per client address
    "login_failures": env_str("MDT_RATE_LOGIN_FAILURES", "10/300"),  # failures per username
    "refresh": env_str("MDT_RATE_REFRESH", "60/60"),  # token refreshes per client address
    "write": env_str("MDT_RATE_WRITE", "600/60"),  # writes per account
}
# Largest request body: Lambda's synchronous payload limit (6 MB), which holds a bulk ingestion
# batch of 1000 datasets with 20 fields each (~4 MB). Larger bodies get a 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 6 * 1024 * 1024)

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_int("JWT_REFRESH_DAYS", 7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
    # Tokens carry the user's session version, so signing out everywhere refuses them at once.
    "TOKEN_OBTAIN_SERIALIZER": "accounts.tokens.TokenObtainSerializer",
    "TOKEN_REFRESH_SERIALIZER": "accounts.tokens.TokenRefreshVersionSerializer",
}

SWAGGER_SETTINGS = {
    "USE_SESSION_AUTH": False,
    "SECURITY_DEFINITIONS": {
        "Bearer": {
            "type": "apiKey",
            "name": "Authorization",
            "in": "header",
            "description": (
                "`Bearer <token>`: a short-lived JWT access token from POST "
                "/api/v1/auth/token/, or, for pipelines, a long-lived `mdt_pat_…` service token "
                "from POST /api/v1/service-tokens/."
            ),
        }
    },
    "DEFAULT_AUTO_SCHEMA_CLASS": "core.schema_inspector.MDTAutoSchema",
    "DEFAULT_GENERATOR_CLASS": "core.schema_inspector.MDTSchemaGenerator",
    "PERSIST_AUTH": True,
}
SWAGGER_USE_COMPAT_RENDERERS = False

# Demo data (users with a public password) may only be loaded where this is on.
MDT_ALLOW_DEMO_DATA = False

# Private networks a recipe may crawl (ingestion/ssrf.py refuses the rest): the
# warehouse's subnet, not the whole VPC, which also holds MDT's own database.
MDT_INGEST_ALLOWED_NETWORKS = env_networks("MDT_INGEST_ALLOWED_NETWORKS", [])
# What `manage.py ingest --secrets-manager` resolves a recipe's {secret: ...} references with
# (a secret's name in, its string out); the Lambda schedule passes the same function itself.
INGEST_SECRET_RESOLVER = "metadata_discovery.aws.secret_string"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Search: a dotted path picks the backend (the database by default, OpenSearch in production).
SEARCH_BACKEND = env_str("SEARCH_BACKEND", "search.backends.database.DatabaseBackend")
# Where a bulk ingestion batch is indexed once committed (search.indexing): "inline" (in the
# request), "background" (a thread of the process) or "dispatch" (handed to the callable that
# SEARCH_INDEX_DISPATCHER names: on Lambda, an asynchronous invocation).
SEARCH_BULK_INDEXING = env_str("SEARCH_BULK_INDEXING", "background")
SEARCH_INDEX_DISPATCHER = env_str("SEARCH_INDEX_DISPATCHER", "")
SEARCH_RETRY_SECONDS = env_int("SEARCH_RETRY_SECONDS", 30)
# A search counts its matches exactly up to this many, then reports "at least" (and may
# estimate its facets from a sample), as OpenSearch's track_total_hits.
SEARCH_TRACK_TOTAL_HITS = env_int("SEARCH_TRACK_TOTAL_HITS", 10_000)
# A relay run (or reindex) that delivered at least this many documents analyses the search
# tables (core.table_stats): ANALYZE samples a bounded number of rows, about a second at a
# million documents, while delivering 10,000 takes longer than ten, so past this it costs
# under a tenth of the run; smaller runs are what autovacuum's own threshold is for.
SEARCH_ANALYZE_AFTER = env_int("SEARCH_ANALYZE_AFTER", 10_000)
SEARCH_BACKEND_OPTIONS = {
    key: value
    for key, value in {
        "url": env_str("OPENSEARCH_URL", ""),
        "index": env_str("OPENSEARCH_INDEX", ""),
        "aws_auth": env_bool("OPENSEARCH_AWS_AUTH", False),
        "region": env_str("AWS_REGION", ""),
    }.items()
    if value
}
