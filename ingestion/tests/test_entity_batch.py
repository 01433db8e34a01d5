"""The bulk API's entity lists: written before the datasets, each entry whole or nothing."""

import pytest

from catalog.entity_models import (
    Container,
    DataJob,
    EntityChange,
    EntityLink,
    EntityOwnership,
    GlossaryNode,
    GlossaryTermRelation,
)
from catalog.models import Dataset, GlossaryTerm, Tag
from catalog.tests.factories import make_urn

pytestmark = pytest.mark.django_db
FLOW = "urn:li:dataFlow:(airflow,shop,prod)"
ORDERS = make_urn("shop.orders")


@pytest.fixture(name="post")
def post_as_a_pipeline(api_client, platforms_seeded):  # pylint: disable=unused-argument
    from accounts.models import Role  # pylint: disable=import-outside-toplevel
    from accounts.tests.factories import UserFactory  # pylint: disable=import-outside-toplevel

    api_client.force_authenticate(UserFactory(username="pipeline", role=Role.INGESTION))

    def send(body: dict, status: int = 200) -> dict:
        response = api_client.post("/api/v1/ingest/", body, format="json")
        assert response.status_code == status, response.content
        return response.json()

    return send


def test_entities_come_before_the_datasets_that_name_them(post):
    body = post(
        {
            "glossary_nodes": [{"name": "Sales", "description": "Selling"}],
            "glossary_terms": [
                {
                    "name": "Sales.Order",
                    "display_name": "Order",
                    "description": "A customer's order.",
                    "node": "Sales",
                    "related": {"hasA": ["Sales.OrderId"]},
                    "owners": [{"owner": "ana", "type": "BUSINESS_OWNER"}],
                }
            ],
            "tags": [{"name": "gold", "description": "Curated", "color": "#faad14"}],
            "containers": [
                {"urn": "urn:li:container:db", "name": "shop", "sub_type": "Database"},
                {"urn": "urn:li:container:s", "name": "public", "parent": "urn:li:container:db"},
            ],
            "pipelines": [
                {
                    "urn": FLOW,
                    "name": "Shop daily",
                    "jobs": [
                        {
                            "urn": f"urn:li:dataJob:({FLOW},load)",
                            "name": "Load orders",
                            "inputs": [make_urn("raw.orders")],
                            "outputs": [ORDERS],
                        }
                    ],
                }
            ],
            "dashboards": [
                {"urn": "urn:li:dashboard:(looker,1)", "name": "Shop", "datasets": [ORDERS]}
            ],
            "datasets": [
                {
                    "urn": ORDERS,
                    "container": "urn:li:container:s",
                    "glossary_terms": ["Sales.Order"],
                    "tags": ["gold"],
                }
            ],
        }
    )
    assert (body["entities_written"], body["entity_errors"], body["created"]) == (7, [], 1)
    term = GlossaryTerm.objects.get(name="Sales.Order")
    assert (term.node.name, term.display_name) == ("Sales", "Order")
    assert GlossaryTermRelation.objects.get(term=term).related.name == "Sales.OrderId"
    assert EntityOwnership.objects.get(entity_urn=term.urn).user.username == "ana"
    assert Tag.objects.get(name="gold").color == "#faad14"
    orders = Dataset.objects.get(urn=ORDERS)
    assert orders.container.urn == "urn:li:container:s"
    assert orders.container.parent.name == "shop"
    assert DataJob.objects.get().flow.name == "Shop daily"
    assert set(EntityLink.objects.values_list("kind", "target_urn")) == {
        ("input", make_urn("raw.orders")),
        ("output", ORDERS),
        ("input", ORDERS),
    }
    assert EntityChange.objects.filter(actor="urn:li:corpuser:pipeline").exists()


def test_a_bad_entry_is_listed_and_the_rest_kept(post):
    body = post(
        {
            "tags": [{"name": "ok"}, {"name": "bad\x00"}, {"name": "red", "color": "red"}],
            "glossary_nodes": [{"name": "A"}, {"name": "B", "parent": "A"}],
            "pipelines": [
                {"urn": "urn:li:dataFlow:(a,b)"},
                {"urn": FLOW, "jobs": [{"urn": "urn:li:dataJob:(urn:li:dataFlow:(x,y,z),j)"}]},
            ],
            "containers": [{"urn": "urn:li:dataset:x"}],
        }
    )
    errors = [(e["section"], e["index"]) for e in body["entity_errors"]]
    assert errors == [
        ("tags", 1),
        ("tags", 2),
        ("containers", 0),
        ("pipelines", 0),
        ("pipelines", 1),
    ]
    messages = {(e["section"], e["index"]): e["message"] for e in body["entity_errors"]}
    assert "NUL" in messages[("tags", 1)] or "null" in messages[("tags", 1)].lower()
    assert "urn:li:dataFlow:(<orchestrator>" in messages[("pipelines", 0)]
    assert "is not in pipeline" in messages[("pipelines", 1)]
    assert body["entities_written"] == 3
    # The pipeline whose task was refused left nothing behind.
    assert not DataJob.objects.exists() and not Container.objects.exists()
    assert list(Tag.objects.values_list("name", flat=True)) == ["ok"]
    assert GlossaryNode.objects.get(name="B").parent.name == "A"


@pytest.mark.parametrize(
    "body", [{}, {"tags": "gold"}, {"datasets": "x"}, {"tags": [{"name": "a"}] * 1001}]
)
def test_a_body_without_anything_to_write_is_refused_whole(post, body):
    status = 413 if isinstance(body.get("tags"), list) else 400
    assert post(body, status)["error"]["message"]
    assert not Tag.objects.exists()
