"""Full-text structures of the database backend, per database vendor.

PostgreSQL: a generated, weighted tsvector (A name, B words inside names, field names, tags and
owners, C descriptions and docs, D platform/origin/domain) with a GIN index, a pg_trgm GIN index
for misspelled names, and a GIN index on the facet pairs. SQLite: FTS5 tables keyed by dataset id (one word-tokenized, one trigram).
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    ALTER TABLE search_datasetdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(name_text, '')), 'A')
        || setweight(to_tsvector('simple', coalesce(name_infix, '') || ' '
                                           || coalesce(fields_text, '') || ' '
                                           || coalesce(meta_text, '')), 'B')
        || setweight(to_tsvector('english', coalesce(body_text, '')), 'C')
        || setweight(to_tsvector('simple', coalesce(platform, '') || ' ' || coalesce(origin, '')
                                           || ' ' || coalesce(domain, '')), 'D')
    ) STORED
    """,
    "CREATE INDEX search_doc_vector_gin ON search_datasetdocument USING gin (search_vector)",
    "CREATE INDEX search_doc_name_trgm ON search_datasetdocument "
    "USING gin (name_text gin_trgm_ops)",
    "CREATE INDEX search_doc_facets_gin ON search_datasetdocument USING gin (facets_folded)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_facets_gin",
    "DROP INDEX IF EXISTS search_doc_name_trgm",
    "DROP INDEX IF EXISTS search_doc_vector_gin",
    "ALTER TABLE search_datasetdocument DROP COLUMN IF EXISTS search_vector",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "name_text, name_infix, fields_text, meta_text, body_text, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE search_trgm USING fts5(name_text, tokenize = 'trigram')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_trgm"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        del apps
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
