"""PostgreSQL: ``<database>.<schema>.<table>`` names, as DataHub's postgres source writes them."""

from typing import Any

from ingestion.sources.sql import SQLAlchemyCrawler


class PostgresCrawler(SQLAlchemyCrawler):
    platform = "postgres"
    dialect = "postgres"
    driver = "postgresql+psycopg2"
    default_port = 5432
    system_schemas = frozenset({"information_schema", "pg_catalog", "pg_toast"})

    def connect_args(self, address: str) -> dict[str, Any]:
        # Connect to the checked address but keep the name as host, for TLS verification.
        args = super().connect_args(address)
        args.setdefault("connect_timeout", 10)
        return {**args, "hostaddr": address}

    def url(self, address: str):
        return super().url(address).set(host=str(self.require("host")))

    def dataset_name(self, schema: str, name: str) -> str:
        return f"{self.require('database')}.{schema}.{name}"

    def view_definition(self, schema: str, view: str) -> str:
        """pg_get_viewdef with search_path set to the view's schema only, so every table outside
        that schema comes back qualified and an unqualified name means the view's own schema."""
        from sqlalchemy import text  # pylint: disable=import-outside-toplevel

        with self.engine.connect() as conn:
            quote = conn.dialect.identifier_preparer.quote
            conn.execute(
                text("SELECT set_config('search_path', :path, true)"), {"path": quote(schema)}
            )
            return (
                conn.execute(
                    text("SELECT pg_get_viewdef(to_regclass(:name))"),
                    {"name": f"{quote(schema)}.{quote(view)}"},
                ).scalar()
                or ""
            )
