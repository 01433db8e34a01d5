"""`python manage.py ingest RECIPE.yml [--dry-run] [--resume] [--secrets-manager]`: run a recipe
with a progress bar and print what the run did (it is recorded as an IngestionRun either way).

``--secrets-manager`` resolves the recipe's ``{secret: …}`` references with the function the
``INGEST_SECRET_RESOLVER`` setting names (Secrets Manager, from the project's AWS edge): a
dotted path, so this app imports no AWS code and a laptop run without the flag touches none.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string
from tqdm import tqdm

from core.errors import ApplicationError
from ingestion.models import IngestionRunStatus
from ingestion.recipes import recipe_load
from ingestion.runs import RunControl, recipe_run


class Command(BaseCommand):
    help = "Crawl a source described by a YAML recipe into the catalog."

    def add_arguments(self, parser):
        parser.add_argument("recipe", help="path to the recipe YAML file")
        parser.add_argument(
            "--dry-run", action="store_true", help="read the source and print the diff only"
        )
        parser.add_argument(
            "--resume", action="store_true", help="continue the recipe's unfinished chunked run"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--secrets-manager",
            action="store_true",
            help="resolve {secret: ...} references from AWS Secrets Manager",
        )

    def handle(self, *args, **options):
        try:
            recipe = recipe_load(options["recipe"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        progress = tqdm(
            desc=f"{recipe.name} ({recipe.source_type})",
            unit="unit",
            disable=options["no_progress"],
            file=self.stderr,
        )
        with progress:
            run = recipe_run(
                recipe=recipe,
                dry_run=options["dry_run"],
                control=RunControl(
                    progress=lambda unit: progress.update(1),
                    units_known=lambda total: setattr(progress, "total", total),
                    resume=options["resume"],
                ),
                secrets=(
                    import_string(settings.INGEST_SECRET_RESOLVER)
                    if options["secrets_manager"]
                    else None
                ),
            )
        self._summary(run)
        if run.status == IngestionRunStatus.FAILED:
            raise CommandError(f"Run {run.id} failed: {run.errors[-1]['message']}")

    def _summary(self, run) -> None:
        write = self.stdout.write
        mode = " (dry run: nothing written)" if run.dry_run else ""
        write(f"Run {run.id} of {run.recipe_name}: {run.status}{mode}")
        write(
            f"  created {run.created}, updated {run.updated}, unchanged {run.unchanged}, "
            f"failed {run.failed}, removed {run.removed}"
            + (f" in {run.duration_seconds:.1f}s" if run.duration_seconds is not None else "")
        )
        if run.summary:
            write(
                f"  stateful: {run.summary.get('stale', 0)} no longer reported of "
                f"{run.summary.get('known', 0)} known; removal {run.summary.get('removal', '')}"
            )
        for urn in run.summary.get("would_remove", []):
            write(f"  - would remove {urn}")
        for error in run.errors[:20]:
            where = error.get("urn") or error.get("unit") or ""
            write(f"  ! {where} {error.get('code')}: {error.get('message')}".replace("\t", "/"))
