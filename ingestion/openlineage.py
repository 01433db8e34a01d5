"""OpenLineage RunEvents → MDT datasets and lineage edges.

Naming follows OpenLineage's dataset naming spec (namespace + name), mapped the way DataHub's
OpenLineage converter does: the scheme of the namespace picks the platform and the host/port
part is dropped, so ``postgres://db1:5432`` + ``shop.public.orders`` becomes
``urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)``, the same URN a
crawler of that database writes. Object stores keep the bucket in the name (``s3://b`` +
``raw/x.csv`` → ``s3`` ``b/raw/x.csv``), file systems keep the absolute path. A ``symlinks``
facet naming a table (Spark's Hive tables stored on HDFS/S3) wins over the physical path.
A namespace whose scheme is not in ``SCHEMES``, or whose platform MDT does not know, is a
per-dataset error: the rest of the event still lands, and no made-up platform enters the catalog.

What an event writes depends on its type: COMPLETE writes inputs, outputs and the edges
input → output (actor: the job); START, RUNNING and OTHER only register the inputs (they exist,
they are being read; an output may not exist until the run completes); FAIL and ABORT write
no dataset. Every event also writes its job as a pipeline task and records its run
(``openlineage_jobs``), the edges keeping ``job_actor`` as their actor. A job's COMPLETE
replaces the edges *that job* wrote into its outputs and keeps edges written by other jobs or
sources, so two jobs feeding one table do not erase each other.
Everything ends in ``batch.ingest_batch``, so re-sending an event changes nothing.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from django.db import transaction

from catalog.writer.ingest import ingest_batch
from catalog.writer.items import BatchResult, IngestItem
from catalog.models import DataPlatform, Dataset, FieldType, LineageType, Source
from catalog.services import FieldSpec, UpstreamSpec
from catalog.urns import FABRIC_TYPES, DatasetUrn
from core.errors import ApplicationError
from ingestion.openlineage_facets import facet_of, list_of, owner_specs, text_of
from ingestion.openlineage_jobs import openlineage_job_record

WRITING_EVENTS = {"COMPLETE"}
REGISTERING_EVENTS = {"START", "RUNNING", "OTHER"}
IGNORED_EVENTS = {"FAIL", "ABORT"}
EVENT_TYPES = sorted(WRITING_EVENTS | REGISTERING_EVENTS | IGNORED_EVENTS)

# Namespace scheme → (MDT platform, how the name is built).
#   "name": the dataset name as given (SQL engines: db.schema.table)
#   "path": an absolute path (file systems)
#   "bucket": <authority>/<key> (object stores)
SCHEMES: dict[str, tuple[str, str]] = {
    "postgres": ("postgres", "name"),
    "postgresql": ("postgres", "name"),
    "mysql": ("mysql", "name"),
    "mariadb": ("mariadb", "name"),
    "hive": ("hive", "name"),
    "redshift": ("redshift", "name"),
    "snowflake": ("snowflake", "name"),
    "bigquery": ("bigquery", "name"),
    "trino": ("trino", "name"),
    "presto": ("presto", "name"),
    "awsathena": ("athena", "name"),
    "sqlserver": ("mssql", "name"),
    "mssql": ("mssql", "name"),
    "oracle": ("oracle", "name"),
    "cassandra": ("cassandra", "name"),
    "mongodb": ("mongodb", "name"),
    "sqlite": ("sqlite", "name"),
    "druid": ("druid", "name"),
    "kafka": ("kafka", "name"),
    "kinesis": ("kinesis", "name"),
    "hdfs": ("hdfs", "path"),
    "file": ("file", "path"),
    "s3": ("s3", "bucket"),
    "s3a": ("s3", "bucket"),
    "s3n": ("s3", "bucket"),
    "gs": ("gcs", "bucket"),
}

_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*)(?::|$)")


class NamespaceError(ApplicationError):
    code = "unknown_namespace"


@dataclass(frozen=True)
class DatasetRef:
    """One dataset of an event as OpenLineage named it, and its MDT URN."""

    namespace: str
    name: str
    urn: str


@dataclass
class EventResult:
    event_type: str
    job_actor: str
    written: bool
    batch: BatchResult = field(default_factory=BatchResult)
    edges: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    data_job: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "event_type": self.event_type,
            "job": self.job_actor,
            "written": self.written,
            "datasets": {
                "created": self.batch.created,
                "updated": self.batch.updated,
                "unchanged": self.batch.unchanged,
                "failed": len(self.batch.errors),
            },
            "edges": self.edges,
            "errors": self.errors,
            "data_job": self.data_job,
        }


# --- naming -----------------------------------------------------------------------------------


def dataset_urn_from_openlineage(*, namespace: str, name: str, origin: str = "PROD") -> DatasetUrn:
    """Map an OpenLineage namespace + name to an MDT dataset URN (see the module docstring)."""
    if origin not in FABRIC_TYPES:
        raise ApplicationError(f"Unknown origin {origin!r}.", fields={"origin": ["unknown"]})
    if namespace.startswith("arn:aws:glue:"):
        # AWS Glue: arn:aws:glue:<region>:<account> + table/<database>/<table>
        parts = name.split("/")
        if len(parts) != 3 or parts[0] != "table" or not all(parts):
            raise NamespaceError(
                f"Glue dataset name {name!r} must be table/<database>/<table>.",
                fields={"name": ["expected table/<database>/<table>"]},
            )
        return DatasetUrn.build(platform="glue", name=f"{parts[1]}.{parts[2]}", origin=origin)
    match = _SCHEME_RE.match(namespace)
    scheme = match.group(1).lower() if match else ""
    if scheme not in SCHEMES:
        raise NamespaceError(
            f"Namespace {namespace!r} has no known scheme; MDT maps "
            f"{', '.join(sorted(SCHEMES))} and arn:aws:glue (OpenLineage's dataset naming).",
            fields={"namespace": [f"unknown scheme {scheme or namespace!r}"]},
        )
    platform, style = SCHEMES[scheme]
    authority = namespace[len(scheme) :].removeprefix(":").removeprefix("//").strip("/")
    if style == "path":
        mdt_name = "/" + name.lstrip("/")
    elif style == "bucket":
        if not authority:
            raise NamespaceError(
                f"Namespace {namespace!r} names no bucket.", fields={"namespace": ["no bucket"]}
            )
        mdt_name = f"{authority}/{name.lstrip('/')}"
    else:
        mdt_name = name.lower() if platform == "snowflake" else name
    return DatasetUrn.build(platform=platform, name=mdt_name, origin=origin)


def job_actor(*, namespace: str, name: str, origin: str = "PROD") -> str:
    """The job as a DataHub dataJob URN: its OpenLineage namespace is the flow's orchestrator."""
    return f"urn:li:dataJob:(urn:li:dataFlow:({namespace},{name},{origin}),{name})"


