"""Facets of the unsearched catalog: FacetCount where it is exact, otherwise a bounded read of
the filtered documents, cached for FACET_CACHE_SECONDS (every index write starts a new cache
generation). A search's facets come with its page, from the same statement (``statement``)."""

import hashlib
import json

from django.core.cache import cache

from search.backends.base import SearchRequest
from search.backends.database.dialect import Dialect
from search.backends.database.ranked import filtered_where
from search.backends.database.sql import Where
from search.backends.database.statement import statement_rows
from search.backends.database.writing import generation
from search.models import FacetCount

FACET_CACHE_SECONDS = 60


def facets_without_text(
    *,
    dialect: Dialect,
    request: SearchRequest,
    where: Where,
    filters: dict[str, list[str]],
    plain: bool,
) -> tuple[list[tuple], bool]:
    """Facets when nothing is searched, as facet rows, and whether they are exact. The plain
    catalog (removed datasets hidden, nothing excluded) reads FacetCount: exact and current, no
    scan. With one filter, that key's counts are FacetCount's (a key's own filter does not
    apply to its counts) and the others come from the filtered documents only, found through
    the index. Anything else reads every document. Either read stops after the request's
    ``track_total_hits`` documents: beyond, the counts are those of that sample, scaled to the
    planner's estimate of the whole, and not exact."""
    if plain and not filters:
        return counted_facets(), True
    cache_key = (
        "mdt-search-facets:"
        + hashlib.sha1(
            json.dumps(
                [
                    dialect.vendor,
                    generation(),
                    filters,
                    request.query.excluded_filters,
                    request.include_removed,
                    request.track_total_hits,
                ],
                sort_keys=True,
            ).encode()
        ).hexdigest()
    )
    cached = cache.get(cache_key)
    if cached is not None:
        return cached[0], cached[1]
    own: list[tuple] = []
    if plain and len(filters) == 1 and "status" not in filters:
        (key,) = filters
        where, filters = filtered_where(dialect, where, filters), {}
        own = [row for row in counted_facets() if row[2].startswith(key + ":")]
    rows = statement_rows(
        dialect=dialect,
        request=request,
        where=where,
        filters=filters,
        score=None,
        facets=True,
        sample=request.track_total_hits + 1,
    )
    matched = next(int(value) for kind, _, _, value in rows if kind == "matched")
    exact = matched <= request.track_total_hits
    scale = 1.0 if exact else max(dialect.estimate(where, []) or 0, matched) / matched
    keys = {row[2].partition(":")[0] for row in own}
    facet_rows = [
        ("facet", None, label, value if exact else max(1, round(int(value) * scale)))
        for kind, _, label, value in rows
        if kind == "facet" and label.partition(":")[0] not in keys
    ] + own
    cache.set(cache_key, (facet_rows, exact), FACET_CACHE_SECONDS)
    return facet_rows, exact


def counted_facets() -> list[tuple]:
    """Every facet value of the documents that are not removed, from FacetCount."""
    counted = FacetCount.objects.filter(count__gt=0).values_list("pair", "count")
    return [("facet", None, pair, count) for pair, count in counted]
