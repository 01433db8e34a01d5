"""What the search index holds for a dataset: one flat document built from the catalog.

Both backends index the same document, so they agree on what is searchable. Names are
tokenized on ``. _ / -``, digits and camelCase (``metadata_lineageevent_v1`` → ``metadata
lineageevent v1``; ``PageViewEvent`` → ``page view event pageviewevent``).
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, QuerySet

from catalog.models import Dataset, DatasetTag, DatasetTerm, Ownership

_SPLIT_RE = re.compile(r"[^0-9A-Za-z]+")
_CAMEL_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def name_tokens(text: str) -> list[str]:
    """Lowercase tokens of an identifier: each separator-delimited part, its camelCase pieces."""
    tokens: list[str] = []
    for part in _SPLIT_RE.split(text):
        if not part:
            continue
        pieces = _CAMEL_RE.findall(part)
        lowered = part.lower()
        tokens.append(lowered)
        if len(pieces) > 1:
            tokens.extend(piece.lower() for piece in pieces if piece.lower() != lowered)
    seen: dict[str, None] = {}
    for token in tokens:
        seen.setdefault(token, None)
    return list(seen)


def simple_field_path(path: str) -> str:
    """DataHub v2 paths carry ``[version=2.0].[type=X]`` segments; people search the rest."""
    return ".".join(part for part in path.split(".") if not part.startswith("[")) or path


@dataclass
class SearchDocument:
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
    tags: list[str] = field(default_factory=list)
    glossary_terms: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    field_paths: list[str] = field(default_factory=list)
    field_descriptions: list[str] = field(default_factory=list)
    docs: str = ""

    @property
    def name_text(self) -> str:
        """The name's tokens, for token and prefix matches."""
        return " ".join(name_tokens(self.name) + name_tokens(self.qualified_name))

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
        tokens: list[str] = []
        for path in self.field_paths:
            tokens.extend(name_tokens(simple_field_path(path)))
        return " ".join(tokens)

    @property
    def meta_text(self) -> str:
        """Tags, terms, owners: matched like field names."""
        words = [*self.tags, *self.glossary_terms]
        words += [owner.rsplit(":", 1)[-1] for owner in self.owners]
        return " ".join(token for word in words for token in name_tokens(word))

    @property
    def body_text(self) -> str:
        return "\n".join([self.description, self.docs, *self.field_descriptions])

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


def documents_queryset() -> QuerySet[Dataset]:
    return Dataset.objects.select_related("platform", "domain").prefetch_related(
        "fields",
        Prefetch("ownerships", queryset=Ownership.objects.select_related("user", "group")),
        Prefetch("tag_links", queryset=DatasetTag.objects.select_related("tag")),
        Prefetch("term_links", queryset=DatasetTerm.objects.select_related("term")),
    )


def build_document(dataset: Dataset) -> SearchDocument:
    fields = list(dataset.fields.all())
    return SearchDocument(
        dataset_id=dataset.id,
        urn=dataset.urn,
        version=dataset.version,
        name=dataset.name,
        qualified_name=dataset.qualified_name,
        platform=dataset.platform.name,
        origin=dataset.origin,
        status=dataset.status,
        domain=dataset.domain.name if dataset.domain_id else "",
        browse_path=dataset.browse_path,
        description=dataset.description,
        docs=dataset.docs,
        modified_at=dataset.modified_at,
        tags=sorted({link.tag.name for link in dataset.tag_links.all()}),
        glossary_terms=sorted({link.term.name for link in dataset.term_links.all()}),
        owners=sorted({o.owner_urn for o in dataset.ownerships.all()}),
        field_paths=[f.field_path for f in fields],
        field_descriptions=[
            text for f in fields for text in (f.description, f.editable_description) if text
        ],
    )


def build_documents(dataset_ids) -> list[SearchDocument]:
    return [build_document(ds) for ds in documents_queryset().filter(id__in=list(dataset_ids))]
