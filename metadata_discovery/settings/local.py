"""Laptop settings: SQLite, debug on, demo data allowed. Never used in Lambda."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "local-only-insecure-key-not-for-production-use-ever")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

# pylint: disable=wildcard-import,unused-wildcard-import,wrong-import-position
from metadata_discovery.settings.base import *  # noqa: E402,F401,F403

MDT_ALLOW_DEMO_DATA = True
REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = [
    "rest_framework.renderers.JSONRenderer",
    "rest_framework.renderers.BrowsableAPIRenderer",
]
