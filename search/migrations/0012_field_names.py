"""Each document's field names, lowercased (``DatasetDocument.field_names``): a dataset with a
field named as the whole query (``user_name``) ranks with the exact names, where holding the
query's words in its field names put it behind every dataset whose name holds them.

PostgreSQL reads those datasets as ranking tiers (``search.backends.database.ranked``), a few
name lengths at a time like the others, through a GIN index of ``mdt_field_vector``: each field
name as a lexeme (``~fuser_name``) and the name's length (``~l17``, as in the vectors of
migration 0009). The prefixes keep them apart from each other and from any search term (terms
are letters and digits), and one lookup of a common field name and a few lengths together does
not gather every dataset with that field (``channel`` is in 28% of the demo catalog). An
expression index, not a generated column: adding it rewrites no row.

The column starts empty: the documents already indexed get their field names, and the field
tags and terms and custom property values documents now hold, when they are built again, so run
``python manage.py search_reindex`` after migrating. Until then those documents search as
before. Adding the column rewrites nothing (a constant default); the index over empty lists
builds in seconds.
"""

from django.db import migrations, models

POSTGRES_FORWARD = [
    """
    CREATE FUNCTION mdt_field_vector(names jsonb, name text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT array_to_tsvector(
        ARRAY(SELECT '~f' || n FROM jsonb_array_elements_text(names) n)
        || ('~l' || least(length(name), 99)::text)
      )
    $$
    """,
    "CREATE INDEX search_doc_field_vector ON search_datasetdocument "
    "USING gin (mdt_field_vector(field_names, name))",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_field_vector",
    "DROP FUNCTION IF EXISTS mdt_field_vector(jsonb, text)",
]


def _run(statements):
    def run(apps, schema_editor):
        del apps
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0011_word_pairs")]
    operations = [
        migrations.AddField(
            model_name="datasetdocument",
            name="field_names",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD)),
    ]
