"""`bin/mdt logs`: the function's log with Lambda's REPORT lines, which `zappa tail` drops, read
from CloudWatch Logs (moto's, in-process) as the deployer reads it."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import importlib.util
import io
import json
import time

import boto3
import pytest
from moto import mock_aws

from tests.serverless.conftest import ROOT, offline_env

_SPEC = importlib.util.spec_from_file_location("mdt_logs", ROOT / "bin" / "mdt_logs.py")
mdt_logs = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(mdt_logs)

REPORT = (
    "REPORT RequestId: 4f1c Duration: 41.20 ms Billed Duration: 42 ms Memory Size: 512 MB "
    "Max Memory Used: 79 MB Init Duration: 812.33 ms\n"
)
LINES = [
    "START RequestId: 4f1c Version: $LATEST\n",
    '[INFO] "GET /api/v1/search/?q=orders HTTP/1.1" 200\n',
    "END RequestId: 4f1c\n",
    REPORT,
]


@pytest.fixture
def logs(monkeypatch):
    for key, value in offline_env().items():
        if key.startswith("AWS_"):
            monkeypatch.setenv(key, value)
    with mock_aws():
        client = boto3.client("logs", region_name="us-east-1")
        group = mdt_logs.log_group("prod")
        client.create_log_group(logGroupName=group)
        client.create_log_stream(logGroupName=group, logStreamName="2026/12/06/[$LATEST]abc")
        now = int(time.time() * 1000)
        client.put_log_events(
            logGroupName=group,
            logStreamName="2026/12/06/[$LATEST]abc",
            logEvents=[{"timestamp": now + i, "message": line} for i, line in enumerate(LINES)],
        )
        yield client


def _run(client, *args: str) -> str:
    out = io.StringIO()
    assert mdt_logs.run(["prod", *args], client=client, out=out) == 0
    return out.getvalue()


def test_the_log_group_is_the_functions():
    """Named as Zappa names the function: slugify("<project>-<stage>")."""
    # pylint: disable=import-outside-toplevel
    import slugify

    settings = json.loads((ROOT / "zappa_settings.json").read_text(encoding="utf-8"))
    project = settings["base"]["project_name"]
    for stage in [name for name in settings if name != "base"]:
        function = slugify.slugify(f"{project}-{stage}")
        assert mdt_logs.log_group(stage) == f"/aws/lambda/{function}", stage
    assert mdt_logs.log_group("prod_migrate") == f"/aws/lambda/{project}-prod-migrate"


def test_every_line_is_printed_report_included(logs):
    printed = _run(logs).splitlines()
    assert len(printed) == 4
    assert printed[-1].endswith(REPORT.strip())
    assert "Init Duration: 812.33 ms" in printed[-1]


def test_reports_are_summarized_one_per_invocation(logs):
    assert _run(logs, "--reports").splitlines() == [
        "4f1c init=812.33ms duration=41.20ms billed=42ms memory=79/512MB"
    ]


def test_a_warm_invocation_has_no_init_duration():
    warm = (
        "REPORT RequestId: 9a Duration: 3.1 ms Billed Duration: 4 ms Memory Size: 512 MB "
        "Max Memory Used: 80 MB"
    )
    assert mdt_logs.report_summary(warm) == "9a duration=3.1ms billed=4ms memory=80/512MB"
    assert mdt_logs.report_summary("[INFO] a request") is None
