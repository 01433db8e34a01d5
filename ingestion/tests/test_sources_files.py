"""File sources: CSV/Parquet/JSON schemas inferred with pyarrow, Avro schemas with fastavro,
and a small dbt manifest; every file is made in tmp_path."""

import json

import pytest

from catalog.models import Dataset, LineageEdge
from catalog.tests.factories import make_urn
from ingestion.models import IngestionRunStatus
from ingestion.recipes import recipe_parse
from ingestion.runs import recipe_run

pytestmark = pytest.mark.django_db


def _run(source_type, config):
    run = recipe_run(
        recipe=recipe_parse({"name": "files", "source": {"type": source_type, "config": config}})
    )
    assert run.status == IngestionRunStatus.SUCCEEDED, run.errors
    return run


def _types(urn):
    return {f.field_path: f.type for f in Dataset.objects.get(urn=urn).fields.all()}


def test_csv_parquet_and_json_schemas_are_inferred(tmp_path):
    # pylint: disable=import-outside-toplevel
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "visits.csv").write_text(
        "id,page,duration,at,ok\n"
        "1,/home,1.5,2026-01-02 10:00:00,true\n"
        "2,/a,2.0,2026-01-02 10:01:00,false\n"
    )
    (tmp_path / "raw" / "events.jsonl").write_text(
        json.dumps({"id": 1, "user": {"name": "a", "age": 3}, "tags": ["x"]}) + "\n"
    )
    table = pa.table(
        {
            "sku": pa.array(["a"]),
            "price": pa.array([1.5]),
            "day": pa.array([0], type=pa.int32()).cast(pa.date32()),
            "blob": pa.array([b"x"]),
        }
    )
    pq.write_table(table, tmp_path / "raw" / "items.parquet")
    (tmp_path / "raw" / "notes.txt").write_text("not a dataset")

    run = _run("file", {"path": str(tmp_path), "platform": "hdfs", "path_prefix": "/data"})

    assert run.created == 3
    assert _types(make_urn("/data/raw/visits.csv", platform="hdfs")) == {
        "id": "number",
        "page": "string",
        "duration": "number",
        "at": "time",
        "ok": "boolean",
    }
    assert _types(make_urn("/data/raw/events.jsonl", platform="hdfs")) == {
        "id": "number",
        "user": "struct",
        "user.name": "string",
        "user.age": "number",
        "tags": "array",
    }
    items = Dataset.objects.get(urn=make_urn("/data/raw/items.parquet", platform="hdfs"))
    assert items.custom_properties["format"] == "parquet"
    assert items.browse_path == "/hdfs/data/raw"
    assert _types(items.urn) == {"sku": "string", "price": "number", "day": "date", "blob": "bytes"}


