"""Search over the entities around datasets: tags, glossary terms and groups, people, groups,
domains, containers, pipelines, tasks, dashboards and charts.

They are few beside datasets (a catalog of a million datasets has thousands of them), so the
catalog's own tables answer, on either search backend: each type is matched on its name, display
name and description, ranked in tiers (the exact name, then a name starting with the text, then
a name holding it, then a description holding it), then by name. Every word must match, like the
dataset search. The ``type`` facet counts every match per type.
"""

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Lower

from accounts.models import Group, User
from catalog.entity_models import (
    Chart,
    Container,
    Dashboard,
    DataFlow,
    DataJob,
    EntityType,
    GlossaryNode,
)
from catalog.models import Domain, GlossaryTerm, Tag


@dataclass(frozen=True)
class _Kind:
    model: Any
    name: str  # the column shown as its name
    texts: tuple[str, ...]  # the other columns searched
    key: str = ""  # the column its page is named by; empty: by URN
    platform: str = ""  # the path to its platform's name, if it has one


KINDS: dict[str, _Kind] = {
    EntityType.TAG: _Kind(Tag, "name", ("description",), key="name"),
    EntityType.GLOSSARY_TERM: _Kind(
        GlossaryTerm, "name", ("display_name", "description"), key="name"
    ),
    EntityType.GLOSSARY_NODE: _Kind(
        GlossaryNode, "name", ("display_name", "description"), key="name"
    ),
    EntityType.CORPUSER: _Kind(
        User, "username", ("display_name", "email", "title"), key="username"
    ),
    EntityType.CORPGROUP: _Kind(Group, "name", ("display_name", "description"), key="name"),
    EntityType.DOMAIN: _Kind(Domain, "name", ("display_name", "description"), key="name"),
    EntityType.CONTAINER: _Kind(
        Container, "name", ("qualified_name", "description"), platform="platform__name"
    ),
    EntityType.DATA_FLOW: _Kind(
        DataFlow, "name", ("flow_id", "description"), platform="orchestrator"
    ),
    EntityType.DATA_JOB: _Kind(
        DataJob, "name", ("job_id", "description", "flow__name"), platform="flow__orchestrator"
    ),
    EntityType.DASHBOARD: _Kind(Dashboard, "name", ("description",), platform="platform__name"),
    EntityType.CHART: _Kind(Chart, "name", ("description",), platform="platform__name"),
}


@dataclass
class EntityHit:  # pylint: disable=too-many-instance-attributes
    urn: str
    type: str
    name: str
    display_name: str
    description: str
    platform: str | None
    url_key: str
    tier: int


@dataclass
class EntityPage:
    count: int
    hits: list[EntityHit]
    facets: dict[str, int]


def _matches(kind: _Kind, words: Sequence[str]) -> QuerySet:
    rows = kind.model.objects.all()
    if kind.model is User:
        rows = rows.filter(is_active=True)
    for word in words:
        q = Q(**{f"{kind.name}__icontains": word})
        for column in kind.texts:
            q |= Q(**{f"{column}__icontains": word})
        rows = rows.filter(q)
    return rows


def _ranked(kind: _Kind, rows: QuerySet, text: str) -> QuerySet:
    name = Lower(kind.name)
    display = "display_name" if "display_name" in kind.texts else kind.name
    return rows.annotate(
        tier=Case(
            When(Q(**{f"{kind.name}__iexact": text}) | Q(**{f"{display}__iexact": text}), then=0),
            When(
                Q(**{f"{kind.name}__istartswith": text}) | Q(**{f"{display}__istartswith": text}),
                then=1,
            ),
            When(
                Q(**{f"{kind.name}__icontains": text}) | Q(**{f"{display}__icontains": text}),
                then=2,
            ),
            default=Value(3),
            output_field=IntegerField(),
        ),
        sort_name=name,
    ).order_by("tier", "sort_name", "pk")


def _hit(entity_type: str, kind: _Kind, row: Any) -> EntityHit:
    urn = row.urn
    name = getattr(row, kind.name)
    platform = None
    if kind.platform:
        platform = row
        for part in kind.platform.split("__"):
            platform = getattr(platform, part, None) if platform is not None else None
    return EntityHit(
        urn=urn,
        type=entity_type,
        name=name,
        display_name=getattr(row, "display_name", "") or "",
        description=(getattr(row, "description", "") or "")[:300],
        platform=platform,
        url_key=getattr(row, kind.key) if kind.key else urn,
        tier=row.tier,
    )


def entity_search(
    *, text: str, types: Iterable[str] = (), limit: int = 10, offset: int = 0
) -> EntityPage:
    """The ``offset``-th to ``offset + limit``-th matches over the types asked for (all if none),
    with every type's count. Each type reads at most ``offset + limit`` rows."""
    words = text.split()
    wanted = list(types) or list(KINDS)
    facets: dict[str, int] = {}
    hits: list[EntityHit] = []
    for entity_type, kind in KINDS.items():
        rows = _matches(kind, words)
        count = rows.count()
        if count:
            facets[entity_type] = count
        if entity_type not in wanted or not count:
            continue
        related = [p.rsplit("__", 1)[0] for p in [kind.platform] if "__" in p]
        ranked = _ranked(kind, rows.select_related(*related), text.strip())
        hits += [_hit(entity_type, kind, row) for row in ranked[: offset + limit]]
    hits.sort(key=lambda h: (h.tier, h.name.lower(), h.type, h.urn))
    total = sum(count for entity_type, count in facets.items() if entity_type in wanted)
    return EntityPage(count=total, hits=hits[offset : offset + limit], facets=facets)


def entity_autocomplete(*, prefix: str, limit: int) -> list[EntityHit]:
    """Names starting with ``prefix`` (any word of a display name too), best tier first."""
    prefix = prefix.strip()
    hits: list[EntityHit] = []
    for entity_type, kind in KINDS.items():
        display = "display_name" if "display_name" in kind.texts else kind.name
        rows = kind.model.objects.filter(
            Q(**{f"{kind.name}__istartswith": prefix})
            | Q(**{f"{display}__istartswith": prefix})
            | Q(**{f"{display}__icontains": f" {prefix}"})
        )
        related = [p.rsplit("__", 1)[0] for p in [kind.platform] if "__" in p]
        ranked = _ranked(kind, rows.select_related(*related), prefix)
        hits += [_hit(entity_type, kind, row) for row in ranked[:limit]]
    hits.sort(key=lambda h: (h.tier, len(h.name), h.name.lower(), h.type))
    return hits[:limit]
