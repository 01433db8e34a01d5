"""The single writer of the ingested side of the catalog.

Every ingested dataset goes through it, however it arrives: ``dataset_upsert`` (a batch of
one), the ingest API, recipes, the DataHub and OpenLineage adapters, the demo catalog. It owns
the rules (platforms, domains, schema, owners, tags, terms, upstreams, properties, removal),
the versions and the ChangeEvent history, and writes in bulk: a segment of items with distinct
URNs is validated and planned in memory from state loaded in a few queries, then written with
a few statements a table (``segment``). The edited side (docs, people's tags, owners and field
edits) keeps its own services in ``catalog.services``.

``items`` (the vocabulary) is imported by serializers on a cold start; the rest loads with the
first write: ``from catalog.writer.ingest import ingest_batch, items_write``.
"""
