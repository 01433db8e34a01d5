"""Type-ahead suggestions: dataset names from the documents, field names from their
dictionary, owners and tags from the catalog."""

from django.db import connection
from django.db.models import Count

from accounts.models import Group, User
from catalog.models import Tag

from search.backends.base import Suggestion, interleave_suggestions
from search.backends.database.dialect import Dialect
from search.backends.database.sql import DOC, like
from search.documents import name_tokens
from search.models import FieldName


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
    owners = User.objects.filter(username__istartswith=prefix, ownerships__isnull=False)
    for user in owners.distinct().order_by("username")[:limit]:
        suggestions.append(Suggestion("owner", user.username, user.urn))
    groups = Group.objects.filter(name__istartswith=prefix).order_by("name")[:limit]
    suggestions += [Suggestion("owner", group.name, group.urn) for group in groups]
    tags = Tag.objects.filter(name__istartswith=prefix).annotate(n=Count("dataset_links"))
    suggestions += [
        Suggestion("tag", tag.name, tag.urn) for tag in tags.order_by("-n", "name")[:limit]
    ]
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
            "ORDER BY (lower(d.name) LIKE %s) DESC, length(d.name), d.name LIMIT %s",
            params + [like(prefix)[1:], limit],
        )
        return [
            Suggestion("dataset", name, urn, platform, origin)
            for urn, name, platform, origin in cursor.fetchall()
        ]
