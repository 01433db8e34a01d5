"""The unsearched catalog's page, read in order from an index instead of sorting every
document, with its count from FacetCount."""

from typing import Any

from django.db import connection

from search.backends.base import SearchRequest
from search.backends.database import ranked
from search.backends.database.dialect import Dialect
from search.backends.database.pages import hit_rows
from search.backends.database.sql import (
    ACTIVE,
    DEPRECATED,
    DOC,
    ORDER,
    REMOVED,
    SCORE_SCALE,
    SINGLE_VALUED,
    STATUS_WEIGHT,
    Where,
)
from search.models import FacetCount


def held(key: str, values: list[str]) -> dict[str, int]:
    """The ``key:value`` pairs as stored that match ``values`` in any case (a filter matches
    any case), and how many datasets that are not removed hold each (FacetCount)."""
    folded = {f"{key}:{value}".lower() for value in values}
    counted = FacetCount.objects.filter(count__gt=0, pair__startswith=f"{key}:")
    return {p: n for p, n in counted.values_list("pair", "count") if p.lower() in folded}


def catalog_page(
    *, dialect: Dialect, request: SearchRequest, filters: dict[str, list[str]], where: Where
) -> list[tuple] | None:
    """A page of the plain catalog (no text, removed datasets hidden), unfiltered or with one
    filter (``where`` holds it), as statement rows, with the count from FacetCount: such a
    filter's values each count the datasets holding them. A tag, owner or term filter is read
    per status in name (or modified_at) order, checking the filter on each document; a
    single-valued key's by its (key, status, name) index, one read per value it holds. None
    when FacetCount cannot count it: a tag, owner or term filter of two values a dataset may
    hold both of."""
    counted = FacetCount.objects.filter(count__gt=0).values_list("pair", "count")
    if not filters:
        pairs = dict(counted.filter(pair__startswith="status:"))
        key = None
    else:
        ((key, values),) = filters.items()
        pairs = held(key, values)
    total = sum(pairs.values())
    if not total:
        return [("count", None, None, 0)]
    if key is not None and key not in SINGLE_VALUED:
        if len(pairs) > 1:
            return None
        hits = ranked.top_hits(
            dialect=dialect,
            request=request,
            where=where,
            score=(f"{STATUS_WEIGHT} * {SCORE_SCALE // 10}", []),
            tiers={},
            per_sample=1,
            common=total > request.track_total_hits,
        )
        return hit_rows(hits, total)
    # One branch per status (by relevance, active first) and per value of the filter, each read
    # in order from an index and cut at what the page needs; the outer query merges.
    statuses: list[str | None] = [None]
    if request.sort == "relevance":
        statuses = [ACTIVE, DEPRECATED]
    spelled: list[str | None] = (
        [None] if key is None else sorted(p.partition(":")[2] for p in pairs)
    )
    inner = "d.name, d.dataset_id"
    if request.sort == "-modified_at":
        inner = "d.modified_at DESC, d.dataset_id"
    columns = f"d.dataset_id, d.name, d.modified_at, {STATUS_WEIGHT} * {SCORE_SCALE // 10}"
    branches: list[str] = []
    params: list[Any] = []
    for status in statuses:
        for value in spelled:
            condition = "d.status = %s" if status else "d.status <> %s"
            params.append(status or REMOVED)
            if value is not None:
                condition += f" AND d.{key} = %s"
                params.append(value)
            branches.append(
                f"SELECT * FROM (SELECT {columns} AS score FROM {DOC} d WHERE {condition} "
                f"ORDER BY {inner} LIMIT %s) b{len(branches)}"
            )
            params.append(request.offset + request.limit)
    statement = " UNION ALL ".join(branches)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT dataset_id, score FROM ({statement}) page ORDER BY {ORDER[request.sort]} "
            "LIMIT %s OFFSET %s",
            params + [request.limit, request.offset],
        )
        page = cursor.fetchall()
    return hit_rows(page, total)
