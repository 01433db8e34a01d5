"""Cold start of MDT vs a bare Django + DRF hello project, in fresh processes.

Each run is a new Python process that imports Zappa's handler and serves one API Gateway REST
event through it, as the first invocation of a new Lambda container does. MDT runs from its real
Lambda package (build/mdt-dev.zip from `bin/mdt package dev`, unpacked with the zip's 1980
timestamps as Lambda does; boto3 comes from the production venv, as the Lambda runtime provides
it), with production settings and X-Ray on as deployed (no daemon listening). The hello project
is generated on the fly and runs from the production venv. Runs alternate
between the two so machine noise hits both alike.

Every run gets the variables the Lambda runtime sets for a function with active tracing
(LAMBDA_TASK_ROOT, AWS_LAMBDA_FUNCTION_NAME, AWS_XRAY_DAEMON_ADDRESS, a sampled _X_AMZN_TRACE_ID).
They matter to the X-Ray SDK: inside Lambda it records a subsegment under Lambda's own segment
with a local sampler; outside it builds the centralized sampler's two botocore clients when it is
imported (~280 ms), something a deployed MDT never does. The hello project ignores them.

The "mdt-ext" row is MDT as the dev and prod stages run it: the secret key named by
DJANGO_SECRET_KEY_SECRET_ID and read at cold start through the AWS Parameters and Secrets Lambda
Extension (MDT_SECRETS_EXTENSION=1). A fake extension on 127.0.0.1, started by this script,
answers from memory as the real one answers from its cache; the real extension's first read in a
new container makes one Secrets Manager call, whose network latency cannot be measured here (the
boto3 path makes the same call).

Extra rows, for information: MDT with the X-Ray SDK off, and MDT reading its secret key with
boto3 (the fallback without the extension; a local moto server from the dev venv stands in).

    .venv/bin/python bench/cold_start/run.py [--runs 7]

Goal (issue 5): MDT/hello ≤ 1.3×, as deployed too (mdt-ext), and MDT peak RSS ≤ 128 MB.
"""

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent.parent
PROD_PYTHON = ROOT / ".venv" / "tools" / "production" / "bin" / "python"
sys.path.insert(0, str(ROOT))

# pylint: disable-next=wrong-import-position
from metadata_discovery.lambda_platform import ELF_MACHINES, WHEEL_MACHINES, check_package

CHILD = r"""
import json, os, resource, sys, time
import importlib
t0, c0 = time.perf_counter(), time.process_time()
handler = importlib.import_module(sys.argv[2])
t1 = time.perf_counter()
event = {
    "path": sys.argv[1], "httpMethod": "GET", "body": None, "isBase64Encoded": False,
    "headers": {"Host": "abc123.execute-api.us-east-1.amazonaws.com", "X-Forwarded-Proto": "https"},
    "queryStringParameters": None, "requestContext": {"stage": "dev"},
}
response = handler.lambda_handler(event, None)
t2, c2 = time.perf_counter(), time.process_time()
assert response["statusCode"] == 200, response
modules = [m for m in ("boto3", "opensearchpy", "aws_xray_sdk", "grpc") if m in sys.modules]
print(json.dumps({"import_ms": (t1 - t0) * 1000, "first_request_ms": (t2 - t1) * 1000,
                  "total_ms": (t2 - t0) * 1000, "cpu_ms": (c2 - c0) * 1000,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "modules": modules}))
"""

HELLO_SETTINGS = """
SECRET_KEY = "hello-" + "x" * 60
DEBUG = False
ALLOWED_HOSTS = [".execute-api.us-east-1.amazonaws.com"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "rest_framework"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware",
              "django.middleware.common.CommonMiddleware"]
ROOT_URLCONF = "hello.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": %(db)r}}
USE_TZ = True
REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}
"""

HELLO_URLS = """
from django.db import connection
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView


class Hello(APIView):
    authentication_classes = []
    permission_classes = []

    def get(self, request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Response({"hello": "world"})


urlpatterns = [path("hello/", Hello.as_view())]
"""

SETTINGS_MODULE = """
API_STAGE = "dev"
PROJECT_NAME = %(project)r
DJANGO_SETTINGS = %(settings)r
ENVIRONMENT_VARIABLES = %(env)r
LOG_LEVEL = "WARNING"
DEBUG = False
BINARY_SUPPORT = True
CONTEXT_HEADER_MAPPINGS = {}
DOMAIN = None
BASE_PATH = None
EXCEPTION_HANDLER = None
AWS_EVENT_MAPPING = {}
AWS_BOT_EVENT_MAPPING = {}
COGNITO_TRIGGER_MAPPING = {}
"""


