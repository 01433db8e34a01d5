"""Crawlers. Each module holds one source; ``source_build`` picks it by the recipe's
``source.type`` through a dotted path, so a source's libraries (SQLAlchemy, pyarrow, fastavro)
are imported only when a recipe uses it: the Lambda package carries only what it runs."""

from importlib import import_module
from typing import Any

from ingestion.recipes import RecipeError
from ingestion.sources.base import Source

SOURCES = {
    "postgres": "ingestion.sources.postgres.PostgresSource",
    "mysql": "ingestion.sources.mysql.MySQLSource",
    "mariadb": "ingestion.sources.mysql.MariaDBSource",
    "sqlite": "ingestion.sources.sqlite.SQLiteSource",
    "file": "ingestion.sources.files.FileSource",
    "avro": "ingestion.sources.avro.AvroSchemaSource",
    "dbt": "ingestion.sources.dbt.DbtSource",
}


def source_build(source_type: str, config: dict[str, Any], *, origin: str) -> Source:
    if source_type not in SOURCES:
        raise RecipeError(
            f"Unknown source type {source_type!r}; known: {', '.join(sorted(SOURCES))}.",
            fields={"source": [f"unknown type {source_type!r}"]},
        )
    module, _, name = SOURCES[source_type].rpartition(".")
    return getattr(import_module(module), name)(config, origin=origin)
