"""The runner's time budget: a plain deadline from its caller, checked between units, and a run
cut short continues where it stopped."""

import sqlite3

import pytest

from ingestion.models import IngestionRun, IngestionRunStatus
from ingestion.recipes import recipe_parse
from ingestion.runs import RunControl, recipe_run

pytestmark = pytest.mark.django_db


class SlowClock:
    """A clock on which every look costs ``step`` seconds."""

    def __init__(self, step: float) -> None:
        self.now = 0.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture(name="lake")
def lake_recipe(tmp_path):
    path = tmp_path / "lake.db"
    conn = sqlite3.connect(path)
    for i in range(8):
        conn.execute(f"CREATE TABLE t{i} (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    return recipe_parse(
        {"name": "lake", "source": {"type": "sqlite", "config": {"path": str(path)}}}
    )


def test_a_run_stops_between_units_before_its_deadline_and_the_next_one_finishes_it(lake):
    # Looks at 10, 20, 30, 40 leave 90..60 s, not below the 60 s margin; the fifth leaves 50.
    control = RunControl(deadline=100.0, margin=60.0, clock=SlowClock(10), resume=True)
    first = recipe_run(recipe=lake, control=control)
    assert (first.status, first.created) == (IngestionRunStatus.RUNNING, 5)
    assert first.cursor["after"].endswith("t4")
    second = recipe_run(recipe=lake, control=RunControl(resume=True))  # no deadline
    assert (second.pk, second.status, second.created, second.cursor) == (
        first.pk,
        IngestionRunStatus.SUCCEEDED,
        8,
        None,
    )


def test_a_deadline_already_past_still_reads_one_unit(lake):
    run = recipe_run(recipe=lake, control=RunControl(deadline=0.0, clock=SlowClock(1)))
    assert (run.status, run.created) == (IngestionRunStatus.RUNNING, 1)


def test_a_recipe_naming_a_secret_run_without_a_resolver_fails_saying_so(lake):
    recipe = recipe_parse(
        {"name": "lake", "source": {"type": "sqlite", "config": {"path": {"secret": "lake"}}}}
    )
    run = recipe_run(recipe=recipe)
    assert run.status == IngestionRunStatus.FAILED
    assert run.errors[-1]["code"] == "invalid_recipe"
    assert "no secret resolver" in run.errors[-1]["message"]
    assert recipe_run(recipe=recipe, secrets={"lake": lake.config["path"]}.__getitem__).created == 8
    assert IngestionRun.objects.count() == 2
