"""The catalog's bulk write path: ``batch.ingest_batch`` (and the planner in ``bulk``) and the
parsing of ingest documents (``serializers``). Whatever feeds it (the ingest API, DataHub and
OpenLineage adapters, crawlers, recipes and their runs) is the ``ingestion`` app."""
