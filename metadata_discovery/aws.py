"""What MDT needs from AWS at start-up: secrets and X-Ray.

Everything here is called from production settings, except ``secret_string``, which the
ingestion edge hands to recipe runs (``jobs.run_ingestion``, and ``manage.py ingest
--secrets-manager`` through the INGEST_SECRET_RESOLVER setting). boto3 and aws_xray_sdk are
imported inside the functions that need them: local and test settings never import this module,
and a Lambda whose configuration comes from plain environment variables never imports boto3 for it.

Secrets are read once per Lambda container (on cold start) and put into the process environment
under the names the settings already read (DJANGO_SECRET_KEY, DATABASE_URL), so the settings
modules keep one way of reading configuration.

The deployed stages read them through the AWS Parameters and Secrets Lambda Extension (a layer,
switched on by MDT_SECRETS_EXTENSION=1): one HTTP GET to localhost with the stdlib, where building
a boto3 client costs ~130 ms of CPU on every cold start (bench/cold_start). The extension answers
only during the INVOKE phase, not INIT; Zappa builds its handler, and so loads the settings, on
the first invocation (unless INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT is set, which MDT does not
set). Without the switch (production settings run off Lambda, tests) boto3 reads the secrets.
"""

import json
import os
from urllib.parse import quote, urlencode

from django.core.exceptions import ImproperlyConfigured

# Every boto3 client the function makes is bounded: a request never waits on an unreachable AWS
# API longer than about (connect + read) × attempts, well inside API Gateway's 29 s. boto3's
# defaults are 60 s each way with retries, which is how a bulk ingest once took 180 s when the
# Lambda API had no route from the VPC (issue 17).
CLIENT_CONNECT_TIMEOUT = 2
CLIENT_READ_TIMEOUT = 5
CLIENT_ATTEMPTS = 2  # in all: worst case 2 × (2 + 5) s = 14 s


def bounded_client(service: str):
    """A boto3 client with MDT's bounds: the only way the function's code makes one
    (tests/serverless/test_network.py checks)."""
    # pylint: disable=import-outside-toplevel
    import boto3
    from botocore.config import Config

    return boto3.client(
        service,
        config=Config(
            connect_timeout=CLIENT_CONNECT_TIMEOUT,
            read_timeout=CLIENT_READ_TIMEOUT,
            retries={"total_max_attempts": CLIENT_ATTEMPTS, "mode": "standard"},
        ),
    )


# Environment variables that hold references (names or ARNs) to Secrets Manager secrets.
SECRET_KEY_SECRET_ID = "DJANGO_SECRET_KEY_SECRET_ID"
DATABASE_SECRET_ID = "DATABASE_SECRET_ID"

# Subsegments for these: the AWS APIs (boto3), OpenSearch's HTTP calls (opensearch-py uses
# urllib3, which sits on http.client). SQL comes from the Django database patch (AUTO_INSTRUMENT),
# which covers psycopg2 through Django's own cursor without tracing each query twice.
XRAY_PATCH_MODULES = ("botocore", "httplib")

# The Parameters and Secrets extension: MDT's switch, the port variable the extension itself reads
# (default 2773), and the header that proves the caller runs in the function's sandbox. The
# extension's first read of a secret calls Secrets Manager, hence a timeout of seconds, not ms.
EXTENSION_SWITCH = "MDT_SECRETS_EXTENSION"
EXTENSION_PORT = "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"
EXTENSION_TOKEN_HEADER = "X-Aws-Parameters-Secrets-Token"
EXTENSION_TIMEOUT_SECONDS = 5.0


def extension_enabled(environ=None) -> bool:
    environ = os.environ if environ is None else environ
    return environ.get(EXTENSION_SWITCH, "").strip().lower() in {"1", "true", "yes", "on"}


def _extension_secret_string(secret_id: str, environ) -> str:
    """SecretString through the extension: the same JSON as GetSecretValue, served from its cache.
    Errors name the secret and the HTTP status, never what the body held."""
    import urllib.error  # pylint: disable=import-outside-toplevel
    import urllib.request  # pylint: disable=import-outside-toplevel

    port = environ.get(EXTENSION_PORT) or "2773"
    request = urllib.request.Request(
        f"http://localhost:{port}/secretsmanager/get?{urlencode({'secretId': secret_id})}",
        headers={EXTENSION_TOKEN_HEADER: environ.get("AWS_SESSION_TOKEN", "")},
    )
    where = f"Cannot read secret {secret_id!r} through the Parameters and Secrets extension"
    # No proxy: HTTP(S)_PROXY set for outbound calls must never see the session token.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=EXTENSION_TIMEOUT_SECONDS) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        raise ImproperlyConfigured(f"{where}: HTTP {exc.code} {exc.reason}") from None
    except OSError as exc:  # refused, timed out: the layer is missing or on another port
        raise ImproperlyConfigured(f"{where} on port {port}: {exc}") from None
    try:
        value = json.loads(body)["SecretString"]
    except (ValueError, KeyError, TypeError):
        raise ImproperlyConfigured(f"{where}: the answer holds no SecretString.") from None
    if not isinstance(value, str):
        raise ImproperlyConfigured(f"{where}: the answer holds no SecretString.")
    return value


