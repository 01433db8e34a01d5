import importlib

import pytest
from django.apps import apps as django_apps


@pytest.fixture(scope="module")
def platforms_reseeded(django_db_blocker):
    """A transactional test ends with a flush, which drops the platforms a data migration
    seeded and later tests rely on: seed them again once the module is done."""
    yield
    seed = importlib.import_module("catalog.migrations.0002_seed_platforms").seed
    with django_db_blocker.unblock():
        seed(django_apps, None)
