import json
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.tests.factories import GroupFactory, UserFactory
from catalog import services
from catalog.models import ChangeEvent, Dataset
from catalog.services import FieldSpec
from catalog.tests.factories import INGESTION, DomainFactory, TagFactory, make_dataset, make_urn
from core.errors import ApplicationError

pytestmark = pytest.mark.django_db

HDFS_URN = "urn:li:dataset:(urn:li:dataPlatform:hdfs,/data/tracking/PageViewEvent,PROD)"


def url(urn: str, aspect: str = "") -> str:
    return f"/api/v1/datasets/{quote(urn, safe='')}/" + (f"{aspect}/" if aspect else "")


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/platforms/"),
        ("get", "/api/v1/datasets/"),
        ("post", "/api/v1/datasets/"),
        ("get", url(HDFS_URN)),
        ("patch", url(HDFS_URN)),
        ("delete", url(HDFS_URN)),
        ("get", url(HDFS_URN, "schema")),
        ("patch", url(HDFS_URN, "schema")),
        ("get", url(HDFS_URN, "owners")),
        ("put", url(HDFS_URN, "owners")),
        ("get", url(HDFS_URN, "lineage")),
        ("get", url(HDFS_URN, "history")),
        ("get", "/api/v1/browse/"),
        ("get", "/api/v1/tags/"),
        ("post", "/api/v1/tags/"),
        ("get", "/api/v1/glossary-terms/"),
        ("get", "/api/v1/domains/"),
        ("get", "/api/v1/users/"),
        ("get", "/api/v1/groups/"),
        ("get", "/api/v1/auth/me/"),
        ("post", "/api/v1/auth/logout/"),
    ],
)
def test_every_api_call_needs_a_token(api_client, method, path):
    make_dataset("/data/tracking/PageViewEvent", platform="hdfs")
    response = getattr(api_client, method)(path, {}, format="json")
    assert_error(response, 401, "not_authenticated")


def test_hdfs_dataset_by_percent_encoded_urn_has_schema_owners_and_lineage(reader_client):
    raw = make_urn("/data/raw/PageViewEvent", platform="hdfs")
    make_dataset(
        "/data/tracking/PageViewEvent",
        platform="hdfs",
        owners=("aberger", "urn:li:corpGroup:tracking"),
        upstreams=(raw,),
    )
    make_dataset("tracking.pageviewevent", upstreams=(HDFS_URN,))
    response = reader_client.get(url(HDFS_URN))
    assert response.status_code == 200
    body = response.json()
    assert body["urn"] == HDFS_URN
    assert body["platform"]["name"] == "hdfs"
    assert [f["field_path"] for f in body["schema"]] == ["col_0", "col_1", "col_2"]
    assert {o["owner"] for o in body["owners"]} == {
        "urn:li:corpuser:aberger",
        "urn:li:corpGroup:tracking",
    }
    assert [e["dataset"]["urn"] for e in body["upstreams"]] == [raw]
    assert [e["dataset"]["name"] for e in body["downstreams"]] == ["tracking.pageviewevent"]
    assert body["health"]["score"] < 100
    assert any("undocumented" not in r for r in body["health"]["reasons"])


def test_dataset_list_filters_orders_and_paginates(reader_client):
    DomainFactory(name="marketing")
    make_dataset("a.one", platform="hive", tags=["PII"], domain="marketing")
    make_dataset("b.two", platform="kafka", origin="DEV", owners=("jdoe",))
    make_dataset("c.three", platform="mysql")
    response = reader_client.get("/api/v1/datasets/?limit=2&ordering=-name")
    body = response.json()
    assert body["count"] == 3
    assert [d["name"] for d in body["results"]] == ["c.three", "b.two"]
    assert "offset=2" in body["next"]

    def names(query: str) -> list[str]:
        result = reader_client.get(f"/api/v1/datasets/?{query}")
        assert result.status_code == 200, result.content
        return [d["name"] for d in result.json()["results"]]

    assert names("platform=hive,kafka") == ["a.one", "b.two"]
    assert names("platform=kafka&platform=mysql") == ["b.two", "c.three"]
    assert names("origin=DEV") == ["b.two"]
    assert names("tag=PII") == ["a.one"]
    assert names("owner=urn:li:corpuser:jdoe") == ["b.two"]
    assert names("owner=jdoe") == ["b.two"]
    assert names("domain=marketing") == ["a.one"]
    assert names("name=thr") == ["c.three"]


