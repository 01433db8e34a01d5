"""`python manage.py ingest_datahub FILE [FILE…]`: load DataHub MCE/MCP files into the catalog:
a JSON array (what the `datahub` CLI's file sink writes, and DataHub's sample and export files,
in either of DataHub's JSON encodings), one record, or JSON Lines. An unreadable record (or line)
is that record's error; the others load. Each file is one ingestion run."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ingestion.datahub import MalformedRecord, records_ingest
from ingestion.datahub.run_log import run_record


def records_read(path: Path) -> list[Any]:
    """A JSON array of records, one record, or JSON Lines (a line that is not JSON stands in
    the list as the ``MalformedRecord`` saying so)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: not UTF-8 text ({exc})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as whole:
        lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        if len(lines) < 2:
            raise CommandError(f"{path}: not JSON or JSON Lines ({whole})") from whole
        records: list[Any] = []
        for number, line in lines:
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                records.append(MalformedRecord(f"line {number} is not JSON: {exc}"))
        return records
    return data if isinstance(data, list) else [data]


class Command(BaseCommand):
    help = "Load DataHub MCE/MCP JSON files (either encoding, or JSON Lines) into the catalog."

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
            result = records_ingest(records_read(path), actor=options["actor"])
            run = run_record(
                result, name=str(path), source_type="datahub-file", actor=options["actor"]
            )
            done = result.as_dict()
            self.stdout.write(
                f"{path}: {done['records']} records, {done['created']} created, "
                f"{done['updated']} updated, {done['unchanged']} unchanged, "
                f"{result.failed} failed; {done['aspects']} aspects mapped; "
                f"ingestion run {run.pk}"
            )
            for warning in result.warnings():
                self.stdout.write(f"  warning: {warning}")
            for error in result.record_errors:
                self.stderr.write(f"  record {error['index']}: {error['message']}")
            for error in done["errors"]:
                self.stderr.write(f"  {error['urn']}: {error['message']}")
