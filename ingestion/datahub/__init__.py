"""DataHub metadata → MDT: its files (MCE and MCP JSON in either of DataHub's encodings, JSON
Lines), its GMS REST subset (ingest, patch, read back) and the mapping of its aspects.

* ``avro_json``: DataHub's sample and export files write Avro's JSON encoding; made plain here.
* ``patch``: JSON Patch as DataHub's patch builders emit it, applied to an aspect.
* ``records``: records → proposals (one per aspect) → the writer, a record whole or not at all.
* ``mapping``: dataset aspects → MDT's ``IngestItem``.
* ``around``: the aspects of tags, terms, term groups, domains, containers, pipelines, tasks,
  charts and dashboards → the entity services; ``entities``: people and groups.
* ``readback``, ``around_read``: what MDT stores, in DataHub's aspect shapes.
"""

from ingestion.datahub.mapping import DataHubResult, MalformedRecord
from ingestion.datahub.records import records_ingest

__all__ = ["DataHubResult", "MalformedRecord", "records_ingest"]
