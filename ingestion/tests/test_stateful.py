"""Stateful ingestion: what a source stops reporting is soft-deleted at the end of a good run,
shown only under --dry-run, held back by the guard, and restored when it comes back."""

import sqlite3
from io import StringIO

import pytest
from django.core.management import call_command

from catalog.models import Dataset, DatasetStatus
from catalog.services import dataset_remove
from catalog.tests.factories import make_urn
from ingestion.models import IngestionRun, IngestionRunStatus
from ingestion.recipes import recipe_parse
from ingestion.runs import recipe_run

pytestmark = pytest.mark.django_db


def _db(path, tables):
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    for name in tables:
        conn.execute(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()


def _recipe(path, share=0.2):
    return recipe_parse(
        {
            "name": "lake",
            "source": {"type": "sqlite", "config": {"path": str(path)}},
            "stateful": {"enabled": True, "max_removal_share": share},
        }
    )


def _status(name):
    return Dataset.objects.get(urn=make_urn(f"lake.{name}", platform="sqlite")).status


TEN = [f"t{i}" for i in range(10)]


def test_tables_gone_from_the_source_are_removed_and_restored_on_a_later_sighting(tmp_path):
    path = tmp_path / "lake.db"
    _db(path, TEN)
    assert recipe_run(recipe=_recipe(path)).created == 10

    _db(path, TEN[:8])
    run = recipe_run(recipe=_recipe(path))
    assert run.status == IngestionRunStatus.SUCCEEDED
    assert (run.removed, run.summary["share"]) == (2, 0.2)
    assert [_status(n) for n in ("t7", "t8", "t9")] == ["active", "removed", "removed"]

    _db(path, TEN)
    run = recipe_run(recipe=_recipe(path))
    assert (run.removed, run.updated, run.unchanged) == (0, 2, 8)
    assert _status("t9") == DatasetStatus.ACTIVE


def test_dry_run_prints_the_diff_and_writes_nothing(tmp_path):
    path = tmp_path / "lake.db"
    _db(path, TEN)
    recipe_path = tmp_path / "lake.yml"
    recipe_path.write_text(
        f"source:\n  type: sqlite\n  config:\n    path: {path}\nstateful:\n  enabled: true\n"
    )
    call_command("ingest", str(recipe_path), "--no-progress", stdout=StringIO())
    _db(path, [*TEN[:9], "new_one"])
    versions = dict(Dataset.objects.values_list("urn", "version"))

    out = StringIO()
    call_command("ingest", str(recipe_path), "--dry-run", "--no-progress", stdout=out)

    text = out.getvalue()
    assert "dry run" in text
    assert f"would remove {make_urn('lake.t9', platform='sqlite')}" in text
    assert "created 1, updated 9" in text
    assert dict(Dataset.objects.values_list("urn", "version")) == versions
    assert _status("t9") == DatasetStatus.ACTIVE
    run = IngestionRun.objects.get(dry_run=True)
    assert run.summary["stale"] == 1 and run.removed == 1


def test_guard_holds_back_a_removal_over_the_share(tmp_path):
    path = tmp_path / "lake.db"
    _db(path, TEN)
    recipe_run(recipe=_recipe(path))
    _db(path, TEN[:7])

    run = recipe_run(recipe=_recipe(path))

    assert run.status == IngestionRunStatus.PARTIAL
    assert run.removed == 0
    assert run.summary["removal"].startswith("skipped: 3 of 10 (30%)")
    assert _status("t9") == DatasetStatus.ACTIVE
    # A higher share in the recipe lets the same removal through.
    assert recipe_run(recipe=_recipe(path, share=0.5)).removed == 3


def test_guard_holds_back_the_removal_when_the_run_had_errors(tmp_path, monkeypatch):
    path = tmp_path / "lake.db"
    _db(path, TEN)
    recipe_run(recipe=_recipe(path))
    _db(path, TEN[:9])
    from ingestion.sources.sqlite import (  # pylint: disable=import-outside-toplevel
        SQLiteCrawler,
    )

    real_read = SQLiteCrawler.read

    def flaky(self, unit):
        if unit.endswith("t3"):
            raise RuntimeError("permission denied for table t3")
        return real_read(self, unit)

    monkeypatch.setattr(SQLiteCrawler, "read", flaky)
    run = recipe_run(recipe=_recipe(path))

    assert run.status == IngestionRunStatus.PARTIAL
    assert run.failed == 1 and "permission denied" in run.errors[0]["message"]
    assert run.summary["removal"] == "skipped: the run had errors"
    assert _status("t9") == DatasetStatus.ACTIVE


def test_a_dataset_removed_by_hand_is_not_restored_by_the_crawler(tmp_path):
    path = tmp_path / "lake.db"
    _db(path, TEN)
    recipe_run(recipe=_recipe(path))
    dataset_remove(urn=make_urn("lake.t1", platform="sqlite"), actor="urn:li:corpuser:editor1")
    recipe_run(recipe=_recipe(path))
    assert _status("t1") == DatasetStatus.REMOVED


def test_without_stateful_nothing_is_removed(tmp_path):
    path = tmp_path / "lake.db"
    _db(path, TEN)
    recipe = recipe_parse(
        {"name": "x", "source": {"type": "sqlite", "config": {"path": str(path)}}}
    )
    recipe_run(recipe=recipe)
    _db(path, TEN[:1])
    assert recipe_run(recipe=recipe).removed == 0
    assert _status("t9") == DatasetStatus.ACTIVE
