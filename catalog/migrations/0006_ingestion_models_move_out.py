"""IngestionRun and IngestionSighting now belong to the ``ingestion`` app (its migration 0001).

Only Django's state forgets them here: their tables, ``catalog_ingestionrun`` and
``catalog_ingestionsighting``, stay as they are, rows included, and ingestion's models name them
through ``db_table``.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0005_child_rows_without_fk_checks"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="IngestionSighting"),
                migrations.DeleteModel(name="IngestionRun"),
            ],
            database_operations=[],
        ),
    ]
