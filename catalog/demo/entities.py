"""The demo's entities around datasets, derived (pure, no database) from the generated datasets:
the containers a relational dataset is in, the tasks that read and write datasets (the actors
of the lineage edges) and their runs.

Nothing here draws from the datasets' random stream: containers come from a dataset's name,
tasks from its edges, runs from a generator seeded with the seed and the task's URN. So the
datasets a seed gives are what they were before these entities existed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from catalog.container_keys import container_urn, database_key, schema_key
from catalog.demo.entities_vocabulary import FLOW_INFO, job_urn
from catalog.demo.generator import DemoDataset
from catalog.demo.vocabulary import FLOWS

MAX_JOB_LINKS = 25  # inputs (and outputs) a task lists: the first ones its edges name
RUNS_PER_JOB = (3, 6)
_RUNS_END = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


@dataclass(frozen=True)
class DemoContainer:
    urn: str
    name: str
    sub_type: str
    platform: str
    parent: str | None
    qualified_name: str
    custom_properties: tuple[tuple[str, str], ...]


@lru_cache(maxsize=4096)
def _database(platform: str, database: str, origin: str) -> DemoContainer:
    key = database_key(platform=platform, database=database, origin=origin)
    return DemoContainer(
        urn=container_urn(key),
        name=database,
        sub_type="Database",
        platform=platform,
        parent=None,
        qualified_name=database,
        custom_properties=(("platform", platform), ("env", origin), ("database", database)),
    )


@lru_cache(maxsize=4096)
def _schema(platform: str, database: str, schema: str, origin: str) -> DemoContainer:
    parent = _database(platform, database, origin)
    key = schema_key(platform=platform, database=database, schema=schema, origin=origin)
    return DemoContainer(
        urn=container_urn(key),
        name=schema,
        sub_type="Schema",
        platform=platform,
        parent=parent.urn,
        qualified_name=f"{database}.{schema}",
        custom_properties=(*parent.custom_properties, ("schema", schema)),
    )


def containers_of(dataset: DemoDataset) -> tuple[DemoContainer, ...]:
    """The containers a relational dataset is in, outermost first, as DataHub's sources make
    them: PostgreSQL database → schema (``db.schema.table``), MySQL and Hive a database
    (``db.table``). Other platforms: none."""
    parts = dataset.name.split(".")
    if dataset.platform == "postgres" and len(parts) == 3:
        schema = _schema("postgres", parts[0], parts[1], dataset.origin)
        return (_database("postgres", parts[0], dataset.origin), schema)
    if dataset.platform in ("mysql", "hive") and len(parts) == 2:
        return (_database(dataset.platform, parts[0], dataset.origin),)
    return ()


@dataclass
class JobLinks:
    """What each task read and wrote, from the lineage edges whose actor it is (at most
    ``MAX_JOB_LINKS`` of each, the first ones met: the well-known datasets come first)."""

    inputs: dict[str, dict[str, None]] = field(default_factory=dict)
    outputs: dict[str, dict[str, None]] = field(default_factory=dict)

    def add(self, dataset: DemoDataset) -> None:
        for edge in dataset.upstreams:
            if not edge.actor.startswith("urn:li:dataJob:"):
                continue
            _capped(self.inputs, edge.actor, edge.upstream_urn)
            _capped(self.outputs, edge.actor, dataset.urn)


def _capped(links: dict[str, dict[str, None]], job: str, urn: str) -> None:
    found = links.setdefault(job, {})
    if len(found) < MAX_JOB_LINKS:
        found[urn] = None


@dataclass(frozen=True)
class DemoJob:
    urn: str
    flow: str
    name: str
    type: str
    description: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]


def demo_jobs(links: JobLinks, descriptions: dict[str, str]) -> list[DemoJob]:
    """Every task of every demo flow: the edge actors with what their edges say, then each
    flow's extra tasks (a sensor reads the flow's inputs, a check its outputs)."""
    jobs = []
    for orchestrator, flow, names in FLOWS:
        kind = {"airflow": "TASK", "spark": "SPARK_JOB"}.get(orchestrator, "COMMAND")
        own = [
            DemoJob(
                urn=job_urn(flow, name),
                flow=flow,
                name=name,
                type=kind,
                description=descriptions.get(name, ""),
                inputs=tuple(links.inputs.get(job_urn(flow, name), ())),
                outputs=tuple(links.outputs.get(job_urn(flow, name), ())),
            )
            for name in names
        ]
        read = {
            "inputs": list(dict.fromkeys(u for job in own for u in job.inputs))[:5],
            "outputs": list(dict.fromkeys(u for job in own for u in job.outputs))[:5],
        }
        extra = [
            DemoJob(job_urn(flow, name), flow, name, job_type, text, tuple(read[side]), ())
            for name, job_type, text, side in FLOW_INFO[flow][3]
        ]
        jobs.extend(own + extra)
    return jobs


@dataclass(frozen=True)
class DemoRun:
    run_id: str
    events: tuple[tuple[str, datetime], ...]  # (state, time), in order


def demo_runs(job: str, *, seed: int) -> list[DemoRun]:
    """A few daily runs of a task, the latest last: most complete, some fail, the newest may
    still be running. Seeded with the seed and the task, so a task's runs never change."""
    rng = random.Random(f"{seed}:{job}")
    count = rng.randint(*RUNS_PER_JOB)
    runs = []
    for day in range(count, 0, -1):
        start = _RUNS_END - timedelta(days=day - 1, minutes=rng.randrange(0, 90))
        run_id = f"scheduled__{start.date().isoformat()}T02:00:00+00:00"
        end = start + timedelta(minutes=rng.randrange(2, 75))
        roll = rng.random()
        if day == 1 and roll < 0.25:
            events: tuple[tuple[str, datetime], ...] = (("START", start), ("RUNNING", end))
        elif roll < 0.15:
            events = (("START", start), ("FAIL", end))
        else:
            events = (("START", start), ("COMPLETE", end))
        runs.append(DemoRun(run_id, events))
    return runs