# What the Lambda runtime puts in the environment of a function with active tracing; the trace
# header is the one API Gateway passes on, sampled. Nothing listens on the daemon's port.
LAMBDA_RUNTIME_ENV = {
    "LAMBDA_TASK_ROOT": "/var/task",
    "AWS_LAMBDA_FUNCTION_NAME": "mdt-dev",
    "AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000",
    "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
    "_X_AMZN_TRACE_ID": "Root=1-67a5f0c2-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1",
}


def _project(base: Path, name: str, settings: str, env: dict, extra_path: str) -> dict:
    directory = base / name
    directory.mkdir()
    (directory / "zappa_settings.py").write_text(
        SETTINGS_MODULE % {"project": name, "settings": settings, "env": env}
    )
    return {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": os.pathsep.join([str(directory), extra_path]),
        "PYTHONDONTWRITEBYTECODE": "1",
        "HOME": str(base),
        **LAMBDA_RUNTIME_ENV,
    }


@contextlib.contextmanager
def _secrets_manager(secret_id: str, value: str):
    """A moto server on 127.0.0.1 (dev venv) holding one secret; yields the client's env, or
    None when moto is not installed."""
    try:
        import boto3  # pylint: disable=import-outside-toplevel
        import moto  # pylint: disable=import-outside-toplevel,unused-import
    except ImportError:
        yield None
        return
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint = f"http://127.0.0.1:{port}"
    with subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ) as server:
        try:
            for _ in range(100):
                try:
                    with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1):
                        break
                except OSError:
                    time.sleep(0.1)
            env = {
                "AWS_ENDPOINT_URL": endpoint,
                "AWS_ACCESS_KEY_ID": "bench",
                "AWS_SECRET_ACCESS_KEY": "bench",
                "AWS_DEFAULT_REGION": "us-east-1",
            }
            client = boto3.client(
                "secretsmanager",
                endpoint_url=endpoint,
                region_name="us-east-1",
                aws_access_key_id="bench",
                aws_secret_access_key="bench",
            )
            client.create_secret(Name=secret_id, SecretString=value)
            yield env
        finally:
            server.terminate()


@contextlib.contextmanager
def _secrets_extension(secrets: dict, token: str):
    """A stand-in for the Parameters and Secrets extension on 127.0.0.1: GET
    /secretsmanager/get?secretId=… with the session token header answers GetSecretValue's JSON
    from memory. Yields the variables the Lambda runtime would give the function."""

    class Extension(BaseHTTPRequestHandler):
        def do_GET(self):  # pylint: disable=invalid-name
            url = urlsplit(self.path)
            secret_id = parse_qs(url.query).get("secretId", [""])[0]
            if self.headers.get("X-Aws-Parameters-Secrets-Token") != token:
                status, body = 401, b""
            elif url.path != "/secretsmanager/get" or secret_id not in secrets:
                status, body = 404, b""
            else:
                status = 200
                body = json.dumps(
                    {"Name": secret_id, "SecretString": secrets[secret_id], "VersionId": "v1"}
                ).encode()
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # pylint: disable=redefined-builtin
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Extension)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {
            "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT": str(server.server_address[1]),
            "AWS_SESSION_TOKEN": token,
        }
    finally:
        server.shutdown()
        server.server_close()


