"""What the SQL sources share: SQLAlchemy's inspector for schemas, tables, views, columns,
comments and primary keys, and sqlglot for view lineage.

sqlglot (not sqlparse) reads the view definitions: it parses each dialect into a tree, so the
referenced tables come out qualified, CTE names and subquery aliases are not taken for tables,
and a view over a view over a table yields two edges, one per view. A definition it cannot parse
gives a view without upstreams (and a note in its properties), never a failed run.
"""

from typing import Any, Iterable

from catalog.writer.items import IngestItem
from catalog.models import LineageType
from catalog.services import FieldSpec, UpstreamSpec
from catalog.urns import DatasetUrn
from ingestion.containers import database_container, schema_container
from ingestion.sources.base import Crawler
from ingestion.sources.types import sql_type_normalize
from ingestion.ssrf import host_resolve

_SEP = "\t"  # unit key: "<schema>\t<table|view>\t<name>"; JSON-safe and sortable


def view_tables(sql: str, *, dialect: str, default_schema: str) -> list[tuple[str, str]]:
    """The (schema, table) pairs a view's SELECT reads, CTEs left out."""
    # pylint: disable-next=import-outside-toplevel
    import sqlglot
    from sqlglot import exp  # pylint: disable=import-outside-toplevel

    tree = sqlglot.parse_one(sql, read=dialect)
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    found = set()
    for table in tree.find_all(exp.Table):
        if not table.name or (not table.db and table.name in ctes):
            continue
        found.add((table.db or default_schema, table.name))
    return sorted(found)


class SQLAlchemyCrawler(Crawler):
    dialect = ""  # sqlglot's name for the dialect
    default_port = 0
    system_schemas: frozenset[str] = frozenset()

    def __init__(self, config: dict[str, Any], *, origin: str = "PROD") -> None:
        super().__init__(config, origin=origin)
        self.platform = str(config.get("platform") or self.platform)
        self._engine = None
        self._inspector = None

    # -- connection ----------------------------------------------------------------------------

    def url(self, address: str):
        from sqlalchemy.engine import URL  # pylint: disable=import-outside-toplevel

        return URL.create(
            self.driver,
            username=self.config.get("username"),
            password=self.config.get("password"),
            host=address,
            port=int(self.config.get("port") or self.default_port),
            database=self.config.get("database"),
        )

    driver = ""

    def connect_args(self, address: str) -> dict[str, Any]:
        del address
        return dict(self.config.get("connect_args") or {})

    @property
    def engine(self):
        if self._engine is None:
            # pylint: disable-next=import-outside-toplevel
            from sqlalchemy import create_engine
            from sqlalchemy.pool import NullPool  # pylint: disable=import-outside-toplevel

            address = self.address()
            self._engine = create_engine(
                self.url(address), poolclass=NullPool, connect_args=self.connect_args(address)
            )
        return self._engine

    def address(self) -> str:
        """The checked address to connect to (see ssrf.py)."""
        host = str(self.require("host"))
        return host_resolve(host, int(self.config.get("port") or self.default_port))

    @property
    def inspector(self):
        if self._inspector is None:
            from sqlalchemy import inspect  # pylint: disable=import-outside-toplevel

            self._inspector = inspect(self.engine)
        return self._inspector

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()

    # -- naming ----------------------------------------------------------------------------------

    def dataset_name(self, schema: str, name: str) -> str:
        return f"{schema}.{name}"

    def urn(self, schema: str, name: str) -> str:
        return str(
            DatasetUrn.build(
                platform=self.platform, name=self.dataset_name(schema, name), origin=self.origin
            )
        )

    # -- containers (DataHub's: see ingestion/containers.py) ---------------------------------------

    two_tier = False  # MySQL: each schema is a database, with no schema container below it

    def database_key_name(self) -> str:
        """The database's name in its container key, as DataHub's source for it has it."""
        return str(self.require("database"))

    def database_display_name(self) -> str:
        return self.database_key_name()

    def container(self, schema: str) -> str:
        """The URN of the container a table of ``schema`` is in, registered for the runner."""
        if self.two_tier:
            spec = database_container(platform=self.platform, database=schema, origin=self.origin)
            return self.container_add(spec).urn
        database = self.container_add(
            database_container(
                platform=self.platform,
                database=self.database_key_name(),
                origin=self.origin,
                name=self.database_display_name(),
            )
        )
        spec = schema_container(
            platform=self.platform,
            database=self.database_key_name(),
            schema=schema,
            origin=self.origin,
            parent=database,
        )
        return self.container_add(spec).urn

    # -- units -----------------------------------------------------------------------------------

    def schemas(self) -> list[str]:
        wanted = self.config.get("schemas")
        names = self.inspector.get_schema_names()
        if wanted:
            return [name for name in names if name in set(wanted)]
        return [name for name in names if name not in self.system_schemas]

    def units(self) -> list[str]:
        keys = []
        include_views = self.config.get("include_views", True)
        for schema in self.schemas():
            keys += [
                _SEP.join((schema, "table", t)) for t in self.inspector.get_table_names(schema)
            ]
            if include_views:
                keys += [
                    _SEP.join((schema, "view", v)) for v in self.inspector.get_view_names(schema)
                ]
        return sorted(keys)

    # -- reading ---------------------------------------------------------------------------------

    def view_definition(self, schema: str, view: str) -> str:
        return self.inspector.get_view_definition(view, schema) or ""

    def fields(self, schema: str, name: str) -> list[FieldSpec]:
        try:
            keys = set(self.inspector.get_pk_constraint(name, schema).get("constrained_columns"))
        except NotImplementedError:
            keys = set()
        specs = []
        for ordinal, column in enumerate(self.inspector.get_columns(name, schema)):
            native = str(column["type"].compile(dialect=self.engine.dialect))
            specs.append(
                FieldSpec(
                    field_path=column["name"],
                    type=sql_type_normalize(native),
                    native_type=native[:500],
                    nullable=bool(column.get("nullable", True)),
                    is_key=column["name"] in keys,
                    description=column.get("comment") or "",
                    ordinal=ordinal,
                )
            )
        return specs

    def read(self, unit: str) -> Iterable[IngestItem]:
        schema, kind, name = unit.split(_SEP)
        try:
            comment = self.inspector.get_table_comment(name, schema).get("text") or ""
        except NotImplementedError:
            comment = ""
        properties = {"table_type": kind.upper(), "schema": schema}
        upstreams = []
        if kind == "view":
            definition = self.view_definition(schema, name)
            properties["view_definition"] = definition[:4000]
            try:
                tables = view_tables(definition, dialect=self.dialect, default_schema=schema)
            except Exception:  # pylint: disable=broad-exception-caught
                # sqlglot raises its own ParseError/TokenError and, on odd input, others.
                tables = []
                properties["view_lineage"] = "definition not parsed"
            upstreams = [
                UpstreamSpec(urn=self.urn(up_schema, up_name), type=LineageType.VIEW)
                for up_schema, up_name in tables
                if (up_schema, up_name) != (schema, name)
            ]
        yield IngestItem(
            urn=self.urn(schema, name),
            description=comment,
            qualified_name=self.dataset_name(schema, name),
            custom_properties=properties,
            schema=self.fields(schema, name),
            upstreams=upstreams,
            container=self.container(schema),
        )
