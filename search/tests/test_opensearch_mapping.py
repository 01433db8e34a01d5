"""OpenSearch's strict mapping and an index made before a field joined it: the writes of a
deployment that has not rebuilt its index yet are taken, not refused until ``search_reindex``."""

# pylint: disable=redefined-outer-name,unused-argument

import copy
import uuid

import pytest

from catalog.tests.factories import make_dataset
from search.backends.base import SearchRequest
from search.backends.opensearch import INDEX_BODY, OpenSearchBackend
from search.documents import build_documents
from search.query import parse_query


@pytest.fixture
def backend(opensearch_url):
    backend = OpenSearchBackend(
        url=opensearch_url, index=f"mdt-mapping-{uuid.uuid4().hex[:10]}", refresh=True
    )
    yield backend
    backend.client.indices.delete(index=f"{backend.alias}-*")  # a wildcard: none is no error


def test_an_index_without_a_new_field_is_given_it_at_the_first_write(db, backend):
    before = copy.deepcopy(INDEX_BODY)
    del before["mappings"]["properties"]["property_values"]
    backend.client.indices.create(index=f"{backend.alias}-before", body=before)
    backend.client.indices.put_alias(index=f"{backend.alias}-before", name=backend.alias)
    datasets = [
        make_dataset("ops.settlements", custom_properties={"team": "payments-core"}),
        make_dataset("ops.audit"),
    ]
    assert backend.bulk_index(build_documents([d.id for d in datasets])) == 2
    page = backend.search(SearchRequest(query=parse_query("payments")))
    assert [hit.dataset_id for hit in page.hits] == [datasets[0].id]
    assert backend.count() == 2
