"""Statement rows (``statement``, ``browse``, ``facets``) as a ``SearchPage``: the page's hits
read from their documents with highlights, the count, the facets."""

from search.backends.base import FacetValue, SearchHit, SearchPage, SearchRequest
from search.backends.database.sql import SCORE_SCALE
from search.documents import FACET_KEYS
from search.highlight import highlights
from search.models import DatasetDocument


def page_of(rows: list[tuple], request: SearchRequest, *, fuzzy: bool) -> SearchPage:
    hits: list[tuple[int, int, float]] = []
    total = 0
    for kind, dataset_id, label, value in rows:
        if kind == "hit":
            hits.append((int(label), dataset_id, int(value) / SCORE_SCALE))
        elif kind == "count":
            total = int(value)
    facets = facets_of(rows, request.facet_size)
    hits.sort()  # by position: UNION ALL does not promise to keep the page's order
    page = [(dataset_id, score) for _, dataset_id, score in hits]
    return SearchPage(count=total, hits=hits_of(page, request), facets=facets, fuzzy=fuzzy)


def hit_rows(hits: list[tuple[int, int]], count: int | None = None) -> list[tuple]:
    """A page's (dataset_id, score) hits as statement rows, in order, with ``count``."""
    rows: list[tuple] = [
        ("hit", dataset_id, str(position), score)
        for position, (dataset_id, score) in enumerate(hits, start=1)
    ]
    return rows if count is None else rows + [("count", None, None, count)]


def facets_of(rows: list[tuple], size: int, scale: float = 1.0) -> dict[str, list[FacetValue]]:
    """The facet rows, each key's ``size`` most held values first; counts times ``scale`` (a
    sample's counts as estimates of the whole's)."""
    facets: dict[str, list[FacetValue]] = {key: [] for key in FACET_KEYS}
    for kind, _, label, value in rows:
        if kind == "facet":
            key, _, facet_value = label.partition(":")
            count = int(value) if scale == 1.0 else max(1, round(int(value) * scale))
            facets[key].append(FacetValue(value=facet_value, count=count))
    for key, values in facets.items():
        values.sort(key=lambda v: (-v.count, v.value))
        facets[key] = values[:size]
    return facets


def hits_of(hits: list[tuple[int, float]], request: SearchRequest) -> list[SearchHit]:
    """The page's hits, read from their documents, with highlights."""
    docs = {
        doc.dataset_id: doc
        for doc in DatasetDocument.objects.filter(
            dataset_id__in=[dataset_id for dataset_id, _ in hits]
        ).only("dataset_id", "urn", "name", "description", "field_paths", "body_text")
    }
    terms = request.query.highlight_terms
    return [
        SearchHit(
            dataset_id=dataset_id,
            urn=docs[dataset_id].urn,
            score=score,
            highlights=highlights(
                terms=terms,
                name=docs[dataset_id].name,
                description=docs[dataset_id].description,
                field_paths=docs[dataset_id].field_paths,
                body=docs[dataset_id].body_text,
            ),
        )
        for dataset_id, score in hits
        if dataset_id in docs
    ]