# --- facets -----------------------------------------------------------------------------------

_TYPE_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), field_type)
    for pattern, field_type in (
        (r"^(array|list)\b|\[\]$|^_", FieldType.ARRAY),
        (r"^map\b", FieldType.MAP),
        (r"^(struct|record|row|object)\b", FieldType.STRUCT),
        (r"^union\b", FieldType.UNION),
        (r"^enum\b", FieldType.ENUM),
        (r"^(bool|boolean|bit)$", FieldType.BOOLEAN),
        (r"^date$", FieldType.DATE),
        (r"^(timestamp|datetime|time|interval)", FieldType.TIME),
        (r"^(binary|varbinary|bytea|bytes|blob|longblob|image|raw)\b", FieldType.BYTES),
        (r"^fixed\b", FieldType.FIXED),
        (r"^null$", FieldType.NULL),
        (
            r"^(tinyint|smallint|mediumint|int|integer|bigint|long|short|byte|float|double"
            r"|real|decimal|numeric|number|money|serial|bigserial|smallserial|int2|int4|int8"
            r"|float4|float8|float32|float64|int32|int64|uint\d*)\b",
            FieldType.NUMBER,
        ),
        (
            r"^(string|varchar|char|character|text|nvarchar|nchar|ntext|clob|uuid|json|jsonb"
            r"|xml|citext|tinytext|mediumtext|longtext|varchar2|nvarchar2)\b",
            FieldType.STRING,
        ),
    )
)


