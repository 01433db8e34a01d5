"""A deterministic demo catalog, generated and loaded through the one writer of the ingested side.

Design, once:

* ``generate_catalog(count=, seed=)`` (``generator``) is pure: it yields ``DemoDataset`` values
  (no database) from ``random.Random(seed)``, so the same seed always gives the same catalog
  and tests can compare without a database. The ``WELL_KNOWN`` datasets come first and are
  built from a fixed seed of their own, so they are identical whatever ``seed`` is; ``count``
  includes them.
* Names come from word lists per subject (``vocabulary``: data, not code); a counter of base
  names (bounded by the word lists, not by ``count``) appends ``_2``, ``_3``... when a name
  repeats, so URNs stay unique at any size without remembering them all.
* Lineage only points from earlier datasets to the new one (kafka topic -> hdfs path -> hive
  table -> mysql/postgres export), chosen from a short window of recent datasets per platform,
  so the graph is a DAG with multi-hop chains, fan-in and fan-out, and memory stays bounded.
* ``demo_catalog_load`` (``load``) turns each dataset into an ``IngestItem`` and writes batches
  of them through ``catalog.writer.ingest.items_write``, one transaction each: the same rules,
  versions and ChangeEvent history as any ingestion. What people would have edited (docs,
  deprecations, editable owners/tags/terms, field classifications) is written beside it in the
  same transaction, without history of its own, as if edited before the first ingestion.
* Search: the loader does not announce its batches; the search relay's sweep
  (``manage.py search_relay``) indexes them, because it compares each dataset's version with
  the version the index last received, and these datasets have never been delivered.
* The entities around datasets (``entities``, ``entities_load``, ``entities_vocabulary``):
  glossary groups and term relations, containers (written in each batch's transaction before
  its datasets), pipelines whose tasks are the lineage edges' actors, their runs, dashboards and
  charts. They go through the entity services and draw nothing from the datasets' random
  stream, so a seed's datasets are what they were without them.
* Idempotent by skipping: a dataset whose URN already exists is left alone (with its fields,
  owners and lineage); users, groups, domains, tags and terms are created only if missing, and
  an existing user's password is never reset.

Nothing here is imported by the API: only ``load_demo_catalog`` imports it, when it runs.
"""

from catalog.demo.generator import (
    DEFAULT_SEED,
    MAX_FIELDS,
    DemoDataset,
    DemoEdge,
    DemoField,
    DemoOwner,
    generate_catalog,
)
from catalog.demo.load import (
    DEMO_PASSWORD,
    INGESTION_ACTOR,
    LoadSummary,
    demo_catalog_load,
    demo_reference_data_load,
)
from catalog.demo.vocabulary import WELL_KNOWN, WELL_KNOWN_URNS

__all__ = [
    "DEFAULT_SEED",
    "DEMO_PASSWORD",
    "INGESTION_ACTOR",
    "MAX_FIELDS",
    "WELL_KNOWN",
    "WELL_KNOWN_URNS",
    "DemoDataset",
    "DemoEdge",
    "DemoField",
    "DemoOwner",
    "LoadSummary",
    "demo_catalog_load",
    "demo_reference_data_load",
    "generate_catalog",
]
