"""Crawlers. Each module holds one source; ``source_build`` picks it by the recipe's
``source.type`` through a dotted path, so a source's libraries (SQLAlchemy, pyarrow, fastavro)
are imported only when a recipe uses it: the Lambda package carries only what it runs."""

from importlib import import_module
from typing import Any

from ingestion.recipes import RecipeError
from ingestion.sources.base import Crawler

SOURCES = {
    "postgres": "ingestion.sources.postgres.PostgresCrawler",
    "mysql": "ingestion.sources.mysql.MySQLCrawler",
    "mariadb": "ingestion.sources.mysql.MariaDBCrawler",
    "sqlite": "ingestion.sources.sqlite.SQLiteCrawler",
    "file": "ingestion.sources.files.FileCrawler",
    "avro": "ingestion.sources.avro.AvroSchemaCrawler",
    "dbt": "ingestion.sources.dbt.DbtCrawler",
}


def source_build(source_type: str, config: dict[str, Any], *, origin: str) -> Crawler:
    if source_type not in SOURCES:
        raise RecipeError(
            f"Unknown source type {source_type!r}; known: {', '.join(sorted(SOURCES))}.",
            fields={"source": [f"unknown type {source_type!r}"]},
        )
    module, _, name = SOURCES[source_type].rpartition(".")
    return getattr(import_module(module), name)(config, origin=origin)
