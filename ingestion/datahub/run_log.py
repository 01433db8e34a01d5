"""DataHub input leaves an ingestion run behind, as a recipe does, so that what MDT did not
store is readable afterwards (``GET /api/v1/ingestion-runs/``), not only in one response.

``datahub ingest`` sends its records in many requests, each tagged with the pipeline's run id
(``systemMetadata.runId``); the requests of one run add up on one ``IngestionRun`` named
``datahub:<runId>``. The sink never says that it is done, so the run is always as finished as
its last request: its status and end time are those of the newest request. A file loaded with
``manage.py ingest_datahub`` is one run.

The datahub CLI itself cannot show a warning: its REST sink reads nothing from a 2xx answer,
and it reports any 4xx as a failure. What MDT does not store is answered with a 200 (a pipeline
must not fail over an aspect MDT does not model yet) and counted here instead.
"""

import json
from collections import Counter
from typing import Any, Iterable

from django.db import transaction
from django.utils import timezone

from catalog.writer.rules import text_fault
from ingestion.datahub.mapping import DataHubResult, by_type
from ingestion.models import IngestionRun, IngestionRunStatus

NAME_PREFIX = "datahub:"


DEFAULT_RUN_ID = "no-run-id-provided"  # DataHub's default: records sent outside a pipeline


def run_id_of(records: Iterable[Any]) -> str:
    """The pipeline's run id the records carry (the first found), or ``""``. A pipeline's own
    report (its dataHubExecutionRequest records) carries DataHub's default id, not the run's."""
    for record in records:
        meta = record.get("systemMetadata") if isinstance(record, dict) else None
        run_id = meta.get("runId") if isinstance(meta, dict) else None
        if isinstance(run_id, str) and run_id and run_id != DEFAULT_RUN_ID:
            return run_id
    return ""


def _storable(text: Any) -> str:
    """``text`` as PostgreSQL can keep it: what a sender named (a URN, an aspect, a run id) may
    hold a NUL or an unpaired surrogate, which the run's own record must not fail on."""
    text = str(text)
    return json.dumps(text)[1:-1] if text_fault(text) else text


def _merged(summary: dict[str, Any], key: str, counts: Counter) -> dict[str, Any]:
    """``summary[key]`` (counts by entity type and aspect) with ``counts`` added."""
    total: Counter = Counter()
    for entity_type, aspects in (summary.get(key) or {}).items():
        for aspect, count in aspects.items():
            total[(entity_type, aspect)] += count
    for (entity_type, aspect), count in counts.items():
        total[(_storable(entity_type), _storable(aspect))] += count
    return by_type(total)


def run_record(result: DataHubResult, *, name: str, source_type: str, actor: str) -> IngestionRun:
    """Add ``result`` to the run called ``name`` (made on its first request)."""
    name = _storable(NAME_PREFIX + name)[:200]
    with transaction.atomic():
        run = (
            IngestionRun.objects.select_for_update()
            .filter(recipe_name=name, source_type=source_type)
            .order_by("-id")
            .first()
        )
        if run is None:
            run = IngestionRun(recipe_name=name, source_type=source_type, actor=actor[:300])
        run.created += result.batch.created
        run.updated += result.batch.updated
        run.unchanged += result.batch.unchanged
        run.failed += result.failed
        errors = [
            {
                "code": e["code"],
                "message": _storable(e["message"]),
                "urn": _storable(e["urn"]),
                "unit": f"record {e['index']}",
            }
            for e in result.record_errors
        ] + [
            {"code": e.code, "message": _storable(e.message), "urn": _storable(e.urn)}
            for e in result.batch.errors
        ]
        run.errors = (run.errors + errors)[: IngestionRun.MAX_ERRORS]
        summary = dict(run.summary or {})
        for key in ("records", "aspects", "patched", "deleted", "entities", "editable_applied"):
            summary[key] = summary.get(key, 0) + getattr(result, key)
        summary["skipped"] = _merged(summary, "skipped", result.skipped)
        summary["stored"] = _merged(summary, "stored", result.stored)
        run.summary = summary
        run.status = IngestionRunStatus.PARTIAL if run.failed else IngestionRunStatus.SUCCEEDED
        run.finished_at = timezone.now()
        run.cursor = None
        run.save()
    return run
