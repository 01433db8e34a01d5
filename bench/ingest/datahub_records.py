"""Writes a DataHub file of COUNT mixed records with DataHub's own classes, in both of DataHub's
JSON encodings. Run by the ``datahub`` tool venv's Python (``bench/ingest/datahub_file.py`` does):

    python datahub_records.py OUT_DIR COUNT

Per dataset: an MCE snapshot (datasetProperties, schemaMetadata of 20 fields with tags and
terms, ownership, globalTags, browsePathsV2) and MCPs for upstreamLineage (with fine-grained
lineage), editableSchemaMetadata, status, subTypes and container (MDT stores neither yet); and
for every other dataset a person, a tag, a glossary term and a data job: 11 records per two
datasets on average, as a DataHub export of a warehouse mixes them.
"""

# pylint: disable=import-error
import copy
import json
import sys
from pathlib import Path

from avrogen.avrojson import get_global_json_converter
from datahub.emitter.mcp import MetadataChangeProposalWrapper as MCPW
from datahub.ingestion.sink.file import write_metadata_file
from datahub.metadata import schema_classes as m

KINDS = [m.StringTypeClass, m.NumberTypeClass, m.BooleanTypeClass, m.DateTypeClass]


def _urn(i: int) -> str:
    return f"urn:li:dataset:(urn:li:dataPlatform:hive,warehouse.schema{i % 40}.table_{i},PROD)"


def _schema(i: int) -> m.SchemaMetadataClass:
    fields = [
        m.SchemaFieldClass(
            fieldPath=f"column_{j}",
            type=m.SchemaFieldDataTypeClass(type=KINDS[j % 4]()),
            nativeDataType="varchar(64)",
            description=f"Column {j} of table {i}.",
            nullable=j > 0,
            isPartOfKey=j == 0,
            globalTags=(
                m.GlobalTagsClass([m.TagAssociationClass("urn:li:tag:PII")]) if j == 3 else None
            ),
        )
        for j in range(20)
    ]
    return m.SchemaMetadataClass(
        schemaName=f"table_{i}",
        platform="urn:li:dataPlatform:hive",
        version=0,
        hash="",
        platformSchema=m.OtherSchemaClass(rawSchema=""),
        fields=fields,
    )


def _dataset(i: int) -> list:
    urn = _urn(i)
    records: list = [
        m.MetadataChangeEventClass(
            proposedSnapshot=m.DatasetSnapshotClass(
                urn=urn,
                aspects=[
                    m.DatasetPropertiesClass(
                        name=f"Table {i}",
                        description=f"Table {i} of the warehouse.",
                        customProperties={"owner_team": f"team-{i % 12}", "retention": "90d"},
                    ),
                    _schema(i),
                    m.OwnershipClass(
                        owners=[
                            m.OwnerClass(f"urn:li:corpuser:user{i % 50}", "TECHNICAL_OWNER"),
                            m.OwnerClass(f"urn:li:corpGroup:team-{i % 12}", "DATAOWNER"),
                        ]
                    ),
                    m.GlobalTagsClass([m.TagAssociationClass(f"urn:li:tag:Tier{i % 3}")]),
                    m.BrowsePathsV2Class([m.BrowsePathEntryClass(id=f"schema{i % 40}")]),
                ],
            )
        )
    ]
    if i:
        up = _urn(i - 1)
        records.append(
            MCPW(
                entityUrn=urn,
                aspect=m.UpstreamLineageClass(
                    upstreams=[m.UpstreamClass(dataset=up, type="TRANSFORMED")],
                    fineGrainedLineages=[
                        m.FineGrainedLineageClass(
                            upstreamType="FIELD_SET",
                            downstreamType="FIELD",
                            upstreams=[f"urn:li:schemaField:({up},column_0)"],
                            downstreams=[f"urn:li:schemaField:({urn},column_0)"],
                        )
                    ],
                ),
            )
        )
    records += [
        MCPW(
            entityUrn=urn,
            aspect=m.EditableSchemaMetadataClass(
                editableSchemaFieldInfo=[
                    m.EditableSchemaFieldInfoClass(fieldPath="column_1", description="Edited.")
                ]
            ),
        ),
        MCPW(entityUrn=urn, aspect=m.StatusClass(removed=False)),
        MCPW(entityUrn=urn, aspect=m.SubTypesClass(typeNames=["Table"])),
        MCPW(entityUrn=urn, aspect=m.ContainerClass(container=f"urn:li:container:s{i % 40}")),
    ]
    if i % 2 == 0:
        records += [
            MCPW(
                entityUrn=f"urn:li:corpuser:person{i}",
                aspect=m.CorpUserInfoClass(active=True, displayName=f"Person {i}"),
            ),
            MCPW(entityUrn=f"urn:li:tag:Label{i}", aspect=m.TagPropertiesClass(name=f"Label{i}")),
            MCPW(
                entityUrn=f"urn:li:glossaryTerm:Term{i}",
                aspect=m.GlossaryTermInfoClass(definition=f"Term {i}.", termSource="INTERNAL"),
            ),
            MCPW(
                entityUrn=f"urn:li:dataJob:(urn:li:dataFlow:(airflow,dag{i},PROD),task)",
                aspect=m.DataJobInputOutputClass(inputDatasets=[urn], outputDatasets=[]),
            ),
        ]
    return records


def _avro_json(record) -> dict:
    if isinstance(record, MCPW):
        record = record.make_mcp()
    converter = copy.copy(get_global_json_converter())
    converter._is_unambiguous_union = lambda _schema: False  # pylint: disable=protected-access
    return converter.to_json_object(record, record.RECORD_SCHEMA)


def main(out: Path, count: int) -> None:
    records: list = []
    i = 0
    while len(records) < count:
        records += _dataset(i)
        i += 1
    records = records[:count]
    out.mkdir(parents=True, exist_ok=True)
    write_metadata_file(out / "plain.json", records)
    (out / "avro.json").write_text(json.dumps([_avro_json(r) for r in records]))


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
