"""DataHub file ingestion: a file of mixed DataHub records (datasets with every aspect MDT maps,
people, tags, terms, jobs, aspects MDT does not store), in both of DataHub's encodings, against
MDT's own bulk path for the same datasets, in the same run and database server.

    python bench/ingest/datahub_file.py                   # 10,000 records, 3 rounds, PostgreSQL
    python bench/ingest/datahub_file.py --records 2000 --rounds 1 \\
        --database-url sqlite:////tmp/bench-datahub.sqlite3

The records are written by DataHub's own classes (``datahub_records.py``, in the ``datahub`` tool
venv), before any clock starts. Each measurement runs in a fresh process on a fresh database
(migrated before its clock starts), in rounds that interleave the three paths:

* ``datahub plain``: ``records_ingest`` on the file the ``datahub`` CLI's file sink writes (what
  ``manage.py ingest_datahub`` does, reading included);
* ``datahub avro``: the same records in Avro's JSON encoding (DataHub's sample/export files);
* ``bulk baseline``: the ``IngestItem``s that mapping produced, written by ``ingest_batch``
  alone, the path MDT's bulk API ends in. The ratio to it is what DataHub's shapes cost.

Search indexing runs inline (in the write) on every path alike.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.ingest.run import reset_postgres_database  # noqa: E402  pylint: disable=C0413

MODES = ("datahub plain", "datahub avro", "bulk baseline")


def worker(mode: str, files: Path) -> None:
    # pylint: disable=import-outside-toplevel
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metadata_discovery.settings.local")
    os.environ["SEARCH_BULK_INDEXING"] = "inline"
    django.setup()
    from django.core.management import call_command

    from catalog.models import Dataset
    from catalog.writer.ingest import ingest_batch
    from ingestion.datahub import records_ingest
    from ingestion.datahub.records import _Batch, proposals_of
    from ingestion.datahub.mapping import DataHubResult
    from ingestion.management.commands.ingest_datahub import records_read

    call_command("migrate", verbosity=0)
    actor = "urn:li:corpuser:bench"
    path = files / ("avro.json" if mode == "datahub avro" else "plain.json")
    if mode == "bulk baseline":
        batch = _Batch(DataHubResult())
        for record in records_read(path):
            batch.take(record)
        items = [entry.finish(None) for entry in batch.datasets.values()]
        started = time.perf_counter()
        ingest_batch(items, actor=actor)
        seconds = time.perf_counter() - started
        records = sum(len(proposals_of(r)) > 0 for r in records_read(path))
    else:
        started = time.perf_counter()
        records_list = records_read(path)
        result = records_ingest(records_list, actor=actor)
        seconds = time.perf_counter() - started
        assert result.failed == 0, result.record_errors[:3] or result.batch.errors[:3]
        records = result.records
    print(
        json.dumps(
            {
                "mode": mode,
                "seconds": seconds,
                "records": records,
                "datasets": Dataset.objects.count(),
            }
        ),
        flush=True,
    )


def _reset(url: str) -> None:
    if url.startswith("postgres"):
        reset_postgres_database(url)
    elif url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/mdt_bench_datahub"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--files", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, Path(args.files))
        return

    from tests.tools import tool  # pylint: disable=import-outside-toplevel

    with tempfile.TemporaryDirectory() as tmp:
        files = Path(tmp)
        subprocess.run(
            [str(tool("datahub", "python")), str(Path(__file__).with_name("datahub_records.py"))]
            + [str(files), str(args.records)],
            check=True,
        )
        sizes = {name: (files / name).stat().st_size for name in ("plain.json", "avro.json")}
        seconds: dict[str, list[float]] = {mode: [] for mode in MODES}
        shown: dict[str, dict] = {}
        for _ in range(args.rounds):
            for mode in MODES:
                _reset(args.database_url)
                run = subprocess.run(
                    [sys.executable, __file__, "--worker", mode, "--files", str(files)],
                    env={**os.environ, "DATABASE_URL": args.database_url},
                    check=True,
                    capture_output=True,
                    text=True,
                )
                line = json.loads(run.stdout.strip().splitlines()[-1])
                seconds[mode].append(line["seconds"])
                shown[mode] = line
    print(
        f"\n{args.records} DataHub records ({shown['datahub plain']['datasets']} datasets), "
        f"{args.rounds} round(s), {args.database_url.split(':', 1)[0]}; files: plain "
        f"{sizes['plain.json'] / 1e6:.1f} MB, Avro JSON {sizes['avro.json'] / 1e6:.1f} MB"
    )
    baseline = statistics.median(seconds["bulk baseline"])
    print(
        f"{'path':16} {'median s':>9} {'min s':>7} {'records/s':>10} {'datasets/s':>11} {'vs bulk':>8}"
    )
    for mode in MODES:
        median = statistics.median(seconds[mode])
        datasets = shown[mode]["datasets"]
        print(
            f"{mode:16} {median:9.2f} {min(seconds[mode]):7.2f} "
            f"{args.records / median:10.0f} {datasets / median:11.0f} {median / baseline:7.2f}x"
        )


if __name__ == "__main__":
    main()
