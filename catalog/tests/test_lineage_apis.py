"""The lineage graph paged per node, impact analysis and hand-edited lineage, over HTTP."""

import csv
import io
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import entity_services as es
from catalog import services
from catalog.entity_models import EntityType, LinkKind
from catalog.models import ChangeEvent, DatasetStatus
from catalog.services import FieldSpec, UpstreamSpec
from catalog.tests.factories import INGESTION, make_dataset, make_urn

pytestmark = pytest.mark.django_db

ACTOR = "urn:li:corpuser:datahub"


def url(urn: str, aspect: str) -> str:
    return f"/api/v1/datasets/{quote(urn, safe='')}/{aspect}/"


def get(client, urn: str, aspect: str, query: str = "", status: int = 200):
    response = client.get(url(urn, aspect) + query)
    assert response.status_code == status, response.content
    return response.json()


def chain(prefix: str, length: int) -> list[str]:
    """``prefix.t0`` feeds ``prefix.t1`` feeds … ; their URNs."""
    urns = [make_urn(f"{prefix}.t{i}") for i in range(length)]
    make_dataset(f"{prefix}.t0")
    for i in range(1, length):
        make_dataset(f"{prefix}.t{i}", upstreams=(urns[i - 1],))
    return urns


def reingest(name: str, upstreams: tuple[str, ...]) -> None:
    services.dataset_upsert(
        urn=make_urn(name),
        actor=INGESTION,
        upstreams=[UpstreamSpec(urn=u, actor="urn:li:dataJob:etl") for u in upstreams],
    )


# --- the graph ----------------------------------------------------------------------------


def test_a_hub_shows_limit_readers_and_a_cursor_pages_through_the_rest(reader_client):
    hub = make_dataset("paging.hub").urn
    readers = [make_dataset(f"paging.r{i}", upstreams=(hub,)).urn for i in range(7)]
    body = get(reader_client, hub, "lineage", "?direction=downstream&limit=3")
    root = next(n for n in body["nodes"] if n["urn"] == hub)
    assert (root["downstream_count"], root["downstream_hidden"]) == (7, 4)
    assert root["upstream_count"] == 0 and root["upstream_cursor"] is None
    seen = {n["urn"] for n in body["nodes"]} - {hub}
    assert len(seen) == 3
    # Each reader knows its own neighbours even though the walk stopped at it.
    reader = next(n for n in body["nodes"] if n["urn"] != hub)
    assert (reader["upstream_count"], reader["upstream_hidden"]) == (1, 0)
    cursor = root["downstream_cursor"]
    pages = 1
    while cursor:
        page = get(reader_client, hub, "lineage", f"?cursor={cursor}&limit=3")
        node = next(n for n in page["nodes"] if n["urn"] == hub)
        assert node["hops"] == 0
        new = {n["urn"] for n in page["nodes"]} - {hub}
        assert not new & seen
        seen |= new
        assert {e["upstream"] for e in page["edges"]} == {hub}
        cursor = node["downstream_cursor"]
        pages += 1
    assert (pages, seen) == (3, set(readers))
    bad = reader_client.get(url(hub, "lineage") + "?cursor=not-a-cursor")
    assert bad.status_code == 400 and "cursor" in bad.json()["error"]["message"]


def test_depth_reaches_ten_hops_and_no_further(reader_client):
    urns = chain("deep", 12)
    body = get(reader_client, urns[0], "lineage", "?direction=downstream&depth=10")
    assert sorted(n["hops"] for n in body["nodes"]) == list(range(11))
    last = next(n for n in body["nodes"] if n["hops"] == 10)
    assert last["downstream_hidden"] == 1 and last["downstream_cursor"]
    response = reader_client.get(url(urns[0], "lineage") + "?depth=11")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["depth"]


def test_a_cycle_is_walked_once(reader_client):
    a, b, c = (make_urn(f"cycle.{x}") for x in "abc")
    make_dataset("cycle.a", upstreams=(c,))
    make_dataset("cycle.b", upstreams=(a,))
    make_dataset("cycle.c", upstreams=(b,))
    body = get(reader_client, a, "lineage", "?direction=both&depth=10")
    hops = {n["urn"]: n["hops"] for n in body["nodes"]}
    # b is a hop downstream and two upstream; the walk draws it once, where it met it first.
    assert hops[a] == 0 and hops[c] == -1 and hops[b] in (1, -2) and len(hops) == 3
    assert len(body["edges"]) == 3
    assert all(n["upstream_hidden"] == n["downstream_hidden"] == 0 for n in body["nodes"])
    impact = get(reader_client, a, "impact", "?max_hops=10")
    assert [(r["urn"], r["hops"]) for r in impact["results"]] == [(b, 1), (c, 2)]


