"""Ownership types as DataHub has them: its four current ones, its deprecated ones kept as the
source said them and shown as DataHub shows them, and custom types by URN, through DataHub
input, the bulk API, the dataset API and DataHub read-back."""

import json
from urllib.parse import quote

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.tests.factories import UserFactory
from catalog.models import ownership_type_label
from catalog.tests.factories import INGESTION, make_urn
from ingestion.datahub import records_ingest

pytestmark = pytest.mark.django_db

URN = "urn:li:dataset:(urn:li:dataPlatform:hive,shop.orders,PROD)"
CUSTODIAN = "urn:li:ownershipType:data_custodian"


def _ownership(*owners: dict) -> dict:
    return {
        "entityType": "dataset",
        "entityUrn": URN,
        "aspectName": "ownership",
        "aspect": {"json": {"owners": list(owners)}},
    }


@pytest.fixture(name="client")
def client_fixture():
    client = APIClient()
    client.force_authenticate(user=UserFactory(username="pipeline", role=Role.INGESTION))
    return client


@pytest.mark.parametrize(
    "given, label",
    [
        ("TECHNICAL_OWNER", "Technical owner"),
        ("BUSINESS_OWNER", "Business owner"),
        ("DATA_STEWARD", "Data steward"),
        ("NONE", "None"),
        ("DATAOWNER", "Technical owner"),
        ("PRODUCER", "Technical owner"),
        ("DEVELOPER", "Technical owner"),
        ("DELEGATE", "Technical owner"),
        ("CONSUMER", "Business owner"),
        ("STAKEHOLDER", "Business owner"),
        (CUSTODIAN, "Data custodian"),
    ],
)
def test_each_type_is_labelled_as_datahub_shows_it(given, label):
    assert ownership_type_label(given) == label


def test_datahub_owner_types_are_kept_as_said_and_custom_ones_by_urn(client):
    result = records_ingest(
        [
            _ownership(
                {"owner": "urn:li:corpuser:ann", "type": "DATAOWNER"},
                {"owner": "urn:li:corpuser:bob", "type": "CUSTOM", "typeUrn": CUSTODIAN},
                {"owner": "urn:li:corpuser:cy", "type": "CUSTOM"},  # no URN: nothing to keep
                {"owner": "urn:li:corpuser:di", "type": "OVERLORD"},  # not DataHub's
            )
        ],
        actor=INGESTION,
    )
    assert result.failed == 0
    owners = client.get(f"/api/v1/datasets/{quote(URN, safe='')}/").json()["owners"]
    shown = {o["name"]: (o["type"], o["type_urn"], o["type_label"]) for o in owners}
    assert shown == {
        "ann": ("DATAOWNER", "", "Technical owner"),
        "bob": ("CUSTOM", CUSTODIAN, "Data custodian"),
        "cy": ("NONE", "", "None"),
        "di": ("NONE", "", "None"),
    }
    read = client.get(f"/api/gms/aspects/{quote(URN, safe='')}?aspect=ownership&version=0")
    assert read.json()["aspect"]["com.linkedin.common.Ownership"]["owners"][:2] == [
        {"owner": "urn:li:corpuser:ann", "type": "DATAOWNER"},
        {"owner": "urn:li:corpuser:bob", "type": "CUSTOM", "typeUrn": CUSTODIAN},
    ]


def test_the_bulk_api_takes_a_custom_type_urn_and_refuses_anything_else(client):
    def ingest(kind: str):
        document = {
            "urn": make_urn("db.orders"),
            "owners": [{"owner": "urn:li:corpuser:ann", "type": kind}],
        }
        return client.post("/api/v1/ingest/", {"datasets": [document]}, format="json")

    assert ingest(CUSTODIAN).json()["failed"] == 0
    for bad in ("OVERLORD", "urn:li:ownershipType:", "urn:li:ownershipType:" + "x" * 300):
        answer = ingest(bad).json()
        assert answer["failed"] == 1, (bad, answer)
        assert "nor a custom ownership type's URN" in answer["errors"][0]["message"]


def test_people_assign_datahubs_enum_types_and_sources_the_custom_ones():
    """A custom type reaches MDT from a source (by its URN); a person's edit picks an enum
    value, deprecated ones included, and is refused anything else with the reason."""
    records_ingest([_ownership({"owner": "urn:li:corpuser:ann", "type": "NONE"})], actor=INGESTION)
    editor = APIClient()
    editor.force_authenticate(user=UserFactory(username="ed", role=Role.EDITOR))
    url = f"/api/v1/datasets/{quote(URN, safe='')}/owners/"

    def assign(kind: str):
        body = {"owners": [{"owner": "urn:li:corpuser:ann", "type": kind}]}
        return editor.put(url, body, format="json")

    assert assign("STAKEHOLDER").status_code == 200
    for refused in (CUSTODIAN, "CUSTOM"):
        answer = assign(refused)
        assert answer.status_code == 400, refused
        assert "is not a valid choice" in json.dumps(answer.json())
