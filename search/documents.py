"""What the search index holds for a dataset: one flat document built from the catalog.

Both backends index the same document, so they agree on what is searchable. Names are
tokenized on ``. _ / -``, digits and camelCase (``metadata_lineageevent_v1`` → ``metadata
lineageevent v1``; ``PageViewEvent`` → ``page view event pageviewevent``).

A dataset's tags and glossary terms include those of its fields (ingested and edited in MDT),
as DataHub's tag search matches its ``fieldTags`` too: a ``tag:`` filter finds the dataset and
its facet counts it. Custom property values are searched like the description. A document is
built again only when its dataset changes: after a change to what is built here, run
``manage.py search_reindex`` so that the documents already indexed hold it too.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from collections import defaultdict
from functools import lru_cache
from typing import Iterable

from django.db.models import TextField
from django.db.models.functions import Cast

from catalog.entity_models import Container
from catalog.models import Dataset, DatasetTag, DatasetTerm, Ownership, SchemaField

_SPLIT_RE = re.compile(r"[^0-9A-Za-z]+")
_LEAF_RE = re.compile(r"[./]")
_CAMEL_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
# Custom properties under this prefix are documentation links (DataHub's institutionalMemory,
# as ``ingestion.datahub`` stores them): ``link:<label>`` = URL.
LINK_PREFIX = "link:"


def name_tokens(text: str) -> list[str]:
    """Lowercase tokens of an identifier: each separator-delimited part, its camelCase pieces."""
    return list(_name_tokens(text))


@lru_cache(maxsize=65536)
def _name_tokens(text: str) -> tuple[str, ...]:
    # Cached: a catalog repeats its field names (id, name, created_at…) across thousands of
    # datasets, and a batch of 1,000 documents tokenizes ~20k of them.
    tokens: list[str] = []
    for part in _SPLIT_RE.split(text):
        if not part:
            continue
        pieces = _CAMEL_RE.findall(part)
        lowered = part.lower()
        tokens.append(lowered)
        if len(pieces) > 1:
            tokens.extend(piece.lower() for piece in pieces if piece.lower() != lowered)
    return tuple(dict.fromkeys(tokens))


@lru_cache(maxsize=65536)
def simple_field_path(path: str) -> str:
    """DataHub v2 paths carry ``[version=2.0].[type=X]`` segments; people search the rest."""
    return ".".join(part for part in path.split(".") if not part.startswith("[")) or path


@lru_cache(maxsize=65536)
def _field_path_text(path: str) -> str:
    return " ".join(_name_tokens(simple_field_path(path)))


@lru_cache(maxsize=4096)
def _names(text: str) -> tuple[str, ...]:
    """A JSON list of names, decoded once per distinct spelling: 20k fields repeat a few
    (``[]``, ``["PII"]``)."""
    return tuple(json.loads(text)) if text != "[]" else ()


@dataclass
class SearchDocument:  # pylint: disable=too-many-instance-attributes
    dataset_id: int
    urn: str
    version: int
    name: str
    qualified_name: str
    platform: str
    origin: str
    status: str
    domain: str
    browse_path: str
    description: str
    modified_at: datetime
    # The dataset's and its fields' (see the module's docstring).
    tags: list[str] = field(default_factory=list)
    glossary_terms: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    field_paths: list[str] = field(default_factory=list)
    field_descriptions: list[str] = field(default_factory=list)
    docs: str = ""
    custom_properties: dict[str, str] = field(default_factory=dict)
    display_name: str = ""  # a source's name for it (DataHub's datasetProperties.name)
    containers: list[str] = field(default_factory=list)  # the names of its containers, root first

    @property
    def name_text(self) -> str:
        """The name's tokens, for token and prefix matches."""
        return " ".join(
            name_tokens(self.name)
            + name_tokens(self.qualified_name)
            + name_tokens(self.display_name)
        )

    @property
    def leaf(self) -> str:
        """The name's last segment, lowercased (``pageviewevent`` of
        ``tracking.PageViewEvent``)."""
        return _LEAF_RE.split(self.name.rstrip("./"))[-1].lower()[:400]

    @property
    def field_names(self) -> set[str]:
        """The distinct last segments of the field paths (``city`` of ``address.city``)."""
        return {simple_field_path(p).rsplit(".", 1)[-1][:300] for p in self.field_paths}

    @property
    def name_infix(self) -> str:
        """Suffixes of the name's compound tokens, so a prefix query finds a word inside one:
        ``event`` in ``lineageevent``, the way a substring match would, but from an index."""
        tokens = set(self.name_text.split())
        suffixes = {
            token[i:] for token in tokens if len(token) > 4 for i in range(1, len(token) - 2)
        }
        return " ".join(sorted(suffixes - tokens))

    @property
    def fields_text(self) -> str:
        return " ".join(text for text in map(_field_path_text, self.field_paths) if text)

    @property
    def meta_text(self) -> str:
        """Tags, terms, owners, container names: matched like field names."""
        words = [*self.tags, *self.glossary_terms, *self.containers]
        words += [owner.rsplit(":", 1)[-1] for owner in self.owners]
        return " ".join(token for word in words for token in name_tokens(word))

    @property
    def property_text(self) -> str:
        """Custom property values; of a documentation link, its label and not its URL, whose
        words (``https``, ``com``, a wiki's host) would match any search of them."""
        texts = [
            key[len(LINK_PREFIX) :] if key.startswith(LINK_PREFIX) else value
            for key, value in self.custom_properties.items()
        ]
        return "\n".join(text for text in texts if text)

    @property
    def body_text(self) -> str:
        texts = [self.description, self.docs, *self.field_descriptions]
        properties = self.property_text
        return "\n".join([*texts, properties] if properties else texts)

    @property
    def facet_pairs(self) -> list[str]:
        """``key:value`` for every facet value, as stored for counting and filtering."""
        return [f"{key}:{value}" for key, values in self.facets.items() for value in values]

    @property
    def facets(self) -> dict[str, list[str]]:
        return {
            "platform": [self.platform],
            "origin": [self.origin],
            "status": [self.status],
            "domain": [self.domain] if self.domain else [],
            "tag": self.tags,
            "term": self.glossary_terms,
            "owner": self.owners,
        }


