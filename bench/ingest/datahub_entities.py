"""What MDT keeps of a DataHub export, by entity type and aspect: how many records carry each
aspect, how many MDT stored, how many it skipped (counted, never silently) and how many it refused.

    python bench/ingest/datahub_entities.py                    # a fresh SQLite file
    python bench/ingest/datahub_entities.py --database-url postgres://postgres@127.0.0.1/mdt_x

The export is written by DataHub's own classes, in the ``datahub`` tool venv
(``ingestion/tests/fixtures/datahub/write_files.py``): datasets with every aspect MDT maps, the
entities around them (people, groups, tags, glossary term groups and terms, a domain, containers,
a pipeline and its tasks, a chart, a dashboard, their owners) and some MDT does not model (an ML
model, a process run, a tag's status). Each of its encodings is loaded into a fresh database with
``records_ingest`` (what ``manage.py ingest_datahub`` does); the plain file's table is printed,
and the other encodings must give the same one. ``aspect.field`` rows are parts of an aspect MDT
has no place for (a task's upstream tasks), counted apart from the aspect that was stored.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
ENCODINGS = ("cli.json", "avro.json", "cli.jsonl")


def export_write(out: Path) -> None:
    from tests.tools import tool  # pylint: disable=import-outside-toplevel

    script = ROOT / "ingestion" / "tests" / "fixtures" / "datahub" / "write_files.py"
    subprocess.run([str(tool("datahub", "python")), str(script), str(out)], check=True)


def table(path: Path) -> list[tuple[str, str, int, int, int, int]]:
    """(entity type, aspect, records, stored, skipped, refused) for the file at ``path``."""
    # pylint: disable=import-outside-toplevel
    import importlib

    from django.apps import apps
    from django.core.management import call_command

    from ingestion.datahub import records_ingest
    from ingestion.datahub.records import proposals_of
    from ingestion.management.commands.ingest_datahub import records_read

    call_command("flush", interactive=False, verbosity=0)  # and the platforms seeded, again:
    importlib.import_module("catalog.migrations.0002_seed_platforms").seed(apps, None)
    records = records_read(path)
    carried: Counter = Counter()
    refused: Counter = Counter()
    for record in records:
        for proposal in proposals_of(record):
            carried[(proposal.entity_type, proposal.aspect)] += 1
    result = records_ingest(records, actor="urn:li:corpuser:bench")
    for error in result.record_errors:
        for proposal in proposals_of(records[error["index"]]):
            refused[(proposal.entity_type, proposal.aspect)] += 1
    refused.update(("dataset", "(dataset refused by the writer)") for _ in result.batch.errors)
    keys = sorted(set(carried) | set(result.stored) | set(result.skipped) | set(refused))
    return [
        (kind, aspect, carried[(kind, aspect)], result.stored[(kind, aspect)],
         result.skipped[(kind, aspect)], refused[(kind, aspect)])
        for kind, aspect in keys
    ]  # fmt: skip


def render(rows: list[tuple[str, str, int, int, int, int]]) -> str:
    head = ("entity type", "aspect", "records", "stored", "skipped", "refused")
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]
    lines = []
    for row in [head, tuple("-" * w for w in widths), *rows]:
        cells = [
            str(v).ljust(w) if i < 2 else str(v).rjust(w)
            for i, (v, w) in enumerate(zip(row, widths))
        ]
        lines.append("| " + " | ".join(cells) + " |")
    carried, stored, skipped, refused = (sum(row[i] for row in rows) for i in range(2, 6))
    parts = sum(row[4] for row in rows if "." in row[1])
    lines.append(
        f"total: {carried} aspects in the file, {stored} stored, {skipped - parts} skipped, "
        f"{refused} refused; {parts} parts of stored aspects skipped"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{out / 'mdt.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metadata_discovery.settings.local")
        os.environ["SEARCH_BULK_INDEXING"] = "inline"
        export_write(out)
        import django  # pylint: disable=import-outside-toplevel

        django.setup()
        from django.core.management import call_command  # pylint: disable=C0415

        call_command("migrate", verbosity=0)
        tables = {name: table(out / name) for name in ENCODINGS}
    print(render(tables["cli.json"]))
    for name in ENCODINGS[1:]:
        same = tables[name] == tables["cli.json"]
        print(f"{name}: {'the same table' if same else 'DIFFERS: ' + render(tables[name])}")


if __name__ == "__main__":
    main()
