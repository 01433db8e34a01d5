"""The unsearched catalog on the database backend: FacetCount, its sidebar, kept by every index
write and delete and always equal to a count made from the documents themselves; and its pages,
read from the name and modified_at indexes instead of sorting every document."""

from collections import Counter

from catalog import services
from catalog.models import Dataset, DatasetStatus
from catalog.tests.factories import make_dataset
from search.backends.base import SearchRequest
from search.models import DatasetDocument, FacetCount
from search.query import parse_query
from search.services import search_reindex

ADMIN = "urn:li:corpuser:admin"


def kept() -> dict[str, int]:
    return dict(FacetCount.objects.filter(count__gt=0).values_list("pair", "count"))


def recounted() -> dict[str, int]:
    counts: Counter = Counter()
    for pairs in DatasetDocument.objects.exclude(status=DatasetStatus.REMOVED).values_list(
        "facets", flat=True
    ):
        counts.update(pairs)
    return dict(counts)


def sidebar(backend, **filters) -> dict[str, int]:
    page = backend.search(SearchRequest(query=parse_query(""), filters=filters))
    return {f"{key}:{f.value}": f.count for key, values in page.facets.items() for f in values}


def test_counts_follow_every_write_and_the_sidebar_shows_them_at_once(
    database_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        orders = make_dataset("sales.orders", platform="postgres", tags=["Gold"])
        make_dataset("sales.refunds", platform="postgres", owners=("aberger",))
        events = make_dataset("tracking.clicks", platform="kafka", tags=["Gold", "PII"])
    assert kept() == recounted()
    assert kept()["platform:postgres"] == 2 and kept()["tag:Gold"] == 2
    assert sidebar(database_backend) == kept()

    with django_capture_on_commit_callbacks(execute=True):
        services.dataset_update(urn=orders.urn, actor=ADMIN, tags=["Silver"])
        services.dataset_remove(urn=events.urn, actor=ADMIN)
    assert kept() == recounted()
    # No cache lag: the next search shows the edit and hides the removed dataset.
    facets = sidebar(database_backend)
    assert facets["tag:Silver"] == 1 and "platform:kafka" not in facets
    assert facets == kept()

    with django_capture_on_commit_callbacks(execute=True):
        services.dataset_update(urn=events.urn, actor=ADMIN, status=DatasetStatus.ACTIVE)
    assert kept()["platform:kafka"] == 1
    # Deleted from the index twice: uncounted once.
    database_backend.delete([events.id])
    database_backend.delete([events.id])
    assert kept() == recounted() and "platform:kafka" not in kept()


def test_with_one_filter_its_key_counts_the_whole_catalog(
    database_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_dataset("sales.orders", platform="postgres", tags=["Gold"])
        make_dataset("sales.refunds", platform="postgres")
        make_dataset("tracking.clicks", platform="kafka", tags=["Gold"])
    facets = sidebar(database_backend, tag=["gold"])
    # The tag key ignores its own filter; every other key counts the Gold datasets only.
    assert facets["tag:Gold"] == 2
    assert (facets["platform:postgres"], facets["platform:kafka"]) == (1, 1)
    facets = sidebar(database_backend, platform=["KAFKA"])
    assert (facets["platform:postgres"], facets["platform:kafka"]) == (2, 1)
    assert facets["tag:Gold"] == 1


def test_a_rebuild_recounts_from_the_documents(
    database_backend, django_capture_on_commit_callbacks  # pylint: disable=unused-argument
):
    with django_capture_on_commit_callbacks(execute=True):
        make_dataset("sales.orders", platform="postgres", tags=["Gold"])
    FacetCount.objects.filter(pair="platform:postgres").update(count=7)  # drift, however caused
    FacetCount.objects.create(pair="tag:Gone", count=3)
    search_reindex()
    assert (
        kept()
        == recounted()
        == {
            "platform:postgres": 1,
            "origin:PROD": 1,
            "status:active": 1,
            "tag:Gold": 1,
        }
    )


def test_pages_of_the_plain_catalog_follow_each_sort(
    database_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        datasets = [
            make_dataset(name, platform=platform)
            for name, platform in (
                ("b.orders", "postgres"),
                ("a.orders", "postgres"),
                ("d.refunds", "kafka"),
                ("c.users", "hive"),
                ("e.gone", "postgres"),
                ("f.clicks", "kafka"),
            )
        ]
        services.dataset_update(urn=datasets[1].urn, actor=ADMIN, status=DatasetStatus.DEPRECATED)
        services.dataset_remove(urn=datasets[4].urn, actor=ADMIN)
    for filters in ({}, {"platform": ["POSTGRES", "kafka"]}):
        visible = Dataset.objects.exclude(status=DatasetStatus.REMOVED)
        if filters:
            visible = visible.filter(platform__name__in=["postgres", "kafka"])
        expected = {
            # Active before deprecated, then by name.
            "relevance": [
                d.name for d in sorted(visible, key=lambda d: (d.status != "active", d.name))
            ],
            "name": [d.name for d in visible.order_by("name", "id")],
            "-modified_at": [d.name for d in visible.order_by("-modified_at", "id")],
        }
        names = {d.id: d.name for d in datasets}
        for sort, order in expected.items():
            seen = []
            for offset in range(0, 8, 2):
                page = database_backend.search(
                    SearchRequest(
                        query=parse_query(""), filters=filters, sort=sort, limit=2, offset=offset
                    )
                )
                assert page.count == len(order)
                seen += [names[hit.dataset_id] for hit in page.hits]
            assert seen == order, (filters, sort)
