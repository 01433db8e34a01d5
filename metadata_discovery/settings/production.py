"""Production (Lambda) settings. No secret has a default: a missing value fails loudly.

Secrets arrive as references (DJANGO_SECRET_KEY_SECRET_ID, DATABASE_SECRET_ID) and are resolved
before the base settings read the environment; plain DJANGO_SECRET_KEY / DATABASE_URL work too.
"""

from django.core.exceptions import ImproperlyConfigured

from metadata_discovery import aws
from metadata_discovery.env import env_bool, env_int, env_list, env_str

aws.load_secrets_into_environ()

# pylint: disable=wildcard-import,unused-wildcard-import,wrong-import-position
from metadata_discovery.settings.base import *  # noqa: E402,F401,F403

DEBUG = False
if not env_str("DATABASE_URL", ""):
    raise ImproperlyConfigured("Production needs DATABASE_URL or DATABASE_SECRET_ID (PostgreSQL).")

# Lambda reuses a warm container for many requests: keep the connection and check its health
# before reuse. Each concurrent container holds one connection; past a few dozen concurrent
# containers, point DATABASE_HOST at an RDS Proxy instead of the instance (docs/deploy.md).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 300)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    # Fail fast (and let the health check answer 503) rather than hang until Lambda's timeout.
    DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    DATABASES["default"]["OPTIONS"].setdefault(  # noqa: F405
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
    )

# API Gateway's default host (<api-id>.execute-api.<region>.amazonaws.com) is only known after
# `zappa deploy`, so the region's execute-api suffix is allowed; the custom domain and the
# CloudFront host come from DJANGO_ALLOWED_HOSTS.
_REGION = env_str("AWS_REGION", "")
ALLOWED_HOSTS = [  # noqa: F405
    *ALLOWED_HOSTS,  # noqa: F405
    *([f".execute-api.{_REGION}.amazonaws.com"] if _REGION else []),
]

# The SPA and the API share the CloudFront origin (docs/deploy.md), so no CORS is needed; the
# admin's and Swagger's static files are uploaded to the SPA bucket under /static/.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
MDT_ALLOW_DEMO_DATA = False

# The admin without autodiscovery: the apps' admin modules load with the admin's routes, on the
# first request to /admin/ (metadata_discovery/urls_admin.py), instead of on every cold start.
INSTALLED_APPS = [  # noqa: F405
    "django.contrib.admin.apps.SimpleAdminConfig" if app == "django.contrib.admin" else app
    for app in INSTALLED_APPS  # noqa: F405
]

# X-Ray: on where Zappa deploys with xray_tracing (MDT_XRAY=1 in zappa_settings.json). Without a
# daemon listening the SDK's UDP sends go nowhere, so it is harmless off Lambda.
if env_bool("MDT_XRAY", False):
    INSTALLED_APPS, MIDDLEWARE = aws.with_xray(  # noqa: F405
        installed_apps=INSTALLED_APPS, middleware=MIDDLEWARE  # noqa: F405
    )
    XRAY_RECORDER = aws.xray_recorder_settings(service=env_str("MDT_XRAY_SERVICE", "mdt"))

# Bulk ingestion batches are indexed in their own request, on the OpenSearch domain in the same
# VPC; the scheduled search_relay sweep delivers anything that fails. Handing them to an
# asynchronous invocation (SEARCH_BULK_INDEXING=dispatch with
# SEARCH_INDEX_DISPATCHER=metadata_discovery.lambda_tasks.dispatch) needs a route to the Lambda
# API that the default stack does not have (issue 17; docs/deploy.md).
SEARCH_BULK_INDEXING = env_str("SEARCH_BULK_INDEXING", "inline")
SEARCH_INDEX_DISPATCHER = env_str("SEARCH_INDEX_DISPATCHER", "")