def _secret_string(client, secret_id: str) -> str:
    try:
        return client.get_secret_value(SecretId=secret_id)["SecretString"]
    except Exception as exc:  # botocore's errors are generated classes; say which secret failed
        raise ImproperlyConfigured(f"Cannot read secret {secret_id!r}: {exc}") from exc


def secret_string(secret_id: str, client=None) -> str:
    """One secret's string, read when needed (ingestion recipes name their credentials so)."""
    if client is None and extension_enabled():
        return _extension_secret_string(secret_id, os.environ)
    return _secret_string(client or bounded_client("secretsmanager"), secret_id)


def database_url_from_secret(secret: dict, environ: dict) -> str:
    """Build a postgres:// URL from an RDS-style secret (username, password, optionally host,
    port, dbname); DATABASE_HOST/PORT/NAME fill in what an RDS-managed secret does not hold."""
    try:
        user = secret["username"]
        password = secret["password"]
    except KeyError as exc:
        raise ImproperlyConfigured(f"The database secret has no {exc.args[0]!r} key.") from exc
    host = secret.get("host") or environ.get("DATABASE_HOST")
    if not host:
        raise ImproperlyConfigured("Set DATABASE_HOST or put 'host' in the database secret.")
    port = secret.get("port") or environ.get("DATABASE_PORT") or 5432
    name = secret.get("dbname") or environ.get("DATABASE_NAME") or "mdt"
    return f"postgres://{quote(user, safe='')}:{quote(password, safe='')}@{host}:{port}/{name}"


def load_secrets_into_environ(environ=None, client=None) -> list[str]:
    """Resolve the *_SECRET_ID references into the variables the settings read; return the
    names set. Values already in the environment win (handy for a one-off `zappa manage`)."""
    environ = os.environ if environ is None else environ
    wanted = {
        name: environ[ref]
        for name, ref in (
            ("DJANGO_SECRET_KEY", SECRET_KEY_SECRET_ID),
            ("DATABASE_URL", DATABASE_SECRET_ID),
        )
        if environ.get(ref) and not environ.get(name)
    }
    if not wanted:
        return []
    if client is None and extension_enabled(environ):

        def read(secret_id: str) -> str:
            return _extension_secret_string(secret_id, environ)

    else:
        client = client or bounded_client("secretsmanager")

        def read(secret_id: str) -> str:
            return _secret_string(client, secret_id)

    if "DJANGO_SECRET_KEY" in wanted:
        environ["DJANGO_SECRET_KEY"] = read(wanted["DJANGO_SECRET_KEY"])
    if "DATABASE_URL" in wanted:
        raw = read(wanted["DATABASE_URL"])
        environ["DATABASE_URL"] = database_url_from_secret(json.loads(raw), environ)
    return sorted(wanted)


def xray_recorder_settings(*, service: str) -> dict:
    """Django's XRAY_RECORDER block. Context-missing errors are ignored: management commands and
    the keep-warm ping run outside any request, and tracing must never break them. Sampling is
    local: in Lambda the trace header decides, and the default centralized sampler would poll
    the daemon's GetSamplingRules from a background thread (errors off Lambda, waste on it)."""
    # pylint: disable-next=import-outside-toplevel
    from aws_xray_sdk.core.sampling.local.sampler import LocalSampler

    return {
        "SAMPLER": LocalSampler(),
        "AWS_XRAY_TRACING_NAME": service,
        "AWS_XRAY_CONTEXT_MISSING": "IGNORE_ERROR",
        "AUTO_INSTRUMENT": True,
        "PATCH_MODULES": list(XRAY_PATCH_MODULES),
        "STREAM_SQL": True,
        "URLS_AS_ANNOTATION": "LAMBDA",
    }


def with_xray(*, installed_apps: list[str], middleware: list[str]) -> tuple[list, list]:
    """INSTALLED_APPS and MIDDLEWARE with X-Ray added: the app configures the recorder and
    patches; the middleware goes first so the segment spans the whole request."""
    return (
        [*installed_apps, "aws_xray_sdk.ext.django"],
        ["aws_xray_sdk.ext.django.middleware.XRayMiddleware", *middleware],
    )
