"""The database backend's misspelling recovery: a term nothing matches stands for the closest
tokens of the name-token dictionary, which indexing fills and a rebuild refreshes."""

from catalog.tests.factories import make_dataset
from search.backends.base import SearchRequest
from search.models import NameToken
from search.query import parse_query
from search.relay import index_datasets
from search.services import search_reindex


def search(backend, q: str):
    return backend.search(SearchRequest(query=parse_query(q)))


def test_indexing_fills_the_token_dictionary_and_a_misspelling_finds_the_name(
    database_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        views = make_dataset("tracking.PageViewEvent", platform="kafka")
        make_dataset("sales.customer_orders", platform="postgres")
    assert {"pageviewevent", "page", "view", "event", "tracking"} <= set(
        NameToken.objects.values_list("token", flat=True)
    )
    page = search(database_backend, "pageveiwevent")
    assert page.fuzzy
    assert [hit.dataset_id for hit in page.hits] == [views.id]
    # Every misspelled term must stand for a token of the same name.
    page = search(database_backend, "custmer orderz")
    assert page.fuzzy and page.count == 1
    assert search(database_backend, "custmer pageveiwevent").count == 0
    # A term like no token at all: nothing, rather than whatever is least unlike it.
    assert search(database_backend, "zzyzx").count == 0


def test_a_rebuild_drops_the_tokens_of_names_no_longer_indexed(
    database_backend, django_capture_on_commit_callbacks  # pylint: disable=unused-argument
):
    with django_capture_on_commit_callbacks(execute=True):
        gone = make_dataset("legacy.quarterlyrollup", platform="hive")
        make_dataset("tracking.PageViewEvent", platform="kafka")
    index_datasets([gone.id])
    assert NameToken.objects.filter(token="quarterlyrollup").exists()
    gone.delete()
    search_reindex()
    assert not NameToken.objects.filter(token="quarterlyrollup").exists()
    assert NameToken.objects.filter(token="pageviewevent").exists()
