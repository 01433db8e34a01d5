"""Backends for the contract suite: the database backend on whatever database the run uses
(SQLite locally, PostgreSQL in CI), and OpenSearch: a real cluster when OPENSEARCH_URL is set,
otherwise osmem-server, an in-memory OpenSearch-compatible server started on 127.0.0.1."""

import os
import uuid

import pytest

from search.backends import get_backend, reset_backend

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name


@pytest.fixture(scope="session")
def opensearch_url():
    url = os.environ.get("OPENSEARCH_URL")
    if url:
        yield url
        return
    from osmem_server import OsmemServer  # pylint: disable=import-outside-toplevel

    server = OsmemServer.start(japanese=False, addr="127.0.0.1:0")
    yield server.url
    server.close()


def _use(settings, backend_path: str, **options):
    settings.SEARCH_BACKEND = backend_path
    settings.SEARCH_BACKEND_OPTIONS = options
    reset_backend()
    backend = get_backend()
    backend.setup()
    return backend


@pytest.fixture(params=["database", "opensearch"])
def search_backend(request, settings, db):  # pylint: disable=unused-argument
    if request.param == "database":
        backend = _use(settings, "search.backends.database.DatabaseBackend")
    else:
        url = request.getfixturevalue("opensearch_url")
        backend = _use(
            settings,
            "search.backends.opensearch.OpenSearchBackend",
            url=url,
            index=f"mdt-test-{uuid.uuid4().hex[:10]}",
            refresh=True,
        )
    yield backend
    if request.param == "opensearch":
        backend.client.indices.delete(index=f"{backend.alias}-*", ignore=[404])
    reset_backend()


@pytest.fixture
def database_backend(settings, db):  # pylint: disable=unused-argument
    yield _use(settings, "search.backends.database.DatabaseBackend")
    reset_backend()