def _run(env: dict, path: str, module: str) -> dict:
    result = subprocess.run(
        [str(PROD_PYTHON), "-c", CHILD, path, module],
        env=env,
        cwd=env["PYTHONPATH"].split(os.pathsep)[0],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def package_architecture(package: Path) -> str:
    """The Lambda architecture every ELF file in the package is built for (any glibc: the
    runtime's ceiling is `bin/mdt package`'s business)."""
    for architecture in ELF_MACHINES:
        result = check_package(package, architecture, glibc=(9, 99))
        if result.elf_files and not result.problems:
            return architecture
    sys.exit(f"{package}: its ELF files are not all of one architecture")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    subprocess.run([str(ROOT / "bin" / "mdt"), "package", "dev"], cwd=ROOT, check=True)
    architecture = package_architecture(ROOT / "build" / "mdt-dev.zip")
    if WHEEL_MACHINES[architecture] != os.uname().machine:
        sys.exit(
            f"the dev package is built for {architecture}, this machine is {os.uname().machine}:"
            " bench/cold_start/arm64.py boots it under qemu"
        )
    with tempfile.TemporaryDirectory(prefix="mdt-cold-") as tmp:
        base = Path(tmp)
        with zipfile.ZipFile(ROOT / "build" / "mdt-dev.zip") as archive:
            archive.extractall(base / "package")
        (base / "hello").mkdir()
        (base / "hello" / "__init__.py").write_text("")
        (base / "hello" / "settings.py").write_text(HELLO_SETTINGS % {"db": str(base / "h.db")})
        (base / "hello" / "urls.py").write_text(HELLO_URLS)
        mdt_env = {
            "DJANGO_SECRET_KEY": "cold-start-" + "x" * 60,
            "DATABASE_URL": f"sqlite:///{base / 'mdt.db'}",
            "AWS_REGION": "us-east-1",
            "MDT_XRAY": "1",
            "DJANGO_ALLOWED_HOSTS": "",
        }
        envs = {
            "mdt": (
                _project(
                    base,
                    "mdt",
                    "metadata_discovery.settings.production",
                    mdt_env,
                    str(base / "package"),
                ),
                "/healthz",
                "handler",
            ),
            # The same package with the X-Ray SDK off (Lambda's own tracing only), to show
            # what the SDK itself costs.
            "mdt-noxray": (
                _project(
                    base,
                    "mdt-noxray",
                    "metadata_discovery.settings.production",
                    {**mdt_env, "MDT_XRAY": "0"},
                    str(base / "package"),
                ),
                "/healthz",
                "handler",
            ),
            "hello": (
                _project(base, "hello-zappa", "hello.settings", {}, str(base)),
                "/hello/",
                "zappa.handler",
            ),
        }
        secret_id = "mdt/dev/django-secret-key"
        secret_env = {k: v for k, v in mdt_env.items() if k != "DJANGO_SECRET_KEY"}
        secret_env["DJANGO_SECRET_KEY_SECRET_ID"] = secret_id
        with contextlib.ExitStack() as stack:
            # As deployed: the stage names the secret and switches the extension on; the
            # runtime gives the port and the session token. The database URL stays plain (the
            # same SQLite file), the database secret being one more local GET of the same kind.
            runtime_env = stack.enter_context(
                _secrets_extension({secret_id: mdt_env["DJANGO_SECRET_KEY"]}, "bench-token")
            )
            process_env = _project(
                base,
                "mdt-ext",
                "metadata_discovery.settings.production",
                {**secret_env, "MDT_SECRETS_EXTENSION": "1"},
                str(base / "package"),
            )
            envs["mdt-ext"] = ({**process_env, **runtime_env}, "/healthz", "handler")
            aws_env = stack.enter_context(_secrets_manager(secret_id, mdt_env["DJANGO_SECRET_KEY"]))
            if aws_env is not None:
                # Informational: the boto3 fallback (no extension), the secret key from a local
                # moto server.
                process_env = _project(
                    base,
                    "mdt-secrets",
                    "metadata_discovery.settings.production",
                    secret_env,
                    str(base / "package"),
                )
                envs["mdt-secret"] = ({**process_env, **aws_env}, "/healthz", "handler")
            samples = {name: [] for name in envs}
            for _ in range(args.runs):
                for name, (env, path, module) in envs.items():
                    samples[name].append(_run(env, path, module))

    def median(name, key):
        return statistics.median(sample[key] for sample in samples[name])

    for name in samples:
        print(
            f"{name:10} import {median(name, 'import_ms'):6.0f} ms  first request "
            f"{median(name, 'first_request_ms'):6.0f} ms  total {median(name, 'total_ms'):6.0f} ms"
            f" (CPU {median(name, 'cpu_ms'):4.0f} ms)"
            f"  peak RSS {median(name, 'peak_rss_mb'):5.1f} MB  loaded: {samples[name][0]['modules']}"
        )
    ratio = median("mdt", "total_ms") / median("hello", "total_ms")
    bare = median("mdt-noxray", "total_ms") / median("hello", "total_ms")
    rss = median("mdt", "peak_rss_mb")
    print(f"ratio MDT/hello {ratio:.2f}x (goal <= 1.3x); MDT peak RSS {rss:.0f} MB (goal <= 128)")
    print(f"ratio MDT without the X-Ray SDK/hello {bare:.2f}x")
    # CPU time is what a cold start costs on Lambda, and it barely moves when other processes
    # compete for the machine; wall time does. Shown to judge a run made under load.
    cpu = median("mdt", "cpu_ms") / median("hello", "cpu_ms")
    print(f"CPU-time ratio MDT/hello {cpu:.2f}x")
    extension = median("mdt-ext", "total_ms") / median("hello", "total_ms")
    extension_cpu = median("mdt-ext", "cpu_ms") / median("hello", "cpu_ms")
    print(
        f"ratio MDT as deployed (secret key through the extension, fake on 127.0.0.1)/hello "
        f"{extension:.2f}x (CPU {extension_cpu:.2f}x; goal <= 1.3x)"
    )
    if "mdt-secret" in samples:
        secret = median("mdt-secret", "total_ms") / median("hello", "total_ms")
        print(f"ratio MDT reading its secret key with boto3 (moto)/hello {secret:.2f}x")
    return 0 if ratio <= 1.3 and extension <= 1.3 and rss <= 128 else 1


if __name__ == "__main__":
    sys.exit(main())
