"""Crawls of a real PostgreSQL and MariaDB on 127.0.0.1 (and a SQLite file): each test makes a
throwaway database with tables, a view, comments and primary keys, crawls it and drops it."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import json
import os
import sqlite3
import subprocess
import uuid

import pytest

from catalog.entity_models import Container, EntityChange
from catalog.models import Dataset, DatasetStatus, LineageEdge
from catalog.tests.factories import make_urn
from ingestion.models import IngestionRunStatus, IngestionSighting
from ingestion.recipes import recipe_parse
from ingestion.runs import recipe_run
from ingestion.sources.sql import view_tables
from ingestion.sources.types import sql_type_normalize
from tests.tools import tool

pytestmark = pytest.mark.django_db

PG_SETUP = """
CREATE SCHEMA shop;
CREATE TABLE shop.customers (
    id bigint PRIMARY KEY, email varchar(200) NOT NULL, created_at timestamp, vip boolean
);
COMMENT ON TABLE shop.customers IS 'People who bought something';
COMMENT ON COLUMN shop.customers.email IS 'Login e-mail';
CREATE TABLE shop.orders (
    id bigint PRIMARY KEY, customer_id bigint REFERENCES shop.customers(id),
    amount numeric(10, 2), tags text[], payload jsonb, placed_on date
);
CREATE VIEW shop.big_orders AS
    WITH big AS (SELECT * FROM shop.orders WHERE amount > 100)
    SELECT c.email, big.amount FROM big JOIN shop.customers c ON c.id = big.customer_id;
