"""The rules of an ingested write, applied in memory: from the state a segment loaded, each
plan's new dataset values, the child rows to insert, update or delete, and its ChangeEvents
(one per changed aspect, with the before and after snapshots that make the history).

Fields are compared as tuples of their ingested columns; snapshots are built only for aspects
that changed, because an unchanged batch of 20k fields must cost next to nothing.
"""

import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from django.utils import timezone

from accounts.models import Group, User
from catalog.models import (
    Dataset,
    DatasetStatus,
    GlossaryTerm,
    Source,
    Tag,
)
from catalog.writer.items import UNSET
from catalog.writer.rules import Context, Plan, browse_path_clean
from catalog.writer.state import SCHEMA_COLUMNS, NewField, Row, State


def _json(value: Any) -> Any:
    """What a JSONField gives back after a round trip (tuples become lists)."""
    return json.loads(json.dumps(value))


def _fields_snapshot(fields: Iterable[tuple[str, tuple]]) -> list[dict[str, Any]]:
    """The ``schema`` aspect's snapshot from (field_path, ingested columns) pairs."""
    return [
        {
            "field_path": path,
            "type": key[0],
            "native_type": key[1],
            "nullable": key[2],
            "is_key": key[3],
            "is_partition": key[4],
            "description": key[5],
            "tags": list(key[6]),
            "glossary_terms": list(key[7]),
        }
        for path, key in fields
    ]


def properties_snapshot(dataset: Dataset) -> dict[str, Any]:
    snapshot = {
        "description": dataset.description,
        "qualified_name": dataset.qualified_name,
        "custom_properties": dataset.custom_properties,
        "browse_path": dataset.browse_path,
    }
    # Only when set: the history written before display names existed stays comparable, and
    # a dataset without one records no change for it.
    if dataset.display_name:
        snapshot["display_name"] = dataset.display_name
    return snapshot


@dataclass
class Writes:  # pylint: disable=too-many-instance-attributes
    """Everything one segment writes, gathered so each table gets a few bulk statements. New
    rows are ``Row``/``NewField`` objects paired with their dataset, whose id is known only
    once the new datasets are inserted."""

    new_datasets: list[Dataset] = field(default_factory=list)
    changed_datasets: list[Dataset] = field(default_factory=list)
    fields_new: list[tuple[Dataset, NewField]] = field(default_factory=list)
    fields_changed: list[NewField] = field(default_factory=list)
    delete_fields: list[int] = field(default_factory=list)
    owners_new: list[tuple[Dataset, Row]] = field(default_factory=list)
    delete_owners: list[int] = field(default_factory=list)
    tags_new: list[tuple[Dataset, Row]] = field(default_factory=list)
    delete_tags: list[int] = field(default_factory=list)
    terms_new: list[tuple[Dataset, Row]] = field(default_factory=list)
    delete_terms: list[int] = field(default_factory=list)
    edges_new: list[tuple[Dataset, str, Row]] = field(default_factory=list)
    edges_changed: list[Row] = field(default_factory=list)
    delete_edges: list[int] = field(default_factory=list)


