"""Schema diff (``catalog.schema_diff``, GET /api/v1/datasets/{urn}/schema/diff/) and the schema
breaks the writer flags as it writes."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from catalog import services
from catalog.models import ChangeEvent, Dataset
from catalog.services import FieldSpec
from catalog.tests.factories import INGESTION, make_urn
from catalog.tests.test_apis import assert_error, url
from catalog.tests.test_lineage_columns import table
from catalog.writer import segment
from catalog.writer.ingest import ingest_batch
from catalog.writer.items import IngestItem

pytestmark = pytest.mark.django_db

ORDERS = make_urn("s.orders")


def _orders(fields: dict[str, str], native: str = "") -> Dataset:
    return services.dataset_upsert(
        urn=ORDERS,
        actor=INGESTION,
        schema=[FieldSpec(field_path=f, type=t, native_type=native) for f, t in fields.items()],
    ).dataset


def _diff(client, query: str = "", status: int = 200) -> dict:
    response = client.get(url(ORDERS, "schema/diff") + query)
    assert response.status_code == status, response.content
    return response.json()


def test_the_default_diff_is_the_latest_schema_change(reader_client):
    _orders({"id": "number", "email": "string", "amount": "number"})  # version 1
    _orders({"id": "string", "amount": "number", "note": "string"})  # version 2
    body = _diff(reader_client)
    assert (body["from_version"], body["to_version"], body["actor"]) == (1, 2, INGESTION)
    assert body["changed_at"]
    assert body["added"] == [{"field_path": "note", "type": "string", "native_type": ""}]
    assert body["removed"] == [
        {"field_path": "email", "type": "string", "native_type": "", "readers": []}
    ]
    assert body["type_changed"] == [
        {
            "field_path": "id",
            "from_type": "number",
            "to_type": "string",
            "from_native_type": "",
            "to_native_type": "",
            "readers": [],
        }
    ]
    assert body["blast_radius"] == {"datasets": [], "columns": 0}
    assert body["unmapped_readers"] == []


def test_explicit_versions_compare_the_schemas_as_of_each(reader_client):
    _orders({"id": "number"})  # 1
    _orders({"id": "number", "b": "string"})  # 2
    services.dataset_update(urn=ORDERS, actor="urn:li:corpuser:ed", docs="Docs.")  # 3
    _orders({"id": "number", "b": "string"}, native="x")  # 4: native types changed
    first = _diff(reader_client, "?from=0&to=1")
    assert [f["field_path"] for f in first["added"]] == ["id"] and not first["removed"]
    both = _diff(reader_client, "?from=0&to=4")
    assert [f["field_path"] for f in both["added"]] == ["id", "b"]
    assert both["added"][0]["native_type"] == "x"
    native = _diff(reader_client, "?to=4")
    assert (native["from_version"], native["to_version"]) == (3, 4)
    assert [(f["from_native_type"], f["to_native_type"]) for f in native["type_changed"]] == [
        ("", "x"),
        ("", "x"),
    ]
    up_to_three = _diff(reader_client, "?to=3")  # the change at or below 3 is version 2's
    assert (up_to_three["from_version"], up_to_three["to_version"]) == (1, 3)
    assert [f["field_path"] for f in up_to_three["added"]] == ["b"]
    since = _diff(reader_client, "?from=2")
    assert (since["from_version"], since["to_version"]) == (2, 4)
    # No schema change from 2 to 3 (a docs edit only): 404, saying so.
    assert (
        "did not change"
        in assert_error(
            reader_client.get(url(ORDERS, "schema/diff") + "?from=2&to=3"), 404, "not_found"
        )["message"]
    )


def test_bad_versions_are_a_400_and_no_schema_history_a_404(reader_client):
    _orders({"id": "number"})
    _orders({"id": "string"})
    for query in ("?from=2&to=2", "?from=2&to=1", "?to=3", "?from=9", "?to=-1", "?from=x"):
        assert_error(reader_client.get(url(ORDERS, "schema/diff") + query), 400)
    services.dataset_upsert(urn=make_urn("s.empty"), actor=INGESTION, description="No schema.")
    assert_error(reader_client.get(url(make_urn("s.empty"), "schema/diff")), 404, "not_found")
    assert_error(reader_client.get(url(make_urn("s.missing"), "schema/diff")), 404, "not_found")


def test_a_removed_field_lists_its_readers_two_hops_down_and_the_unmapped_readers(
    reader_client,
):
    _orders({"id": "number", "email": "string"})
    table("s.customers", ["mail"], [("s.orders", [(["email"], ["mail"])])])
    table("s.mailing", ["to"], [("s.customers", [(["mail"], ["to"])])])
    table("s.copy", ["x"], [("s.orders", [])])  # lineage without columns
    _orders({"id": "string"})
    body = _diff(reader_client)
    readers = body["removed"][0]["readers"]
    assert [(r["name"], r["field_path"], r["hops"]) for r in readers] == [
        ("s.customers", "mail", 1),
        ("s.mailing", "to", 2),
    ]
    assert readers[0] == {
        "urn": make_urn("s.customers"),
        "name": "s.customers",
        "platform": "hive",
        "field_path": "mail",
        "hops": 1,
        "transformation": "IDENTITY",
    }
    assert body["type_changed"][0]["readers"] == []
    assert body["blast_radius"] == {
        "datasets": [
            {"urn": make_urn("s.customers"), "name": "s.customers", "platform": "hive", "hops": 1},
            {"urn": make_urn("s.mailing"), "name": "s.mailing", "platform": "hive", "hops": 2},
        ],
        "columns": 2,
    }
    assert body["unmapped_readers"] == [
        {"urn": make_urn("s.copy"), "name": "s.copy", "platform": "hive"}
    ]


def _breaks(urn: str = ORDERS) -> list[ChangeEvent]:
    return list(ChangeEvent.objects.filter(dataset__urn=urn, aspect="schema_break"))


def test_the_writer_flags_a_break_with_readers_and_the_dataset_page_shows_it(reader_client):
    _orders({"id": "number", "email": "string", "note": "string"})
    table("s.customers", ["mail", "key"], [("s.orders", [(["email", "id"], ["mail", "key"])])])
    assert reader_client.get(url(ORDERS)).json()["schema_break"] is None
    _orders({"id": "string", "note": "string"})  # email removed, id retyped: both read
    (event,) = _breaks()
    schema = ChangeEvent.objects.get(dataset__urn=ORDERS, aspect="schema", version=2)
    assert (event.version, event.actor) == (schema.version, INGESTION)
    assert event.after == {"removed": ["email"], "type_changed": ["id"], "readers": 2}
    flag = reader_client.get(url(ORDERS)).json()["schema_break"]
    assert flag["version"] == 2 and flag["fields"] == ["email", "id"] and flag["readers"] == 2
    assert flag["changed_at"]
    _orders({"id": "string"})  # note removed: nobody reads it
    assert len(_breaks()) == 1
    assert reader_client.get(url(ORDERS)).json()["schema_break"] is None


def test_no_break_without_column_readers():
    _orders({"id": "number", "email": "string"})
    table("s.copy", ["x"], [("s.orders", [])])  # reads the table, maps no columns
    table("s.other", ["y"], [("s.orders", [(["id"], ["y"])])])  # reads another column
    _orders({"id": "number"})
    assert not _breaks()


def _batch(*fields_by_name: tuple[str, dict[str, str]]):
    return [
        IngestItem(
            urn=make_urn(name),
            schema=[FieldSpec(field_path=f, type=t) for f, t in fields.items()],
        )
        for name, fields in fields_by_name
    ]


def _queries(items, monkeypatch, *, flagging: bool, keep: bool = False) -> tuple[int, object]:
    """Queries of ``ingest_batch(items)``, with or without the break flagging; rolled back
    unless ``keep``."""
    point = transaction.savepoint()
    with monkeypatch.context() as patch:
        if not flagging:
            patch.setattr(segment, "schema_breaks_record", lambda plans: None)
        with CaptureQueriesContext(connection) as ctx:
            result = ingest_batch(items, actor=INGESTION)
    if keep:
        transaction.savepoint_commit(point)
    else:
        transaction.savepoint_rollback(point)
    return len(ctx.captured_queries), result


def test_a_batch_that_removes_or_retypes_nothing_costs_no_extra_query_the_others_one(
    monkeypatch,
):
    for i in range(3):
        table(f"b.t{i}", ["a", "b", "c"])
        table(f"b.r{i}", ["x"], [(f"b.t{i}", [(["a", "b"], ["x"])])])
    # Fields added, none removed or retyped: not one query more.
    grown = {"a": "string", "b": "string", "c": "string", "d": "string"}
    without, _ = _queries(
        _batch(*[(f"b.t{i}", grown) for i in range(3)]), monkeypatch, flagging=False
    )
    with_flagging, result = _queries(
        _batch(*[(f"b.t{i}", grown) for i in range(3)]), monkeypatch, flagging=True
    )
    assert not result.schema_breaks and with_flagging == without
    # c removed: one query to learn that nobody reads it.
    unread = _batch(*[(f"b.t{i}", {"a": "string", "b": "string"}) for i in range(3)])
    without, _ = _queries(unread, monkeypatch, flagging=False)
    with_flagging, result = _queries(unread, monkeypatch, flagging=True)
    assert not result.schema_breaks and with_flagging == without + 1
    # b removed, a retyped: one query for the three datasets' downstream edges.
    broken = _batch(*[(f"b.t{i}", {"a": "number", "d": "string"}) for i in range(3)])
    without, _ = _queries(broken, monkeypatch, flagging=False)
    with_flagging, result = _queries(broken, monkeypatch, flagging=True, keep=True)
    assert with_flagging == without + 1
    assert result.schema_breaks == [
        {"urn": make_urn(f"b.t{i}"), "fields": ["b", "a"], "readers": 1} for i in range(3)
    ]
    assert len(_breaks(make_urn("b.t0"))) == 1
