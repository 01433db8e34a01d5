"""Test settings: fast hashing, demo data allowed. DATABASE_URL picks PostgreSQL in CI."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-insecure-key-with-enough-bytes-for-hs256")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

# pylint: disable=wildcard-import,unused-wildcard-import,wrong-import-position
from metadata_discovery.settings.base import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MDT_ALLOW_DEMO_DATA = True
LOGGING["root"]["level"] = "WARNING"
# Tests search what they just ingested; search/tests/test_indexing.py covers the other modes.
SEARCH_BULK_INDEXING = "inline"
