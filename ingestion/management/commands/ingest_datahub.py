"""`python manage.py ingest_datahub FILE [FILE…]`: load DataHub MCE/MCP JSON files (what the
`datahub` CLI's file sink writes, or DataHub's sample MCE files) into the catalog."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingestion.datahub import records_ingest


def records_read(path: Path) -> list[dict]:
    """A JSON array of records, one record, or JSON lines."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        try:
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path}: not JSON or JSON lines ({exc})") from exc
    return data if isinstance(data, list) else [data]


class Command(BaseCommand):
    help = "Load DataHub MCE/MCP JSON files into the catalog."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="DataHub JSON files (MCEs and/or MCPs)")
        parser.add_argument(
            "--actor",
            default="urn:li:corpuser:datahub-ingestion",
            help="who the change history names (default: %(default)s)",
        )

    def handle(self, *args, **options):
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            result = records_ingest(records_read(path), actor=options["actor"]).as_dict()
            self.stdout.write(
                f"{path}: {result['created']} created, {result['updated']} updated, "
                f"{result['unchanged']} unchanged, {result['failed']} failed; "
                f"{result['aspects']} aspects mapped, skipped aspects "
                f"{result['skipped_aspects'] or 'none'}, skipped entities "
                f"{result['skipped_entities'] or 'none'}"
            )
            for error in result["errors"]:
                self.stderr.write(f"  {error['urn']}: {error['message']}")
