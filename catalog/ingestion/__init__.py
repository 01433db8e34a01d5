"""Ingestion: everything that writes ingested metadata in bulk (the bulk API, DataHub and
OpenLineage compatibility, crawlers, recipes). All of it ends in ``batch.ingest_batch``."""
