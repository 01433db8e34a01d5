"""The entity pages' API, on entities written through the services as ingestion writes them."""

from urllib.parse import quote

import pytest

from accounts.models import Group, User
from catalog import entity_services as es
from catalog.entity_models import Dashboard, EntityChange, EntityType, LinkKind
from catalog.services import FieldSpec
from catalog.tests.factories import make_dataset, make_urn

pytestmark = pytest.mark.django_db
ACTOR = "urn:li:corpuser:datahub"
FLOW = "urn:li:dataFlow:(airflow,daily_sales,prod)"
JOB = f"urn:li:dataJob:({FLOW},load_orders)"
DB = "urn:li:container:6f1c0a"
SCHEMA = "urn:li:container:9b2e77"


@pytest.fixture(name="orders")
def orders_in_a_catalog(platforms_seeded):  # pylint: disable=unused-argument
    """Two term groups, a term with a related term and an owner, a tagged field, a person in a
    team that owns a dataset, a database and schema holding it, a pipeline task reading it and
    writing another, a dashboard with a chart reading it."""
    es.glossary_node_upsert(name="Finance", actor=ACTOR, display_name="Finance")
    es.glossary_node_upsert(name="Revenue", actor=ACTOR, parent="Finance", description="Money in")
    es.glossary_term_upsert(
        name="Finance.GrossMargin",
        actor=ACTOR,
        display_name="Gross margin",
        description="Revenue minus cost of goods sold.",
        node="Revenue",
        custom_properties={"steward": "finance-ops"},
    )
    es.glossary_term_relations_set(
        name="Finance.GrossMargin", relations={"isA": ["Finance.Metric"]}, actor=ACTOR
    )
    es.entity_owners_set(
        urn="urn:li:glossaryTerm:Finance.GrossMargin",
        entity_type=EntityType.GLOSSARY_TERM,
        owners=[es.EntityOwner("urn:li:corpGroup:finance", "BUSINESS_OWNER")],
        actor=ACTOR,
    )
    es.tag_upsert(name="PII", actor=ACTOR, description="Personal data", color="#ff4d4f")
    es.container_upsert(urn=DB, actor=ACTOR, name="sales", sub_type="Database", platform="postgres")
    es.container_upsert(urn=SCHEMA, actor=ACTOR, name="public", sub_type="Schema", parent=DB)
    orders = make_dataset(
        "sales.public.orders",
        platform="postgres",
        schema=[
            FieldSpec("customer_email", "string", tags=("PII",)),
            FieldSpec("margin", "number", glossary_terms=("Finance.GrossMargin",)),
        ],
        glossary_terms=["Finance.GrossMargin"],
        owners=("urn:li:corpGroup:finance",),
        container=SCHEMA,
    )
    ana = User.objects.create(username="ana", display_name="Ana Ruiz", email="ana@example.com")
    Group.objects.get(name="finance").members.add(ana)
    es.data_job_upsert(urn=JOB, actor=ACTOR, name="Load orders", type="SQL")
    es.links_set(
        source_urn=JOB,
        source_type=EntityType.DATA_JOB,
        kind=LinkKind.INPUT,
        targets=[orders.urn],
        actor=ACTOR,
        aspect="dataJobInputOutput",
    )
    es.links_set(
        source_urn=JOB,
        source_type=EntityType.DATA_JOB,
        kind=LinkKind.OUTPUT,
        targets=[make_urn("sales.daily", "hive")],
        actor=ACTOR,
        aspect="dataJobInputOutput",
    )
    es.chart_upsert(urn="urn:li:chart:(looker,7)", actor=ACTOR, name="Margin", inputs=[orders.urn])
    es.dashboard_upsert(
        urn="urn:li:dashboard:(looker,sales)",
        actor=ACTOR,
        name="Sales",
        charts=["urn:li:chart:(looker,7)"],
    )
    return orders


def get(client, path: str, status: int = 200):
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == status, response.content
    return response.json()


