"""One suite, every backend: database (SQLite or PostgreSQL, whichever the run uses) and
OpenSearch (osmem-server, or a real cluster with OPENSEARCH_URL)."""

# pytest fixtures arrive as same-named arguments, some only for their side effects.
# pylint: disable=redefined-outer-name,unused-argument

from dataclasses import replace

import pytest

from catalog import entity_services, services
from catalog.services import FieldSpec
from catalog.tests.factories import DomainFactory, make_dataset
from search.backends.base import SearchRequest
from search.documents import FACET_KEYS, build_documents
from search.query import parse_query
from search.services import search_reindex

EDITOR = "urn:li:corpuser:editor1"


def run(backend, q: str = "", **kwargs):
    return backend.search(SearchRequest(query=parse_query(q), **kwargs))


def names(page, datasets) -> list[str]:
    by_id = {d.id: d.name for d in datasets}
    return [by_id[hit.dataset_id] for hit in page.hits]


@pytest.fixture
def catalog(search_backend):  # pylint: disable=unused-argument
    DomainFactory(name="growth")
    datasets = [
        make_dataset(
            "metadata_lineageevent_v1",
            platform="kafka",
            owners=("aberger",),
            tags=["PII"],
            description="Lineage events emitted by every pipeline",
            domain="growth",
        ),
        make_dataset(
            "tracking.pageviewevent",
            schema=[FieldSpec("lineage_id", "string"), FieldSpec("user_email", "string")],
            owners=("jdoe",),
            description="Page views",
        ),
        make_dataset(
            "tracking.pageviewevent_daily",
            description="Daily rollup of tracking.pageviewevent",
            tags=["Gold"],
        ),
        make_dataset("ops.audit", description="Mentions lineage only in the description"),
        make_dataset("/data/tracking/PageViewEvent", platform="hdfs", owners=("aberger",)),
        make_dataset("finance.revenue", platform="mysql", origin="DEV", tags=["pii"]),
    ]
    search_reindex()
    return datasets


def test_exact_name_comes_first(search_backend, catalog):
    page = run(search_backend, "tracking.pageviewevent")
    assert names(page, catalog)[0] == "tracking.pageviewevent"


def test_name_beats_field_names_beats_descriptions(search_backend, catalog):
    page = run(search_backend, "lineage")
    assert names(page, catalog) == [
        "metadata_lineageevent_v1",
        "tracking.pageviewevent",
        "ops.audit",
    ]
    assert page.count == 3


def test_underscored_compound_names_match_their_words(search_backend, catalog):
    page = run(search_backend, "lineage event")
    assert names(page, catalog)[0] == "metadata_lineageevent_v1"


def test_camel_case_names_match_their_words(search_backend, catalog):
    page = run(search_backend, "page view", filters={"platform": ["hdfs"]})
    assert names(page, catalog) == ["/data/tracking/PageViewEvent"]


def test_filters_narrow_and_facets_count_the_other_filters(search_backend, catalog):
    page = run(search_backend, "", filters={"platform": ["kafka"]})
    assert names(page, catalog) == ["metadata_lineageevent_v1"]
    platform = {f.value: f.count for f in page.facets["platform"]}
    # The platform facet ignores its own filter: it shows what picking another would give.
    assert platform == {"hive": 3, "kafka": 1, "hdfs": 1, "mysql": 1}
    assert sum(f.count for f in page.facets["origin"]) == page.count
    assert {f.value: f.count for f in page.facets["tag"]} == {"PII": 1}
    both = run(search_backend, "", filters={"platform": ["kafka", "mysql"]})
    assert both.count == 2


@pytest.mark.parametrize(
    "filters",
    [
        {"platform": ["hive", "kafka"], "tag": ["pii"], "origin": ["PROD"]},
        # Single-valued keys only, in another case than stored: PostgreSQL counts those from
        # their columns, and the multi-valued facets then only from documents passing all.
        {"platform": ["HIVE", "kafka"], "origin": ["prod"]},
        # One filter: without text, the database backend reads that key's counts from
        # FacetCount and the others from the filtered documents.
        {"tag": ["PII"]},
        # One single-valued key: without text, the page and count skip the scan too.
        {"platform": ["KAFKA", "hive"]},
        {"domain": ["GROWTH"], "platform": ["Kafka"]},
    ],
)
def test_facets_under_several_filters_agree_with_a_count_by_hand(search_backend, catalog, filters):
    documents = build_documents([d.id for d in catalog])

    def passes(document, skip=None) -> bool:
        facets = document.facets
        return all(
            {v.lower() for v in facets[key]} & {v.lower() for v in values}
            for key, values in filters.items()
            if key != skip
        )

    for q in ("", "lineage", "pageviewevent"):
        found = {hit.dataset_id for hit in run(search_backend, q, limit=50).hits}
        matched = [d for d in documents if d.dataset_id in found]
        page = run(search_backend, q, filters=filters)
        assert page.count == sum(passes(d) for d in matched), q
        for key in FACET_KEYS:
            expected: dict[str, int] = {}
            for document in matched:
                if passes(document, skip=key if key in filters else None):
                    for value in document.facets[key]:
                        expected[value] = expected.get(value, 0) + 1
            assert {f.value: f.count for f in page.facets[key]} == expected, (q, key)


