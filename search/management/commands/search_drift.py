from django.core.management.base import BaseCommand, CommandError

from search.services import search_drift


class Command(BaseCommand):
    help = "Report datasets missing, stale or extra in the search index; --repair fixes them."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true")
        parser.add_argument(
            "--fail", action="store_true", help="Exit non-zero when drift is found (for cron)."
        )

    def handle(self, *args, **options):
        report = search_drift(repair=options["repair"])
        self.stdout.write(
            f"catalog: {report.catalog} datasets, index: {report.indexed} documents\n"
            f"missing: {len(report.missing)}  stale: {len(report.stale)}  "
            f"extra: {len(report.extra)}"
        )
        for label, ids in (("missing", report.missing), ("stale", report.stale)):
            if ids:
                self.stdout.write(f"  {label} dataset ids (first 20): {ids[:20]}")
        if report.clean:
            self.stdout.write(self.style.SUCCESS("No drift."))
        elif options["repair"]:
            self.stdout.write(self.style.SUCCESS("Repaired."))
        elif options["fail"]:
            raise CommandError("The search index has drifted; run with --repair.")
