"""Fixtures shared by every app's tests: users in each role, authenticated API clients, and the
seeded platforms a transactional test must put back, and a wait for another session to block on a
lock."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import importlib
import time

import pytest
from django.db import connection
from django.apps import apps as django_apps
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.tests.factories import UserFactory


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def _client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def reader(db):  # pylint: disable=unused-argument
    return UserFactory(username="reader1", role=Role.READER)


@pytest.fixture
def editor(db):  # pylint: disable=unused-argument
    return UserFactory(username="editor1", role=Role.EDITOR)


@pytest.fixture
def admin_user(db):  # pylint: disable=unused-argument
    return UserFactory(username="admin1", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def reader_client(reader) -> APIClient:
    return _client_for(reader)


@pytest.fixture
def editor_client(editor) -> APIClient:
    return _client_for(editor)


@pytest.fixture
def platforms_seeded():
    """A transactional test starts from, and ends with, a flushed database: the platforms the
    data migration seeds are put back before and after, for this test and the later ones."""
    seed = importlib.import_module("catalog.migrations.0002_seed_platforms").seed
    seed(django_apps, None)
    yield
    seed(django_apps, None)


@pytest.fixture
def wait_for_a_blocked_session():
    """A function that returns once another session of this database waits for a lock (one
    this test's session holds), for tests that stage a race between two transactions."""

    def wait(timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        with connection.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                )
                if cursor.fetchone()[0]:
                    return
                time.sleep(0.02)
        raise TimeoutError("no other session waited for a lock")

    return wait


@pytest.fixture
def analysed_tables(db):  # pylint: disable=unused-argument
    """A callable giving the tables ``ANALYZE`` ran on since the fixture was made, as the
    database itself records it: ``pg_stat_user_tables.last_analyze`` on PostgreSQL (not
    ``last_autoanalyze``; statistics outlive a test's rollback, hence the clock), the rows of
    ``sqlite_stat1`` on SQLite (emptied first, inside the test's transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT clock_timestamp()")
            started = cursor.fetchone()[0]
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone():
                cursor.execute("DELETE FROM sqlite_stat1")

    def analysed() -> set[str]:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT relname FROM pg_stat_user_tables WHERE last_analyze >= %s",
                    [started],
                )
            else:
                cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
                if not cursor.fetchone():
                    return set()
                cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
            return {name for (name,) in cursor.fetchall()}

    return analysed
