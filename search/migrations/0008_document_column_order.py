"""PostgreSQL: rebuild the document table with the columns a search reads first
(``search.table``). Column order means nothing to Django, so the reverse is a no-op.

The rebuild copies every document: 25 s per 100k on a 2-core machine. ``zappa manage … migrate``
runs inside the function, which may run 30 s, so a table above REBUILD_LIMIT documents is left
as it is (searches work the same, ~10% slower at 100k) and the migration says how to rebuild it
from a machine with database access: ``python manage.py search_table_rebuild``.
"""

from django.db import migrations

from search.table import TABLE, rebuild_document_table

REBUILD_LIMIT = 50_000


def reorder(apps, schema_editor):
    del apps
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [TABLE])
        (documents,) = cursor.fetchone()
        if documents < 0:  # never analyzed: count
            cursor.execute(f'SELECT count(*) FROM "{TABLE}"')
            (documents,) = cursor.fetchone()
    if documents > REBUILD_LIMIT:
        print(
            f"\n  {TABLE} holds ~{documents} documents: left in its column order. To rebuild it "
            "(searches read fewer bytes per document), run `python manage.py "
            "search_table_rebuild` where no time limit applies."
        )
        return
    rebuild_document_table(schema_editor)


class Migration(migrations.Migration):
    # The copy and the swap happen in one transaction: no search sees the table half built.
    atomic = True

    dependencies = [("search", "0007_name_vector")]

    operations = [migrations.RunPython(reorder, migrations.RunPython.noop)]