COMMENT ON VIEW shop.big_orders IS 'Orders over 100';
"""


def _admin_pg():
    import psycopg2  # pylint: disable=import-outside-toplevel

    conn = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    conn.autocommit = True
    return conn


def _admin_mysql(database=None):
    import pymysql  # pylint: disable=import-outside-toplevel

    return pymysql.connect(
        host="127.0.0.1", user="root", database=database, autocommit=True, charset="utf8mb4"
    )


@pytest.fixture
def allow_loopback(settings):
    settings.MDT_INGEST_ALLOWED_NETWORKS = ["127.0.0.1/32"]


@pytest.fixture
def pg_database():
    name = f"mdt_crawl_c_{uuid.uuid4().hex[:8]}"
    admin = _admin_pg()
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    try:
        import psycopg2  # pylint: disable=import-outside-toplevel

        conn = psycopg2.connect(host="127.0.0.1", user="postgres", dbname=name)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(PG_SETUP)
        conn.close()
        yield name
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def mariadb_database():
    name = f"mdt_crawl_c_{uuid.uuid4().hex[:8]}"
    admin = _admin_mysql()
    with admin.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{name}`")
        cur.execute(f"USE `{name}`")
        cur.execute(
            "CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(200) NOT NULL "
            "COMMENT 'Login e-mail', created_at DATETIME, status ENUM('new','vip')) "
            "COMMENT='People who bought something'"
        )
        cur.execute(
            "CREATE TABLE orders (id BIGINT, line INT, customer_id BIGINT, amount DECIMAL(10,2), "
            "note TEXT, PRIMARY KEY (id, line))"
        )
        cur.execute(
            "CREATE VIEW big_orders AS SELECT c.email, o.amount FROM orders o "
            "JOIN customers c ON c.id = o.customer_id WHERE o.amount > 100"
        )
    try:
        yield name
    finally:
        with admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        admin.close()


def _recipe(source_type, config, **extra):
    return recipe_parse(
        {"name": f"test-{source_type}", "source": {"type": source_type, "config": config}, **extra}
    )


def _fields(urn):
    return {f.field_path: f for f in Dataset.objects.get(urn=urn).fields.all()}


@pytest.mark.usefixtures("allow_loopback")
def test_postgres_crawl_finds_tables_views_columns_comments_keys_and_view_lineage(pg_database):
    recipe = _recipe(
        "postgres",
        {"host": "127.0.0.1", "database": pg_database, "username": "postgres", "schemas": ["shop"]},
    )
    run = recipe_run(recipe=recipe)

    assert run.status == IngestionRunStatus.SUCCEEDED, run.errors
    assert (run.created, run.failed) == (3, 0)

    def urn(name):
        return make_urn(f"{pg_database}.shop.{name}", platform="postgres")

    customers = Dataset.objects.get(urn=urn("customers"))
    assert customers.description == "People who bought something"
    assert customers.custom_properties["table_type"] == "TABLE"
    assert customers.browse_path == f"/postgres/{pg_database}/shop"
    fields = _fields(urn("customers"))
    assert list(fields) == ["id", "email", "created_at", "vip"]
    assert fields["id"].is_key and not fields["email"].is_key
    assert fields["email"].description == "Login e-mail"
    assert not fields["email"].nullable
    assert (fields["email"].type, fields["email"].native_type) == ("string", "VARCHAR(200)")
    assert fields["created_at"].type == "time"
    assert fields["vip"].type == "boolean"
    orders = _fields(urn("orders"))
    assert {k: f.type for k, f in orders.items()} == {
        "id": "number",
        "customer_id": "number",
        "amount": "number",
        "tags": "array",
        "payload": "map",
        "placed_on": "date",
    }
    view = Dataset.objects.get(urn=urn("big_orders"))
    assert view.description == "Orders over 100"
    assert view.custom_properties["table_type"] == "VIEW"
    edges = LineageEdge.objects.filter(downstream=view)
    assert {(e.upstream.urn, e.type) for e in edges} == {
        (urn("orders"), "VIEW"),
        (urn("customers"), "VIEW"),
    }


@pytest.mark.usefixtures("allow_loopback")
def test_postgres_recrawl_is_unchanged(pg_database):
    config = {"host": "127.0.0.1", "database": pg_database, "username": "postgres"}
    recipe = _recipe("postgres", {**config, "schemas": ["shop"]})
    recipe_run(recipe=recipe)
    again = recipe_run(recipe=recipe)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


@pytest.mark.usefixtures("allow_loopback")
def test_mariadb_crawl_finds_tables_views_columns_comments_keys_and_view_lineage(
    mariadb_database,
):
    recipe = _recipe(
        "mariadb",
        {"host": "127.0.0.1", "username": "root", "schemas": [mariadb_database]},
    )
    run = recipe_run(recipe=recipe)

    assert run.status == IngestionRunStatus.SUCCEEDED, run.errors
    assert run.created == 3

    def urn(name):
        return make_urn(f"{mariadb_database}.{name}", platform="mariadb")

    customers = Dataset.objects.get(urn=urn("customers"))
    assert customers.description == "People who bought something"
    fields = _fields(urn("customers"))
    assert fields["email"].description == "Login e-mail"
    assert fields["id"].is_key
    assert fields["status"].type == "enum"
    assert fields["created_at"].type == "time"
    orders = _fields(urn("orders"))
    assert {k for k, f in orders.items() if f.is_key} == {"id", "line"}
    assert orders["amount"].type == "number" and orders["note"].type == "string"
    view = Dataset.objects.get(urn=urn("big_orders"))
    assert view.custom_properties["table_type"] == "VIEW"
    assert {e.upstream.urn for e in LineageEdge.objects.filter(downstream=view)} == {
        urn("orders"),
        urn("customers"),
    }


def test_mysql_crawl_refuses_loopback_without_the_allow_list(mariadb_database, settings):
    settings.MDT_INGEST_ALLOWED_NETWORKS = []
    run = recipe_run(
        recipe=_recipe(
            "mysql", {"host": "127.0.0.1", "username": "root", "schemas": [mariadb_database]}
        )
    )
    assert run.status == IngestionRunStatus.FAILED
    assert run.errors[-1]["code"] == "host_refused"
    assert not Dataset.objects.exists()


def test_sqlite_crawl_reads_tables_views_and_keys(tmp_path):
    path = tmp_path / "inventory.db"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE items (sku TEXT PRIMARY KEY, price REAL NOT NULL, added DATE, raw BLOB);
        CREATE TABLE stock (sku TEXT REFERENCES items(sku), qty INTEGER);
        CREATE VIEW in_stock AS SELECT i.sku, s.qty FROM items i JOIN stock s USING (sku);
        """)
    conn.close()
    run = recipe_run(recipe=_recipe("sqlite", {"path": str(path)}))

    assert run.status == IngestionRunStatus.SUCCEEDED, run.errors
    assert run.created == 3

    def urn(name):
        return make_urn(f"inventory.{name}", platform="sqlite")

    fields = _fields(urn("items"))
    assert fields["sku"].is_key
    assert {k: f.type for k, f in fields.items()} == {
        "sku": "string",
        "price": "number",
        "added": "date",
        "raw": "bytes",
    }
    view = Dataset.objects.get(urn=urn("in_stock"))
    assert {e.upstream.urn for e in LineageEdge.objects.filter(downstream=view)} == {
        urn("items"),
        urn("stock"),
    }