def test_removed_datasets_are_hidden_unless_asked_for(editor_client):
    gone = make_dataset("x.gone")
    make_dataset("x.kept")
    assert editor_client.delete(url(gone.urn)).status_code == 204
    listed = editor_client.get("/api/v1/datasets/").json()["results"]
    assert [d["name"] for d in listed] == ["x.kept"]
    listed = editor_client.get("/api/v1/datasets/?status=removed").json()["results"]
    assert [d["name"] for d in listed] == ["x.gone"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=1000", "limit"),
        ("limit=0", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("origin=LIVE", "origin"),
        ("status=gone", "status"),
        ("ordering=size", "ordering"),
    ],
)
def test_dataset_list_rejects_bad_parameters(reader_client, query, field):
    error = assert_error(reader_client.get(f"/api/v1/datasets/?{query}"), 400)
    assert field in error["fields"]


def test_malformed_urn_in_path_is_a_400_that_says_why(reader_client):
    error = assert_error(reader_client.get("/api/v1/datasets/not-a-urn/"), 400, "invalid_urn")
    assert "must start with" in error["message"]
    error = assert_error(
        reader_client.get(url("urn:li:dataset:(urn:li:dataPlatform:hive,x,LIVE)")),
        400,
        "invalid_urn",
    )
    assert "LIVE" in error["message"]


@pytest.mark.parametrize("method", ["get", "put", "post", "patch", "delete"])
def test_a_path_that_is_no_dataset_urn_is_a_400_whatever_the_method(editor_client, method):
    # schemathesis found PUT …/datasets/urn%3Ali%3Adomain%3A0/owners/ answered 405.
    response = getattr(editor_client, method)(
        "/api/v1/datasets/urn%3Ali%3Adomain%3A0/owners/", {"owners": []}, format="json"
    )
    assert_error(response, 400, "invalid_urn")


def test_unknown_dataset_is_a_404(reader_client):
    assert_error(reader_client.get(url(make_urn("no.such"))), 404, "not_found")
    assert_error(reader_client.get(url(make_urn("no.such"), "lineage")), 404, "not_found")


def test_unknown_url_is_a_json_404(reader_client):
    assert_error(reader_client.get("/api/v1/nothing-here/"), 404, "not_found")


def test_create_dataset_as_editor(editor_client):
    payload = {
        "urn": make_urn("shop.orders", platform="mysql"),
        "description": "Orders",
        "schema": [
            {"field_path": "id", "type": "number", "native_type": "int(11)", "is_key": True},
            {"field_path": "email", "type": "string", "description": "buyer"},
        ],
        "owners": [{"owner": "urn:li:corpuser:jdoe", "type": "BUSINESS_OWNER"}],
        "tags": ["PII"],
        "upstreams": [
            {
                "urn": make_urn("/data/orders", platform="hdfs"),
                "type": "COPY",
                "column_mappings": [{"upstreams": ["id"], "downstreams": ["id"]}],
            }
        ],
        "docs": "# Orders",
    }
    response = editor_client.post("/api/v1/datasets/", payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["docs_html"] == "<h1>Orders</h1>"
    assert body["schema"][0]["is_key"] is True
    assert body["upstreams"][0]["type"] == "COPY"
    assert_error(editor_client.post("/api/v1/datasets/", payload, format="json"), 409, "conflict")


def test_create_dataset_with_docs_is_one_transaction(editor_client, monkeypatch):
    """The dataset and its docs are written together: a docs write that fails leaves no
    dataset (and no history) behind."""

    def failing_docs(**kwargs):
        raise ApplicationError("docs could not be stored", fields={"docs": ["failed"]})

    monkeypatch.setattr(services, "dataset_update", failing_docs)
    payload = {"urn": make_urn("shop.docs", platform="mysql"), "description": "d", "docs": "# D"}
    assert_error(editor_client.post("/api/v1/datasets/", payload, format="json"), 400, "invalid")
    assert not Dataset.objects.exists()
    assert not ChangeEvent.objects.exists()


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ({"urn": "urn:li:dataset:(urn:li:dataPlatform:nosuch,a,PROD)"}, "unknown_platform", "urn"),
        ({"urn": "garbage"}, "invalid", "urn"),
        (
            {"urn": make_urn("a.b"), "schema": [{"field_path": "x", "type": "blob"}]},
            "invalid",
            "schema",
        ),
        ({"urn": make_urn("a.b"), "owners": [{"owner": "x", "type": "KING"}]}, "invalid", "owners"),
        ({"urn": make_urn("a.b"), "upstreams": [{"urn": "bad"}]}, "invalid", "upstreams"),
        ({"urn": make_urn("a.b"), "browse_path": "no-slash"}, "invalid", "browse_path"),
    ],
)
def test_create_dataset_rejects_bad_input_and_writes_nothing(editor_client, payload, code, field):
    error = assert_error(editor_client.post("/api/v1/datasets/", payload, format="json"), 400, code)
    assert field in error["fields"]
    assert not Dataset.objects.exists()