def test_columns_mode_gives_fields_and_field_edges(reader_client):
    src = make_dataset("cols.src", schema=[FieldSpec("id", "number"), FieldSpec("email", "string")])
    services.dataset_upsert(
        urn=make_urn("cols.dst"),
        actor=INGESTION,
        schema=[FieldSpec("user_id", "number")],
        upstreams=[
            UpstreamSpec(
                urn=src.urn,
                column_mappings=(
                    {"upstreams": ["id"], "downstreams": ["user_id"], "transformation": "IDENTITY"},
                ),
            )
        ],
    )
    plain = get(reader_client, src.urn, "lineage", "?direction=downstream")
    assert plain["field_edges"] == [] and plain["nodes"][0]["fields"] is None
    body = get(reader_client, src.urn, "lineage", "?direction=downstream&columns=true")
    fields = {n["urn"]: [f["field_path"] for f in n["fields"]] for n in body["nodes"]}
    assert fields == {src.urn: ["id", "email"], make_urn("cols.dst"): ["user_id"]}
    assert body["field_edges"] == [
        {
            "upstream": src.urn,
            "upstream_field": "id",
            "downstream": make_urn("cols.dst"),
            "downstream_field": "user_id",
            "transformation": "IDENTITY",
        }
    ]


def test_the_graph_costs_the_same_queries_for_a_wide_fan_out(reader_client):
    def queries(prefix: str, readers: int) -> int:
        hub = make_dataset(f"{prefix}.hub").urn
        for i in range(readers):
            reader = make_dataset(f"{prefix}.r{i}", upstreams=(hub,)).urn
            make_dataset(f"{prefix}.rr{i}", upstreams=(reader,))
        with CaptureQueriesContext(connection) as captured:
            get(reader_client, hub, "lineage", "?direction=both&depth=3&limit=5")
        return len(captured)

    assert queries("narrow", 2) == queries("wide", 12)


# --- impact -------------------------------------------------------------------------------


def test_impact_lists_a_diamond_once_at_its_shortest_distance(reader_client):
    a = make_dataset("dia.a").urn
    b = make_dataset("dia.b", upstreams=(a,)).urn
    c = make_dataset("dia.c", platform="kafka", upstreams=(a,)).urn
    d = make_dataset("dia.d", upstreams=(b, c)).urn
    e = make_dataset("dia.e", upstreams=(d,)).urn
    body = get(reader_client, a, "impact", "?max_hops=5")
    assert [(r["urn"], r["hops"]) for r in body["results"]] == [(b, 1), (c, 1), (d, 2), (e, 3)]
    assert body["totals"] == [
        {"hops": 1, "count": 2},
        {"hops": 2, "count": 1},
        {"hops": 3, "count": 1},
    ]
    row_e = body["results"][3]
    assert [step["urn"] for step in row_e["path"]] == [a, b, d, e]
    assert row_e["actor"] == "urn:li:dataJob:etl" and row_e["type"] == "dataset"
    assert get(reader_client, a, "impact", "?max_hops=2")["count"] == 3
    up = get(reader_client, e, "impact", "?direction=upstream&max_hops=5")
    assert [(r["urn"], r["hops"]) for r in up["results"]] == [(d, 1), (b, 2), (c, 2), (a, 3)]
    kafka = get(reader_client, a, "impact", "?max_hops=5&platform=kafka")
    assert [r["urn"] for r in kafka["results"]] == [c]
    assert {f["value"]: f["count"] for f in kafka["facets"]["platform"]} == {"hive": 3, "kafka": 1}


def test_impact_pages_filters_by_owner_and_origin(reader_client):
    root = make_dataset("own.root").urn
    for i in range(5):
        make_dataset(f"own.r{i}", upstreams=(root,), owners=("alice",) if i % 2 else ())
    make_dataset("own.dev", origin="DEV", upstreams=(root,))
    body = get(reader_client, root, "impact", "?limit=2&offset=2")
    assert body["count"] == 6 and len(body["results"]) == 2
    assert body["next"] and body["previous"]
    owned = get(reader_client, root, "impact", "?owner=alice")
    assert [r["name"] for r in owned["results"]] == ["own.r1", "own.r3"]
    assert owned["results"][0]["owners"] == [{"name": "alice", "kind": "user"}]
    dev = get(reader_client, root, "impact", "?origin=DEV")
    assert [r["name"] for r in dev["results"]] == ["own.dev"]


