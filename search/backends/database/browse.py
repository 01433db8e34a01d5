"""The unsearched catalog's page, read in order from an index instead of sorting every
document."""

from typing import Any, Sequence

from django.db import connection

from search.backends.base import SearchRequest
from search.backends.database.sql import (
    ACTIVE,
    DEPRECATED,
    DOC,
    ORDER,
    REMOVED,
    SCORE_SCALE,
    STATUS_WEIGHT,
)
from search.models import FacetCount


def catalog_page(
    *, request: SearchRequest, key: str | None = None, values: Sequence[str] = ()
) -> list[tuple]:
    """A page of the plain catalog (no text, removed datasets hidden), unfiltered or with one
    filter on a single-valued key, as statement rows. The count is FacetCount's (such a key has
    one value per dataset, so its counts add up; unfiltered, every dataset counts once under
    ``status:``), and the page reads an index in order: (key, status, name) filtered, name or
    modified_at unfiltered. By relevance, active datasets come before deprecated ones, each in
    name order."""
    counted = FacetCount.objects.filter(count__gt=0).values_list("pair", "count")
    if key is None:
        pairs = dict(counted.filter(pair__startswith="status:"))
    else:
        # The values as stored (the filter matches any case) and how many hold each.
        folded = {f"{key}:{value}".lower() for value in values}
        pairs = {p: n for p, n in counted.filter(pair__startswith=f"{key}:") if p.lower() in folded}
    total = sum(pairs.values())
    if not total:
        return [("count", None, None, 0)]
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
            where = "d.status = %s" if status else "d.status <> %s"
            params.append(status or REMOVED)
            if value is not None:
                where += f" AND d.{key} = %s"
                params.append(value)
            branches.append(
                f"SELECT * FROM (SELECT {columns} AS score FROM {DOC} d WHERE {where} "
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
    rows: list[tuple] = [
        ("hit", dataset_id, str(position), score)
        for position, (dataset_id, score) in enumerate(page, start=1)
    ]
    return rows + [("count", None, None, total)]
