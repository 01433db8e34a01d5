"""MySQL and MariaDB (PyMySQL, pure Python): ``<database>.<table>`` names, as DataHub writes
them; MySQL calls its databases schemas."""

from typing import Any

from ingestion.sources.sql import SQLAlchemyCrawler


class MySQLCrawler(SQLAlchemyCrawler):
    platform = "mysql"
    dialect = "mysql"
    driver = "mysql+pymysql"
    default_port = 3306
    system_schemas = frozenset({"information_schema", "mysql", "performance_schema", "sys"})
    two_tier = True

    def connect_args(self, address: str) -> dict[str, Any]:
        args = super().connect_args(address)
        args.setdefault("connect_timeout", 10)
        return args


class MariaDBCrawler(MySQLCrawler):
    platform = "mariadb"