def test_query_syntax(search_backend, catalog):
    assert sorted(names(run(search_backend, "platform:kafka"), catalog)) == [
        "metadata_lineageevent_v1"
    ]
    assert sorted(names(run(search_backend, "owner:aberger"), catalog)) == [
        "/data/tracking/PageViewEvent",
        "metadata_lineageevent_v1",
    ]
    # Tags match case-insensitively: PII and pii are the same tag to a person.
    assert sorted(names(run(search_backend, "tag:pii"), catalog)) == [
        "finance.revenue",
        "metadata_lineageevent_v1",
    ]
    assert names(run(search_backend, '"lineage events"'), catalog) == ["metadata_lineageevent_v1"]
    assert "ops.audit" not in names(run(search_backend, "lineage -audit"), catalog)
    # Each excluded word on its own, wherever it is (a name, a description).
    assert names(run(search_backend, "lineage -audit -emitted"), catalog) == [
        "tracking.pageviewevent"
    ]
    assert names(run(search_backend, "env:dev"), catalog) == ["finance.revenue"]
    assert "finance.revenue" not in names(run(search_backend, "-origin:DEV"), catalog)


def test_field_tags_and_terms_of_either_side_find_and_count_their_dataset(search_backend):
    """As DataHub's tag search matches fieldTags: a field's tag or term, ingested or edited in
    MDT, is searched as text, filters and is counted as the dataset's own; a dataset holding
    it twice counts once."""
    entity_services.glossary_term_create(name="Finance.Cost", actor="urn:li:corpuser:test")
    spec = FieldSpec("amount", "number", tags=("Sensitive",), glossary_terms=("Finance.Revenue",))
    datasets = [
        make_dataset("sales.ledger", schema=[spec]),
        make_dataset("sales.refunds", schema=[FieldSpec("reason", "string")]),
        make_dataset("sales.payouts", schema=[spec], tags=["Sensitive"]),
        make_dataset("sales.quotes"),
    ]
    services.dataset_schema_edit(
        urn=datasets[1].urn,
        actor=EDITOR,
        edits=[services.FieldEdit("reason", tags=["Reviewed"], glossary_terms=["Finance.Cost"])],
    )
    search_reindex()

    def found(text: str) -> list[str]:
        return sorted(names(run(search_backend, text), datasets))

    assert found("sensitive") == ["sales.ledger", "sales.payouts"]
    assert found("reviewed") == ["sales.refunds"]
    assert found("tag:Sensitive") == found("sales tag:sensitive") == found("sensitive")
    assert found("tag:reviewed") == ["sales.refunds"]
    assert found("term:Finance.Revenue") == ["sales.ledger", "sales.payouts"]
    assert found("sales term:finance.cost") == ["sales.refunds"]
    for text in ("", "sales"):  # the unsearched catalog's counts, and a search's
        facets = run(search_backend, text).facets
        assert {f.value: f.count for f in facets["tag"]} == {"Sensitive": 2, "Reviewed": 1}
        assert {f.value: f.count for f in facets["term"]} == {
            "Finance.Revenue": 2,
            "Finance.Cost": 1,
        }


def test_custom_property_values_are_searched_below_names_and_fields(search_backend):
    """A property's value as a description's words; a link's label, not its URL."""
    datasets = [
        make_dataset(
            "ops.settlements",
            custom_properties={
                "team": "payments-core",
                "link:Runbook": "https://wiki.example.com/display/OPS",
            },
        ),
        make_dataset("payments.core_balances"),
        make_dataset("ops.transfers", schema=[FieldSpec("payments_core_id", "string")]),
        make_dataset("ops.audit", custom_properties={"team": "risk"}),
    ]
    search_reindex()
    assert names(run(search_backend, "payments-core"), datasets) == [
        "payments.core_balances",
        "ops.transfers",
        "ops.settlements",
    ]
    assert names(run(search_backend, "runbook"), datasets) == ["ops.settlements"]
    assert run(search_backend, "wiki").count == 0


