"""Scheduled ingestion through Zappa's real handler: a recipe runs within the invocation's time
budget, stops between units with a cursor, and the next invocation finishes the same run."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import sqlite3
from datetime import timedelta

import pytest
from django.utils import timezone
from zappa.core import Zappa

from catalog.models import Dataset
from ingestion.models import IngestionRun, IngestionRunStatus
from ingestion.recipes import recipe_load
from ingestion.sources import SOURCES
from metadata_discovery import jobs
from metadata_discovery.jobs import RECIPES_DIR, JobNotAllowed, run_ingestion
from tests.serverless.events import FakeLambdaContext, scheduled

pytestmark = pytest.mark.django_db

ENTRY = {"name": "ingest-lake", "function": "metadata_discovery.jobs.run_ingestion"}


@pytest.fixture
def lake(tmp_path):
    path = tmp_path / "lake.db"
    conn = sqlite3.connect(path)
    for i in range(12):
        conn.execute(f"CREATE TABLE t{i:02d} (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    return {
        "name": "lake",
        "source": {"type": "sqlite", "config": {"path": str(path)}},
        "stateful": {"enabled": True},
    }


def _event(**kwargs):
    zappa = Zappa(load_credentials=False, aws_region="us-east-1")
    rule = zappa.get_scheduled_event_name(ENTRY, ENTRY["function"], "mdt-dev")
    return scheduled(rule, **kwargs)


class SlowClock:
    """The edge's clock, on which every look costs ``step`` seconds: the run's units seem slow."""

    def __init__(self, step: float) -> None:
        self.now = 0.0
        self.step = step

    def __call__(self) -> float:
        now = self.now
        self.now += self.step
        return now


def test_a_run_out_of_time_keeps_a_cursor_and_the_next_invocation_finishes_it(
    lambda_handler, lake, monkeypatch
):
    # 100 s left when the edge reads the context, each look at the clock (before every unit but
    # the first) takes 10 s, and the run stops below a 60 s margin: t00 to t04 fit.
    monkeypatch.setattr(jobs, "monotonic", SlowClock(10))
    first = lambda_handler(_event(recipe=lake, margin_seconds=60), FakeLambdaContext(100_000))
    assert first["status"] == IngestionRunStatus.RUNNING
    assert first["cursor"]["after"].endswith("t04")
    assert Dataset.objects.count() == 5

    monkeypatch.undo()
    second = lambda_handler(_event(recipe=lake, margin_seconds=60), FakeLambdaContext(900_000))

    assert second["run"] == first["run"]
    assert second["status"] == IngestionRunStatus.SUCCEEDED
    run = IngestionRun.objects.get()
    assert (run.created, run.failed, run.cursor) == (12, 0, None)
    assert Dataset.objects.count() == 12


def test_a_run_with_no_time_left_still_moves_forward_one_unit(lake):
    result = run_ingestion(
        {"kwargs": {"recipe": lake, "margin_seconds": 60}}, FakeLambdaContext(1_000)
    )
    assert result["status"] == IngestionRunStatus.RUNNING
    assert result["created"] == 1


def test_min_interval_skips_a_finished_recipe_until_it_is_due(lake):
    kwargs = {"recipe": lake, "min_interval_minutes": 60}
    assert run_ingestion({"kwargs": kwargs}, FakeLambdaContext(900_000))["status"] == "succeeded"
    assert run_ingestion({"kwargs": kwargs}, FakeLambdaContext(900_000))["status"] == "not due"
    assert IngestionRun.objects.count() == 1


def test_recipe_paths_outside_the_recipes_folder_are_refused():
    with pytest.raises(JobNotAllowed):
        run_ingestion({"kwargs": {"recipe": "../zappa_settings.json"}}, None)
    with pytest.raises(JobNotAllowed):
        run_ingestion({"kwargs": {}}, None)


@pytest.mark.parametrize("path", sorted(RECIPES_DIR.glob("*.yml")), ids=lambda p: p.name)
def test_every_recipe_in_the_recipes_folder_parses(path):
    recipe = recipe_load(path)  # refuses literal credentials
    assert recipe.source_type in SOURCES


def test_the_default_margin_fits_a_short_function_timeout(lake, monkeypatch):
    # The base stage's 30 s timeout (26 s left when read): the margin shrinks to 30% of the
    # budget (7.8 s), so the run, 4 s a unit, still stops in time instead of doing one unit per
    # invocation.
    monkeypatch.setattr(jobs, "monotonic", SlowClock(4))
    result = run_ingestion({"kwargs": {"recipe": lake}}, FakeLambdaContext(26_000))
    assert result["status"] == IngestionRunStatus.RUNNING
    assert result["created"] == 5


def test_a_failed_run_is_tried_again_with_a_backoff_not_a_day_later(lake, monkeypatch, tmp_path):
    """The nightly crawl runs every 5 minutes from 01:00 to 04:55 with a 20-hour interval: a
    failure at 01:00 used to wait for the next night. Now 15, 30, 60 minutes after each failure
    in a row, and never later than the interval."""
    kwargs = {"recipe": lake, "min_interval_minutes": 1200}
    clock = [timezone.now()]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    database = tmp_path / "lake.db"
    good = database.read_bytes()
    database.write_bytes(b"not a database, as when the warehouse is down")

    def tick(minutes: float) -> str:
        clock[0] += timedelta(minutes=minutes)
        return run_ingestion({"kwargs": kwargs}, FakeLambdaContext(900_000))["status"]

    assert tick(0) == IngestionRunStatus.FAILED
    assert tick(10) == "not due"
    assert tick(5) == IngestionRunStatus.FAILED  # 15 minutes after the first failure
    assert tick(25) == "not due"
    assert tick(5) == IngestionRunStatus.FAILED  # 30 after the second
    assert tick(55) == "not due"
    database.write_bytes(good)
    assert tick(5) == IngestionRunStatus.SUCCEEDED  # 60 after the third
    assert tick(60) == "not due"  # and then the recipe's own 20 hours
    assert tick(1140) == IngestionRunStatus.SUCCEEDED
