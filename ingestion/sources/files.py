"""CSV, Parquet and JSON Lines files, schemas inferred by pyarrow (imported here only: pyarrow
is ~100 MB and stays out of the Lambda package, so this source runs from the CLI or a worker).

Parquet carries its schema; CSV and JSON are inferred from their first block (``block_size``,
1 MiB by default), not the whole file. Nested Arrow structs become dotted field paths.
"""

from pathlib import Path
from typing import Any, Iterable

from catalog.writer.items import IngestItem
from catalog.models import FieldType
from catalog.services import FieldSpec
from catalog.urns import DatasetUrn
from ingestion.recipes import RecipeError
from ingestion.sources.base import Crawler

FORMATS = {".csv": "csv", ".tsv": "csv", ".parquet": "parquet", ".json": "json", ".jsonl": "json"}


def arrow_field_type(arrow_type) -> str:
    import pyarrow.types as pat  # pylint: disable=import-outside-toplevel

    checks = [
        (pat.is_boolean, FieldType.BOOLEAN),
        (lambda t: pat.is_integer(t) or pat.is_floating(t) or pat.is_decimal(t), FieldType.NUMBER),
        (lambda t: pat.is_string(t) or pat.is_large_string(t), FieldType.STRING),
        (pat.is_date, FieldType.DATE),
        (lambda t: pat.is_timestamp(t) or pat.is_time(t) or pat.is_duration(t), FieldType.TIME),
        (pat.is_fixed_size_binary, FieldType.FIXED),
        (lambda t: pat.is_binary(t) or pat.is_large_binary(t), FieldType.BYTES),
        (pat.is_map, FieldType.MAP),  # before lists: a map is a list of entries in Arrow
        (lambda t: pat.is_list(t) or pat.is_large_list(t) or pat.is_fixed_size_list(t), "array"),
        (pat.is_struct, FieldType.STRUCT),
        (pat.is_dictionary, FieldType.ENUM),
        (pat.is_null, FieldType.NULL),
    ]
    for check, field_type in checks:
        if check(arrow_type):
            return field_type
    return FieldType.NULL


def arrow_fields(schema, prefix: str = "") -> list[FieldSpec]:
    import pyarrow.types as pat  # pylint: disable=import-outside-toplevel

    specs = []
    for field in schema:
        path = f"{prefix}{field.name}"
        specs.append(
            FieldSpec(
                field_path=path,
                type=arrow_field_type(field.type),
                native_type=str(field.type)[:500],
                nullable=field.nullable,
            )
        )
        if pat.is_struct(field.type):
            specs += arrow_fields(list(field.type), prefix=f"{path}.")
    return specs


class FileCrawler(Crawler):
    """config: ``path`` (a file or a folder, read recursively), ``platform`` (``file``; ``s3``
    or ``hdfs`` when the folder mirrors one), ``path_prefix`` (what the dataset name starts
    with instead of the local folder, e.g. ``/data/raw``), ``block_size``."""

    def __init__(self, config: dict[str, Any], *, origin: str = "PROD") -> None:
        super().__init__(config, origin=origin)
        self.platform = str(config.get("platform") or "file")
        self.root = Path(str(self.require("path"))).resolve()

    def units(self) -> list[str]:
        if self.root.is_file():
            return [str(self.root)]
        if not self.root.is_dir():
            raise RecipeError(f"No file or folder at {self.root}.", fields={"path": ["not found"]})
        return sorted(
            str(p) for p in self.root.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS
        )

    def dataset_name(self, path: Path) -> str:
        prefix = self.config.get("path_prefix")
        if not prefix:
            return str(path)
        base = self.root if self.root.is_dir() else self.root.parent
        return "/" + "/".join([*str(prefix).strip("/").split("/"), *path.relative_to(base).parts])

    def schema_of(self, path: Path):
        # pylint: disable=import-outside-toplevel
        import pyarrow.csv as pcsv
        import pyarrow.json as pjson
        import pyarrow.parquet as pq

        kind = FORMATS[path.suffix.lower()]
        block_size = int(self.config.get("block_size", 1 << 20))
        if kind == "parquet":
            return pq.read_schema(path), {"format": "parquet"}
        if kind == "csv":
            delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
            with pcsv.open_csv(
                path,
                read_options=pcsv.ReadOptions(block_size=block_size),
                parse_options=pcsv.ParseOptions(delimiter=delimiter),
            ) as reader:
                return reader.schema, {"format": "csv"}
        table = pjson.read_json(path, read_options=pjson.ReadOptions(block_size=block_size))
        return table.schema, {"format": "json"}

    def read(self, unit: str) -> Iterable[IngestItem]:
        path = Path(unit)
        schema, properties = self.schema_of(path)
        name = self.dataset_name(path)
        yield IngestItem(
            urn=str(DatasetUrn.build(platform=self.platform, name=name, origin=self.origin)),
            qualified_name=name,
            custom_properties={**properties, "size_bytes": str(path.stat().st_size)},
            schema=arrow_fields(schema),
        )
