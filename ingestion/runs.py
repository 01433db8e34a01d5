"""Running a recipe: read the source unit by unit, write through ``ingest_batch``, record the
run, and at the end of a complete run soft-delete what the source stopped reporting.

Stateful ingestion keeps one ``IngestionSighting`` row per (recipe, URN). Entities not seen by
a finished run are removed (``removed=True`` through ``ingest_batch``) unless the run had errors
or they would exceed ``max_removal_share`` of what the recipe reported before; a recipe's later
sighting of an entity it removed restores it. Entities removed by hand are not restored.

A deadline makes the run stop between units and keep a cursor, so the next invocation of the
same recipe continues the same run. It is a plain number: the caller that knows the time budget
(the Lambda edge, ``metadata_discovery/jobs.py``, from its context) computes it; this module
knows nothing of Lambda.
"""

import dataclasses
import time
from datetime import timedelta
from typing import Any, Callable, Iterable, Sequence

from django.db import connection, transaction
from django.utils import timezone

from catalog.writer.ingest import ingest_batch
from catalog.writer.items import IngestItem
from catalog.models import Dataset
from core.errors import ApplicationError
from ingestion.containers import ContainerSpec, containers_write
from ingestion.models import IngestionRun, IngestionRunStatus, IngestionSighting
from ingestion.recipes import Recipe, SecretResolver, config_resolve
from ingestion.sources import source_build


@dataclasses.dataclass
class RunControl:
    """How a run may behave: it stops between units once less than ``margin`` seconds are left
    before ``deadline`` (a time on ``clock``'s scale, ``time.monotonic`` unless the caller says
    otherwise; none: no limit); ``progress`` is told each unit."""

    deadline: float | None = None
    margin: float = 60.0
    clock: Callable[[], float] = time.monotonic
    progress: Callable[[str], None] | None = None
    units_known: Callable[[int], None] | None = None  # how many units this invocation reads
    resume: bool = False


def _actor(recipe: Recipe) -> str:
    return f"urn:li:corpuser:ingestion-{recipe.name}"


def _error_add(run: IngestionRun, entry: dict[str, Any]) -> None:
    if len(run.errors) < IngestionRun.MAX_ERRORS:
        run.errors.append(entry)


def _run_open(recipe: Recipe, *, dry_run: bool, resume: bool) -> IngestionRun:
    if resume and not dry_run:
        run = (
            IngestionRun.objects.filter(
                recipe_name=recipe.name, status=IngestionRunStatus.RUNNING, dry_run=False
            )
            .exclude(cursor=None)
            .order_by("-id")
            .first()
        )
        if run is not None:
            run.cursor = {**run.cursor, "invocations": run.cursor.get("invocations", 1) + 1}
            return run
    return IngestionRun.objects.create(
        recipe_name=recipe.name,
        source_type=recipe.source_type,
        dry_run=dry_run,
        actor=_actor(recipe),
        cursor={"after": None, "invocations": 1},
    )


def _restores(recipe: Recipe, items: list[IngestItem]) -> list[IngestItem]:
    """Items this recipe soft-deleted earlier come back: they carry ``removed=False``."""
    if not recipe.stateful:
        return items
    removed = set(
        IngestionSighting.objects.filter(
            recipe_name=recipe.name, removed=True, urn__in=[item.urn for item in items]
        ).values_list("urn", flat=True)
    )
    return [dataclasses.replace(i, removed=False) if i.urn in removed else i for i in items]


def _sightings_record(recipe: Recipe, run: IngestionRun, urns: list[str]) -> None:
    now = timezone.now()
    rows = [
        IngestionSighting(
            recipe_name=recipe.name, urn=urn, last_run=run, first_seen_at=now, last_seen_at=now
        )
        for urn in dict.fromkeys(urns)
    ]
    kwargs: dict[str, Any] = {
        "update_conflicts": True,
        "update_fields": ["last_run", "last_seen_at", "removed"],
    }
    if connection.features.supports_update_conflicts_with_target:
        kwargs["unique_fields"] = ["recipe_name", "urn"]
    IngestionSighting.objects.bulk_create(rows, batch_size=1000, **kwargs)


