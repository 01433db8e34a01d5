"""Every `events` entry of every stage in zappa_settings.json runs through Zappa's handler.

Zappa merges a stage over the stage it extends key by key, so a stage with its own `events`
(prod adds the nightly warehouse crawl) replaces the base list and must repeat the base's jobs.
An ingestion entry runs its real recipe file from `recipes/`: the Secrets Manager secret the
recipe names is served by moto and points at a throwaway PostgreSQL database on 127.0.0.1.
"""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import importlib
import json
import uuid

import boto3
import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.urls import clear_url_caches, get_resolver
from moto import mock_aws
from zappa.core import Zappa

from catalog.models import Dataset
from ingestion.models import IngestionRun, IngestionRunStatus
from ingestion.recipes import Recipe, recipe_load
from metadata_discovery.jobs import ALLOWED_COMMANDS, RECIPES_DIR
from tests.serverless.conftest import ROOT, offline_env
from tests.serverless.events import FakeLambdaContext, scheduled

pytestmark = pytest.mark.django_db

SETTINGS = json.loads((ROOT / "zappa_settings.json").read_text(encoding="utf-8"))
RUN_SCHEDULED = "metadata_discovery.jobs.run_scheduled"
RUN_INGESTION = "metadata_discovery.jobs.run_ingestion"
WARM = "metadata_discovery.jobs.warm"
INGESTION_KWARGS = {"recipe", "min_interval_minutes", "margin_seconds"}

WAREHOUSE_SETUP = """
CREATE SCHEMA sales;
CREATE TABLE sales.customers (id bigint PRIMARY KEY, email text NOT NULL);
COMMENT ON TABLE sales.customers IS 'People who bought something';
CREATE TABLE sales.orders (id bigint PRIMARY KEY, customer_id bigint, amount numeric(10, 2));
CREATE VIEW sales.big_orders AS SELECT * FROM sales.orders WHERE amount > 100;
"""
WAREHOUSE_DATASETS = 3


def stage_config(stage: str) -> dict:
    """The stage as Zappa resolves it: the stage's keys over those of the stage it extends."""
    own = dict(SETTINGS[stage])
    parent = own.pop("extends", None)
    return {**stage_config(parent), **own} if parent else own


def _entries():
    for stage in SETTINGS:
        for entry in stage_config(stage).get("events", []):
            yield pytest.param(stage, entry, id=f"{stage}:{entry['name']}")


def _rule_name(entry: dict, stage: str) -> str:
    """The EventBridge rule name Zappa creates for the entry in the stage's function."""
    lambda_name = f"{stage_config(stage)['project_name']}-{stage}"
    zappa = Zappa(load_credentials=False, aws_region="us-east-1")
    rule = zappa.get_scheduled_event_name(entry, entry["function"], lambda_name)
    # Past 64 characters Zappa hashes the prefix, and `zappa status`/`undeploy` can no longer
    # find the rule by the function's name; the handler finds the function in the last part.
    assert rule.startswith(f"{lambda_name}-"), rule
    assert rule.split("-")[-1] == entry["function"]
    return rule


def _secret_names(config) -> set[str]:
    if isinstance(config, dict):
        if "secret" in config and set(config) <= {"secret", "key"}:
            return {str(config["secret"])}
        return set().union(*(_secret_names(value) for value in config.values()))
    if isinstance(config, list):
        return set().union(*(_secret_names(value) for value in config))
    return set()


def _pg_admin():
    import psycopg2  # pylint: disable=import-outside-toplevel

    conn = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    conn.autocommit = True
    return conn


def _pg_database_create() -> str:
    import psycopg2  # pylint: disable=import-outside-toplevel

    name = f"mdt_sched_{uuid.uuid4().hex[:8]}"
    admin = _pg_admin()
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    conn = psycopg2.connect(host="127.0.0.1", user="postgres", dbname=name)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(WAREHOUSE_SETUP)
    conn.close()
    return name


