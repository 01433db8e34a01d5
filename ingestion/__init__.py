"""Ingestion: what brings metadata in from outside (the bulk API, DataHub's GMS subset and
files, OpenLineage events, crawlers run from recipes) and the record of its runs. Everything
here writes through the catalog's batch writer (``catalog.writer.ingest.ingest_batch``);
the catalog knows nothing of this app."""
