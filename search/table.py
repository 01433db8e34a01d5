"""PostgreSQL: ``search_datasetdocument`` with the columns a search reads first (migration 0008,
and ``manage.py search_table_rebuild`` for a table too large to rebuild inside a migration).

A broad query at 100k datasets reads ~20k documents in one bitmap heap scan. PostgreSQL finds a
column by walking every column before it, and the facet and sort columns (``modified_at``, the
generated ``facets_multi``) came after the body text and the ~1.3 kB tsvector. With the short
columns a search reads (status, platform, origin, domain, modified_at, name, name tokens, facet
arrays, field text) ahead of what only hydration or the index itself uses (urn, body text,
description, field paths, facet pairs, tsvector), the scan of ``orders`` at 100k measured 26 ms
before and 21 ms after, and the whole statement 78 ms before and 71 ms after.

The table is rebuilt from its own catalog entries (column types, NOT NULL, generated
expressions, check constraints, indexes), so nothing earlier migrations defined is restated
here.

Index writers wait while the table is copied (EXCLUSIVE mode: searches go on reading it);
otherwise a write made during the copy would be lost with the old table while its dataset
counted as delivered. When the new table takes the name, PostgreSQL looks the name up again for
the waiting writers, so their writes land in it (tried with a writer that first locks rows, as
``bulk_index`` does: SHARE mode would let it in and deadlock with the DROP). At 100k datasets the
rebuild took 25 s on a 2-core machine.
"""

TABLE = "search_datasetdocument"
# What a search statement reads, in this order; every other column follows in its old order.
HOT = [
    "dataset_id",
    "version",
    "status",
    "platform",
    "origin",
    "domain",
    "modified_at",
    "name",
    "name_text",
    "facets_multi",
    "name_vector",
    "fields_vector",
    "fields_text",
    "meta_text",
    "facets_folded",
]


def rebuild_document_table(schema_editor) -> None:
    """Rebuild the table with HOT first (PostgreSQL), inside the caller's transaction."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "a.attgenerated, pg_get_expr(d.adbin, d.adrelid) "
            "FROM pg_attribute a LEFT JOIN pg_attrdef d "
            "ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped "
            "ORDER BY a.attnum",
            [TABLE],
        )
        columns = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'c'",
            [TABLE],
        )
        checks = cursor.fetchall()
        cursor.execute(
            "SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "WHERE c.conrelid = %s::regclass AND c.contype = 'p'",
            [TABLE],
        )
        primary = cursor.fetchone()
        cursor.execute(
            "SELECT indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename = %s AND indexname <> %s",
            [TABLE, primary[0]],
        )
        indexes = [indexdef for (indexdef,) in cursor.fetchall()]
    by_name = {column[0]: column for column in columns}
    order = [name for name in HOT if name in by_name]
    order += [name for name, *_ in columns if name not in order]
    definitions = []
    for name in order:
        _, type_sql, not_null, generated, expression = by_name[name]
        definition = f'"{name}" {type_sql}'
        if generated == "s":
            definition += f" GENERATED ALWAYS AS ({expression}) STORED"
        elif expression is not None:
            definition += f" DEFAULT {expression}"
        if not_null:
            definition += " NOT NULL"
        definitions.append(definition)
    definitions += [f'CONSTRAINT "{name}" {check}' for name, check in checks]
    copied = ", ".join(f'"{name}"' for name in order if not by_name[name][3])
    schema_editor.execute(f'LOCK TABLE "{TABLE}" IN EXCLUSIVE MODE')
    staging = f"{TABLE}_reordered"
    schema_editor.execute(f'CREATE TABLE "{staging}" ({", ".join(definitions)})')
    schema_editor.execute(f'INSERT INTO "{staging}" ({copied}) SELECT {copied} FROM "{TABLE}"')
    schema_editor.execute(f'DROP TABLE "{TABLE}"')
    schema_editor.execute(f'ALTER TABLE "{staging}" RENAME TO "{TABLE}"')
    schema_editor.execute(f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "{primary[0]}" {primary[1]}')
    for indexdef in indexes:
        schema_editor.execute(indexdef)
    schema_editor.execute(f'ANALYZE "{TABLE}"')