def test_impact_reaches_tasks_charts_and_dashboards(reader_client):
    src = make_dataset("ent.src")
    out = make_dataset("ent.out")
    job = "urn:li:dataJob:(urn:li:dataFlow:(airflow,etl,PROD),load)"
    es.data_job_upsert(urn=job, actor=ACTOR, name="Load")
    for kind, target in ((LinkKind.INPUT, src.urn), (LinkKind.OUTPUT, out.urn)):
        es.links_set(
            source_urn=job,
            source_type=EntityType.DATA_JOB,
            kind=kind,
            targets=[target],
            actor=ACTOR,
            aspect="dataJobInputOutput",
        )
    es.chart_upsert(urn="urn:li:chart:(looker,1)", actor=ACTOR, name="Revenue", inputs=[out.urn])
    es.dashboard_upsert(
        urn="urn:li:dashboard:(looker,1)",
        actor=ACTOR,
        name="Sales",
        charts=["urn:li:chart:(looker,1)"],
    )
    body = get(reader_client, src.urn, "impact", "?max_hops=5")
    rows = [(r["type"], r["name"], r["hops"]) for r in body["results"]]
    assert rows == [
        ("data_job", "Load", 1),
        ("dataset", "ent.out", 1),
        ("chart", "Revenue", 2),
        ("dashboard", "Sales", 3),
    ]
    assert body["results"][1]["actor"] == job
    assert [s["name"] for s in body["results"][3]["path"]] == [
        "ent.src",
        "ent.out",
        "Revenue",
        "Sales",
    ]
    charts = get(reader_client, src.urn, "impact", "?max_hops=5&type=chart&type=dashboard")
    assert [r["type"] for r in charts["results"]] == ["chart", "dashboard"]
    assert {f["value"] for f in charts["facets"]["type"]} == {
        "data_job",
        "dataset",
        "chart",
        "dashboard",
    }


def test_removed_datasets_are_left_out_of_impact_unless_asked(reader_client):
    a, b, c = chain("gone", 3)
    services.dataset_remove(urn=b, actor=INGESTION)
    assert get(reader_client, a, "impact", "?max_hops=3")["count"] == 0
    body = get(reader_client, a, "impact", "?max_hops=3&include_removed=true")
    assert [(r["urn"], r["status"]) for r in body["results"]] == [
        (b, DatasetStatus.REMOVED),
        (c, DatasetStatus.ACTIVE),
    ]
    graph = get(reader_client, a, "lineage", "?direction=downstream&depth=2")
    # The graph shows what exists; impact lists what a change breaks.
    assert {n["urn"]: n["status"] for n in graph["nodes"]}[b] == DatasetStatus.REMOVED


def test_impact_exports_every_row_as_csv(reader_client):
    root = make_dataset("csv.root").urn
    for i in range(7):
        make_dataset(f"csv.r{i}", upstreams=(root,), owners=("bob",))
    for query, headers in (("?format=csv&limit=2", {}), ("?limit=2", {"HTTP_ACCEPT": "text/csv"})):
        response = reader_client.get(url(root, "impact") + query, **headers)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert ",".join(rows[0]) == "Name,URN,Type,Platform,Owners,Actor,Last Modified,Hops,Path"
        assert len(rows) == 8
        assert rows[1][0] == "csv.r0" and rows[1][4] == "bob" and rows[1][8] == "csv.root > csv.r0"
    error = reader_client.get(url(root, "impact") + "?format=csv&max_hops=99")
    assert error.status_code == 400 and error["Content-Type"].startswith("application/json")


def test_impact_refuses_bad_parameters(reader_client):
    root = make_dataset("bad.root").urn
    for query in ("?max_hops=0", "?max_hops=11", "?direction=both", "?type=table", "?limit=501"):
        response = reader_client.get(url(root, "impact") + query)
        assert response.status_code == 400, query
        assert response.json()["error"]["fields"], query
    assert reader_client.get(url(make_urn("bad.nothing"), "impact")).status_code == 404


# --- hand-edited lineage ------------------------------------------------------------------