def field_type_normalize(native_type: str, *, nested: bool = False) -> str:
    """A source's type name → MDT's FieldType; unknown types are ``null`` as in DataHub."""
    value = native_type.strip().lower()
    if not value:
        return FieldType.STRUCT if nested else FieldType.NULL
    for pattern, field_type in _TYPE_RULES:
        if pattern.search(value):
            return field_type
    return FieldType.NULL


def schema_fields(facet: Mapping[str, Any], where: str) -> list[FieldSpec]:
    """The schema facet's fields, nested ones flattened to dotted paths (``address.city``)."""
    specs: list[FieldSpec] = []

    def walk(items: Any, prefix: str, path: str) -> None:
        for index, item in enumerate(list_of(items, path)):
            here = f"{path}[{index}]"
            if not isinstance(item, Mapping):
                raise ApplicationError(
                    f"{here} must be an object.", fields={here: ["must be an object"]}
                )
            name = text_of(item.get("name"), f"{here}.name", required=True)
            native = text_of(item.get("type"), f"{here}.type")
            children = list_of(item.get("fields"), f"{here}.fields")
            specs.append(
                FieldSpec(
                    field_path=prefix + name,
                    type=field_type_normalize(native, nested=bool(children)),
                    native_type=native[:500],
                    description=text_of(item.get("description"), f"{here}.description"),
                    ordinal=len(specs),
                )
            )
            walk(children, f"{prefix}{name}.", f"{here}.fields")

    walk(facet.get("fields"), "", f"{where}.fields")
    return specs


def _transformation(input_field: Mapping[str, Any], output: Mapping[str, Any]) -> str:
    """``DIRECT:IDENTITY`` style, from the spec's transformations list or its older fields."""
    labels = []
    for item in input_field.get("transformations") or []:
        if isinstance(item, Mapping) and item.get("type"):
            label = str(item["type"]) + (f":{item['subtype']}" if item.get("subtype") else "")
            if label not in labels:
                labels.append(label)
    if labels:
        return ", ".join(labels)
    return str(output.get("transformationType") or output.get("transformationDescription") or "")


