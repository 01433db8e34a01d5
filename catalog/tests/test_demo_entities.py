"""The demo's entities around datasets: containers, the glossary's groups and relations,
pipelines whose tasks follow the lineage edges, their runs, dashboards and charts."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import pytest
from django.db.models import Count

from catalog.container_keys import container_urn, database_key, schema_key
from catalog.demo import demo_catalog_load, generate_catalog
from catalog.demo.entities import JobLinks, demo_jobs, demo_runs
from catalog.demo.entities_vocabulary import JOB_DESCRIPTIONS, job_urn
from catalog.entity_models import (
    Chart,
    Container,
    Dashboard,
    DataFlow,
    DataJob,
    DataJobRun,
    EntityChange,
    EntityLink,
    EntityOwnership,
    GlossaryNode,
    GlossaryTermRelation,
)
from catalog.models import Dataset, DatasetTerm, GlossaryTerm, LineageEdge, SchemaField

# The dataset the frontend's spec opens first: the first result of a search for "orders".
SHOWCASE = "urn:li:dataset:(urn:li:dataPlatform:mysql,shop.orders,PROD)"
EXPORT_ORDERS = "urn:li:dataJob:(urn:li:dataFlow:(airflow,shop_daily,prod),export_orders)"


@pytest.fixture
def demo(db):  # pylint: disable=unused-argument
    return demo_catalog_load(count=300, seed=42, batch_size=100)


def test_every_relational_dataset_is_in_a_container_with_datahubs_urn(demo):
    assert demo.containers == Container.objects.count() > 10
    relational = Dataset.objects.filter(platform__name__in=["postgres", "mysql", "hive"])
    assert relational.exists() and not relational.filter(container=None).exists()
    assert not Dataset.objects.filter(platform__name="kafka").exclude(container=None).exists()
    sessions = Dataset.objects.select_related("container__parent").get(
        urn="urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.public.user_sessions,PROD)"
    )
    schema, database = sessions.container, sessions.container.parent
    assert (schema.name, schema.sub_type, database.name, database.sub_type) == (
        "public",
        "Schema",
        "analytics",
        "Database",
    )
    assert schema.urn == container_urn(
        schema_key(platform="postgres", database="analytics", schema="public", origin="PROD")
    )
    assert database.urn == container_urn(
        database_key(platform="postgres", database="analytics", origin="PROD")
    )
    orders = Dataset.objects.select_related("container").get(urn=SHOWCASE)
    assert (orders.container.name, orders.container.parent) == ("shop", None)


@pytest.mark.usefixtures("demo")
def test_glossary_terms_have_groups_display_names_relations_and_owners():
    nodes = dict(GlossaryNode.objects.values_list("name", "parent__name"))
    assert nodes["Finance"] == "Business" and nodes["Classification"] is None
    assert nodes["PersonalInformation"] == "Classification" and "Customer" in nodes
    assert not GlossaryTerm.objects.filter(node=None).exists()
    assert not GlossaryTerm.objects.filter(description="").exists()
    term = GlossaryTerm.objects.get(name="PersonalInformation.IpAddress")
    assert (term.display_name, term.node.name) == ("IP address", "PersonalInformation")
    assert GlossaryTerm.objects.get(name="Finance.Revenue").display_name == "Revenue"
    order = GlossaryTerm.objects.get(name="Ecommerce.Order")
    assert set(order.relations.values_list("related__name", "relation")) == {
        ("Ecommerce.Customer", "hasA"),
        ("Finance.Currency", "hasA"),
    }
    assert GlossaryTermRelation.objects.filter(relation="isA").count() >= 6
    owners = EntityOwnership.objects.filter(entity_urn=order.urn).select_related("user")
    assert [o.user.username for o in owners] == ["rpatel"]
    # Every group has terms that data carries.
    carried = set(DatasetTerm.objects.values_list("term__node__name", flat=True))
    carried |= {t.split(".")[0] for f in SchemaField.objects.all() for t in f.glossary_terms}
    assert {"Customer", "Finance", "Classification", "PersonalInformation"} <= carried


def test_each_pipeline_has_three_to_six_tasks_that_follow_the_lineage_edges(demo):
    assert demo.jobs == DataJob.objects.count()
    per_flow = DataFlow.objects.annotate(n=Count("jobs")).values_list("n", flat=True)
    assert len(per_flow) == 6 and all(3 <= n <= 6 for n in per_flow)
    edges = LineageEdge.objects.select_related("upstream", "downstream")
    by_actor: dict[str, set[tuple[str, str]]] = {}
    for edge in edges:
        by_actor.setdefault(edge.actor, set()).update(
            {("input", edge.upstream.urn), ("output", edge.downstream.urn)}
        )
    linked = 0
    for job in DataJob.objects.filter(urn__in=list(by_actor)):
        links = set(EntityLink.objects.filter(source_urn=job.urn).values_list("kind", "target_urn"))
        assert links and links <= by_actor[job.urn], job.urn
        linked += 1
    assert linked >= 10
    export = DataJob.objects.select_related("flow").get(urn=EXPORT_ORDERS)
    assert (export.flow.orchestrator, export.flow.name, export.type) == (
        "airflow",
        "shop_daily",
        "TASK",
    )
    assert export.description == JOB_DESCRIPTIONS["export_orders"]
    assert EntityChange.objects.filter(entity_urn=EXPORT_ORDERS, aspect="dataJobInputOutput")


@pytest.mark.usefixtures("demo")
def test_tasks_have_a_few_runs_some_failed():
    runs = DataJobRun.objects.all()
    per_job = DataJob.objects.annotate(n=Count("runs")).values_list("n", flat=True)
    assert all(3 <= n <= 6 for n in per_job)
    states = set(runs.values_list("state", flat=True))
    assert {"COMPLETE", "FAIL"} <= states <= {"COMPLETE", "FAIL", "RUNNING"}
    assert not runs.filter(state="COMPLETE", ended_at=None).exists()
    assert runs.filter(state="RUNNING", ended_at=None).exists()


def test_dashboards_have_charts_reading_demo_datasets(demo):
    assert demo.charts == Chart.objects.count() == 8
    assert Dashboard.objects.count() == 3
    known = set(Dataset.objects.values_list("urn", flat=True))
    reads = EntityLink.objects.filter(source_type="chart", kind="input")
    assert reads.count() >= 8 and set(reads.values_list("target_urn", flat=True)) <= known
    revenue = "urn:li:dashboard:(superset,revenue)"
    contains = EntityLink.objects.filter(source_urn=revenue, kind="contains")
    assert contains.count() == 3
    assert EntityOwnership.objects.filter(entity_urn=revenue).count() == 2


@pytest.mark.usefixtures("demo")
def test_the_showcase_dataset_has_a_term_tag_person_in_a_group_and_a_task():
    """What the frontend spec clicks through from ``SHOWCASE``'s page."""
    dataset = Dataset.objects.get(urn=SHOWCASE)
    terms = [link.term for link in dataset.term_links.select_related("term")]
    assert any(term.description and term.display_name for term in terms)
    assert any(link.tag.description for link in dataset.tag_links.select_related("tag"))
    people = [o.user for o in dataset.ownerships.select_related("user") if o.user_id]
    assert any(person.teams.exists() and person.title for person in people)
    assert EntityLink.objects.filter(target_urn=SHOWCASE, source_urn=EXPORT_ORDERS, kind="input")


@pytest.mark.usefixtures("demo")
def test_a_second_load_changes_no_entity():
    counts = [model.objects.count() for model in (EntityChange, EntityLink, DataJobRun, Container)]
    again = demo_catalog_load(count=300, seed=42, batch_size=100)
    assert again.skipped == 300 and again.containers == 0
    assert counts == [
        model.objects.count() for model in (EntityChange, EntityLink, DataJobRun, Container)
    ]


def test_entities_are_deterministic_and_well_known_lineage_comes_from_known_tasks():
    datasets = list(generate_catalog(count=200, seed=7))
    links = JobLinks()
    for dataset in datasets:
        links.add(dataset)
    again = JobLinks()
    for dataset in generate_catalog(count=200, seed=7):
        again.add(dataset)
    assert demo_jobs(links, JOB_DESCRIPTIONS) == demo_jobs(again, JOB_DESCRIPTIONS)
    job = job_urn("shop_daily", "export_orders")
    assert demo_runs(job, seed=7) == demo_runs(job, seed=7) != demo_runs(job, seed=8)
    orders_daily = next(d for d in datasets if d.name == "shop.orders_daily")
    assert {edge.actor for edge in orders_daily.upstreams} == {EXPORT_ORDERS}
