"""Reads of the catalog. Selectors own select_related/prefetch_related so that an endpoint's
query count does not grow with the number of fields, owners or edges."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import StrIndex, Substr

from accounts.models import User
from catalog import entity_selectors
from catalog.models import (
    ChangeEvent,
    DataPlatform,
    Dataset,
    DatasetStatus,
    DatasetTag,
    DatasetTerm,
    Domain,
    GlossaryTerm,
    LineageEdge,
    Ownership,
    Tag,
)
from catalog.urns import parse_dataset_urn, parse_owner_urn
from core.errors import ApplicationError, NotFoundError

DATASET_ORDERINGS = (
    "name",
    "-name",
    "urn",
    "-urn",
    "modified_at",
    "-modified_at",
    "created_at",
    "-created_at",
)


@dataclass(frozen=True)
class DatasetFilters:
    platform: Sequence[str] = ()
    origin: Sequence[str] = ()
    tag: Sequence[str] = ()
    owner: Sequence[str] = ()
    domain: Sequence[str] = ()
    status: Sequence[str] = ()
    name: str = ""
    term: Sequence[str] = ()
    container: Sequence[str] = ()  # URNs: the datasets in them or in any container below


def platform_list() -> QuerySet[DataPlatform]:
    return DataPlatform.objects.annotate(
        dataset_count=Count("datasets", filter=~Q(datasets__status=DatasetStatus.REMOVED))
    ).order_by("name")


def _owner_q(owners: Sequence[str]) -> Q:
    q = Q()
    for owner in owners:
        kind, name = parse_owner_urn(owner)
        if kind == "user":
            q |= Q(ownerships__user__username=name)
        else:
            q |= Q(ownerships__group__name=name)
    return q


def dataset_list(*, filters: DatasetFilters, ordering: str = "name") -> QuerySet[Dataset]:
    datasets = Dataset.objects.select_related("platform", "domain").prefetch_related(
        Prefetch("tag_links", queryset=DatasetTag.objects.select_related("tag"))
    )
    if filters.status:
        datasets = datasets.filter(status__in=filters.status)
    else:
        datasets = datasets.exclude(status=DatasetStatus.REMOVED)
    if filters.platform:
        datasets = datasets.filter(platform__name__in=filters.platform)
    if filters.origin:
        datasets = datasets.filter(origin__in=filters.origin)
    if filters.domain:
        datasets = datasets.filter(domain__name__in=filters.domain)
    if filters.name:
        datasets = datasets.filter(name__icontains=filters.name)
    # Multi-valued relations: filter by id subqueries so a dataset is never listed twice.
    if filters.tag:
        datasets = datasets.filter(
            id__in=DatasetTag.objects.filter(tag__name__in=filters.tag).values("dataset_id")
        )
    if filters.owner:
        datasets = datasets.filter(
            id__in=Dataset.objects.filter(_owner_q(filters.owner)).values("id")
        )
    if filters.term:
        datasets = datasets.filter(id__in=entity_selectors.dataset_term_filter(filters.term))
    if filters.container:
        ids = entity_selectors.dataset_container_filter(filters.container)
        datasets = datasets.filter(container_id__in=ids)
    if ordering not in DATASET_ORDERINGS:
        raise ApplicationError(
            f"Unknown ordering {ordering!r}; use one of {', '.join(DATASET_ORDERINGS)}.",
            fields={"ordering": ["invalid ordering"]},
        )
    return datasets.order_by(ordering, "id")


def _detail_queryset() -> QuerySet[Dataset]:
    return Dataset.objects.select_related("platform", "domain").prefetch_related(
        "fields",
        Prefetch("ownerships", queryset=Ownership.objects.select_related("user", "group")),
        Prefetch("tag_links", queryset=DatasetTag.objects.select_related("tag")),
        Prefetch("term_links", queryset=DatasetTerm.objects.select_related("term")),
        Prefetch(
            "upstream_edges",
            queryset=LineageEdge.objects.select_related("upstream__platform"),
        ),
        Prefetch(
            "downstream_edges",
            queryset=LineageEdge.objects.select_related("downstream__platform"),
        ),
    )


def dataset_get(*, urn: str) -> Dataset:
    """The dataset with every aspect prefetched; a malformed URN is a 400, an unknown one 404."""
    parse_dataset_urn(urn)
    dataset = _detail_queryset().filter(urn=urn).first()
    if dataset is None:
        raise NotFoundError(f"No dataset with URN {urn!r}.")
    return dataset


def dataset_get_basic(*, urn: str) -> Dataset:
    parse_dataset_urn(urn)
    dataset = (
        Dataset.objects.select_related("platform")
        .prefetch_related(Prefetch("ownerships", queryset=Ownership.objects.all()))
        .filter(urn=urn)
        .first()
    )
    if dataset is None:
        raise NotFoundError(f"No dataset with URN {urn!r}.")
    return dataset


def dataset_can_edit(*, user: User, dataset: Dataset) -> bool:
    """Whether ``user`` may edit ``dataset`` by hand (docs, tags, terms, domain, deprecation,
    field edits, owners, removal). The rule, in order:

    1. A service account (``Role.INGESTION``, also when it is a superuser, also through a
       service token, which acts as its owner) never may, even where ingestion named it or one
       of its groups owner.
    2. Editors, admins and superusers may edit every dataset.
    3. Anyone else (a reader) may edit the datasets that name them or one of their groups owner,
       whether the ownership was ingested or assigned in MDT: a person named owner by a
       pipeline is an owner. Rule 1 keeps that from reaching the pipeline itself.
    """
    if not user.is_active or user.is_service_account:
        return False
    if user.can_edit_any:
        return True
    return dataset_is_owned_by(dataset=dataset, user=user)


def dataset_is_owned_by(*, dataset: Dataset, user: User) -> bool:
    """Whether an ownership of ``dataset`` (ingested or editable) names ``user`` or one of their
    groups. Ownership alone grants nothing: ``dataset_can_edit`` decides who may edit."""
    team_ids = set(user.teams.values_list("id", flat=True))
    return any(
        o.user_id == user.id or (o.group_id is not None and o.group_id in team_ids)
        for o in dataset.ownerships.all()
    )


def dataset_history(*, dataset: Dataset, aspect: str = "") -> QuerySet[ChangeEvent]:
    events = ChangeEvent.objects.filter(dataset=dataset).order_by("-id")
    if aspect:
        events = events.filter(aspect=aspect)
    return events


@dataclass(frozen=True)
class BrowseResult:
    path: str
    groups: list[dict[str, Any]]
    datasets: QuerySet[Dataset]


def browse(*, path: str) -> BrowseResult:
    """Children of a browse path with dataset counts, plus the datasets that sit right at it.
    The child segment is computed in SQL, so the database does the grouping."""
    if not path.startswith("/"):
        raise ApplicationError(
            "path must start with '/'.", fields={"path": ["must start with '/'"]}
        )
    path = "/" + path.strip("/") if path.strip("/") else "/"
    prefix = path if path == "/" else path + "/"
    live = Dataset.objects.exclude(status=DatasetStatus.REMOVED)
    below = live.filter(browse_path__startswith=prefix)
    rest = Substr("browse_path", len(prefix) + 1)
    cut = StrIndex(rest, Value("/"))
    segment = Case(
        When(Q(slash__gt=0), then=Substr(rest, 1, cut - 1)),
        default=rest,
        output_field=CharField(),
    )
    rows = (
        below.annotate(slash=cut)
        .annotate(segment=segment)
        .exclude(segment="")
        .values("segment")
        .annotate(count=Count("id"))
        .order_by("segment")
    )
    groups = [
        {"name": row["segment"], "path": prefix + row["segment"], "count": row["count"]}
        for row in rows
    ]
    datasets = (
        live.filter(browse_path=path).select_related("platform", "domain").order_by("name", "id")
    )
    return BrowseResult(path=path, groups=groups, datasets=datasets)


def tag_list(*, query: str = "") -> QuerySet[Tag]:
    tags = Tag.objects.annotate(dataset_count=Count("dataset_links__dataset", distinct=True))
    return tags.filter(name__icontains=query) if query else tags


def glossary_term_list(*, query: str = "") -> QuerySet[GlossaryTerm]:
    terms = GlossaryTerm.objects.annotate(
        dataset_count=Count("dataset_links__dataset", distinct=True)
    )
    return terms.filter(name__icontains=query) if query else terms


def domain_list(*, query: str = "") -> QuerySet[Domain]:
    domains = Domain.objects.annotate(
        dataset_count=Count("datasets", filter=~Q(datasets__status=DatasetStatus.REMOVED))
    )
    if query:
        domains = domains.filter(Q(name__icontains=query) | Q(display_name__icontains=query))
    return domains
