"""``manage.py load_demo_catalog``: fill a local or test database with the demo catalog.

The generation and loading live in ``catalog.demo`` (through the one writer of the ingested
side); this command only checks that demo data is allowed here, shows progress and prints the
summary. Running it again skips datasets that exist. ``catalog.demo`` is imported only once the
check passed: the Lambda package leaves it out, and there the command still refuses plainly.
"""

import sys
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from catalog.models import Dataset

# Kept here rather than imported from catalog.demo (see above); test_demo checks they agree.
DEFAULT_SEED = 42
DEMO_PASSWORD = "mdt-demo"


class Command(BaseCommand):
    help = (
        "Load a deterministic demo catalog (users admin/editor/reader with password "
        f"'{DEMO_PASSWORD}', owners, groups, domains, tags, glossary groups and terms, "
        "containers, datasets with schemas and lineage, pipelines with runs, dashboards). "
        "Refused unless settings.MDT_ALLOW_DEMO_DATA is on."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--datasets", type=int, default=2000, help="datasets to generate")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if any dataset exists"
        )
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="datasets per insert transaction"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "MDT_ALLOW_DEMO_DATA", False):
            raise CommandError(
                "Demo data is disabled here (settings.MDT_ALLOW_DEMO_DATA is False): it creates "
                f"users with the public password '{DEMO_PASSWORD}'. Use the local or test "
                "settings."
            )
        from catalog.demo import (  # pylint: disable=import-outside-toplevel
            demo_catalog_load,
        )

        count, batch_size = options["datasets"], options["batch_size"]
        if count < 0 or batch_size < 1:
            raise CommandError("--datasets must be >= 0 and --batch-size >= 1.")
        if options["if_empty"] and Dataset.objects.exists():
            self.stdout.write("Datasets already exist; --if-empty given, so nothing was loaded.")
            return
        with tqdm(
            total=count,
            unit="datasets",
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
            desc="demo catalog",
        ) as progress:
            summary = demo_catalog_load(
                count=count, seed=options["seed"], batch_size=batch_size, on_batch=progress.update
            )
        self.stdout.write(self.style.SUCCESS(f"Demo catalog: {summary}"))