def test_malformed_json_is_a_400(editor_client):
    response = editor_client.generic(
        "POST", "/api/v1/datasets/", "{not json", content_type="application/json"
    )
    assert_error(response, 400, "parse_error")


def test_readers_cannot_write(reader_client):
    dataset = make_dataset("a.locked")
    assert_error(
        reader_client.post("/api/v1/datasets/", {"urn": make_urn("a.new")}, format="json"), 403
    )
    assert_error(
        reader_client.patch(url(dataset.urn), {"docs": "x"}, format="json"),
        403,
        "permission_denied",
    )
    assert_error(reader_client.put(url(dataset.urn, "owners"), {"owners": []}, format="json"), 403)
    assert_error(reader_client.delete(url(dataset.urn)), 403)
    assert Dataset.objects.get(urn=dataset.urn).docs == ""


def test_owner_patch_of_docs_shows_in_history_with_before_and_after():
    owner = UserFactory(username="aberger", role=Role.READER)
    dataset = make_dataset("a.owned", owners=("aberger",))
    client = APIClient()
    client.force_authenticate(owner)
    response = client.patch(url(dataset.urn), {"docs": "new **docs**"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["docs_html"] == "<p>new <strong>docs</strong></p>"
    history = client.get(url(dataset.urn, "history") + "?aspect=docs").json()
    assert history["count"] == 1
    event = history["results"][0]
    assert (event["actor"], event["before"], event["after"]) == (
        "urn:li:corpuser:aberger",
        "",
        "new **docs**",
    )


def test_group_owners_may_edit():
    member = UserFactory(username="member", role=Role.READER)
    GroupFactory(name="payments").members.add(member)
    dataset = make_dataset("a.team", owners=("urn:li:corpGroup:payments",))
    client = APIClient()
    client.force_authenticate(member)
    assert (
        client.patch(
            url(dataset.urn), {"status": "deprecated", "deprecation_note": "v2"}, format="json"
        ).status_code
        == 200
    )


def test_patch_validates_its_input(editor_client):
    dataset = make_dataset("a.patch")
    assert_error(editor_client.patch(url(dataset.urn), {}, format="json"), 400)
    error = assert_error(
        editor_client.patch(url(dataset.urn), {"status": "removed"}, format="json"), 400
    )
    assert "status" in error["fields"]
    error = assert_error(
        editor_client.patch(url(dataset.urn), {"domain": "nope"}, format="json"), 400
    )
    assert "domain" in error["fields"]


def test_docs_are_stored_as_written_and_rendered_without_scripts(editor_client):
    dataset = make_dataset("a.xss")
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">[x](javascript:alert(3))'
    body = editor_client.patch(url(dataset.urn), {"docs": payload}, format="json").json()
    assert body["docs"] == payload
    html = body["docs_html"]
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html


def test_schema_edit_and_owner_replacement(editor_client):
    TagFactory(name="PII")
    dataset = make_dataset("a.schema", fields=2)
    response = editor_client.patch(
        url(dataset.urn, "schema"),
        {
            "edits": [
                {
                    "field_path": "col_1",
                    "description": "edited",
                    "tags": ["PII"],
                    "classification": "EMAIL",
                }
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    field = response.json()[1]
    assert (field["editable_description"], field["editable_tags"], field["classification"]) == (
        "edited",
        ["PII"],
        "EMAIL",
    )
    error = assert_error(
        editor_client.patch(
            url(dataset.urn, "schema"), {"edits": [{"field_path": "zzz"}]}, format="json"
        ),
        400,
    )
    assert "zzz" in error["message"]

    unknown = editor_client.put(
        url(dataset.urn, "owners"), {"owners": [{"owner": "urn:li:corpuser:nobody"}]}, format="json"
    )
    assert assert_error(unknown, 400, "unknown_owner")["fields"] == {
        "owners": ["unknown user 'nobody'"]
    }
    UserFactory(username="jdoe")
    GroupFactory(name="analytics")
    response = editor_client.put(
        url(dataset.urn, "owners"),
        {
            "owners": [
                {"owner": "urn:li:corpuser:jdoe", "type": "DATA_STEWARD"},
                {"owner": "urn:li:corpGroup:analytics"},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert {(o["name"], o["type"], o["source"]) for o in response.json()} == {
        ("jdoe", "DATA_STEWARD", "editable"),
        ("analytics", "TECHNICAL_OWNER", "editable"),
    }


def test_lineage_walks_hops_in_both_directions_and_bounds_depth(reader_client):
    chain = [make_urn(f"chain.t{i}") for i in range(5)]
    make_dataset("chain.t0")
    for i in range(1, 5):
        make_dataset(f"chain.t{i}", upstreams=(chain[i - 1],))
    response = reader_client.get(url(chain[2], "lineage") + "?direction=both&depth=1")
    body = response.json()
    assert {n["urn"]: n["hops"] for n in body["nodes"]} == {chain[1]: -1, chain[2]: 0, chain[3]: 1}
    assert len(body["edges"]) == 2
    body = reader_client.get(url(chain[4], "lineage") + "?direction=upstream&depth=3").json()
    assert sorted(n["hops"] for n in body["nodes"]) == [-3, -2, -1, 0]
    assert {(e["upstream"], e["downstream"]) for e in body["edges"]} == {
        (chain[1], chain[2]),
        (chain[2], chain[3]),
        (chain[3], chain[4]),
    }
    assert_error(reader_client.get(url(chain[0], "lineage") + "?depth=50"), 400)
    assert_error(reader_client.get(url(chain[0], "lineage") + "?direction=sideways"), 400)


def test_browse_lists_children_with_counts(reader_client):
    make_dataset("/data/tracking/a", platform="hdfs")
    make_dataset("/data/tracking/b", platform="hdfs")
    make_dataset("/data/jobs/c", platform="hdfs")
    make_dataset("db.d", platform="hive")
    root = reader_client.get("/api/v1/browse/").json()
    assert {(g["name"], g["count"]) for g in root["groups"]} == {("hdfs", 3), ("hive", 1)}
    data = reader_client.get("/api/v1/browse/?path=/hdfs/data").json()
    assert [(g["path"], g["count"]) for g in data["groups"]] == [
        ("/hdfs/data/jobs", 1),
        ("/hdfs/data/tracking", 2),
    ]
    leaf = reader_client.get("/api/v1/browse/?path=/hdfs/data/tracking/").json()
    assert leaf["groups"] == []
    assert [d["name"] for d in leaf["datasets"]["results"]] == [
        "/data/tracking/a",
        "/data/tracking/b",
    ]
    assert_error(reader_client.get("/api/v1/browse/?path=hdfs"), 400)


def test_pickers_list_tags_terms_domains_users_and_groups(editor_client):
    make_dataset(
        "p.one",
        tags=["PII"],
        glossary_terms=["Finance.Revenue"],
        owners=("urn:li:corpGroup:finance",),
    )
    assert (
        editor_client.post(
            "/api/v1/domains/", {"name": "finance", "display_name": "Finance"}, format="json"
        ).status_code
        == 201
    )
    assert (
        editor_client.post(
            "/api/v1/tags/", {"name": "Gold", "color": "#ffd700"}, format="json"
        ).status_code
        == 201
    )
    assert_error(editor_client.post("/api/v1/tags/", {"name": "Gold"}, format="json"), 400)
    assert_error(
        editor_client.post("/api/v1/tags/", {"name": "Blue", "color": "blue"}, format="json"), 400
    )
    tags = editor_client.get("/api/v1/tags/?q=pi").json()["results"]
    assert [(t["name"], t["dataset_count"]) for t in tags] == [("PII", 1)]
    terms = editor_client.get("/api/v1/glossary-terms/").json()["results"]
    assert [t["urn"] for t in terms] == ["urn:li:glossaryTerm:Finance.Revenue"]
    assert [d["name"] for d in editor_client.get("/api/v1/domains/").json()["results"]] == [
        "finance"
    ]
    assert [g["urn"] for g in editor_client.get("/api/v1/groups/").json()["results"]] == [
        "urn:li:corpGroup:finance"
    ]
    users = editor_client.get("/api/v1/users/?q=editor").json()["results"]
    assert [u["username"] for u in users] == ["editor1"]
    platforms = editor_client.get("/api/v1/platforms/").json()
    assert {"hive", "hdfs", "mysql", "postgres", "kafka"} <= {p["name"] for p in platforms}


def _detail_queries(client, urn: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url(urn)).status_code == 200
    return len(ctx.captured_queries)


def test_dataset_detail_runs_a_constant_number_of_queries(reader_client):
    small = make_dataset("q.small", fields=1, owners=("u1",))
    big_upstreams = [make_urn(f"q.up{i}") for i in range(6)]
    big = make_dataset(
        "q.big",
        owners=tuple(f"u{i}" for i in range(8)) + ("urn:li:corpGroup:g1",),
        tags=["a", "b", "c"],
        glossary_terms=["T.one", "T.two"],
        schema=[FieldSpec(field_path=f"f{i}", type="string") for i in range(60)],
        upstreams=tuple(big_upstreams),
    )
    for i in range(4):
        make_dataset(f"q.down{i}", upstreams=(big.urn,))
    assert _detail_queries(reader_client, small.urn) == _detail_queries(reader_client, big.urn)


def _send(client, method: str, path: str, payload: dict):
    """JSON as a client sends it: ``json.dumps`` escapes NUL and lone surrogates (``\\ud800``),
    which the test client's own encoder would refuse to write as UTF-8."""
    return getattr(client, method)(path, json.dumps(payload), content_type="application/json")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"description": "x\u0000y"}, "description"),
        ({"custom_properties": {"\u0000": "v"}}, "custom_properties"),
        ({"custom_properties": {"\ud800": "v"}}, "custom_properties"),
        ({"custom_properties": {"k": "\ud800"}}, "custom_properties"),
        ({"schema": [{"field_path": "a\u0000", "type": "string"}]}, "schema"),
        ({"tags": ["t\ud800"]}, "tags"),
        ({"owners": [{"owner": "urn:li:corpuser:a\u0000"}]}, "owners"),
        ({"docs": "d\u0000"}, "docs"),
        (
            {"upstreams": [{"urn": make_urn("a.up"), "column_mappings": [{"from": 1}]}]},
            "upstreams[0].column_mappings[0]",
        ),
        (
            {
                "upstreams": [
                    {
                        "urn": make_urn("a.up"),
                        "column_mappings": [{"upstreams": [3], "downstreams": ["x"]}],
                    }
                ]
            },
            "upstreams[0].column_mappings[0].upstreams",
        ),
        (
            {
                "upstreams": [
                    {
                        "urn": make_urn("a.up"),
                        "column_mappings": [{"upstreams": ["a"], "downstreams": ["b"], "x": 1}],
                    }
                ]
            },
            "upstreams[0].column_mappings[0]",
        ),
    ],
)
def test_create_dataset_refuses_nul_surrogates_and_bad_column_mappings(editor_client, extra, field):
    payload = {"urn": make_urn("a.bad"), **extra}
    error = assert_error(_send(editor_client, "post", "/api/v1/datasets/", payload), 400, "invalid")
    # The serializer names a nested value by nesting ({"upstreams": [{...}]}), the writer's rules
    # by its path ("upstreams[0].column_mappings[0]"): either way, the value at fault.
    assert field in error["fields"] or field.split("[")[0] in error["fields"], error
    assert not Dataset.objects.exists()


@pytest.mark.parametrize(
    ("aspect", "method", "payload", "field"),
    [
        ("", "patch", {"docs": "d\u0000"}, "docs"),
        ("", "patch", {"deprecation_note": "\ud800"}, "deprecation_note"),
        ("", "patch", {"tags": ["t\u0000"]}, "tags"),
        ("", "patch", {"glossary_terms": ["\udfff"]}, "glossary_terms"),
        ("schema", "patch", {"edits": [{"field_path": "col_0", "description": "\u0000"}]}, "edits"),
        ("schema", "patch", {"edits": [{"field_path": "col_0", "tags": ["\ud800"]}]}, "edits"),
        ("owners", "put", {"owners": [{"owner": "urn:li:corpuser:a\u0000"}]}, "owners"),
    ],
)
def test_dataset_edits_refuse_nul_and_surrogates(editor_client, aspect, method, payload, field):
    dataset = make_dataset("a.edited", fields=1)
    response = _send(editor_client, method, url(dataset.urn, aspect), payload)
    assert field in assert_error(response, 400, "invalid")["fields"]
    assert (
        not ChangeEvent.objects.filter(dataset__urn=dataset.urn).exclude(actor=INGESTION).exists()
    )


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"description": "d" * 200_001}, "description"),
        (
            {"schema": [{"field_path": "a", "type": "string", "description": "d" * 20_001}]},
            "schema",
        ),
        ({"custom_properties": {"k": "v" * 200_001}}, "custom_properties"),
    ],
)
def test_create_dataset_bounds_free_text_as_swagger_says(editor_client, extra, field):
    payload = {"urn": make_urn("a.long"), **extra}
    error = assert_error(editor_client.post("/api/v1/datasets/", payload, format="json"), 400)
    assert field in error["fields"], error
    definitions = APIClient().get("/api/swagger.json").json()["definitions"]
    assert definitions["DatasetCreate"]["properties"]["description"]["maxLength"] == 200_000
    assert definitions["FieldInput"]["properties"]["description"]["maxLength"] == 20_000
