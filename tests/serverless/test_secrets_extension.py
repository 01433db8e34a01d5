"""Secrets read through the AWS Parameters and Secrets Lambda Extension, with a fake extension on
127.0.0.1 that answers as the real one does (GetSecretValue's JSON, token header required)."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured

from metadata_discovery import aws
from tests.serverless.conftest import ROOT

TOKEN = "session-token-for-the-extension"
SECRETS = {
    "mdt/prod/django-secret-key": "k" * 64,
    "mdt/prod/database": json.dumps(
        {"username": "mdt_admin", "password": "p@ss/w:rd", "host": "db.internal", "port": 5432}
    ),
}


class FakeExtension(BaseHTTPRequestHandler):
    """GET /secretsmanager/get?secretId=…: 401 without the token, 404 for an unknown secret (the
    real extension passes on Secrets Manager's 400), 500 when told to fail."""

    requests: list = []
    fail_with = None

    def do_GET(self):  # pylint: disable=invalid-name
        url = urlsplit(self.path)
        secret_id = parse_qs(url.query).get("secretId", [""])[0]
        self.requests.append((url.path, secret_id, self.headers.get(aws.EXTENSION_TOKEN_HEADER)))
        if self.headers.get(aws.EXTENSION_TOKEN_HEADER) != TOKEN:
            self._answer(401, b"")
        elif self.fail_with:
            self._answer(self.fail_with, b"secret-looking body " + SECRETS[secret_id].encode())
        elif url.path != "/secretsmanager/get" or secret_id not in SECRETS:
            self._answer(404, b"")
        else:
            body = {"Name": secret_id, "SecretString": SECRETS[secret_id], "VersionId": "v1"}
            self._answer(200, json.dumps(body).encode())

    def _answer(self, status: int, body: bytes):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass


@pytest.fixture
def extension():
    FakeExtension.requests = []
    FakeExtension.fail_with = None
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeExtension)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def _environ(port: int, **extra: str) -> dict:
    return {
        aws.EXTENSION_SWITCH: "1",
        aws.EXTENSION_PORT: str(port),
        "AWS_SESSION_TOKEN": TOKEN,
        **extra,
    }


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_extension_secrets_become_the_settings_variables_with_the_token_sent(extension):
    environ = _environ(
        extension,
        DJANGO_SECRET_KEY_SECRET_ID="mdt/prod/django-secret-key",
        DATABASE_SECRET_ID="mdt/prod/database",
    )
    assert aws.load_secrets_into_environ(environ) == ["DATABASE_URL", "DJANGO_SECRET_KEY"]
    assert environ["DJANGO_SECRET_KEY"] == "k" * 64
    assert environ["DATABASE_URL"] == "postgres://mdt_admin:p%40ss%2Fw%3Ard@db.internal:5432/mdt"
    assert sorted(FakeExtension.requests) == [
        ("/secretsmanager/get", "mdt/prod/database", TOKEN),
        ("/secretsmanager/get", "mdt/prod/django-secret-key", TOKEN),
    ]


def test_secret_string_for_recipes_reads_through_the_extension(extension, monkeypatch):
    for key, value in _environ(extension).items():
        monkeypatch.setenv(key, value)
    assert aws.secret_string("mdt/prod/django-secret-key") == "k" * 64
    assert FakeExtension.requests == [("/secretsmanager/get", "mdt/prod/django-secret-key", TOKEN)]


@pytest.mark.parametrize("status", [401, 404, 500])
def test_an_extension_error_names_the_secret_and_status_not_the_value(extension, status):
    FakeExtension.fail_with = 500 if status == 500 else None
    token = TOKEN if status != 401 else "wrong"
    secret_id = "mdt/prod/django-secret-key" if status != 404 else "mdt/prod/nope"
    environ = _environ(extension, AWS_SESSION_TOKEN=token, DJANGO_SECRET_KEY_SECRET_ID=secret_id)
    with pytest.raises(ImproperlyConfigured, match=f"{secret_id!r}.*HTTP {status}") as caught:
        aws.load_secrets_into_environ(environ)
    assert "k" * 16 not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert "DJANGO_SECRET_KEY" not in environ


def test_no_extension_listening_fails_with_the_secret_and_the_port():
    port = _unused_port()
    environ = _environ(port, DATABASE_SECRET_ID="mdt/prod/database")
    with pytest.raises(ImproperlyConfigured, match=f"'mdt/prod/database'.*port {port}"):
        aws.load_secrets_into_environ(environ)


def test_the_extension_path_never_imports_boto3(extension):
    code = (
        "import os, sys; from metadata_discovery import aws; "
        "names = aws.load_secrets_into_environ(); "
        "print(names, os.environ['DJANGO_SECRET_KEY'] == 'k' * 64, 'boto3' in sys.modules)"
    )
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ROOT),
        "DJANGO_SECRET_KEY_SECRET_ID": "mdt/prod/django-secret-key",
        **_environ(extension),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['DJANGO_SECRET_KEY'] True False"


def test_without_the_switch_boto3_reads_the_secret(extension):
    class Client:  # pylint: disable=too-few-public-methods
        def get_secret_value(self, SecretId):  # pylint: disable=invalid-name
            return {"SecretString": f"from boto3 for {SecretId}"}

    environ = _environ(extension, DJANGO_SECRET_KEY_SECRET_ID="mdt/prod/django-secret-key")
    environ[aws.EXTENSION_SWITCH] = "0"
    aws.load_secrets_into_environ(environ, client=Client())
    assert environ["DJANGO_SECRET_KEY"] == "from boto3 for mdt/prod/django-secret-key"
    assert not FakeExtension.requests


def test_stages_reading_secrets_carry_the_extension_layer_and_switch():
    settings = json.loads((ROOT / "zappa_settings.json").read_text(encoding="utf-8"))
    for stage in ("dev", "prod"):
        config = {**settings["base"], **settings[stage]}
        variables = config["environment_variables"]
        assert variables.get("DJANGO_SECRET_KEY_SECRET_ID"), stage
        assert variables[aws.EXTENSION_SWITCH] == "1"
        # The extension answers only during INVOKE: the settings must load on first invocation.
        assert "INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT" not in variables
        layer_name = "AWS-Parameters-and-Secrets-Lambda-Extension"
        if config["architecture"] == "arm64":
            layer_name += "-Arm64"
        region = config["aws_region"]
        # AWS publishes the layer from 177933569100 in us-east-1 (and most regions, not all):
        # a stage moved to another region must take the ARN from AWS's table for that region.
        assert [arn.rsplit(":", 1)[0] for arn in config["layers"]] == [
            f"arn:aws:lambda:{region}:177933569100:layer:{layer_name}"
        ], stage
