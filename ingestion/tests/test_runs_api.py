"""Runs are recorded and readable through the API by any authenticated user."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name,unused-argument

import sqlite3

import pytest

from ingestion.recipes import recipe_parse
from ingestion.runs import recipe_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_run(tmp_path):
    path = tmp_path / "shop.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE a (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TABLE b (id INTEGER)")
    conn.close()
    recipe = recipe_parse(
        {"name": "shop", "source": {"type": "sqlite", "config": {"path": str(path)}}}
    )
    return recipe_run(recipe=recipe)


def test_runs_are_listed_newest_first_with_counts_and_duration(reader_client, finished_run):
    failed = recipe_run(recipe=recipe_parse({"name": "broken", "source": {"type": "nope"}}))

    body = reader_client.get("/api/v1/ingestion-runs/").json()

    assert body["count"] == 2
    assert [run["id"] for run in body["results"]] == [failed.id, finished_run.id]
    shop = body["results"][1]
    assert (shop["recipe_name"], shop["source_type"], shop["status"]) == (
        "shop",
        "sqlite",
        "succeeded",
    )
    assert (shop["created"], shop["updated"], shop["unchanged"], shop["failed"]) == (2, 0, 0, 0)
    assert shop["duration_seconds"] >= 0 and shop["finished_at"]
    assert body["results"][0]["errors"][0]["code"] == "invalid_recipe"


def test_runs_filter_by_recipe_and_status(reader_client, finished_run):
    assert reader_client.get("/api/v1/ingestion-runs/?recipe=shop").json()["count"] == 1
    assert reader_client.get("/api/v1/ingestion-runs/?status=failed").json()["count"] == 0
    response = reader_client.get("/api/v1/ingestion-runs/?status=bogus")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["status"]


def test_run_detail_and_404(reader_client, finished_run):
    response = reader_client.get(f"/api/v1/ingestion-runs/{finished_run.id}/")
    assert response.status_code == 200
    assert response.json()["recipe_name"] == "shop"
    assert reader_client.get("/api/v1/ingestion-runs/999999/").status_code == 404


def test_runs_need_authentication(api_client, finished_run):
    assert api_client.get("/api/v1/ingestion-runs/").status_code == 401
    assert api_client.get(f"/api/v1/ingestion-runs/{finished_run.id}/").status_code == 401