def test_a_display_name_is_searched_as_a_name(search_backend):
    """DataHub's datasetProperties.name: the name people read, matched as the name is."""
    datasets = [
        make_dataset("warehouse.t_0042", display_name="Revenue Ledger"),
        make_dataset("ops.audit", description="Not the revenue ledger."),
    ]
    search_reindex()
    assert names(run(search_backend, "ledger"), datasets) == ["warehouse.t_0042", "ops.audit"]


def test_a_field_named_as_typed_ranks_with_the_exact_names(search_backend):
    """Among 32 datasets holding ``user`` and ``name`` in their names or field names, the one
    whose field is named ``user_name`` comes right after the dataset of that name, ahead of
    every name that only holds the words."""
    fields = [FieldSpec("user_id", "string"), FieldSpec("display_name", "string")]
    datasets = [
        make_dataset(f"{prefix}.{name}_{number}", schema=fields)
        for number in range(5)
        for prefix, name in (("crm", "user_name"), ("app", "username_log"), ("hr", "user_names"))
    ]
    datasets += [
        make_dataset(f"{prefix}.{name}", schema=[FieldSpec("id", "number"), *fields])
        for prefix in ("web", "ads", "pay")
        for name in ("user_name_history", "named_users", "user_rename_log", "user_nicknames")
        + ("users_by_name",)
    ]
    datasets += [
        make_dataset("user_name", platform="mysql"),
        make_dataset(
            "billing.accounts", schema=[FieldSpec("id", "number"), FieldSpec("user_name", "string")]
        ),
    ]
    search_reindex()
    page = run(search_backend, "user_name", limit=5)
    assert page.count == len(datasets) == 32
    assert names(page, datasets)[:2] == ["user_name", "billing.accounts"]
    # Any case, and with a filter.
    assert names(run(search_backend, "User_Name platform:hive", limit=1), datasets) == [
        "billing.accounts"
    ]


def test_phrases_hold_their_words_next_to_each_other_in_order(search_backend):
    described = [
        make_dataset("sales.a", description="The load date of each order line item"),
        make_dataset("sales.b", description="Date load, reversed"),
        make_dataset("sales.c", description="An order line and a line item, apart"),
        make_dataset("sales.d", description="Rows kept by the date of the event"),
    ]
    search_reindex()

    def found(text: str) -> list[str]:
        return sorted(names(run(search_backend, text), described))

    assert found('"load date"') == ["sales.a"]
    # Three words: both pairs in sales.c, but not as one phrase.
    assert found('"order line item"') == ["sales.a"]
    # Stop words inside the phrase.
    assert found('"date of the event"') == ["sales.d"]
    assert found('"load date" order') == ["sales.a"]


def test_removed_hidden_and_deprecated_sinks(search_backend, catalog):
    daily = catalog[2]
    services.dataset_update(urn=catalog[1].urn, actor=EDITOR, status="deprecated")
    services.dataset_remove(urn=daily.urn, actor=EDITOR)
    from search.relay import relay_pending  # pylint: disable=import-outside-toplevel

    relay_pending()
    page = run(search_backend, "pageviewevent")
    found = names(page, catalog)
    assert "tracking.pageviewevent_daily" not in found
    assert found[-1] == "tracking.pageviewevent"
    removed = run(search_backend, "pageviewevent", filters={"status": ["removed"]})
    assert names(removed, catalog) == ["tracking.pageviewevent_daily"]


def test_highlights_mark_matches_and_escape_html(search_backend, catalog):
    services.dataset_upsert(urn=catalog[3].urn, actor=EDITOR, description="<b>lineage</b> & audit")
    from search.relay import relay_pending  # pylint: disable=import-outside-toplevel

    relay_pending()
    page = run(search_backend, "lineage")
    top = page.hits[0].highlights
    assert "<mark>" in "".join(top["name"]).lower()
    audit = next(h for h in page.hits if h.dataset_id == catalog[3].id)
    snippet = "".join(audit.highlights["description"])
    assert "<b>" not in snippet and "&lt;b&gt;" in snippet and "<mark>" in snippet


def test_pagination_and_sorting(search_backend, catalog):
    first = run(search_backend, "", sort="name", limit=2)
    second = run(search_backend, "", sort="name", limit=2, offset=2)
    assert first.count == second.count == 6
    assert names(first, catalog) + names(second, catalog) == sorted(d.name for d in catalog)[:4]
    newest = run(search_backend, "", sort="-modified_at", limit=1)
    assert names(newest, catalog) == [max(catalog, key=lambda d: d.modified_at).name]


def test_misspellings_are_recovered(search_backend, catalog):
    page = run(search_backend, "pageveiwevent")
    assert page.fuzzy
    assert "tracking.pageviewevent" in names(page, catalog)


