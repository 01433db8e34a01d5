"""Column-level lineage (``catalog.lineage_columns``) and its endpoint,
GET /api/v1/datasets/{urn}/schema/{field_path}/lineage/."""

from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog import services
from catalog.lineage_columns import column_trace, field_edges, simple_path
from catalog.models import Dataset, LineageEdge, Source
from catalog.services import FieldSpec, UpstreamSpec
from catalog.tests.factories import INGESTION, make_urn
from catalog.tests.test_apis import assert_error, url

pytestmark = pytest.mark.django_db


def table(name: str, fields=("a", "b"), upstreams=(), types=None) -> Dataset:
    """A dataset with ``fields`` fed by ``upstreams``: (upstream name, [(ups, downs)])."""
    types = types or {}
    return services.dataset_upsert(
        urn=make_urn(name),
        actor=INGESTION,
        schema=[FieldSpec(field_path=f, type=types.get(f, "string")) for f in fields],
        upstreams=[
            UpstreamSpec(
                urn=make_urn(up),
                column_mappings=tuple(
                    {"upstreams": list(u), "downstreams": list(d), "transformation": "IDENTITY"}
                    for u, d in maps
                ),
            )
            for up, maps in upstreams
        ],
    ).dataset


def trace_of(name: str, path: str, direction="both", max_hops=3):
    dataset = Dataset.objects.get(urn=make_urn(name))
    trace = column_trace(dataset=dataset, field_path=path, direction=direction, max_hops=max_hops)
    nodes = {(n.dataset.name, n.field_path): n.hops for n in trace.nodes}
    edges = {
        (e["upstream"], e["upstream_field"], e["downstream"], e["downstream_field"])
        for e in trace.edges
    }
    return nodes, edges, trace.truncated


def _e(up: str, up_field: str, down: str, down_field: str) -> tuple[str, str, str, str]:
    return (make_urn(up), up_field, make_urn(down), down_field)


def test_trace_follows_a_diamond_both_ways_and_reaches_the_join_once():
    table("d.a")
    table("d.b", ["x"], [("d.a", [(["a"], ["x"])])])
    table("d.c", ["y"], [("d.a", [(["a", "b"], ["y"])])])
    table("d.d", ["z", "w"], [("d.b", [(["x"], ["z"])]), ("d.c", [(["y"], ["z"])])])
    nodes, edges, truncated = trace_of("d.a", "a", "downstream")
    assert nodes == {("d.a", "a"): 0, ("d.b", "x"): 1, ("d.c", "y"): 1, ("d.d", "z"): 2}
    assert edges == {
        _e("d.a", "a", "d.b", "x"),
        _e("d.a", "a", "d.c", "y"),
        _e("d.b", "x", "d.d", "z"),
        _e("d.c", "y", "d.d", "z"),
    }
    assert not truncated
    nodes, edges, _ = trace_of("d.d", "z", "upstream")
    assert nodes == {
        ("d.d", "z"): 0,
        ("d.b", "x"): -1,
        ("d.c", "y"): -1,
        ("d.a", "a"): -2,
        ("d.a", "b"): -2,
    }
    assert _e("d.a", "b", "d.c", "y") in edges and len(edges) == 5
    # b feeds only y: w and the other branch are not reached.
    nodes, _, _ = trace_of("d.a", "b", "downstream")
    assert nodes == {("d.a", "b"): 0, ("d.c", "y"): 1, ("d.d", "z"): 2}


def test_trace_is_safe_on_a_cycle_and_lists_each_column_once():
    table("c.a", ["a"])
    table("c.b", ["b"], [("c.a", [(["a"], ["b"])])])
    table("c.a", ["a"], [("c.b", [(["b"], ["a"])])])  # a cycle back to the root
    nodes, edges, _ = trace_of("c.a", "a", "both", max_hops=10)
    assert nodes == {("c.a", "a"): 0, ("c.b", "b"): -1}
    assert edges == {_e("c.a", "a", "c.b", "b"), _e("c.b", "b", "c.a", "a")}


def test_trace_stops_at_max_hops_with_negative_hops_upstream():
    table("h.t0", ["f"])
    for i in range(1, 5):
        table(f"h.t{i}", ["f"], [(f"h.t{i - 1}", [(["f"], ["f"])])])
    nodes, _, truncated = trace_of("h.t0", "f", "downstream", max_hops=2)
    assert sorted(nodes.values()) == [0, 1, 2] and not truncated
    nodes, _, _ = trace_of("h.t4", "f", "upstream", max_hops=3)
    assert sorted(nodes.values()) == [-3, -2, -1, 0]


def test_trace_runs_one_query_per_hop_and_direction_whatever_the_fan_out():
    table("q.root", ["k"])
    for i in range(6):
        table(f"q.mid{i}", ["k"], [("q.root", [(["k"], ["k"])])])
        table(f"q.leaf{i}", ["k"], [(f"q.mid{i}", [(["k"], ["k"])])])
    root = Dataset.objects.get(urn=make_urn("q.root"))
    with CaptureQueriesContext(connection) as ctx:
        trace = column_trace(dataset=root, field_path="k", direction="downstream", max_hops=3)
    assert len(trace.nodes) == 13
    # The field check, then one per hop: 6 mids and 6 leaves cost what one would.
    assert len(ctx.captured_queries) == 4


