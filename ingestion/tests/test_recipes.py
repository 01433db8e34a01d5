"""Recipes: parsing, refusing literal credentials, resolving ${ENV} and secret references at run
time (secrets through the resolver the caller hands in; Secrets Manager's own is tested with
moto in tests/serverless/test_aws.py)."""

import json
import sqlite3
from io import StringIO

import pytest

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


SECRETS = {"mdt/test/warehouse": json.dumps({"password": "from-sm"}), "mdt/test/plain": "plain"}


def test_secret_references_resolve_through_the_resolver_the_caller_gives_once_each():
    recipe = recipe_parse(
        {
            "source": {
                "type": "postgres",
                "config": {
                    "username": {"secret": "mdt/test/warehouse", "key": "password"},
                    "password": {"secret": "mdt/test/warehouse", "key": "password"},
                    "token": {"secret": "mdt/test/plain"},
                },
            }
        }
    )
    assert recipe.config["password"] == {"secret": "mdt/test/warehouse", "key": "password"}
    asked = []

    def secrets(name: str) -> str:
        asked.append(name)
        return SECRETS[name]

    assert config_resolve(recipe.config, secrets=secrets) == {
        "username": "from-sm",
        "password": "from-sm",
        "token": "plain",
    }
    assert sorted(asked) == ["mdt/test/plain", "mdt/test/warehouse"]
    with pytest.raises(RecipeError, match="no JSON key"):
        config_resolve(
            {"password": {"secret": "mdt/test/warehouse", "key": "nope"}},
            secrets=SECRETS.__getitem__,
        )


def test_a_secret_reference_without_a_resolver_fails_naming_the_secret_and_the_way_out():
    with pytest.raises(
        RecipeError, match="'mdt/test/plain'.*no secret resolver.*--secrets-manager"
    ):
        config_resolve({"token": {"secret": "mdt/test/plain"}})
    # Environment references need none.
    assert config_resolve({"user": "${U}"}, environ={"U": "crawler"}) == {"user": "crawler"}


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


def lake_path_secret(name: str) -> str:
    """What INGEST_SECRET_RESOLVER names in the command test below: a stand-in for Secrets
    Manager holding one secret."""
    return LAKE_SECRETS[name]


LAKE_SECRETS: dict[str, str] = {}


@pytest.mark.django_db
def test_ingest_command_resolves_secrets_only_when_asked(tmp_path, settings):
    # pylint: disable=import-outside-toplevel
    from django.core.management import CommandError, call_command

    lake = tmp_path / "lake.db"
    conn = sqlite3.connect(lake)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    recipe = tmp_path / "lake.yml"
    recipe.write_text("source: {type: sqlite, config: {path: {secret: mdt/test/lake}}}\n")
    with pytest.raises(CommandError, match="'mdt/test/lake'.*no secret resolver"):
        call_command("ingest", str(recipe), "--no-progress")

    settings.INGEST_SECRET_RESOLVER = f"{__name__}.lake_path_secret"
    LAKE_SECRETS["mdt/test/lake"] = str(lake)
    out = StringIO()
    call_command("ingest", str(recipe), "--no-progress", "--secrets-manager", stdout=out)
    assert "succeeded" in out.getvalue() and "created 1," in out.getvalue()