def test_sqlite_crawl_of_a_missing_file_fails_the_run(tmp_path):
    run = recipe_run(recipe=_recipe("sqlite", {"path": str(tmp_path / "nope.db")}))
    assert run.status == IngestionRunStatus.FAILED
    assert "No SQLite file" in run.errors[-1]["message"]


def test_view_tables_skips_ctes_and_qualifies_with_the_default_schema():
    sql = "WITH x AS (SELECT * FROM a) SELECT * FROM x JOIN other.b ON true JOIN c ON true"
    assert view_tables(sql, dialect="postgres", default_schema="s") == [
        ("other", "b"),
        ("s", "a"),
        ("s", "c"),
    ]


@pytest.mark.parametrize(
    "native,expected",
    [
        ("INTEGER[]", "array"),
        ("INTERVAL", "time"),
        ("TINYINT(1)", "number"),
        ("DOUBLE PRECISION", "number"),
        ("UUID", "string"),
        ("GEOMETRY", "null"),
    ],
)
def test_sql_type_normalize(native, expected):
    assert sql_type_normalize(native) == expected


# --- containers ---------------------------------------------------------------------------

DATAHUB_KEYS = """
import json, sys
from datahub.ingestion.source.sql.sql_utils import gen_database_key, gen_schema_key
for platform, database, schema in json.loads(sys.argv[1]):
    key = (gen_schema_key(database, schema, platform, None, "PROD") if schema
           else gen_database_key(database, platform, None, "PROD"))
    print(key.as_urn())
"""


