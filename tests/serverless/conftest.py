"""Fixtures for the serverless tests: Zappa's real handler, fed the module Zappa itself writes.

`zappa save-python-settings-file` turns a stage of zappa_settings.json into the zappa_settings.py
module that `zappa.handler` imports inside the Lambda. Two values are changed for running inside
pytest, and only those: DJANGO_SETTINGS points at the test settings (pytest-django has already
configured Django, and its test database is where the fixtures write), and the stage's
environment variables are not exported (they would leak into every later test of the session;
production settings with that environment are checked in a subprocess by test_xray.py).
"""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.serverless import rehearsal

ROOT = Path(__file__).resolve().parent.parent.parent
ZAPPA = Path(sys.executable).with_name("zappa")
STAGE = "dev"
API_HOST = "abc123.execute-api.us-east-1.amazonaws.com"


def offline_env(**extra: str) -> dict:
    """Environment for a zappa subprocess: fake credentials, and every HTTP(S) request that is
    not for 127.0.0.1 sent to a dead proxy, so nothing can reach AWS or PyPI (zappa checks PyPI
    for a newer version of itself on each command)."""
    dead_proxy = "http://127.0.0.1:9"
    keep = ("PATH", "HOME", "LANG", "SYSTEMROOT", "TMPDIR")
    return {
        **{key: os.environ[key] for key in keep if key in os.environ},
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        "HTTP_PROXY": dead_proxy,
        "HTTPS_PROXY": dead_proxy,
        "http_proxy": dead_proxy,
        "https_proxy": dead_proxy,
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        "VIRTUAL_ENV": str(Path(sys.executable).parent.parent),
        **extra,
    }


def write_zappa_settings_module(directory: Path, stage: str = STAGE, **overrides: str) -> Path:
    """Run the real `zappa save-python-settings-file` and apply `NAME=python-literal` overrides."""
    target = directory / "zappa_settings.py"
    subprocess.run(
        [str(ZAPPA), "save-python-settings-file", stage, "-o", str(target)],
        cwd=ROOT,
        env=offline_env(),
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = target.read_text(encoding="utf-8")
    for name, literal in overrides.items():
        text, count = re.subn(rf"^{name}=.*$", f"{name}={literal}", text, flags=re.M)
        assert count == 1, f"{name} is not in the module zappa wrote"
    target.write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def zappa_settings_module(tmp_path_factory):
    directory = tmp_path_factory.mktemp("zappa-handler")
    write_zappa_settings_module(
        directory,
        DJANGO_SETTINGS=repr("metadata_discovery.settings.test"),
        ENVIRONMENT_VARIABLES="{}",
    )
    sys.path.insert(0, str(directory))
    sys.modules.pop("zappa_settings", None)
    module = importlib.import_module("zappa_settings")
    yield module
    sys.path.remove(str(directory))


@pytest.fixture
def lambda_handler(zappa_settings_module, settings):
    """Zappa's module-level lambda_handler, serving MDT with API Gateway's host allowed.

    As Django's test client does, close_old_connections is unhooked from the request signals:
    it would close the connection that holds the test's transaction (on PostgreSQL). In Lambda
    that hook is what retires stale connections, so it stays on there."""
    assert zappa_settings_module.API_STAGE == STAGE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, API_HOST, "mdt.example.com"]
    # pylint: disable=import-outside-toplevel
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.urls import clear_script_prefix
    from zappa import handler

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield handler.lambda_handler
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)
    # Django's WSGI handler set the script prefix to the API stage ("/dev/"); the test client
    # never resets it, so later tests would build URLs under /dev/.
    clear_script_prefix()


@pytest.fixture(scope="session")
def zappa_stage_config() -> dict:
    """The stage as Zappa resolves it (base stage merged in through `extends`)."""
    settings = json.loads((ROOT / "zappa_settings.json").read_text(encoding="utf-8"))
    stage = dict(settings[STAGE])
    parent = stage.pop("extends", None)
    return {**settings[parent], **stage} if parent else stage


@pytest.fixture(scope="session")
def lambda_zip(tmp_path_factory) -> Path:
    """The real package of the prod stage, built by `bin/mdt package` as buildspec builds it
    (~30 s once `bin/mdt test` has built the production venvs)."""
    target = tmp_path_factory.mktemp("package") / "mdt-prod.zip"
    result = subprocess.run(
        [str(ROOT / "bin" / "mdt"), "package", "prod", str(target)],
        cwd=ROOT,
        env=offline_env(MDT_VENV=str(ROOT / ".venv")),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"bin/mdt package failed:\n{result.stdout}{result.stderr}"
    return target


@pytest.fixture(scope="session")
def moto_endpoint(tmp_path_factory):
    with rehearsal.moto_server(tmp_path_factory.mktemp("moto"), offline_env) as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def zappa_rehearsal(moto_endpoint, lambda_zip, tmp_path_factory) -> rehearsal.Rehearsal:
    """The real zappa commands against moto, once per session for test_deploy_rehearsal.py and
    test_iam.py, every AWS call recorded (tests/serverless/rehearsal.py)."""
    directory = tmp_path_factory.mktemp("rehearsal")
    return rehearsal.rehearse(moto_endpoint, lambda_zip, directory, offline_env)