def column_mappings(
    facet: Mapping[str, Any],
    where: str,
    *,
    origin: str,
    aliases: Mapping[tuple[str, str], str] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """The columnLineage facet as MDT column mappings, grouped by upstream dataset URN; input
    fields of datasets that cannot be mapped are left out (the dataset itself is reported).
    ``aliases`` gives the URNs the event's own datasets resolved to (through symlinks)."""
    fields = facet.get("fields")
    if fields is None:
        fields = {}
    if not isinstance(fields, Mapping):
        raise ApplicationError(
            f"{where}.fields must be an object.", fields={f"{where}.fields": ["must be an object"]}
        )
    grouped: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for output_field, output in fields.items():
        here = f"{where}.fields.{output_field}"
        if not isinstance(output, Mapping):
            raise ApplicationError(f"{here} must be an object.", fields={here: ["not an object"]})
        for index, item in enumerate(list_of(output.get("inputFields"), f"{here}.inputFields")):
            at = f"{here}.inputFields[{index}]"
            if not isinstance(item, Mapping):
                raise ApplicationError(f"{at} must be an object.", fields={at: ["not an object"]})
            namespace = text_of(item.get("namespace"), f"{at}.namespace", required=True)
            name = text_of(item.get("name"), f"{at}.name", required=True)
            column = text_of(item.get("field"), f"{at}.field", required=True)
            urn = (aliases or {}).get((namespace, name))
            if urn is None:
                try:
                    urn = str(
                        dataset_urn_from_openlineage(namespace=namespace, name=name, origin=origin)
                    )
                except ApplicationError:
                    continue
            grouped[(urn, output_field, _transformation(item, output))].add(column)
    mappings: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (urn, output_field, transformation), columns in sorted(grouped.items()):
        mappings[urn].append(
            {
                "upstreams": sorted(columns),
                "downstreams": [output_field],
                "transformation": transformation,
            }
        )
    return dict(mappings)


# --- the event --------------------------------------------------------------------------------


@dataclass
class _Planned:
    ref: DatasetRef
    aspects: dict[str, Any] = field(default_factory=dict)
    is_input: bool = False
    upstreams: dict[str, list[dict[str, Any]]] | None = None  # urn → column mappings


def _dataset_ref(item: Mapping[str, Any], *, origin: str) -> DatasetRef:
    namespace, name = item["namespace"], item["name"]
    symlinks = (item.get("facets") or {}).get("symlinks")
    links = symlinks.get("identifiers") if isinstance(symlinks, Mapping) else None
    for link in links if isinstance(links, list) else []:
        if isinstance(link, Mapping) and str(link.get("type", "")).upper() == "TABLE":
            try:
                urn = dataset_urn_from_openlineage(
                    namespace=str(link.get("namespace", "")),
                    name=str(link.get("name", "")),
                    origin=origin,
                )
            except ApplicationError:
                continue
            return DatasetRef(namespace=namespace, name=name, urn=str(urn))
    urn = dataset_urn_from_openlineage(namespace=namespace, name=name, origin=origin)
    return DatasetRef(namespace=namespace, name=name, urn=str(urn))


def _aspects(facets: Mapping[str, Any], where: str, problems: list[str]) -> dict[str, Any]:
    aspects: dict[str, Any] = {}
    schema = facet_of(facets, "schema", where)
    if schema is not None:
        aspects["schema"] = schema_fields(schema, f"{where}.schema")
    documentation = facet_of(facets, "documentation", where)
    if documentation is not None:
        aspects["description"] = text_of(
            documentation.get("description"), f"{where}.documentation.description"
        )
    ownership = facet_of(facets, "ownership", where)
    if ownership is not None:
        owners, owner_problems = owner_specs(ownership, f"{where}.ownership")
        aspects["owners"] = owners
        problems.extend(owner_problems)
    return aspects


def _platform_of(urn: str) -> str:
    return urn.split(",", 1)[0].rsplit(":", 1)[1]


def _plan(
    event: Mapping[str, Any], *, origin: str, with_outputs: bool, result: EventResult
) -> dict[str, _Planned]:
    """One entry per URN; a dataset both read and written takes the output's facets."""
    known = set(DataPlatform.objects.values_list("name", flat=True))
    aliases = {}
    for item in [*(event.get("inputs") or []), *(event.get("outputs") or [])]:
        try:
            aliases[(item["namespace"], item["name"])] = _dataset_ref(item, origin=origin).urn
        except ApplicationError:
            continue
    planned: dict[str, _Planned] = {}
    sides = ["inputs", "outputs"] if with_outputs else ["inputs"]
    for side in sides:
        for index, item in enumerate(event.get(side) or []):
            where = f"{side}[{index}]"
            error = {"namespace": item["namespace"], "name": item["name"], "urn": ""}
            try:
                ref = _dataset_ref(item, origin=origin)
                error["urn"] = ref.urn
                platform = _platform_of(ref.urn)
                if platform not in known:
                    raise ApplicationError(
                        f"Platform {platform!r} is not known to MDT; an admin can add it.",
                        fields={"namespace": [f"unknown platform {platform!r}"]},
                        code="unknown_platform",
                    )
                problems: list[str] = []
                facets = item.get("facets") or {}
                aspects = _aspects(facets, f"{where}.facets", problems)
                lineage = None
                if side == "outputs":
                    column_lineage = facet_of(facets, "columnLineage", f"{where}.facets")
                    lineage = {
                        urn: mappings
                        for urn, mappings in column_mappings(
                            column_lineage or {},
                            f"{where}.facets.columnLineage",
                            origin=origin,
                            aliases=aliases,
                        ).items()
                        if _platform_of(urn) in known  # no stub on a platform MDT lacks
                    }
            except ApplicationError as exc:
                if exc.code not in {"unknown_namespace", "unknown_platform", "invalid_urn"}:
                    raise  # a malformed facet: the whole event is refused
                result.errors.append({**error, "code": exc.code, "message": exc.message})
                continue
            for message in problems:
                result.errors.append({**error, "code": "invalid_owner", "message": message})
            entry = planned.setdefault(ref.urn, _Planned(ref=ref))
            entry.aspects.update(aspects)
            entry.is_input = entry.is_input or side == "inputs"
            if lineage is not None:
                entry.upstreams = lineage
    return planned


def _upstreams(
    dataset_urn: str,
    inputs: Iterable[str],
    mappings: Mapping[str, list[dict[str, Any]]],
    actor: str,
) -> list[UpstreamSpec]:
    """This job's edges into ``dataset_urn`` plus the ingested edges other jobs or sources hold."""
    wanted = {urn for urn in [*inputs, *mappings] if urn != dataset_urn}
    specs = [
        UpstreamSpec(
            urn=urn,
            type=LineageType.TRANSFORMED,
            actor=actor,
            column_mappings=tuple(mappings.get(urn, ())),
        )
        for urn in sorted(wanted)
    ]
    dataset = Dataset.objects.select_for_update().filter(urn=dataset_urn).first()
    if dataset is not None:
        for edge in dataset.upstream_edges.filter(source=Source.INGESTED).select_related(
            "upstream"
        ):
            if edge.actor != actor and edge.upstream.urn not in wanted:
                specs.append(
                    UpstreamSpec(
                        urn=edge.upstream.urn,
                        type=edge.type,
                        actor=edge.actor,
                        column_mappings=tuple(edge.column_mappings),
                        created_at=edge.created_at,
                    )
                )
    return specs


@transaction.atomic
def openlineage_event_ingest(
    *, event: Mapping[str, Any], actor: str, origin: str = "PROD"
) -> EventResult:
    """Write what one validated RunEvent says (see the module docstring for which events
    write what). ``actor`` is who posted it; the job is the actor of the edges."""
    event_type = event.get("eventType") or "OTHER"
    job = event["job"]
    result = EventResult(
        event_type=event_type,
        job_actor=job_actor(namespace=job["namespace"], name=job["name"], origin=origin),
        written=event_type not in IGNORED_EVENTS,
    )
    if not result.written:
        _job(result, event, actor=actor, planned=None)
        return result
    with_lineage = event_type in WRITING_EVENTS
    planned = _plan(event, origin=origin, with_outputs=with_lineage, result=result)
    input_urns = [urn for urn, entry in planned.items() if entry.is_input]
    items: list[IngestItem] = []
    # Inputs first, so an output's upstreams already exist when its edges are written.
    for entry in sorted(planned.values(), key=lambda e: (e.upstreams is not None, e.ref.urn)):
        item = IngestItem(urn=entry.ref.urn, **entry.aspects)
        if entry.upstreams is not None:
            item.upstreams = _upstreams(
                entry.ref.urn, input_urns, entry.upstreams, result.job_actor
            )
            result.edges += sum(1 for spec in item.upstreams if spec.actor == result.job_actor)
        items.append(item)
    result.batch = ingest_batch(items, actor=actor)
    for error in result.batch.errors:
        ref = planned[error.urn].ref
        result.errors.append(
            {
                "namespace": ref.namespace,
                "name": ref.name,
                "urn": error.urn,
                "code": error.code,
                "message": error.message,
            }
        )
    _job(result, event, actor=actor, planned=planned if with_lineage else None)
    return result


def _job(
    result: EventResult,
    event: Mapping[str, Any],
    *,
    actor: str,
    planned: Mapping[str, _Planned] | None,
) -> None:
    """The event's task and run (``openlineage_jobs``); a COMPLETE event's datasets that landed
    become its inputs and outputs."""
    inputs = outputs = None
    if planned is not None:
        failed = {error.urn for error in result.batch.errors}
        landed = [entry for urn, entry in planned.items() if urn not in failed]
        inputs = [entry.ref.urn for entry in landed if entry.is_input]
        outputs = [entry.ref.urn for entry in landed if entry.upstreams is not None]
    job = event["job"]
    result.data_job, problems = openlineage_job_record(
        event=event, actor=actor, inputs=inputs, outputs=outputs
    )
    for message in problems:
        result.errors.append(
            {
                "namespace": job["namespace"],
                "name": job["name"],
                "urn": result.data_job,
                "code": "invalid_owner" if result.data_job else "job_left_out",
                "message": message,
            }
        )