def test_a_terms_page_has_its_group_path_relations_owners_datasets_and_fields(
    reader_client, orders
):
    term = get(reader_client, "glossary-terms/Finance.GrossMargin/")
    assert term["display_name"] == "Gross margin"
    assert term["description"] == "Revenue minus cost of goods sold."
    assert [n["name"] for n in term["path"]] == ["Finance", "Revenue"]
    assert term["parent"] == {"name": "Revenue", "display_name": ""}
    assert term["related"] == [
        {"name": "Finance.Metric", "display_name": "Finance.Metric", "relation": "isA"}
        | {"direction": "out"}
    ]
    assert [(o["urn"], o["type_label"]) for o in term["owners"]] == [
        ("urn:li:corpGroup:finance", "Business owner")
    ]
    assert (term["dataset_count"], term["field_count"]) == (1, 1)
    assert term["custom_properties"] == {"steward": "finance-ops"}
    # The other side of the relation names it as coming in.
    metric = get(reader_client, "glossary-terms/Finance.Metric/")
    assert metric["related"][0] | {} == {
        "name": "Finance.GrossMargin",
        "display_name": "Gross margin",
        "relation": "isA",
        "direction": "in",
    }
    listed = get(reader_client, "datasets/?term=Finance.GrossMargin")
    assert [d["urn"] for d in listed["results"]] == [orders.urn]
    fields = get(reader_client, "schema-fields/?term=Finance.GrossMargin")
    assert [(f["dataset"]["urn"], f["field_path"]) for f in fields["results"]] == [
        (orders.urn, "margin")
    ]


@pytest.mark.usefixtures("orders")
def test_term_groups_nest_and_list_their_terms(reader_client):
    nodes = {n["name"]: n for n in get(reader_client, "glossary-nodes/")}
    assert nodes["Revenue"]["parent"] == "Finance"
    assert (nodes["Finance"]["child_count"], nodes["Revenue"]["term_count"]) == (1, 1)
    revenue = get(reader_client, "glossary-nodes/Revenue/")
    assert [n["name"] for n in revenue["path"]] == ["Finance"]
    assert revenue["terms"] == [
        {
            "name": "Finance.GrossMargin",
            "display_name": "Gross margin",
            "description": "Revenue minus cost of goods sold.",
            "dataset_count": 1,
        }
    ]
    finance = get(reader_client, "glossary-nodes/Finance/")
    assert [c["name"] for c in finance["children"]] == ["Revenue"]


def test_a_tags_page_counts_datasets_and_lists_its_fields(reader_client, orders):
    tag = get(reader_client, "tags/PII/")
    assert (tag["description"], tag["color"]) == ("Personal data", "#ff4d4f")
    assert (tag["dataset_count"], tag["field_count"]) == (0, 1)
    fields = get(reader_client, "schema-fields/?tag=PII")
    assert fields["count"] == 1
    row = fields["results"][0]
    assert (row["dataset"]["urn"], row["field_path"], row["tags"]) == (
        orders.urn,
        "customer_email",
        ["PII"],
    )
    # A field whose dataset is removed drops out; one only tagged by a person counts too.
    assert get(reader_client, "schema-fields/?tag=pii")["count"] == 0


@pytest.mark.usefixtures("orders")
def test_a_persons_page_shows_their_groups_and_what_they_own_through_them(reader_client):
    person = get(reader_client, "people/ana/")
    assert (person["display_name"], person["email"]) == ("Ana Ruiz", "ana@example.com")
    assert [g["name"] for g in person["groups"]] == ["finance"]
    assert person["owned"]["datasets"] == 0 and person["owned"]["via_groups"] == 1
    assert person["owned"]["other"] == [
        {
            "urn": "urn:li:glossaryTerm:Finance.GrossMargin",
            "type": "glossaryTerm",
            "name": "Finance.GrossMargin",
            "url_key": "Finance.GrossMargin",
        }
    ]
    group = get(reader_client, "groups/finance/")
    assert [m["username"] for m in group["members"]] == ["ana"]
    assert group["dataset_count"] == 1


def test_containers_nest_and_list_datasets_below_them(reader_client, orders):
    db = get(reader_client, f"containers/{quote(DB, safe='')}/")
    assert (db["name"], db["sub_type"], db["platform"]) == ("sales", "Database", "postgres")
    assert [c["urn"] for c in db["children"]] == [SCHEMA]
    assert db["dataset_count"] == 1  # in the schema below it
    schema = get(reader_client, f"containers/{quote(SCHEMA, safe='')}/")
    assert [c["name"] for c in schema["path"]] == ["sales"]
    roots = get(reader_client, "containers/?root=true")
    assert [c["urn"] for c in roots["results"]] == [DB]
    in_db = get(reader_client, f"datasets/?container={quote(DB, safe='')}")
    assert [d["urn"] for d in in_db["results"]] == [orders.urn]
    detail = get(reader_client, f"datasets/{quote(orders.urn, safe='')}/")
    assert detail["container"] == {"urn": SCHEMA, "name": "public", "sub_type": "Schema"}
    assert [c["name"] for c in detail["container_path"]] == ["sales", "public"]


