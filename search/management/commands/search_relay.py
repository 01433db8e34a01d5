from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.management.progress import batch_progress
from search.relay import pending_count, relay_pending


class Command(BaseCommand):
    help = "Deliver pending catalog changes to the search index (the scheduled sweep)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options):
        with tqdm(
            total=pending_count(), unit="datasets", desc="relay", disable=None
        ) as progress_bar:
            result = relay_pending(
                batch_size=options["batch_size"], progress=batch_progress(progress_bar.update)
            )
        if result.error:
            raise CommandError(
                f"Search backend unavailable, {result.pending_left} datasets still pending: "
                f"{result.error}"
            )
        self.stdout.write(self.style.SUCCESS(f"Delivered {result.indexed} datasets."))