FACET_KEYS = ("platform", "origin", "tag", "owner", "domain", "term", "status")


def build_documents(dataset_ids: Iterable[int]) -> list[SearchDocument]:
    """Documents for these datasets in six flat queries, and one per level of their containers
    (no model instances: a rebuild of a large catalog spends its time here)."""
    ids = list(dataset_ids)
    tags: dict[int, set[str]] = defaultdict(set)
    terms: dict[int, set[str]] = defaultdict(set)
    fields = _fields_read(ids, tags, terms)
    owners: dict[int, set[str]] = defaultdict(set)
    for dataset_id, username, group in Ownership.objects.filter(dataset_id__in=ids).values_list(
        "dataset_id", "user__username", "group__name"
    ):
        owners[dataset_id].add(
            f"urn:li:corpuser:{username}" if username else f"urn:li:corpGroup:{group}"
        )
    for dataset_id, name in DatasetTag.objects.filter(dataset_id__in=ids).values_list(
        "dataset_id", "tag__name"
    ):
        tags[dataset_id].add(name)
    for dataset_id, name in DatasetTerm.objects.filter(dataset_id__in=ids).values_list(
        "dataset_id", "term__name"
    ):
        terms[dataset_id].add(name)
    rows = list(
        Dataset.objects.filter(id__in=ids).values_list(
            "id",
            "urn",
            "version",
            "name",
            "qualified_name",
            "platform__name",
            "origin",
            "status",
            "domain__name",
            "browse_path",
            "description",
            "docs",
            "modified_at",
            "custom_properties",
            "display_name",
            "container_id",
        )
    )
    containers = _container_paths({row[15] for row in rows if row[15]})
    documents = []
    for row in rows:
        dataset_id = row[0]
        own = fields[dataset_id]
        documents.append(
            SearchDocument(
                dataset_id=dataset_id,
                urn=row[1],
                version=row[2],
                name=row[3],
                qualified_name=row[4],
                platform=row[5],
                origin=row[6],
                status=row[7],
                domain=row[8] or "",
                browse_path=row[9],
                description=row[10],
                docs=row[11],
                modified_at=row[12],
                custom_properties={str(k): str(v) for k, v in (row[13] or {}).items()},
                display_name=row[14],
                containers=containers.get(row[15], []),
                tags=sorted(tags[dataset_id]),
                glossary_terms=sorted(terms[dataset_id]),
                owners=sorted(owners[dataset_id]),
                field_paths=[path for path, _, _ in own],
                field_descriptions=[
                    text for _, ingested, edited in own for text in (ingested, edited) if text
                ],
            )
        )
    return documents


def _container_paths(ids: set[int]) -> dict[int, list[str]]:
    """Each container's names from the root down to it, reading each level once."""
    parents: dict[int, tuple[int | None, str]] = {}
    wanted = set(ids)
    while wanted:
        rows = Container.objects.filter(id__in=wanted).values_list("id", "parent_id", "name")
        parents |= {pk: (parent, name) for pk, parent, name in rows}
        wanted = {parent for parent, _ in parents.values() if parent and parent not in parents}
    paths = {}
    for pk in ids:
        names, at = [], pk
        while at in parents and len(names) < 20:  # a cycle stops at 20 levels
            at, name = parents[at][0], parents[at][1]
            names.insert(0, name)
        paths[pk] = names
    return paths


def _fields_read(
    ids: list[int], tags: dict[int, set[str]], terms: dict[int, set[str]]
) -> dict[int, list[tuple[str, str, str]]]:
    """The fields of these datasets as (path, description, edited description), in order;
    their tags and glossary terms, both sides, are added to ``tags`` and ``terms``. The JSON
    lists are read as text (most are ``[]``: no decoding)."""
    labels = ("tags", "editable_tags", "glossary_terms", "editable_glossary_terms")
    as_text = {f"{label}_text": Cast(label, TextField()) for label in labels}
    fields: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for dataset_id, path, description, edited, *texts in (
        SchemaField.objects.filter(dataset_id__in=ids)
        .order_by("dataset_id", "ordinal", "id")
        .annotate(**as_text)
        .values_list("dataset_id", "field_path", "description", "editable_description", *as_text)
    ):
        fields[dataset_id].append((path, description, edited))
        if texts != ["[]"] * 4:
            tags[dataset_id].update(_names(texts[0]) + _names(texts[1]))
            terms[dataset_id].update(_names(texts[2]) + _names(texts[3]))
    return fields
