"""SQLite files, opened read-only: ``<file stem>.<table>`` names (``database_alias`` overrides
the stem). No host, so no SSRF check; the path must exist."""

import os
from pathlib import Path

from ingestion.recipes import RecipeError
from ingestion.sources.sql import SQLAlchemyCrawler


class SQLiteCrawler(SQLAlchemyCrawler):
    platform = "sqlite"
    dialect = "sqlite"

    def address(self) -> str:
        return ""

    def url(self, address: str):
        from sqlalchemy.engine import URL  # pylint: disable=import-outside-toplevel

        path = Path(str(self.require("path"))).resolve()
        if not path.is_file():
            raise RecipeError(f"No SQLite file at {path}.", fields={"path": ["not found"]})
        return URL.create("sqlite", database=f"file:{path}?mode=ro", query={"uri": "true"})

    def schemas(self) -> list[str]:
        return ["main"]

    def dataset_name(self, schema: str, name: str) -> str:
        return f"{self.database_display_name()}.{name}"

    def database_key_name(self) -> str:
        """The alias, or the file's absolute path as DataHub's sqlalchemy source names the
        database of a ``sqlite:///<path>`` URI, so both tools' containers are one."""
        return str(self.config.get("database_alias") or os.path.abspath(str(self.require("path"))))

    def database_display_name(self) -> str:
        return str(self.config.get("database_alias") or Path(str(self.require("path"))).stem)
