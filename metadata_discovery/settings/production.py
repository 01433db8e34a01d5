"""Production (Lambda) settings. No secret has a default: a missing value fails loudly."""

from django.core.exceptions import ImproperlyConfigured

# pylint: disable=wildcard-import,unused-wildcard-import
from metadata_discovery.settings.base import *  # noqa: F401,F403
from metadata_discovery.env import env_bool, env_int, env_list, env_str

DEBUG = False
if not env_str("DATABASE_URL", ""):
    raise ImproperlyConfigured("Production needs DATABASE_URL (PostgreSQL).")

# Lambda reuses a warm container for many requests: keep the connection and check its health.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 300)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
MDT_ALLOW_DEMO_DATA = False
