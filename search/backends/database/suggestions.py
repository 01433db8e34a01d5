"""Type-ahead suggestions from dictionaries, each read through an index and cut at a few, never
a scan of the documents: field names from FieldName and owners and tags from FacetCount (an
owner's or tag's URN names it, and says whether an owner is a user or a group), the most used
first, as OpenSearch's terms aggregations order them; dataset names whose whole spelling or
last segment starts with what was typed, from their two indexes (migration 0010), then names
holding a word starting with it (``Dialect.names_with_words``), names starting with it first,
then shorter ones."""

from django.db import connection
from django.db.models import Q

from search.backends.base import Suggestion, interleave_suggestions
from search.backends.database.dialect import Dialect
from search.backends.database.sql import DOC, prefix_end
from search.documents import name_tokens
from search.models import FacetCount, FieldName

OWNER_URNS = ("urn:li:corpuser:", "urn:li:corpGroup:")
TAG_URN = "urn:li:tag:"
# Names read from each index per suggestion shown, before the shorter ones are picked.
READ_PER_SUGGESTION = 4


def suggestions_for(*, dialect: Dialect, prefix: str, limit: int = 8) -> list[Suggestion]:
    prefix = prefix.strip().lower()
    if len(prefix) < 2:
        return []
    suggestions = _datasets(dialect, prefix, limit)
    fields = FieldName.objects.filter(
        folded__gte=prefix, folded__lt=prefix + "\uffff", datasets__gt=0
    ).order_by("-datasets", "folded")
    suggestions += [
        Suggestion("field", name) for name in fields.values_list("name", flat=True)[:limit]
    ]
    counted = FacetCount.objects.filter(count__gt=0).order_by("-count", "pair")
    owners = counted.filter(
        Q(pair__istartswith=f"owner:{OWNER_URNS[0]}{prefix}")
        | Q(pair__istartswith=f"owner:{OWNER_URNS[1]}{prefix}")
    )
    for pair in owners.values_list("pair", flat=True)[:limit]:
        urn = pair.partition(":")[2]
        suggestions.append(Suggestion("owner", urn.split(":", 3)[3], urn))
    tags = counted.filter(pair__istartswith=f"tag:{prefix}")
    for pair in tags.values_list("pair", flat=True)[:limit]:
        name = pair.partition(":")[2]
        suggestions.append(Suggestion("tag", name, TAG_URN + name))
    return interleave_suggestions(suggestions, limit)


def _datasets(dialect: Dialect, prefix: str, limit: int) -> list[Suggestion]:
    """Names whose lowercased spelling or last segment starts with ``prefix``: a few of each,
    read in order from their indexes, names starting with the prefix first, then shorter
    ones."""
    if not name_tokens(prefix):
        return []
    found: dict[str, tuple] = {}
    for column in ("lower(d.name)", "d.leaf"):
        key = dialect.bytewise(column)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.urn, d.name, d.platform, d.origin FROM {DOC} d "
                f"WHERE {key} >= %s AND {key} < %s AND d.status <> 'removed' "
                f"ORDER BY {key} LIMIT %s",
                [prefix, prefix_end(prefix), limit * READ_PER_SUGGESTION],
            )
            for row in cursor.fetchall():
                found[row[0]] = row
    if len(found) < limit:
        for row in dialect.names_with_words(name_tokens(prefix), limit - len(found)):
            found.setdefault(row[0], row)
    ordered = sorted(
        found.values(), key=lambda r: (not r[1].lower().startswith(prefix), len(r[1]), r[1], r[0])
    )
    return [
        Suggestion("dataset", name, urn, platform, origin)
        for urn, name, platform, origin in ordered[:limit]
    ]