def test_a_single_file_without_prefix_is_named_by_its_path(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("a\n1\n")
    _run("file", {"path": str(path)})
    assert Dataset.objects.filter(urn=make_urn(str(path), platform="file")).exists()


AVSC = {
    "type": "record",
    "name": "PageView",
    "namespace": "com.example.tracking",
    "doc": "A page view",
    "fields": [
        {"name": "id", "type": "long", "doc": "event id"},
        {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {
            "name": "user",
            "type": {
                "type": "record",
                "name": "User",
                "fields": [
                    {"name": "name", "type": ["null", "string"]},
                    {
                        "name": "address",
                        "type": {
                            "type": "record",
                            "name": "Address",
                            "fields": [{"name": "city", "type": "string"}],
                        },
                    },
                ],
            },
        },
        {"name": "referrer", "type": ["null", "User"], "default": None},
        {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B"]}},
        {"name": "labels", "type": {"type": "map", "values": "string"}},
        {"name": "choice", "type": ["int", "string"]},
    ],
}


def test_avsc_nested_records_become_nested_field_paths(tmp_path):
    (tmp_path / "PageViewEvent.avsc").write_text(json.dumps(AVSC))
    _run("avro", {"path": str(tmp_path)})

    dataset = Dataset.objects.get(urn=make_urn("PageViewEvent", platform="kafka"))
    assert dataset.description == "A page view"
    assert dataset.qualified_name == "com.example.tracking.PageView"
    fields = {f.field_path: f for f in dataset.fields.all()}
    assert {path: f.type for path, f in fields.items()} == {
        "id": "number",
        "at": "time",
        "user": "struct",
        "user.name": "string",
        "user.address": "struct",
        "user.address.city": "string",
        "referrer": "struct",
        "referrer.name": "string",
        "referrer.address": "struct",
        "referrer.address.city": "string",
        "kind": "enum",
        "labels": "map",
        "choice": "union",
    }
    assert fields["id"].description == "event id"
    assert fields["user.name"].nullable and not fields["id"].nullable


def test_a_broken_avsc_is_that_units_error(tmp_path):
    (tmp_path / "good.avsc").write_text(json.dumps(AVSC))
    (tmp_path / "bad.avsc").write_text('{"type": "record", "name": "X", "fields": [{"name": 1}]}')
    run = recipe_run(
        recipe=recipe_parse(
            {"name": "avro", "source": {"type": "avro", "config": {"path": str(tmp_path)}}}
        )
    )
    assert (run.status, run.created, run.failed) == ("partial", 1, 1)
    assert run.errors[0]["unit"].endswith("bad.avsc")


MANIFEST = {
    "metadata": {"dbt_version": "1.8.0"},
    "nodes": {
        "model.shop.orders": {
            "resource_type": "model",
            "name": "orders",
            "database": "analytics",
            "schema": "marts",
            "alias": "orders",
            "description": "One row per order",
            "tags": ["finance"],
            "meta": {"owner": "urn:li:corpuser:jdoe"},
            "config": {"materialized": "table"},
            "columns": {
                "order_id": {"name": "order_id", "description": "Key", "data_type": "bigint"},
                "amount": {"name": "amount", "description": "", "data_type": "numeric(10,2)"},
            },
            "depends_on": {"nodes": ["model.shop.stg_orders", "source.shop.raw.customers"]},
        },
        "model.shop.stg_orders": {
            "resource_type": "model",
            "name": "stg_orders",
            "database": "analytics",
            "schema": "staging",
            "description": "",
            "columns": {},
            "depends_on": {"nodes": ["source.shop.raw.orders"]},
        },
        "test.shop.not_null_orders": {"resource_type": "test", "name": "not_null"},
    },
    "sources": {
        "source.shop.raw.orders": {
            "resource_type": "source",
            "name": "orders",
            "identifier": "orders",
            "database": "raw",
            "schema": "shop",
            "description": "Orders as loaded",
            "columns": {},
        },
        "source.shop.raw.customers": {
            "resource_type": "source",
            "name": "customers",
            "database": "raw",
            "schema": "shop",
            "description": "",
            "columns": {},
        },
    },
}


def test_dbt_manifest_models_sources_descriptions_and_lineage(tmp_path):
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(MANIFEST))
    run = _run("dbt", {"manifest_path": str(path)})

    # Lineage makes a stub of an upstream read later in the run, so some count as updates.
    assert (run.created + run.updated, run.failed) == (4, 0)
    assert Dataset.objects.count() == 4
    orders = Dataset.objects.get(urn=make_urn("analytics.marts.orders", platform="dbt"))
    assert orders.description == "One row per order"
    assert orders.custom_properties["materialization"] == "table"
    assert list(orders.tag_links.values_list("tag__name", flat=True)) == ["finance"]
    assert orders.ownerships.get().user.username == "jdoe"
    fields = {f.field_path: f for f in orders.fields.all()}
    assert (fields["order_id"].type, fields["order_id"].description) == ("number", "Key")
    assert {e.upstream.urn for e in LineageEdge.objects.filter(downstream=orders)} == {
        make_urn("analytics.staging.stg_orders", platform="dbt"),
        make_urn("raw.shop.customers", platform="dbt"),
    }
    staging = Dataset.objects.get(urn=make_urn("analytics.staging.stg_orders", platform="dbt"))
    assert [e.upstream.urn for e in LineageEdge.objects.filter(downstream=staging)] == [
        make_urn("raw.shop.orders", platform="dbt")
    ]
    source = Dataset.objects.get(urn=make_urn("raw.shop.orders", platform="dbt"))
    assert source.description == "Orders as loaded"


def test_a_file_name_that_is_not_utf8_is_that_units_error_and_the_run_is_kept(tmp_path):
    """A name of bytes that are not UTF-8 reaches Python as lone surrogates (surrogateescape),
    which PostgreSQL cannot store: that file is one unit's error, its name shown escaped, and the
    run and its other files are saved (the run used to end in an error no one could read)."""
    (tmp_path / "good.avsc").write_text(json.dumps(AVSC))
    bad = str(tmp_path).encode() + b"/caf\xe9.avsc"
    with open(bad, "w", encoding="utf-8") as file:
        file.write(json.dumps(AVSC))
    run = recipe_run(
        recipe=recipe_parse(
            {"name": "avro", "source": {"type": "avro", "config": {"path": str(tmp_path)}}}
        )
    )
    run.refresh_from_db()
    assert (run.status, run.created, run.failed) == ("partial", 1, 1), run.errors
    assert run.errors[0]["unit"].endswith("caf\\xe9.avsc")
    assert "UTF-8" in run.errors[0]["message"]
