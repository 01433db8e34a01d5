"""Recipes: parsing, refusing literal credentials, resolving ${ENV} and Secrets Manager
references at run time (moto, in-process)."""

import json

import boto3
import pytest
from moto import mock_aws

from ingestion.recipes import RecipeError, config_resolve, recipe_load, recipe_parse


def test_recipe_load_reads_yaml_with_defaults(tmp_path):
    path = tmp_path / "warehouse.yml"
    path.write_text(
        "source:\n  type: postgres\n  config:\n    host: db\n    password: ${PG_PASSWORD}\n"
        "stateful:\n  enabled: true\n"
    )
    recipe = recipe_load(path)
    assert (recipe.name, recipe.source_type, recipe.origin) == ("warehouse", "postgres", "PROD")
    assert recipe.stateful and recipe.max_removal_share == 0.2
    assert recipe.batch_size == 200


@pytest.mark.parametrize(
    "config",
    [
        {"password": "hunter2"},
        {"connect_args": {"sslpassword": "hunter2"}},
        {"api_token": "abc ${X}"},
    ],
)
def test_recipe_refuses_literal_credentials(config):
    with pytest.raises(RecipeError, match="literal credential"):
        recipe_parse({"source": {"type": "postgres", "config": config}})


@pytest.mark.parametrize(
    "data,message",
    [
        ({}, "source.type"),
        ({"source": {"type": "sqlite"}, "origin": "MARS"}, "origin"),
        ({"source": {"type": "sqlite"}, "stateful": {"max_removal_share": 2}}, "between 0 and 1"),
        ({"source": {"type": "sqlite"}, "name": "../etc"}, "letters, digits"),
    ],
)
def test_recipe_parse_says_what_is_wrong(data, message):
    with pytest.raises(RecipeError, match=message):
        recipe_parse(data)


def test_env_references_resolve_at_run_time_and_unset_ones_fail():
    config = {"username": "${PG_USER}", "password": "${PG_PASSWORD}", "port": 5432}
    resolved = config_resolve(config, environ={"PG_USER": "crawler", "PG_PASSWORD": "s3cret"})
    assert resolved == {"username": "crawler", "password": "s3cret", "port": 5432}
    with pytest.raises(RecipeError, match="PG_PASSWORD is not set"):
        config_resolve(config, environ={"PG_USER": "crawler"})


def test_secret_references_resolve_from_secrets_manager(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    with mock_aws():
        client = boto3.client("secretsmanager", region_name="us-east-1")
        client.create_secret(
            Name="mdt/test/warehouse", SecretString=json.dumps({"password": "from-sm"})
        )
        client.create_secret(Name="mdt/test/plain", SecretString="plain-value")
        recipe = recipe_parse(
            {
                "source": {
                    "type": "postgres",
                    "config": {
                        "password": {"secret": "mdt/test/warehouse", "key": "password"},
                        "token": {"secret": "mdt/test/plain"},
                    },
                }
            }
        )
        assert recipe.config["password"] == {"secret": "mdt/test/warehouse", "key": "password"}
        assert config_resolve(recipe.config) == {"password": "from-sm", "token": "plain-value"}
        with pytest.raises(RecipeError, match="no JSON key"):
            config_resolve({"password": {"secret": "mdt/test/warehouse", "key": "nope"}})


@pytest.mark.django_db
def test_ingest_command_fails_loudly_on_a_bad_recipe_or_a_failed_run(tmp_path):
    # pylint: disable=import-outside-toplevel
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Cannot read recipe"):
        call_command("ingest", str(tmp_path / "missing.yml"), "--no-progress")
    recipe = tmp_path / "gone.yml"
    recipe.write_text(f"source: {{type: sqlite, config: {{path: {tmp_path / 'none.db'}}}}}\n")
    with pytest.raises(CommandError, match="No SQLite file"):
        call_command("ingest", str(recipe), "--no-progress")