def test_trace_bounds_its_node_count_and_says_so(monkeypatch):
    monkeypatch.setattr("catalog.lineage_columns.MAX_COLUMN_NODES", 3)
    table("n.root", ["k"])
    for i in range(5):
        table(f"n.down{i}", ["k"], [("n.root", [(["k"], ["k"])])])
    nodes, edges, truncated = trace_of("n.root", "k", "downstream")
    assert truncated and len(nodes) == 4 and len(edges) == 3


def test_a_hidden_pair_is_not_followed_and_a_hand_made_edge_maps_no_columns():
    table("v.a", ["a"])
    table("v.b", ["b"], [("v.a", [(["a"], ["b"])])])
    table("v.c", ["c"], [("v.a", [(["a"], ["c"])])])
    a, b, c = (Dataset.objects.get(urn=make_urn(n)) for n in ("v.a", "v.b", "v.c"))
    now = timezone.now()
    # An editor removed a → b (a hidden hand-made row over the ingested one).
    LineageEdge.objects.create(
        upstream=a, downstream=b, type="COPY", created_at=now, source=Source.EDITABLE, hidden=True
    )
    # A hand-made a → c next to the ingested one: the pair keeps the ingested row's mappings.
    LineageEdge.objects.create(
        upstream=a, downstream=c, type="COPY", created_at=now, source=Source.EDITABLE
    )
    nodes, edges, _ = trace_of("v.a", "a", "downstream")
    assert nodes == {("v.a", "a"): 0, ("v.c", "c"): 1}
    assert edges == {_e("v.a", "a", "v.c", "c")}


def test_a_v2_field_path_and_its_simple_form_name_the_same_column():
    v2 = "[version=2.0].[type=struct].address.[type=string].zip"
    assert simple_path(v2) == "address.zip"
    assert simple_path("[not.v2]") == "[not.v2]"
    table("p.src", [v2])
    table("p.dst", ["zip"], [("p.src", [(["address.zip"], ["zip"])])])
    nodes, _, _ = trace_of("p.src", v2, "downstream")
    assert nodes == {("p.src", v2): 0, ("p.dst", "zip"): 1}
    nodes, _, _ = trace_of("p.src", "address.zip", "downstream")  # found by its simple path
    assert ("p.dst", "zip") in nodes


def test_field_edges_flattens_each_mapping_into_field_pairs():
    table("f.a", ["a", "b"])
    table("f.b", ["x", "y"], [("f.a", [(["a", "b"], ["x"]), (["a"], ["y"]), (["a"], ["y"])])])
    edges = list(LineageEdge.objects.select_related("upstream", "downstream"))
    rows = field_edges(edges)
    assert [(r["upstream_field"], r["downstream_field"]) for r in rows] == [
        ("a", "x"),
        ("b", "x"),
        ("a", "y"),
    ]
    assert rows[0] == {
        "upstream": make_urn("f.a"),
        "upstream_field": "a",
        "downstream": make_urn("f.b"),
        "downstream_field": "x",
        "transformation": "IDENTITY",
    }
    assert not field_edges([])


def field_url(name: str, path: str, query: str = "") -> str:
    return url(make_urn(name), f"schema/{quote(path, safe='')}/lineage") + query


def test_the_endpoint_answers_as_the_contract_says(reader_client):
    path = "[version=2.0].[key=True].[type=Rec].a=b/c"
    table("e.src", [path])
    table("e.dst", ["out"], [("e.src", [([path], ["out"])])])
    response = reader_client.get(field_url("e.src", path, "?direction=downstream&max_hops=2"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["root"] == {"urn": make_urn("e.src"), "field_path": path}
    assert body["truncated"] is False
    assert body["nodes"] == [
        {
            "urn": make_urn("e.src"),
            "name": "e.src",
            "platform": "hive",
            "field_path": path,
            "hops": 0,
        },
        {
            "urn": make_urn("e.dst"),
            "name": "e.dst",
            "platform": "hive",
            "field_path": "out",
            "hops": 1,
        },
    ]
    assert body["edges"] == [
        {
            "upstream": make_urn("e.src"),
            "upstream_field": path,
            "downstream": make_urn("e.dst"),
            "downstream_field": "out",
            "transformation": "IDENTITY",
        }
    ]
    # The neighbouring routes still answer.
    assert reader_client.get(url(make_urn("e.src"), "schema")).status_code == 200
    assert reader_client.get(url(make_urn("e.src"), "lineage")).status_code == 200


def test_the_endpoint_refuses_unknown_fields_datasets_and_bad_queries(reader_client):
    table("e.only", ["a"])
    assert_error(reader_client.get(field_url("e.only", "nope")), 404, "not_found")
    assert_error(reader_client.get(field_url("e.missing", "a")), 404, "not_found")
    assert_error(reader_client.get(field_url("e.only", "a", "?max_hops=11")), 400)
    assert_error(reader_client.get(field_url("e.only", "a", "?direction=sideways")), 400)
    # A field named "diff" is traced, not diffed; one ending in ")" is no end of a URN.
    table("e.diff", ["diff", "sum(amount)"])
    assert reader_client.get(field_url("e.diff", "diff")).status_code == 200
    body = reader_client.get(field_url("e.diff", "sum(amount)")).json()
    assert body["root"]["field_path"] == "sum(amount)"