def test_autocomplete_suggests_datasets_fields_owners_and_tags(search_backend, catalog):
    suggestions = search_backend.suggest("pa", 8)
    assert ("dataset", "tracking.pageviewevent") in {(s.type, s.text) for s in suggestions}
    # Where each dataset lives, since names repeat across platforms and origins.
    assert ("tracking.pageviewevent", "hive", "PROD") in {
        (s.text, s.platform, s.origin) for s in suggestions if s.type == "dataset"
    }
    assert all(s.platform is None for s in suggestions if s.type != "dataset")
    assert ("field", "user_email") in {(s.type, s.text) for s in search_backend.suggest("user", 8)}
    assert ("owner", "aberger") in {(s.type, s.text) for s in search_backend.suggest("ab", 8)}
    assert ("tag", "Gold") in {(s.type, s.text) for s in search_backend.suggest("go", 8)}
    assert search_backend.suggest("p", 8) == []


PUNCTUATION = [
    "--",
    "__",
    "(((",
    '""""',
    "\N{PILE OF POO}",
    "\N{PILE OF POO}\N{PILE OF POO}",
    "-- --",
    "*:",
    "\\",
]


@pytest.mark.parametrize("text", PUNCTUATION)
def test_autocomplete_of_text_without_a_word_suggests_no_dataset(search_backend, catalog, text):
    """A prefix that tokenises to nothing matches no dataset name, and is no error."""
    suggestions = search_backend.suggest(text, 8)
    assert [s for s in suggestions if s.type == "dataset"] == []


@pytest.mark.parametrize("text", PUNCTUATION)
def test_search_of_text_without_a_word_is_no_error(search_backend, catalog, text):
    page = run(search_backend, text)
    assert page.count == len(page.hits) <= len(catalog)


@pytest.mark.parametrize("text", ['"a', '"""', "@@", "a@", "<1-5>", "ab<", "ab>", "~~", "&&", "##"])
def test_autocomplete_reads_regexp_syntax_as_text(search_backend, catalog, text):
    """OpenSearch reads field, owner and tag prefixes as Lucene regexps, whose syntax (quotes,
    ``@`` for any string, ``<1-5>`` intervals) must match itself or nothing."""
    suggestions = search_backend.suggest(text, 8)
    others = [s.text for s in suggestions if s.type != "dataset"]
    assert [t for t in others if not t.lower().startswith(text.lower())] == []


def test_autocomplete_suggests_owners_and_tags_the_index_holds(search_backend, catalog):
    """Users and groups by name with their URN, the most used first; nothing only removed
    datasets hold."""
    make_dataset("ops.ledger", owners=("urn:li:corpGroup:abacus-team", "aberger"), tags=["Gone"])
    gone = make_dataset("ops.scrap", owners=("abandoned",), tags=["Gone", "Goner"])
    services.dataset_remove(urn=gone.urn, actor=EDITOR)
    search_reindex()
    owners = [(s.text, s.urn) for s in search_backend.suggest("ab", 8) if s.type == "owner"]
    assert owners == [
        ("aberger", "urn:li:corpuser:aberger"),
        ("abacus-team", "urn:li:corpGroup:abacus-team"),
    ]
    tags = [(s.text, s.urn) for s in search_backend.suggest("GO", 8) if s.type == "tag"]
    assert tags == [("Gold", "urn:li:tag:Gold"), ("Gone", "urn:li:tag:Gone")]


def test_an_older_version_never_replaces_a_newer_one(search_backend, catalog):
    dataset = catalog[0]
    doc = build_documents([dataset.id])[0]
    newer = replace(doc, version=doc.version + 5, description="newest words zebra")
    older = replace(doc, version=doc.version + 1, description="stale words yak")
    search_backend.bulk_index([newer])
    search_backend.bulk_index([older])
    assert search_backend.indexed_versions()[dataset.id] == doc.version + 5
    assert run(search_backend, "zebra").count == 1
    assert run(search_backend, "yak").count == 0


def test_delete_count_and_health(search_backend, catalog):
    assert search_backend.count() == 6
    search_backend.delete([catalog[0].id])
    assert search_backend.count() == 5
    assert catalog[0].id not in search_backend.indexed_versions()
    assert search_backend.health()["ok"] is True


def test_counts_stop_at_track_total_hits(search_backend, catalog):
    """As OpenSearch's ``track_total_hits``: exact up to the bound, a lower bound above it."""
    exact = run(search_backend, "pageviewevent")
    assert exact.count == 3 and exact.count_is_exact
    assert run(search_backend, "pageviewevent", track_total_hits=3).count_is_exact
    bounded = run(search_backend, "pageviewevent", track_total_hits=2)
    assert (bounded.count, bounded.count_is_exact) == (2, False)
    assert names(bounded, catalog) == names(exact, catalog)
