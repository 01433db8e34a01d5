"""Schema fields and change events lose their foreign key to the dataset (see the note above
``SchemaField``): its check on each inserted row cost a fifth of PostgreSQL's time in a bulk
batch. What the key also did, refuse the deletion of a dataset that still has such rows, is
done on PostgreSQL by a statement trigger that deletes them with it.

SQLite gets no trigger: its writers take turns, so no row can be committed between Django's
cascade and the dataset's deletion (and rebuilding ``catalog_dataset``, as SQLite's
migrations do, would drop it silently).
"""

import django.db.models.deletion
from django.db import migrations, models

TRIGGER = """
CREATE FUNCTION catalog_dataset_children_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM catalog_schemafield WHERE dataset_id IN (SELECT id FROM gone);
    DELETE FROM catalog_changeevent WHERE dataset_id IN (SELECT id FROM gone);
    RETURN NULL;
END
$$;
CREATE TRIGGER catalog_dataset_children_delete
    AFTER DELETE ON catalog_dataset
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_dataset_children_delete();
"""

NO_TRIGGER = """
DROP TRIGGER catalog_dataset_children_delete ON catalog_dataset;
DROP FUNCTION catalog_dataset_children_delete();
"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        del apps
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0004_redundant_fk_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="changeevent",
            name="dataset",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="changes",
                to="catalog.dataset",
            ),
        ),
        migrations.AlterField(
            model_name="schemafield",
            name="dataset",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="fields",
                to="catalog.dataset",
            ),
        ),
        migrations.RunPython(_on_postgres(TRIGGER), _on_postgres(NO_TRIGGER)),
    ]
