"""What a segment reads before it plans: its datasets (locked) and the ingested children of
those it updates, in a few flat queries (no model instances where 20k rows are read)."""

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from django.db.models import Model, TextField
from django.db.models.functions import Cast

from catalog.models import (
    Dataset,
    DatasetTag,
    DatasetTerm,
    LineageEdge,
    Ownership,
    SchemaField,
    Source,
)
from catalog.writer.items import UNSET
from catalog.writer.rules import Plan

CHUNK = 500  # rows per IN (...) list: well under SQLite's and PostgreSQL's parameter limits
SCHEMA_COLUMNS = [
    "type",
    "native_type",
    "nullable",
    "is_key",
    "is_partition",
    "description",
    "tags",
    "glossary_terms",
    "ordinal",
]


def chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


class Row:  # pylint: disable=too-few-public-methods
    """A child row as the planner reads or writes it: plain attributes, no model instance."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    if TYPE_CHECKING:  # its attributes are the columns it was made with

        def __getattr__(self, name: str) -> Any: ...

        def __setattr__(self, name: str, value: Any) -> None: ...


class NewField:  # pylint: disable=too-few-public-methods,too-many-instance-attributes
    """A schema field (to insert, or as stored): the attributes ``insert_rows`` and
    ``update_rows`` read, without the cost of a model instance (20k of them a batch)."""

    __slots__ = ("field_path", "key", "id", "dataset_id", *SCHEMA_COLUMNS)
    editable_description = ""
    editable_tags: list = []
    editable_glossary_terms: list = []
    classification = ""

    def __init__(self, field_path: str, key: tuple) -> None:
        self.field_path = field_path
        # The ingested columns in SCHEMA_COLUMNS order, to compare a stored row in one go.
        self.key = key
        (
            self.type,
            self.native_type,
            self.nullable,
            self.is_key,
            self.is_partition,
            self.description,
            self.tags,
            self.glossary_terms,
            self.ordinal,
        ) = key
        self.id: Any = None  # an int once stored
        self.dataset_id: Any = None


@dataclass
class State:
    """The ingested children of the datasets a segment updates, loaded in bulk."""

    fields: dict[int, list[NewField]] = field(default_factory=dict)
    owners: dict[int, list[Row]] = field(default_factory=dict)
    tags: dict[int, list[Row]] = field(default_factory=dict)
    terms: dict[int, list[Row]] = field(default_factory=dict)
    edges: dict[int, list[Row]] = field(default_factory=dict)  # every source


def datasets_load(urns: Iterable[str]) -> dict[str, Dataset]:
    """The stored datasets among ``urns``, locked for the rest of the transaction."""
    found: dict[str, Dataset] = {}
    for chunk in chunks(sorted(set(urns))):
        rows = Dataset.objects.select_for_update().filter(urn__in=chunk).order_by("id")
        found.update({d.urn: d for d in rows})
    return found


def name_map(model: type[Model], names: set[str], *, create: bool) -> dict[str, Any]:
    """name → row for tags and terms, creating the missing ones (ingestion may name new ones)."""
    ordered = sorted(names)
    if create and ordered:
        model.objects.bulk_create(  # type: ignore[attr-defined]
            [model(name=name) for name in ordered], ignore_conflicts=True
        )
    found: dict[str, Any] = {}
    for chunk in chunks(ordered):
        found.update(
            {row.name: row for row in model.objects.filter(name__in=chunk)}  # type: ignore
        )
    return found


def _names_decoder() -> Callable[[str], list]:
    """Decode the JSON lists of names of field rows, once per distinct text (most are ``[]``)."""
    memo: dict[str, tuple] = {}

    def decode(text: str) -> list:
        value = memo.get(text)
        if value is None:
            value = memo[text] = tuple(json.loads(text))
        return list(value)

    return decode


def _fields_load(state: State, wanted: list[int]) -> None:
    """Flat ``values_list`` queries (JSON lists read as text and decoded once per distinct
    value): for 20k fields that is most of the cost of an unchanged batch."""
    decode = _names_decoder()
    text = {name: Cast(name, TextField()) for name in ("tags", "glossary_terms")}
    columns = ["id", "dataset_id", "field_path", *SCHEMA_COLUMNS]
    for chunk in chunks(wanted):
        rows = (
            SchemaField.objects.filter(dataset_id__in=chunk)
            .annotate(tags_text=text["tags"], glossary_terms_text=text["glossary_terms"])
            .values_list(*[c + "_text" if c in text else c for c in columns])
        )
        for values in rows:
            row = NewField(
                values[2], values[3:9] + (decode(values[9]), decode(values[10]), values[11])
            )
            row.id, row.dataset_id = values[0], values[1]
            state.fields.setdefault(row.dataset_id, []).append(row)
    for field_rows in state.fields.values():
        field_rows.sort(key=lambda f: (f.ordinal, f.id))


def _owners_load(state: State, wanted: list[int]) -> None:
    for chunk in chunks(wanted):
        for pk, dataset_id, kind, username, group in (
            Ownership.objects.filter(dataset_id__in=chunk, source=Source.INGESTED)
            .order_by("id")
            .values_list("id", "dataset_id", "type", "user__username", "group__name")
        ):
            name = username if username is not None else group
            prefix = "urn:li:corpuser:" if username is not None else "urn:li:corpGroup:"
            row = Row(
                id=pk,
                type=kind,
                kind="user" if username is not None else "group",
                name=name,
                owner_urn=prefix + name,
            )
            state.owners.setdefault(dataset_id, []).append(row)


def state_load(plans: Sequence[Plan]) -> State:
    """The stored children of the planned datasets, for the aspects their items give."""
    state = State()

    def wanted_for(aspect: str) -> list[int]:
        return [
            p.dataset.pk for p in plans if p.dataset.pk and getattr(p.item, aspect) is not UNSET
        ]

    _fields_load(state, wanted_for("schema"))
    _owners_load(state, wanted_for("owners"))
    for target, aspect, model, name in (
        (state.tags, "tags", DatasetTag, "tag__name"),
        (state.terms, "glossary_terms", DatasetTerm, "term__name"),
    ):
        for chunk in chunks(wanted_for(aspect)):
            for pk, dataset_id, link_name in (
                model.objects.filter(dataset_id__in=chunk, source=Source.INGESTED)
                .order_by("id")
                .values_list("id", "dataset_id", name)
            ):
                target.setdefault(dataset_id, []).append(Row(id=pk, name=link_name))
    edge_columns = ["type", "actor", "column_mappings", "source", "created_at"]
    for chunk in chunks(wanted_for("upstreams")):
        for values in (
            LineageEdge.objects.filter(downstream_id__in=chunk)
            .order_by("id")
            .values_list("id", "downstream_id", "upstream__urn", *edge_columns)
        ):
            edge = Row(id=values[0], upstream_urn=values[2], **dict(zip(edge_columns, values[3:])))
            state.edges.setdefault(values[1], []).append(edge)
    return state
