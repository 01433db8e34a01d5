"""Secrets Manager loading, for the settings and for recipes (moto, in-process, fake
credentials), and a cold path kept light."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import json
import os
import subprocess
import sys

import boto3
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from moto import mock_aws

from ingestion.recipes import config_resolve, recipe_parse
from metadata_discovery.aws import (
    database_url_from_secret,
    load_secrets_into_environ,
    secret_string,
)
from tests.serverless.conftest import ROOT, offline_env


@pytest.fixture
def secretsmanager(monkeypatch):
    for key, value in offline_env().items():
        if key.startswith("AWS_"):
            monkeypatch.setenv(key, value)
    with mock_aws():
        yield boto3.client("secretsmanager", region_name="us-east-1")


def test_secret_references_become_the_settings_variables(secretsmanager):
    secretsmanager.create_secret(Name="mdt/prod/django-secret-key", SecretString="k" * 64)
    secretsmanager.create_secret(
        Name="mdt/prod/database",
        SecretString=json.dumps(
            {"username": "mdt_admin", "password": "p@ss/w:rd", "host": "db.internal", "port": 5432}
        ),
    )
    environ = {
        "DJANGO_SECRET_KEY_SECRET_ID": "mdt/prod/django-secret-key",
        "DATABASE_SECRET_ID": "mdt/prod/database",
    }
    assert load_secrets_into_environ(environ) == ["DATABASE_URL", "DJANGO_SECRET_KEY"]
    assert environ["DJANGO_SECRET_KEY"] == "k" * 64
    assert environ["DATABASE_URL"] == "postgres://mdt_admin:p%40ss%2Fw%3Ard@db.internal:5432/mdt"


def test_recipe_secret_references_resolve_through_secrets_manager(secretsmanager):
    secretsmanager.create_secret(
        Name="mdt/test/warehouse", SecretString=json.dumps({"password": "from-sm"})
    )
    secretsmanager.create_secret(Name="mdt/test/plain", SecretString="plain-value")
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
    # What the Lambda edge (metadata_discovery.jobs) and `ingest --secrets-manager` hand in.
    assert settings.INGEST_SECRET_RESOLVER == "metadata_discovery.aws.secret_string"
    assert config_resolve(recipe.config, secrets=secret_string) == {
        "password": "from-sm",
        "token": "plain-value",
    }
    with pytest.raises(ImproperlyConfigured, match="mdt/test/nope"):
        config_resolve({"token": {"secret": "mdt/test/nope"}}, secrets=secret_string)


def test_values_already_in_the_environment_win_and_nothing_is_fetched():
    environ = {"DATABASE_SECRET_ID": "mdt/prod/database", "DATABASE_URL": "postgres://x@h/db"}
    assert load_secrets_into_environ(environ, client=object()) == []
    assert environ["DATABASE_URL"] == "postgres://x@h/db"


def test_a_missing_secret_fails_with_its_name(secretsmanager):  # pylint: disable=unused-argument
    with pytest.raises(ImproperlyConfigured, match="mdt/prod/nope"):
        load_secrets_into_environ({"DATABASE_SECRET_ID": "mdt/prod/nope"})


def test_database_secret_without_host_takes_it_from_the_environment():
    url = database_url_from_secret(
        {"username": "u", "password": "p"}, {"DATABASE_HOST": "proxy.internal"}
    )
    assert url == "postgres://u:p@proxy.internal:5432/mdt"
    with pytest.raises(ImproperlyConfigured, match="DATABASE_HOST"):
        database_url_from_secret({"username": "u", "password": "p"}, {})


@pytest.mark.parametrize(
    "settings_module, extra",
    [
        ("metadata_discovery.settings.local", {}),
        ("metadata_discovery.settings.test", {}),
        (
            "metadata_discovery.settings.production",
            {"DJANGO_SECRET_KEY": "x" * 64, "DATABASE_URL": "postgres://u@127.0.0.1:5432/mdt"},
        ),
    ],
)
def test_boto3_and_xray_stay_off_the_cold_path_unless_needed(settings_module, extra):
    code = (
        "import sys, django; django.setup(); import metadata_discovery.urls; "
        "print([m for m in ('boto3', 'aws_xray_sdk', 'opensearchpy') if m in sys.modules])"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MDT_"))},
        "DJANGO_SETTINGS_MODULE": settings_module,
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