def _flush(
    recipe: Recipe,
    run: IngestionRun,
    items: list[IngestItem],
    seen: set[str],
    containers: Sequence[ContainerSpec] = (),
) -> None:
    """Write a batch; the containers its items are the first to name are written in the same
    transaction, before them."""
    if not items:
        return
    if run.dry_run:
        urns = {item.urn for item in items}
        existing = Dataset.objects.filter(urn__in=urns).count()
        run.created += len(urns) - existing  # would be created
        run.updated += existing  # would be rewritten (changed or not: nothing is compared)
        seen.update(urns)
        return
    with transaction.atomic():
        containers_write(containers, actor=run.actor)
        result = ingest_batch(_restores(recipe, items), actor=run.actor)
    run.created += result.created
    run.updated += result.updated
    run.unchanged += result.unchanged
    run.failed += len(result.errors)
    for error in result.errors:
        _error_add(run, {"urn": error.urn, "code": error.code, "message": error.message})
    if result.schema_breaks:
        breaks = run.summary.setdefault("schema_breaks", [])
        breaks.extend(result.schema_breaks[: IngestionRun.MAX_ERRORS - len(breaks)])
    if recipe.stateful:
        _sightings_record(recipe, run, result.urns)


def _stale(recipe: Recipe, run: IngestionRun, seen: set[str]) -> tuple[list[str], int]:
    """The URNs the recipe reported before but not in this run, and how many it reported."""
    active = IngestionSighting.objects.filter(recipe_name=recipe.name, removed=False)
    if run.dry_run:
        known = list(active.values_list("urn", flat=True))
        return sorted(set(known) - seen), len(known)
    stale = active.exclude(last_run=run).values_list("urn", flat=True)
    return sorted(stale), active.filter(first_seen_at__lt=run.started_at).count()


def _removal(recipe: Recipe, run: IngestionRun, seen: set[str]) -> None:
    stale, known = _stale(recipe, run, seen)
    share = len(stale) / known if known else 0.0
    run.summary |= {"stale": len(stale), "known": known, "share": round(share, 4)}
    if run.dry_run:
        run.summary["would_remove"] = stale[: IngestionRun.MAX_ERRORS]
    if not stale:
        run.summary["removal"] = "nothing to remove"
        return
    if run.failed or run.errors:
        run.summary["removal"] = "skipped: the run had errors"
        return
    if share > recipe.max_removal_share:
        run.summary["removal"] = (
            f"skipped: {len(stale)} of {known} ({share:.0%}) exceeds max_removal_share "
            f"{recipe.max_removal_share:.0%}"
        )
        return
    if run.dry_run:
        run.summary["removal"] = "dry run: nothing written"
        run.removed = len(stale)
        return
    for start in range(0, len(stale), recipe.batch_size):
        chunk = stale[start : start + recipe.batch_size]
        result = ingest_batch([IngestItem(urn=urn, removed=True) for urn in chunk], actor=run.actor)
        removed = set(result.urns)
        IngestionSighting.objects.filter(recipe_name=recipe.name, urn__in=removed).update(
            removed=True
        )
        run.removed += len(removed)
        for error in result.errors:
            _error_add(run, {"urn": error.urn, "code": error.code, "message": error.message})
    run.summary["removal"] = "done"


def _units_after(units: Iterable[str], after: str | None) -> list[str]:
    """The units past the cursor, in the order of their stored names."""
    return sorted(
        (unit for unit in units if after is None or _storable(unit) > after), key=_storable
    )