def test_hand_made_edges_survive_reingestion_and_removals_stay_removed(
    editor_client, reader_client
):
    up = make_dataset("hand.up").urn
    mine = make_dataset("hand.mine").urn
    down = make_dataset("hand.down", upstreams=(up,)).urn
    response = editor_client.post(
        url(down, "lineage/upstreams"), {"add": [{"urn": mine, "type": "COPY"}]}, format="json"
    )
    assert response.status_code == 200, response.content
    listed = {u["urn"]: u for u in response.json()["upstreams"]}
    assert listed[mine]["sources"] == ["editable"] and listed[mine]["type"] == "COPY"
    assert listed[up]["sources"] == ["ingested"]

    reingest("hand.down", (up,))  # the source still says only `up`
    graph = get(reader_client, down, "lineage", "?direction=upstream")
    assert {e["upstream"]: e["sources"] for e in graph["edges"]} == {
        up: ["ingested"],
        mine: ["editable"],
    }

    # Removing the ingested edge hides it, through the next run too.
    response = editor_client.post(url(down, "lineage/upstreams"), {"remove": [up]}, format="json")
    assert response.status_code == 200
    assert {u["urn"]: u["hidden"] for u in response.json()["upstreams"]} == {up: True, mine: False}
    reingest("hand.down", (up,))
    graph = get(reader_client, down, "lineage", "?direction=upstream")
    assert {e["upstream"] for e in graph["edges"]} == {mine}
    assert get(reader_client, up, "impact")["count"] == 0
    detail = reader_client.get(f"/api/v1/datasets/{quote(down, safe='')}/").json()
    assert [u["dataset"]["urn"] for u in detail["upstreams"]] == [mine]

    # Adding it back shows it, stated by both; removing a hand-made edge deletes it.
    editor_client.post(url(down, "lineage/upstreams"), {"add": [{"urn": up}]}, format="json")
    response = editor_client.post(url(down, "lineage/upstreams"), {"remove": [mine]}, format="json")
    assert {u["urn"]: u["sources"] for u in response.json()["upstreams"]} == {
        up: ["ingested", "editable"]
    }
    events = ChangeEvent.objects.filter(dataset__urn=down, aspect="editable_upstreams")
    assert events.count() == 4
    assert events.first().after == [{"urn": up, "type": "TRANSFORMED", "hidden": False}]


def test_upstream_edits_are_checked_and_all_or_nothing(editor_client, reader_client):
    a = make_dataset("chk.a").urn
    b = make_dataset("chk.b").urn
    edit = url(b, "lineage/upstreams")
    cases = [
        ({}, "add"),
        ({"add": [{"urn": make_urn("chk.nothing")}], "remove": []}, "add"),
        ({"add": [{"urn": b}]}, "add"),
        ({"remove": [a]}, "remove"),
        ({"add": [{"urn": a}], "remove": [a]}, "remove"),
        ({"add": [{"urn": a, "type": "MAGIC"}]}, "add"),
    ]
    for body, _ in cases:
        response = editor_client.post(edit, body, format="json")
        assert response.status_code == 400, (body, response.content)
        assert response.json()["error"]["message"]
    both = {"add": [{"urn": a}, {"urn": make_urn("chk.nothing")}]}
    assert editor_client.post(edit, both, format="json").status_code == 400
    assert get(reader_client, b, "lineage/upstreams")["upstreams"] == []
    assert reader_client.post(edit, {"add": [{"urn": a}]}, format="json").status_code == 403
    stale = editor_client.post(edit, {"add": [{"urn": a}]}, format="json", HTTP_IF_MATCH='"999"')
    assert stale.status_code == 412


def test_paging_counts_each_pair_once_and_skips_pairs_an_editor_hid(editor_client, reader_client):
    hub = make_dataset("dup.hub").urn
    readers = [make_dataset(f"dup.r{i}", upstreams=(hub,)).urn for i in range(6)]
    for reader in readers[:4]:  # stated by ingestion and by hand: two rows, one pair
        edit = {"add": [{"urn": hub}]}
        assert (
            editor_client.post(url(reader, "lineage/upstreams"), edit, format="json").status_code
            == 200
        )
    for reader in readers[:2]:  # hidden: their first rows hold nothing to draw
        edit = {"remove": [hub]}
        assert (
            editor_client.post(url(reader, "lineage/upstreams"), edit, format="json").status_code
            == 200
        )
    seen: list[str] = []
    query = "?direction=downstream&limit=2"
    while query:
        body = get(reader_client, hub, "lineage", query)
        node = next(n for n in body["nodes"] if n["urn"] == hub)
        assert node["downstream_count"] == 4
        seen += sorted(n["urn"] for n in body["nodes"] if n["urn"] != hub)
        query = f"?cursor={node['downstream_cursor']}&limit=2" if node["downstream_cursor"] else ""
    assert seen == readers[2:]
    both = next(e for e in get(reader_client, hub, "lineage", "?direction=downstream")["edges"])
    assert both["sources"] == ["ingested", "editable"]