def test_a_pipelines_page_lists_its_tasks_with_what_they_read_and_write(reader_client, orders):
    flow = get(reader_client, f"pipelines/{quote(FLOW, safe='')}/")
    assert (flow["orchestrator"], flow["flow_id"], flow["cluster"]) == (
        "airflow",
        "daily_sales",
        "prod",
    )
    (job,) = flow["jobs"]
    assert (job["urn"], job["name"], job["type"]) == (JOB, "Load orders", "SQL")
    assert [d["urn"] for d in job["inputs"]] == [orders.urn]
    # A dataset the catalog does not hold yet is shown from its URN.
    assert [(d["name"], d["platform"], d["status"]) for d in job["outputs"]] == [
        ("sales.daily", "hive", "unknown")
    ]
    task = get(reader_client, f"jobs/{quote(JOB, safe='')}/")
    assert task["flow"]["urn"] == FLOW and task["runs"] == []
    detail = get(reader_client, f"datasets/{quote(orders.urn, safe='')}/")
    assert detail["jobs"] == [
        {
            "urn": JOB,
            "name": "Load orders",
            "flow": {"urn": FLOW, "name": "daily_sales", "orchestrator": "airflow"},
            "role": "reads",
        }
    ]
    assert get(reader_client, "pipelines/?orchestrator=airflow")["count"] == 1


def test_dashboards_and_charts_show_what_they_read(reader_client, orders):
    board = get(reader_client, f"dashboards/{quote('urn:li:dashboard:(looker,sales)', safe='')}/")
    assert board["platform"] == "looker"
    assert [c["name"] for c in board["charts"]] == ["Margin"]
    chart = get(reader_client, f"charts/{quote('urn:li:chart:(looker,7)', safe='')}/")
    assert [d["urn"] for d in chart["datasets"]] == [orders.urn]
    assert [d["name"] for d in chart["dashboards"]] == ["Sales"]
    detail = get(reader_client, f"datasets/{quote(orders.urn, safe='')}/")
    assert detail["dashboards"] == [
        {"urn": "urn:li:chart:(looker,7)", "name": "Margin", "type": "chart", "platform": "looker"}
    ]


@pytest.mark.usefixtures("orders")
def test_every_entity_keeps_its_history(reader_client):
    es.glossary_term_upsert(
        name="Finance.GrossMargin", actor="urn:li:corpuser:ana", description="New"
    )
    history = get(
        reader_client, f"entities/history/?urn={quote('urn:li:glossaryTerm:Finance.GrossMargin')}"
    )
    latest = history["results"][0]
    assert (latest["aspect"], latest["actor"]) == ("glossaryTermInfo", "urn:li:corpuser:ana")
    assert latest["before"] == {"description": "Revenue minus cost of goods sold."}
    assert latest["after"] == {"description": "New"}
    aspects = {row["aspect"] for row in history["results"]}
    assert aspects == {"glossaryTermInfo", "glossaryRelatedTerms", "ownership"}
    # Writing the same again records nothing.
    count = EntityChange.objects.count()
    es.glossary_term_upsert(name="Finance.GrossMargin", actor=ACTOR, description="New")
    assert EntityChange.objects.count() == count


@pytest.mark.parametrize(
    "path",
    [
        "tags/nope/",
        "glossary-terms/nope/",
        "glossary-nodes/nope/",
        "domains/nope/",
        "people/nobody/",
        "groups/nobody/",
        "containers/urn:li:container:nope/",
        "pipelines/urn:li:dataFlow:(a,b,c)/",
        "jobs/urn:li:dataJob:(urn:li:dataFlow:(a,b,c),d)/",
        "dashboards/urn:li:dashboard:(a,b)/",
        "charts/urn:li:chart:(a,b)/",
    ],
)
def test_an_unknown_entity_is_a_404_saying_so(reader_client, path):
    body = get(reader_client, path, status=404)
    assert "not found" in body["error"]["message"]


@pytest.mark.parametrize(
    "path",
    [
        "schema-fields/",
        "schema-fields/?tag=a&term=b",
        "entities/history/",
        "containers/?root=maybe",
        "datasets/?container=" + "x" * 600,
    ],
)
def test_malformed_parameters_are_a_400_naming_them(reader_client, path):
    body = get(reader_client, path, status=400)
    assert body["error"]["message"]