@pytest.fixture
def warehouse(monkeypatch, settings):
    """Serves a recipe's source when asked: a throwaway PostgreSQL database, and every secret
    the recipe names in moto's Secrets Manager, RDS-style, pointing at that database."""
    for key, value in offline_env().items():
        if key.startswith("AWS_"):
            monkeypatch.setenv(key, value)
    settings.MDT_INGEST_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    databases: list[str] = []
    with mock_aws():
        client = boto3.client("secretsmanager", region_name="us-east-1")

        def serve(recipe: Recipe) -> None:
            if recipe.source_type != "postgres":
                pytest.fail(f"No test source for a scheduled {recipe.source_type!r} recipe.")
            databases.append(_pg_database_create())
            secret = {
                "engine": "postgres",
                "host": "127.0.0.1",
                "port": 5432,
                "dbname": databases[-1],
                "username": "postgres",
                "password": "unused-with-trust-auth",
            }
            for secret_name in _secret_names(recipe.config):
                client.create_secret(Name=secret_name, SecretString=json.dumps(secret))

        yield serve
    if databases:
        admin = _pg_admin()
        with admin.cursor() as cur:
            for name in databases:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_every_stage_keeps_the_base_stages_jobs():
    """Every stage that serves the API (the migrate stages have no API and no schedules)."""
    base_jobs = stage_config("base")["events"]
    for stage in SETTINGS:
        if stage_config(stage).get("apigateway_enabled", True) is False:
            assert stage_config(stage)["events"] == [], stage
            continue
        events = stage_config(stage).get("events", [])
        missing = [job["name"] for job in base_jobs if job not in events]
        assert not missing, f"stage {stage!r} drops the base jobs {missing}"


def test_prod_crawls_the_warehouse_nightly_from_a_recipe_without_secrets():
    entry = next(e for e in stage_config("prod")["events"] if e["function"] == RUN_INGESTION)
    assert entry["expression"].startswith("cron(")
    recipe = recipe_load(RECIPES_DIR / entry["kwargs"]["recipe"])
    assert recipe.stateful
    assert _secret_names(recipe.config) == {"mdt/prod/warehouse"}
    assert not [e for e in stage_config("dev")["events"] if e["function"] == RUN_INGESTION]


@pytest.mark.parametrize(("stage", "entry"), list(_entries()))
def test_every_scheduled_entry_in_zappa_settings_is_runnable(
    stage, entry, lambda_handler, warehouse
):
    module, name = entry["function"].rsplit(".", 1)
    assert callable(getattr(importlib.import_module(module), name))
    rule = _rule_name(entry, stage)
    kwargs = entry.get("kwargs") or {}
    # The function's timeout is the whole budget of a scheduled invocation.
    context = FakeLambdaContext(stage_config(stage)["timeout_seconds"] * 1000)

    if entry["function"] == RUN_SCHEDULED:
        assert kwargs["command"] in ALLOWED_COMMANDS
        result = lambda_handler(scheduled(rule, **kwargs), context)
        assert result["command"] == kwargs["command"]
    elif entry["function"] == RUN_INGESTION:
        assert set(kwargs) <= INGESTION_KWARGS, set(kwargs) - INGESTION_KWARGS
        recipe = recipe_load(RECIPES_DIR / kwargs["recipe"])
        warehouse(recipe)
        result = lambda_handler(scheduled(rule, **kwargs), context)
        assert result["status"] == IngestionRunStatus.SUCCEEDED, result
        assert (result["recipe"], result["created"], result["failed"]) == (
            recipe.name,
            WAREHOUSE_DATASETS,
            0,
        )
        assert Dataset.objects.filter(urn__contains=".sales.big_orders,").exists()
        run = IngestionRun.objects.get()
        assert "unused-with-trust-auth" not in json.dumps(model_to_dict(run), default=str)
        if kwargs.get("min_interval_minutes"):
            again = lambda_handler(scheduled(rule, **kwargs), FakeLambdaContext(30_000))
            assert again["status"] == "not due"
    elif entry["function"] == WARM:
        clear_url_caches()
        result = lambda_handler(scheduled(rule, **kwargs), context)
        assert result["routes"] > 40 and result["database"] == connection.vendor
        assert get_resolver()._populated  # pylint: disable=protected-access
    else:
        pytest.fail(f"{entry['function']} is scheduled but this test does not know how to run it")


def test_every_stage_that_serves_traffic_is_kept_warm_by_the_warming_job():
    """Zappa's keep_warm is off: its callback returns before Django loads the routes or connects,
    so the warm entry replaces it, every 5 minutes."""
    for stage in ("base", "prod"):
        config = stage_config(stage)
        assert not config.get("keep_warm")
        warm = [e for e in config["events"] if e["function"] == WARM]
        assert [e["expression"] for e in warm] == ["rate(5 minutes)"], stage
