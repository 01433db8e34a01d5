"""Crawlers. Each module holds one source; ``source_build`` picks it by the recipe's
``source.type`` through a dotted path, so a source's libraries (SQLAlchemy, pyarrow, fastavro)
are imported only when a recipe uses it: the Lambda package carries only what it runs."""

from importlib import import_module
from typing import Any

from catalog.ingestion.recipes import RecipeError
from catalog.ingestion.sources.base import Source

SOURCES = {
    "postgres": "catalog.ingestion.sources.postgres.PostgresSource",
    "mysql": "catalog.ingestion.sources.mysql.MySQLSource",
    "mariadb": "catalog.ingestion.sources.mysql.MariaDBSource",
    "sqlite": "catalog.ingestion.sources.sqlite.SQLiteSource",
    "file": "catalog.ingestion.sources.files.FileSource",
    "avro": "catalog.ingestion.sources.avro.AvroSchemaSource",
    "dbt": "catalog.ingestion.sources.dbt.DbtSource",
}


def source_build(source_type: str, config: dict[str, Any], *, origin: str) -> Source:
    if source_type not in SOURCES:
        raise RecipeError(
            f"Unknown source type {source_type!r}; known: {', '.join(sorted(SOURCES))}.",
            fields={"source": [f"unknown type {source_type!r}"]},
        )
    module, _, name = SOURCES[source_type].rpartition(".")
    return getattr(import_module(module), name)(config, origin=origin)