def test_services_refuse_what_datahub_would_not_store(db):  # pylint: disable=unused-argument
    with pytest.raises(Exception, match="expected urn:li:dataJob"):
        es.data_job_upsert(urn="urn:li:dataJob:(nope)", actor=ACTOR)
    es.glossary_node_upsert(name="A", actor=ACTOR)
    es.glossary_node_upsert(name="B", actor=ACTOR, parent="A")
    with pytest.raises(Exception, match="inside itself"):
        es.glossary_node_upsert(name="A", actor=ACTOR, parent="B")
    with pytest.raises(Exception, match="container URN"):
        es.container_upsert(urn="urn:li:dataset:x", actor=ACTOR)
    with pytest.raises(Exception, match="ownership type"):
        es.entity_owners_set(
            urn="urn:li:tag:x",
            entity_type="tag",
            owners=[es.EntityOwner("urn:li:corpuser:a", "BOSS")],
            actor=ACTOR,
        )


def test_lineage_runs_through_a_task_with_or_without_a_stored_edge(reader_client, orders):
    daily = make_dataset("sales.daily", platform="hive")
    lineage = get(reader_client, f"datasets/{quote(orders.urn, safe='')}/lineage/?direction=both")
    (edge,) = lineage["edges"]
    assert (edge["upstream"], edge["downstream"], edge["actor"]) == (orders.urn, daily.urn, JOB)
    assert edge["job"] == {
        "urn": JOB,
        "name": "Load orders",
        "flow": {"urn": FLOW, "name": "daily_sales", "orchestrator": "airflow"},
    }
    upstream = get(
        reader_client, f"datasets/{quote(daily.urn, safe='')}/lineage/?direction=upstream"
    )
    assert [n["urn"] for n in upstream["nodes"] if n["hops"] == -1] == [orders.urn]
    # A source that also states the edge: still one edge, now the stored one, through the task.
    make_dataset("sales.daily", platform="hive", upstreams=(orders.urn,))
    (edge,) = get(reader_client, f"datasets/{quote(daily.urn, safe='')}/lineage/")["edges"]
    assert edge["actor"] == "urn:li:dataJob:etl" and edge["job"]["urn"] == JOB


def test_a_dashboard_platform_must_be_a_platform_name(db):  # pylint: disable=unused-argument
    with pytest.raises(Exception, match="Invalid platform name"):
        es.dashboard_upsert(urn="urn:li:dashboard:(Looker BI,1)", actor=ACTOR)
    es.dashboard_upsert(urn="urn:li:dashboard:(power_bi,1)", actor=ACTOR, name="Sales")
    assert Dashboard.objects.get().platform.display_name == "Power Bi"


@pytest.mark.django_db(transaction=True)
def test_the_services_open_their_own_transaction_when_called_outside_one(editor_client):
    """On PostgreSQL ``select_for_update`` outside a transaction is an error: an API view, the
    demo loader and a management command call these services without one."""
    response = editor_client.post("/api/v1/tags/", {"name": "gold"}, format="json")
    assert response.status_code == 201, response.content
    again = editor_client.post("/api/v1/tags/", {"name": "gold"}, format="json")
    assert again.status_code == 400 and "name" in again.json()["error"]["fields"]
    es.tag_upsert(name="gold", actor=ACTOR, description="Curated")
    es.glossary_term_relations_set(name="A", relations={"isA": ["B"]}, actor=ACTOR)
    es.data_job_upsert(urn=JOB, actor=ACTOR)
    assert EntityChange.objects.filter(entity_urn="urn:li:tag:gold").count() == 2


@pytest.mark.usefixtures("orders")
def test_tasks_and_charts_are_listed_with_filters(reader_client):
    jobs = get(reader_client, f"jobs/?pipeline={quote(FLOW, safe='')}")
    assert [(j["urn"], j["flow"]["name"]) for j in jobs["results"]] == [(JOB, "daily_sales")]
    assert get(reader_client, "jobs/?orchestrator=spark")["count"] == 0
    assert get(reader_client, "jobs/?q=orders")["count"] == 1
    charts = get(reader_client, "charts/?platform=looker&q=marg")
    assert [c["name"] for c in charts["results"]] == ["Margin"]
