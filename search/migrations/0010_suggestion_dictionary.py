"""Autocomplete from dictionaries, never a scan of the documents: field names with how many
datasets use each (``FieldName.datasets``, counted here from the documents), and dataset names
by their lowercased spelling and by their last segment (``DatasetDocument.leaf``), each read in
order from an index and cut at a few. Both indexes compare bytes (``COLLATE "C"`` on
PostgreSQL, SQLite's default), so a prefix is a range of the index.

On PostgreSQL the document table then gets the columns a search reads first again (0009 and
this one add theirs at the end), as migration 0008 does and with its size limit."""

from collections import Counter

import importlib

from django.db import migrations, models

column_order = importlib.import_module("search.migrations.0008_document_column_order")

NAME_INDEX = "search_doc_name_lower"
LEAF_INDEX = "search_doc_leaf"
FORWARD = {
    "postgresql": [
        f'CREATE INDEX {NAME_INDEX} ON search_datasetdocument ((lower(name) COLLATE "C"))',
        f'CREATE INDEX {LEAF_INDEX} ON search_datasetdocument ((leaf COLLATE "C"))',
    ],
    "sqlite": [
        f"CREATE INDEX {NAME_INDEX} ON search_datasetdocument (lower(name))",
        f"CREATE INDEX {LEAF_INDEX} ON search_datasetdocument (leaf)",
    ],
}
BACKWARD = [f"DROP INDEX IF EXISTS {NAME_INDEX}", f"DROP INDEX IF EXISTS {LEAF_INDEX}"]


def indexes(apps, schema_editor):
    del apps
    for statement in FORWARD.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def indexes_drop(apps, schema_editor):
    del apps
    for statement in BACKWARD:
        schema_editor.execute(statement)


def fill(apps, schema_editor):
    """The leaves and field-name counts of the documents already indexed."""
    documents = apps.get_model("search", "DatasetDocument")
    field_name = apps.get_model("search", "FieldName")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE search_datasetdocument "
            r"SET leaf = left(lower(regexp_replace(rtrim(name, './'), '^.*[./]', '')), 400)"
        )
        # Every row was rewritten: the planner should not meet the new indexes blind. (The old
        # row versions wait for autovacuum; until then a broad search reads about twice the
        # pages.)
        schema_editor.execute("ANALYZE search_datasetdocument")
    else:
        for dataset_id, name in documents.objects.values_list("dataset_id", "name").iterator(2000):
            leaf = name.rstrip("./").replace("/", ".").rsplit(".", 1)[-1].lower()[:400]
            documents.objects.filter(dataset_id=dataset_id).update(leaf=leaf)
    counts: Counter = Counter()
    used = documents.objects.exclude(status="removed").values_list("field_paths", flat=True)
    for paths in used.iterator(2000):
        simple = [
            ".".join(part for part in path.split(".") if not part.startswith("[")) or path
            for path in paths
        ]
        counts.update({path.rsplit(".", 1)[-1][:300] for path in simple})
    for name, count in counts.items():
        field_name.objects.filter(name=name).update(datasets=count)


class Migration(migrations.Migration):
    dependencies = [("search", "0009_tier_vectors")]
    operations = [
        migrations.AddField(
            model_name="datasetdocument",
            name="leaf",
            field=models.CharField(default="", max_length=400),
        ),
        migrations.AddField(
            model_name="fieldname",
            name="datasets",
            field=models.BigIntegerField(default=0),
        ),
        migrations.RunPython(indexes, indexes_drop),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(column_order.reorder, migrations.RunPython.noop),
    ]
