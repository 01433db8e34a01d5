from django.core.management.base import BaseCommand
from tqdm import tqdm

from catalog.models import Dataset
from search.backends import get_backend
from search.management.progress import batch_progress
from search.services import search_reindex


class Command(BaseCommand):
    help = "Rebuild the search index from the catalog (on OpenSearch: a new index, alias swap)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, **options):
        total = Dataset.objects.count()
        backend = get_backend()
        with tqdm(total=total, unit="datasets", desc="reindex", disable=None) as progress_bar:
            indexed = search_reindex(
                batch_size=options["batch_size"], progress=batch_progress(progress_bar.update)
            )
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {indexed} datasets into the {backend.name} backend.")
        )
