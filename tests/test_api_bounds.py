"""Malformed input on every JSON endpoint is a 4xx in the error shape, never a 500: JSON nested
too deep (issue 15: a RecursionError) and a body over DATA_UPLOAD_MAX_MEMORY_SIZE (Django's
RequestDataTooBig)."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import json
import uuid

import pytest
from django.core.exceptions import RequestDataTooBig
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.tests.factories import UserFactory
from catalog.models import Dataset
from catalog.tests.factories import make_urn
from core.parsers import MAX_JSON_DEPTH
from core.rest import exception_handler

pytestmark = pytest.mark.django_db

KAFKA = "urn:li:dataset:(urn:li:dataPlatform:kafka,SampleKafkaDataset,PROD)"
# (path, who posts): the JSON endpoints, with and without a login.
ENDPOINTS = [
    ("/api/v1/auth/token/", None),
    ("/api/v1/auth/token/refresh/", None),
    ("/api/v1/auth/session/", None),
    ("/api/v1/datasets/", Role.EDITOR),
    ("/api/v1/tags/", Role.EDITOR),
    ("/api/v1/service-tokens/", Role.ADMIN),
    ("/api/v1/ingest/", Role.INGESTION),
    ("/api/v1/lineage", Role.INGESTION),
    ("/api/gms/aspects?action=ingestProposal", Role.INGESTION),
    ("/api/gms/entities?action=ingest", Role.INGESTION),
]


def _client(role) -> APIClient:
    client = APIClient()
    if role is not None:
        client.force_authenticate(user=UserFactory(role=role, is_superuser=role == Role.ADMIN))
    return client


def _nested(depth: int, leaf: str = "1") -> str:
    """JSON text ``depth`` levels deep, built without recursing (json.dumps would)."""
    return (
        '{"a":' * (depth // 2)
        + "[" * (depth - depth // 2)
        + leaf
        + "]" * (depth - depth // 2)
        + "}" * (depth // 2)
    )


def _post(client: APIClient, path: str, text: str):
    # The header the session endpoints require of a browser call (CSRF); others ignore it.
    return client.post(
        path, text, content_type="application/json", HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )


def _assert_too_deep(response) -> None:
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "parse_error"
    assert f"deeper than {MAX_JSON_DEPTH}" in error["message"]


@pytest.mark.parametrize(("path", "role"), ENDPOINTS)
@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1000, 100_000])
def test_json_nested_too_deep_is_a_400_on_every_endpoint(path, role, depth):
    _assert_too_deep(_post(_client(role), path, _nested(depth)))


def test_json_nested_to_the_limit_is_parsed():
    editor = _client(Role.EDITOR)
    response = _post(editor, "/api/v1/tags/", '{"name": "deep", "x": ' + _nested(63) + "}")
    assert response.status_code == 201, response.content


def test_brackets_inside_strings_are_not_nesting():
    editor = _client(Role.EDITOR)
    body = json.dumps({"name": "brackets", "description": "[{" * 5000 + '\\"'})
    assert _post(editor, "/api/v1/tags/", body).status_code == 201


def _ingest_document(**extra) -> dict:
    return {"urn": make_urn("db.deep"), "schema": [{"field_path": "id", "type": "number"}], **extra}


def _with(document: dict, key: str, deep: str) -> str:
    """``document`` as JSON with ``key``'s value replaced by the raw text ``deep``."""
    marker = f"__{uuid.uuid4().hex}__"
    return json.dumps({"datasets": [{**document, key: marker}]}).replace(f'"{marker}"', deep)


def test_custom_properties_and_column_mappings_5000_deep_are_a_400():
    ingester = _client(Role.INGESTION)
    deep = '{"k": ' + _nested(5000, '"v"') + "}"
    _assert_too_deep(
        _post(ingester, "/api/v1/ingest/", _with(_ingest_document(), "custom_properties", deep))
    )
    upstream = '[{"urn": "%s", "column_mappings": %s}]' % (make_urn("db.up"), _nested(5000))
    _assert_too_deep(
        _post(ingester, "/api/v1/ingest/", _with(_ingest_document(), "upstreams", upstream))
    )
    assert not Dataset.objects.exists()