def _datahub_container_urns(*keys):
    """The container URNs DataHub's SQL sources make for (platform, database, schema|None):
    its own ``gen_database_key``/``gen_schema_key``, run in the DataHub tool venv."""
    done = subprocess.run(
        [str(tool("datahub", "python")), "-c", DATAHUB_KEYS, json.dumps(keys)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout.split()


def _containers():
    return {
        c.urn: (c.name, c.sub_type, c.platform.name, c.parent.urn if c.parent else None)
        for c in Container.objects.select_related("platform", "parent")
    }


@pytest.mark.usefixtures("allow_loopback")
def test_postgres_crawl_writes_database_and_schema_containers_with_datahubs_urns(pg_database):
    recipe = _recipe(
        "postgres",
        {"host": "127.0.0.1", "database": pg_database, "username": "postgres", "schemas": ["shop"]},
    )
    run = recipe_run(recipe=recipe)
    assert run.status == IngestionRunStatus.SUCCEEDED, run.errors

    database, schema = _datahub_container_urns(
        ["postgres", pg_database, None], ["postgres", pg_database, "shop"]
    )
    assert _containers() == {
        database: (pg_database, "Database", "postgres", None),
        schema: ("shop", "Schema", "postgres", database),
    }
    assert Container.objects.get(urn=schema).custom_properties == {
        "platform": "postgres",
        "env": "PROD",
        "database": pg_database,
        "schema": "shop",
    }
    assert {d.container.urn for d in Dataset.objects.select_related("container")} == {schema}
    assert Dataset.objects.count() == 3
    history = EntityChange.objects.filter(entity_type="container")
    assert sorted(history.values_list("entity_urn", flat=True)) == sorted([database, schema])

    again = recipe_run(recipe=recipe)  # a recrawl changes no container
    assert (again.unchanged, history.count()) == (3, 2)


@pytest.mark.usefixtures("allow_loopback")
def test_mariadb_crawl_writes_one_database_container_per_schema(mariadb_database):
    recipe = _recipe(
        "mariadb", {"host": "127.0.0.1", "username": "root", "schemas": [mariadb_database]}
    )
    assert recipe_run(recipe=recipe).status == IngestionRunStatus.SUCCEEDED
    [database] = _datahub_container_urns(["mariadb", mariadb_database, None])
    assert _containers() == {database: (mariadb_database, "Database", "mariadb", None)}
    assert set(Dataset.objects.values_list("container__urn", flat=True)) == {database}


def test_dry_run_writes_no_container(tmp_path):
    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY)")
    recipe_run(recipe=_recipe("sqlite", {"path": str(path)}), dry_run=True)
    assert not Container.objects.exists() and not Dataset.objects.exists()


def test_stateful_removal_of_a_dropped_table_keeps_its_container(tmp_path):
    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "CREATE TABLE orders (id INTEGER); CREATE TABLE a (id INTEGER);"
            "CREATE TABLE b (id INTEGER); CREATE TABLE c (id INTEGER); CREATE TABLE d (id INTEGER);"
        )
    recipe = _recipe(
        "sqlite",
        {"path": str(path)},
        stateful={"enabled": True, "max_removal_share": 0.5},
        options={"batch_size": 2},
    )
    assert recipe_run(recipe=recipe).status == IngestionRunStatus.SUCCEEDED
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE orders")
    run = recipe_run(recipe=recipe)
    assert (run.status, run.removed) == (IngestionRunStatus.SUCCEEDED, 1)
    orders = Dataset.objects.get(urn=make_urn("shop.orders", platform="sqlite"))
    assert orders.status == DatasetStatus.REMOVED and orders.container.name == "main"
    assert Container.objects.count() == 2
    sighted = set(IngestionSighting.objects.values_list("urn", flat=True))
    assert not any(urn.startswith("urn:li:container:") for urn in sighted)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("platforms_reseeded")
def test_sqlite_containers_are_the_ones_datahubs_sqlalchemy_source_writes(tmp_path):
    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT)")
    recipe = tmp_path / "sqlite.yml"
    out = tmp_path / "out.json"
    recipe.write_text(
        json.dumps(
            {
                "source": {
                    "type": "sqlalchemy",
                    "config": {"platform": "sqlite", "connect_uri": f"sqlite:///{path}"},
                },
                "sink": {"type": "file", "config": {"filename": str(out)}},
            }
        )
    )
    env = {**os.environ, "HOME": str(tmp_path), "DATAHUB_TELEMETRY_ENABLED": "false"}
    done = subprocess.run(
        [str(tool("datahub", "datahub")), "ingest", "-c", str(recipe)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**env, "DATAHUB_SKIP_CONFIG": "true"},
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    theirs = {}
    for record in json.loads(out.read_text()):
        if record.get("aspectName") == "subTypes" and record["entityType"] == "container":
            theirs[record["entityUrn"]] = record["aspect"]["json"]["typeNames"][0]

    run = recipe_run(recipe=_recipe("sqlite", {"path": str(path)}))
    assert run.status == IngestionRunStatus.SUCCEEDED, run.errors
    ours = {urn: sub_type for urn, (_, sub_type, _, _) in _containers().items()}
    assert ours == theirs and sorted(ours.values()) == ["Database", "Schema"]
    assert Dataset.objects.get().container.qualified_name == "shop.main"
