"""GMS endpoints answer malformed proposals with a 400 in GMS's shape, never a 500: DataHub's
``datahub-rest`` sink retries a 5xx, so a 500 would resend the same bad batch again and again.
The shapes are those a fuzzer sent (issue 15, item 5)."""

# pytest fixtures are taken as same-named arguments.
# pylint: disable=redefined-outer-name

import json

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URN = "urn:li:dataset:(urn:li:dataPlatform:kafka,shop.orders,PROD)"


@pytest.fixture
def gms():
    client = APIClient()
    client.force_authenticate(user=UserFactory(username="dh", role=Role.INGESTION))
    return client


def _proposal(aspect_name: str, value) -> dict:
    return {
        "entityType": "dataset",
        "entityUrn": URN,
        "changeType": "UPSERT",
        "aspectName": aspect_name,
        "aspect": {"value": value if isinstance(value, str) else json.dumps(value)},
    }


MALFORMED = [
    ("not JSON", _proposal("datasetProperties", "{not json")),
    ("a list as value", _proposal("datasetProperties", [1, 2])),
    ("a number as value", _proposal("status", 3)),
    ("fields as a string", _proposal("schemaMetadata", {"schemaName": "x", "fields": "id"})),
    ("owners: [1]", _proposal("ownership", {"owners": [1]})),
    ("tags: [{tag: 1}]", _proposal("globalTags", {"tags": [{"tag": 1}]})),
    ("upstreams as a string", _proposal("upstreamLineage", {"upstreams": "x"})),
    ("an upstream without dataset", _proposal("upstreamLineage", {"upstreams": [{"type": 1}]})),
    ("customProperties as a list", _proposal("datasetProperties", {"customProperties": [1]})),
    ("aspect as a string", {**_proposal("status", {}), "aspect": "x"}),
    ("proposal as a list", [1]),
]


@pytest.mark.parametrize("name, proposal", MALFORMED, ids=[name for name, _ in MALFORMED])
def test_a_malformed_proposal_is_a_400(gms, name, proposal):
    response = gms.post(
        "/api/gms/aspects?action=ingestProposal", {"proposal": proposal}, format="json"
    )
    assert response.status_code == 400, (name, response.content)


@pytest.mark.parametrize(
    "body",
    [
        {"entities": ["x"]},
        {"entities": [{"value": 1}]},
        {"entities": "x"},
        {"entity": [1]},
        {"entity": {"value": {"com.linkedin.metadata.snapshot.DatasetSnapshot": {"urn": 5}}}},
    ],
)
@pytest.mark.parametrize("action", ["batchIngest", "ingest"])
def test_malformed_entities_are_a_400(gms, body, action):
    response = gms.post(f"/api/gms/entities?action={action}", body, format="json")
    assert response.status_code == 400, response.content
