"""Leaner writes of schema fields and change events, the two tables a bulk ingest fills most.

* Their ``dataset`` foreign keys lose their own indexes: ``uniq_field_path`` (dataset,
  field_path) and the change events' (dataset, -id) index both start with the dataset and serve
  every lookup by it, so each insert maintained one index too many.
* On PostgreSQL, the change events' before/after JSON is compressed with lz4 rather than pglz
  when the server has it (PostgreSQL 14+ built with lz4, as Debian's and RDS's are): several
  times faster to compress, about as small. Servers without it keep pglz. Existing rows keep
  their compression; new rows use lz4.
"""

import django.db.models.deletion
from django.db import migrations, models

LZ4 = """
DO $$
BEGIN
    ALTER TABLE catalog_changeevent
        ALTER COLUMN "before" SET COMPRESSION lz4,
        ALTER COLUMN "after" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR undefined_object THEN
    RAISE NOTICE 'lz4 compression is not available: change events keep pglz';
END
$$;
"""

PGLZ = """
ALTER TABLE catalog_changeevent
    ALTER COLUMN "before" SET COMPRESSION pglz,
    ALTER COLUMN "after" SET COMPRESSION pglz;
"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        del apps
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0003_ingestion_runs"),
    ]

    operations = [
        migrations.AlterField(
            model_name="changeevent",
            name="dataset",
            field=models.ForeignKey(
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
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="fields",
                to="catalog.dataset",
            ),
        ),
        migrations.RunPython(_on_postgres(LZ4), _on_postgres(PGLZ)),
    ]
