"""Type-ahead suggestions from the index alone: dataset names from the documents, field names
from their dictionary, owners and tags from the facet counts of the documents that are not
removed (an owner's or tag's URN names it, and says whether an owner is a user or a group), the
most used first, as OpenSearch's terms aggregations order them."""

from django.db import connection
from django.db.models import Q

from search.backends.base import Suggestion, interleave_suggestions
from search.backends.database.dialect import Dialect
from search.backends.database.sql import DOC, like
from search.documents import name_tokens
from search.models import FacetCount, FieldName

OWNER_URNS = ("urn:li:corpuser:", "urn:li:corpGroup:")
TAG_URN = "urn:li:tag:"


def suggestions_for(*, dialect: Dialect, prefix: str, limit: int = 8) -> list[Suggestion]:
    prefix = prefix.strip().lower()
    if len(prefix) < 2:
        return []
    suggestions = _datasets(dialect, prefix, limit)
    fields = FieldName.objects.filter(folded__gte=prefix, folded__lt=prefix + "\uffff")
    suggestions += [
        Suggestion("field", name)
        for name in fields.order_by("folded").values_list("name", flat=True)[:limit]
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
    """Names holding a token starting with each of the prefix's tokens: names starting with
    the prefix first, then shorter ones."""
    tokens = name_tokens(prefix)
    if not tokens:
        return []
    match, params = dialect.name_prefixes(tokens)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.urn, d.name, d.platform, d.origin FROM {DOC} d "
            f"WHERE d.status <> 'removed' AND {match} "
            "ORDER BY (lower(d.name) LIKE %s) DESC, length(d.name), d.name, d.urn LIMIT %s",
            params + [like(prefix)[1:], limit],
        )
        return [
            Suggestion("dataset", name, urn, platform, origin)
            for urn, name, platform, origin in cursor.fetchall()
        ]
