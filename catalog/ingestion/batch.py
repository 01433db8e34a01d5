"""Where the ingestion code finds the writer: ``catalog.writer`` owns the rules and the bulk
write; this module only names its entry points for the adapters, sources and recipes."""

from catalog.writer.ingest import gc_paused, ingest_batch, items_write
from catalog.writer.items import BatchResult, IngestItem, ItemError, ItemOutcome

__all__ = [
    "BatchResult",
    "IngestItem",
    "ItemError",
    "ItemOutcome",
    "gc_paused",
    "ingest_batch",
    "items_write",
]