def _storable(text: str) -> str:
    """``text`` (a unit's name, an error message) as it can be stored. A file name of bytes that
    are not UTF-8 reaches Python as lone surrogates (surrogateescape), which PostgreSQL refuses
    in text and JSON: those bytes are written as ``\\xNN``."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            raw = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raw = text.encode("utf-8", "backslashreplace")
        return raw.decode("utf-8", "backslashreplace")


def recipe_run(
    *,
    recipe: Recipe,
    dry_run: bool = False,
    control: RunControl | None = None,
    secrets: SecretResolver | None = None,
) -> IngestionRun:
    """Run ``recipe`` (or continue its unfinished run when ``control.resume``); return the run.
    A run that stopped for time is left ``running`` with its cursor. ``secrets`` resolves the
    recipe's ``{secret: …}`` references (see ``recipes``)."""
    control = control or RunControl()
    run = _run_open(recipe, dry_run=dry_run, resume=control.resume)
    run.save()
    source = None
    seen: set[str] = set()
    try:
        config = config_resolve(recipe.config, secrets=secrets)
        source = source_build(recipe.source_type, config, origin=recipe.origin)
        units = _units_after(source.units(), run.cursor.get("after"))
        if control.units_known:
            control.units_known(len(units))
        buffer: list[IngestItem] = []
        for done, unit in enumerate(units):
            # At least one unit per invocation, so a run always moves forward.
            if done and _out_of_time(control):
                _flush(recipe, run, buffer, seen, source.containers_take())
                run.save()
                return run  # out of time: the next invocation continues after the cursor
            label = _storable(unit)
            try:
                if label != unit:
                    raise ValueError(f"The name is not UTF-8 ({label}): rename it to crawl it.")
                buffer.extend(source.read(unit))
            except Exception as exc:  # pylint: disable=broad-exception-caught
                # One unreadable table must not lose the others; it counts as an error, so the
                # stateful removal is held back for this run.
                run.failed += 1
                _error_add(
                    run,
                    {"unit": label, "code": "source_error", "message": _storable(str(exc))[:500]},
                )
            if len(buffer) >= recipe.batch_size:
                _flush(recipe, run, buffer, seen, source.containers_take())
                buffer = []
            run.cursor = {**run.cursor, "after": label}
            if not buffer:
                run.save()
            if control.progress:
                control.progress(label)
        _flush(recipe, run, buffer, seen, source.containers_take())
        if recipe.stateful:
            with transaction.atomic():
                _removal(recipe, run, seen)
        run.status = IngestionRunStatus.PARTIAL if _partial(run) else IngestionRunStatus.SUCCEEDED
    except Exception as exc:  # pylint: disable=broad-exception-caught
        run.status = IngestionRunStatus.FAILED
        message = _storable(exc.message if isinstance(exc, ApplicationError) else str(exc))
        _error_add(run, {"code": getattr(exc, "code", "source_error"), "message": message[:1000]})
    finally:
        if source is not None:
            source.close()
    run.cursor = None
    run.finished_at = timezone.now()
    run.save()
    return run


def _out_of_time(control: RunControl) -> bool:
    if control.deadline is None:
        return False
    return control.deadline - control.clock() < control.margin


def _partial(run: IngestionRun) -> bool:
    return bool(run.failed or str(run.summary.get("removal", "")).startswith("skipped"))


# A failed run is tried again after 15 minutes, then 30, 60, … (never later than the recipe's own
# interval): a nightly crawl whose database was restarting at 01:00 runs again that night, not
# the next one. Failed means nothing was written (a partial run wrote what it could).
RETRY_AFTER_FAILURE_MINUTES = 15


def ingestion_run_due(recipe_name: str, min_interval_minutes: float) -> bool:
    """Whether a schedule should start or continue the recipe: always when a chunked run is
    unfinished; after a failed run, once its retry backoff has passed; otherwise when its last
    run started at least ``min_interval_minutes`` ago."""
    runs = IngestionRun.objects.filter(recipe_name=recipe_name, dry_run=False)
    if runs.filter(status=IngestionRunStatus.RUNNING).exclude(cursor=None).exists():
        return True
    recent = list(runs.order_by("-started_at").values_list("started_at", "status")[:8])
    if not recent:
        return True
    failures = next(
        (n for n, (_, status) in enumerate(recent) if status != IngestionRunStatus.FAILED),
        len(recent),
    )
    wait = min_interval_minutes
    if failures:
        wait = min(wait, RETRY_AFTER_FAILURE_MINUTES * 2 ** (failures - 1))
    return timezone.now() - recent[0][0] >= timedelta(minutes=wait)


def ingestion_run_list(*, recipe_name: str = "", status: str = ""):
    runs = IngestionRun.objects.all()
    if recipe_name:
        runs = runs.filter(recipe_name=recipe_name)
    if status:
        runs = runs.filter(status=status)
    return runs.order_by("-started_at", "-id")
