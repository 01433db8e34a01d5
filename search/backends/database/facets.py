"""Facets of the unsearched catalog: FacetCount where it is exact, otherwise a scan of the
filtered documents, cached for FACET_CACHE_SECONDS (every index write starts a new cache
generation). A search's facets come with its page, from the same statement (``statement``)."""

import hashlib
import json

from django.core.cache import cache

from search.backends.base import SearchRequest
from search.backends.database.dialect import Dialect
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
) -> list[tuple]:
    """Facets when nothing is searched, as statement rows. The plain catalog (removed datasets
    hidden, nothing excluded) reads FacetCount: exact and current, no scan. With one filter,
    that key's counts are FacetCount's (a key's own filter does not apply to its counts) and
    the others come from the filtered documents only, found through the index. Anything else
    scans every document."""
    if plain and not filters:
        return counted_facets()
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
                ],
                sort_keys=True,
            ).encode()
        ).hexdigest()
    )
    facet_rows = cache.get(cache_key)
    if facet_rows is not None:
        return facet_rows
    if plain and len(filters) == 1 and "status" not in filters:
        ((key, values),) = filters.items()
        narrowed = Where()
        narrowed.extend(where)
        sql, params = dialect.has_any("d", key, values)
        narrowed.add(sql, *params)
        prefix = key + ":"
        facet_rows = [
            row
            for row in statement_rows(
                dialect=dialect,
                request=request,
                where=narrowed,
                filters={},
                score=None,
                facets=True,
            )
            if not row[2].startswith(prefix)
        ]
        facet_rows += [row for row in counted_facets() if row[2].startswith(prefix)]
    else:
        facet_rows = statement_rows(
            dialect=dialect, request=request, where=where, filters=filters, score=None, facets=True
        )
    cache.set(cache_key, facet_rows, FACET_CACHE_SECONDS)
    return facet_rows


def counted_facets() -> list[tuple]:
    """Every facet value of the documents that are not removed, from FacetCount."""
    counted = FacetCount.objects.filter(count__gt=0).values_list("pair", "count")
    return [("facet", None, pair, count) for pair, count in counted]
