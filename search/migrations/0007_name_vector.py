"""PostgreSQL: a GIN index on the tsvector of dataset names alone.

Autocomplete and the misspelling retry look for name tokens only. On the document's tsvector
they ask for weight A (the name), which its GIN index cannot check: every document holding a
matching token anywhere (field names, descriptions) was read and its tsvector decompressed to
test the weight. At 100k datasets a two-letter prefix took ~200 ms; on this index, 5 ms. The
misspelled ``pageveiwevent`` search went from 19.5 to 12.5 ms.
"""

from django.db import migrations

INDEX = "search_doc_name_gin"
# What search.backends.database.postgresql.NAME_VECTOR spells, so the planner matches it to the
# index.
POSTGRES_FORWARD = [
    f"CREATE INDEX {INDEX} ON search_datasetdocument "
    "USING gin (to_tsvector('simple'::regconfig, name_text))"
]
POSTGRES_BACKWARD = [f"DROP INDEX IF EXISTS {INDEX}"]


def _run(statements):
    def run(apps, schema_editor):
        del apps
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_browse_indexes")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
