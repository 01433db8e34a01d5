"""Every AWS API call botocore sends, recorded where it is sent: in this process (a context manager
patching BaseClient._make_api_call) or in a subprocess such as `zappa deploy` (a sitecustomize
module on its PYTHONPATH that patches the same method and appends one JSON line per call to the
file named by MDT_AWS_CALLS). Test harness only.

A call is recorded before it is sent, so a call the server refuses is recorded too: IAM would
have been asked about it all the same.
"""

import json
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from botocore.client import BaseClient

ROOT = Path(__file__).resolve().parent.parent.parent

CALLS_FILE_ENV = "MDT_AWS_CALLS"
COMMAND_ENV = "MDT_AWS_CALLS_COMMAND"


@dataclass(frozen=True)
class Call:
    """One API call: the service's signing name (IAM's prefix for every service MDT uses), its
    endpoint prefix (the VPC endpoint's), the operation, its parameters as JSON would keep them
    (bytes and streams as a placeholder), and the command that made it."""

    service: str
    endpoint_prefix: str
    operation: str
    params: dict = field(default_factory=dict, compare=False, hash=False)
    region: str = "us-east-1"
    command: str = ""
    # botocore's name of the API (apigateway and apigatewayv2 share a signing name and prefix)
    api: str = ""


def _jsonable(value):
    return f"<{type(value).__name__}>"


def _as_record(client, operation: str, params: dict, command: str) -> dict:
    model = client.meta.service_model
    return {
        "service": model.signing_name,
        "endpoint_prefix": model.endpoint_prefix,
        "operation": operation,
        "params": json.loads(json.dumps(params, default=_jsonable)),
        "region": client.meta.region_name,
        "command": command,
        "api": model.service_name,
    }


# The module written as sitecustomize.py: it records only when MDT_AWS_CALLS names a file.
SITECUSTOMIZE = f'''"""Records botocore's API calls (tests/serverless/aws_calls.py)."""
import os

if os.environ.get("{CALLS_FILE_ENV}"):
    import json
    import threading

    from botocore.client import BaseClient

    _LOCK = threading.Lock()  # s3transfer uploads parts from several threads
    _ORIGINAL = BaseClient._make_api_call

    def _jsonable(value):
        return "<" + type(value).__name__ + ">"

    def _recorded(client, operation, params):
        model = client.meta.service_model
        line = json.dumps(
            {{
                "service": model.signing_name,
                "endpoint_prefix": model.endpoint_prefix,
                "operation": operation,
                "params": params,
                "region": client.meta.region_name,
                "command": os.environ.get("{COMMAND_ENV}", ""),
                "api": model.service_name,
            }},
            default=_jsonable,
        )
        with _LOCK, open(os.environ["{CALLS_FILE_ENV}"], "a", encoding="utf-8") as out:
            out.write(line + "\\n")
        return _ORIGINAL(client, operation, params)

    BaseClient._make_api_call = _recorded
'''


def install_subprocess_recorder(directory: Path) -> Path:
    """Write the sitecustomize module into `directory` (put it first on PYTHONPATH)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    return directory


def read_calls(path: Path) -> list[Call]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as lines:
        return [Call(**json.loads(line)) for line in lines if line.strip()]


@contextmanager
def recording(command: str = "") -> Iterator[list[Call]]:
    """Record this process's calls (every thread's) into the list yielded, until exit."""
    calls: list[Call] = []
    lock = threading.Lock()
    original = BaseClient._make_api_call  # pylint: disable=protected-access

    def recorded(client, operation, params):
        with lock:
            calls.append(Call(**_as_record(client, operation, params, command)))
        return original(client, operation, params)

    BaseClient._make_api_call = recorded  # pylint: disable=protected-access
    try:
        yield calls
    finally:
        BaseClient._make_api_call = original  # pylint: disable=protected-access


def subprocess_env(calls_file: Path, recorder_dir: Path, command: str) -> dict:
    """What to add to a subprocess's environment to record its calls into `calls_file`."""
    # The repository too: zappa imports the stage's callbacks (metadata_discovery.*) from it.
    return {
        CALLS_FILE_ENV: str(calls_file),
        COMMAND_ENV: command,
        "PYTHONPATH": os.pathsep.join([str(recorder_dir), str(ROOT)]),
    }