class Planner:  # pylint: disable=too-many-instance-attributes
    """Computes each plan's writes and ChangeEvents from the loaded state, in memory."""

    def __init__(self, ctx: Context, state: State, writes: Writes) -> None:
        self.ctx = ctx
        self.state = state
        self.writes = writes
        self.tags: dict[str, Tag] = {}
        self.terms: dict[str, GlossaryTerm] = {}
        self.users: dict[str, User] = {}
        self.groups: dict[str, Group] = {}
        self.now = timezone.now()

    def record(self, plan: Plan, aspect: str, before: Any, after: Any) -> None:
        if before != after:
            plan.events.append((aspect, before, after))

    def _container(self, plan: Plan) -> None:
        dataset, urn = plan.dataset, plan.item.container
        if urn is UNSET:
            return
        before = self.ctx.container_urn(dataset.container_id)
        dataset.container_id = self.ctx.container_id(urn) if urn else None
        self.record(plan, "container", before, urn or None)

    def plan(self, plan: Plan) -> None:
        item, dataset = plan.item, plan.dataset
        before = properties_snapshot(dataset)
        if item.description is not UNSET:
            dataset.description = item.description or ""
        if item.qualified_name is not UNSET:
            dataset.qualified_name = item.qualified_name or ""
        if item.display_name is not UNSET:
            dataset.display_name = item.display_name or ""
        if item.custom_properties is not UNSET:
            dataset.custom_properties = {
                str(k): str(v) for k, v in (item.custom_properties or {}).items()
            }
        if item.browse_path is not UNSET and item.browse_path:
            dataset.browse_path = browse_path_clean(item.browse_path)
        after = properties_snapshot(dataset)
        self.record(plan, "properties", None if plan.created else before, after)
        if item.removed is not UNSET:
            status_before = {"status": dataset.status, "deprecation_note": dataset.deprecation_note}
            if item.removed:
                dataset.status = DatasetStatus.REMOVED
            elif dataset.status == DatasetStatus.REMOVED:
                dataset.status = DatasetStatus.ACTIVE
            status_after = {"status": dataset.status, "deprecation_note": dataset.deprecation_note}
            self.record(plan, "status", status_before, status_after)
        if item.domain is not UNSET:
            domain_before = self.ctx.domain_names.get(dataset.domain_id)
            if not dataset.domain_id or plan.created:
                domain = self.ctx.domains.get(item.domain) if item.domain else None
                dataset.domain = domain
            self.record(plan, "domain", domain_before, self.ctx.domain_names.get(dataset.domain_id))
        self._container(plan)
        if item.schema is not UNSET:
            self._schema(plan)
        if item.owners is not UNSET:
            self._owners(plan)
        if item.tags is not UNSET:
            self._links(plan, "tags", self.state.tags, self.tags, self.writes.tags_new)
        if item.glossary_terms is not UNSET:
            self._links(plan, "glossary_terms", self.state.terms, self.terms, self.writes.terms_new)
        if item.upstreams is not UNSET:
            self._upstreams(plan)
        self._finish(plan)

    def _schema(self, plan: Plan) -> None:
        """Fields are compared as tuples of their ingested columns; when no row is added,
        changed or removed the snapshots are equal by construction and are not built."""
        dataset = plan.dataset
        current = self.state.fields.get(dataset.pk, []) if dataset.pk else []
        before = [(f.field_path, f.key) for f in current]
        existing = {f.field_path: f for f in current}
        after: list[tuple[tuple[int, float, int], str, tuple]] = []
        touched = False
        for index, spec in enumerate(plan.item.schema):
            tags, terms = spec.tags, spec.glossary_terms
            key = (
                spec.type,
                spec.native_type,
                spec.nullable,
                spec.is_key,
                spec.is_partition,
                spec.description,
                sorted(set(tags)) if len(tags) > 1 else list(tags),
                sorted(set(terms)) if len(terms) > 1 else list(terms),
                spec.ordinal if spec.ordinal is not None else index,
            )
            row = existing.pop(spec.field_path, None)
            if row is None:
                row = NewField(spec.field_path, key)
                self.writes.fields_new.append((dataset, row))
                # New rows get ids above every existing one, in this order.
                after.append(((key[8], float("inf"), index), spec.field_path, key))
                touched = True
                continue
            if row.key != key:
                # The type or native type: retyped (``breaks`` looks for readers only then).
                plan.fields_dropped_or_retyped |= row.key[:2] != key[:2]
                for name, value in zip(SCHEMA_COLUMNS, key):
                    setattr(row, name, value)
                row.key = key
                self.writes.fields_changed.append(row)
                touched = True
            after.append(((row.ordinal, row.id, 0), spec.field_path, key))
        if existing:
            self.writes.delete_fields.extend(row.id for row in existing.values())
            touched = plan.fields_dropped_or_retyped = True
        if touched:
            after.sort(key=lambda entry: entry[0])
            self.record(
                plan,
                "schema",
                _fields_snapshot(before),
                _fields_snapshot((path, key) for _, path, key in after),
            )

    def _owners(self, plan: Plan) -> None:
        dataset = plan.dataset

        def urn(kind: str, name: str) -> str:
            prefix = "urn:li:corpuser:" if kind == "user" else "urn:li:corpGroup:"
            return prefix + name

        current = self.state.owners.get(dataset.pk, []) if dataset.pk else []
        before = sorted(({"owner": row.owner_urn, "type": row.type} for row in current), key=str)
        wanted = dict.fromkeys(plan.owners)  # (kind, name, type), deduplicated, in order
        have = set()
        for row in current:
            key = (row.kind, row.name, row.type)
            if key in wanted:
                have.add(key)
            else:
                self.writes.delete_owners.append(row.id)
        for kind, name, owner_type in wanted:
            if (kind, name, owner_type) not in have:
                row = Row(
                    dataset_id=None,
                    user_id=self.users[name].id if kind == "user" else None,
                    group_id=self.groups[name].id if kind == "group" else None,
                    type=owner_type,
                    source=Source.INGESTED,
                )
                self.writes.owners_new.append((dataset, row))
        after = sorted(({"owner": urn(k[0], k[1]), "type": k[2]} for k in wanted), key=str)
        self.record(plan, "owners", before, after)

    def _links(self, plan: Plan, aspect: str, state: dict, lookup: dict, out: list) -> None:
        dataset = plan.dataset
        attr = "tag" if aspect == "tags" else "term"
        current = state.get(dataset.pk, []) if dataset.pk else []
        names = sorted(set(getattr(plan.item, aspect)))
        before = sorted(row.name for row in current)
        have = set()
        for row in current:
            if row.name in names:
                have.add(row.name)
            else:
                (self.writes.delete_tags if attr == "tag" else self.writes.delete_terms).append(
                    row.id
                )
        for name in names:
            if name not in have:
                row = Row(
                    dataset_id=None, source=Source.INGESTED, **{f"{attr}_id": lookup[name].id}
                )
                out.append((dataset, row))
        self.record(plan, aspect, before, names)

    def _upstreams(self, plan: Plan) -> None:
        dataset = plan.dataset
        edges = self.state.edges.get(dataset.pk, []) if dataset.pk else []
        # People's edges (source editable) are theirs: neither taken over nor removed here.
        current = {e.upstream_urn: e for e in edges if e.source == Source.INGESTED}
        before = sorted(
            (
                {
                    "urn": urn,
                    "type": e.type,
                    "actor": e.actor,
                    "column_mappings": e.column_mappings,
                }
                for urn, e in current.items()
            ),
            key=lambda row: row["urn"],
        )
        self.writes.delete_edges.extend(e.id for u, e in current.items() if u not in plan.upstreams)
        after = []
        for urn, spec in plan.upstreams.items():
            values = {
                "type": spec.type,
                "actor": spec.actor,
                "column_mappings": _json(list(spec.column_mappings)),
            }
            after.append({"urn": urn, **values})
            edge = current.get(urn)
            if edge is None:
                edge = Row(
                    upstream_id=None,
                    downstream_id=None,
                    source=Source.INGESTED,
                    hidden=False,
                    created_at=spec.created_at or self.now,
                )
                for key, value in values.items():
                    setattr(edge, key, value)
                self.writes.edges_new.append((dataset, urn, edge))
            elif any(getattr(edge, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(edge, key, value)
                self.writes.edges_changed.append(edge)
        after.sort(key=lambda row: row["urn"])
        self.record(plan, "upstreams", before, after)

    def _finish(self, plan: Plan) -> None:
        dataset = plan.dataset
        if not plan.events and not plan.created:
            return
        if plan.events and not plan.created:
            dataset.version += 1
        dataset.modified_by = self.ctx.actor
        dataset.modified_at = self.now
        if not plan.events:
            plan.events.append(("created", None, {"urn": dataset.urn}))
        if dataset.pk is not None:
            self.writes.changed_datasets.append(dataset)