def test_openlineage_facets_5000_deep_are_a_400():
    event = {
        "eventType": "COMPLETE",
        "eventTime": "2026-11-26T10:00:00.000Z",
        "run": {"runId": str(uuid.uuid4()), "facets": "__deep__"},
        "job": {"namespace": "etl", "name": "load"},
        "inputs": [],
        "outputs": [],
    }
    text = json.dumps(event).replace('"__deep__"', '{"custom": ' + _nested(5000) + "}")
    _assert_too_deep(_post(_client(Role.INGESTION), "/api/v1/lineage", text))


@pytest.mark.parametrize("value", [_nested(5000), "{not json"])
def test_gms_aspect_value_too_deep_or_not_json_is_a_400(value):
    """DataHub's GenericAspect carries its aspect as JSON text inside the JSON body."""
    proposal = {
        "entityType": "dataset",
        "entityUrn": KAFKA,
        "changeType": "UPSERT",
        "aspectName": "datasetProperties",
        "aspect": {"value": value, "contentType": "application/json"},
    }
    response = _post(
        _client(Role.INGESTION),
        "/api/gms/aspects?action=ingestProposal",
        json.dumps({"proposal": proposal}),
    )
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "parse_error"
    assert not Dataset.objects.filter(urn=KAFKA).exists()


@pytest.mark.parametrize(("path", "role"), ENDPOINTS)
def test_a_body_over_the_size_limit_is_a_413_on_every_endpoint(settings, path, role):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"username": "x", "password": "y", "name": "t", "padding": "x" * 2000})
    response = _post(_client(role), path, body)
    assert response.status_code == 413, response.content
    error = response.json()["error"]
    assert error["code"] == "payload_too_large"
    assert "at most 1000" in error["message"]


def test_a_body_found_too_large_while_read_is_a_413(settings):
    """Without a Content-Length (chunked), Django finds the size only by reading the body."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = exception_handler(RequestDataTooBig("too big"), {"request": None})
    assert response.status_code == 413
    assert response.data["error"]["message"] == (
        "The body is too large: at most 1000 bytes are accepted."
    )


def test_the_swagger_document_lists_413_for_every_operation_with_a_body():
    document = APIClient().get("/api/swagger.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method in ("post", "put", "patch"):
                for code in ("400", "413"):
                    response = operation["responses"].get(code)
                    assert response, f"{method.upper()} {path} does not list {code}"
                    assert response["schema"]["title"] == "Error"


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/api/v1/datasets/"), ("get", "/api/v1/search/"), ("post", "/api/v1/tags/")],
)
def test_more_query_parameters_than_django_reads_is_a_400(method, path):
    """Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS (TooManyFieldsSent)."""
    query = "&".join(f"f{i}=1" for i in range(1100))
    client = _client(Role.EDITOR)
    if method == "get":
        response = client.get(f"{path}?{query}")
    else:
        response = client.post(f"{path}?{query}", {"name": "t"}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "bad_request"


# An integer past the database's (SQLite's and PostgreSQL's bigint: 2**63 - 1) was a 500
# (OverflowError, "bigint out of range") where a list of ids or an offset reached a query;
# schemathesis found the sign-out one.
HUGE = 2**64


@pytest.mark.parametrize(
    "path", ["/api/v1/datasets/", "/api/v1/search/", "/api/v1/users/", "/api/v1/ingestion-runs/"]
)
def test_an_offset_past_the_database_integers_is_a_400(path):
    response = _client(Role.ADMIN).get(path, {"offset": HUGE, "q": "x"})
    assert response.status_code == 400, response.content
    assert "offset" in response.json()["error"]["fields"]


def test_service_token_ids_past_the_database_integers_are_a_400():
    user = UserFactory(username="leaver", role=Role.EDITOR)
    response = _client(Role.ADMIN).post(
        f"/api/v1/users/{user.username}/sign-out/", {"service_tokens": [HUGE]}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "service_tokens" in response.json()["error"]["fields"]
