"""The real `zappa deploy | status | update | tail | undeploy` against moto_server on 127.0.0.1.

The stage is prod from zappa_settings.json, with the values terraform would output (subnets,
security group, buckets, role) taken from resources created in moto first, written in by
terraform/sync_zappa_settings.py. Three deviations, all harness-only: `"touch": false` (touch
would call the execute-api URL, which moto does not serve), a prebuilt package of MDT's sources
passed with --zip (packaging is checked on its own by bench/package_size.py), and the AWS-owned
Parameters and Secrets extension layer swapped for a same-named layer published in moto's own
account (moto only knows layers published in it, and cannot publish in AWS's account). Every
HTTP(S) request not for 127.0.0.1 goes to a dead proxy, so nothing can reach AWS.
"""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import io
import json
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile

import boto3
import pytest
from botocore.config import Config

from terraform.sync_zappa_settings import sync_stage
from tests.serverless.conftest import ROOT, offline_env

STAGE = "prod"
FUNCTION = f"mdt-{STAGE}"
ZAPPA = str(ROOT / ".venv" / "bin" / "zappa")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def moto_endpoint(tmp_path_factory):
    port = _free_port()
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open(
        "w"
    )  # pylint: disable=consider-using-with
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [
            sys.executable,
            "-m",
            "tests.serverless.moto_launcher",
            "-H",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        cwd=ROOT,
        env=offline_env(PYTHONPATH=str(ROOT)),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("moto_server did not start") from None
            time.sleep(0.2)
    yield endpoint
    process.terminate()
    process.wait(timeout=30)
    log.close()


def _client(service: str, endpoint: str):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"max_attempts": 1}),
    )


def _terraform_like_outputs(endpoint: str) -> dict:
    """Create in moto what terraform/ creates, and return its zappa_stage_settings output."""
    ec2, iam, s3 = (_client(name, endpoint) for name in ("ec2", "iam", "s3"))
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.40.{i * 16}.0/20", AvailabilityZone=zone)[
            "Subnet"
        ]["SubnetId"]
        for i, zone in enumerate(("us-east-1a", "us-east-1b"))
    ]
    group = ec2.create_security_group(GroupName="mdt-prod-lambda", Description="x", VpcId=vpc)
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": ["lambda.amazonaws.com", "events.amazonaws.com"]},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    iam.create_role(RoleName="mdt-prod-lambda", AssumeRolePolicyDocument=json.dumps(trust))
    s3.create_bucket(Bucket="mdt-zappa-prod-123456789012")
    return {
        "aws_region": "us-east-1",
        "s3_bucket": "mdt-zappa-prod-123456789012",
        "role_name": "mdt-prod-lambda",
        "vpc_config": {"SubnetIds": subnets, "SecurityGroupIds": [group["GroupId"]]},
        "environment_variables": {"DJANGO_ALLOWED_HOSTS": "d111111abcdef8.cloudfront.net"},
    }


def _package(path) -> None:
    """MDT's own sources, zipped as Lambda would receive them (dependencies left out)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for package in ("core", "metadata_discovery", "catalog", "ingestion", "accounts", "search"):
            for source in (ROOT / package).rglob("*.py"):
                if "tests" not in source.parts:
                    archive.write(source, source.relative_to(ROOT))


def _zappa(*args: str, settings, endpoint: str, timeout: int = 180) -> str:
    # cwd: zappa writes its CloudFormation template file into the working directory.
    result = subprocess.run(
        [ZAPPA, *args, "-s", str(settings)],
        cwd=settings.parent,
        env=offline_env(AWS_ENDPOINT_URL=endpoint, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"zappa {' '.join(args)} failed:\n{output}"
    return output


def _layers_published_in_moto(layers: list[str], endpoint: str) -> list[str]:
    """The same layer names and order, each as a version published in moto's account."""
    lambda_ = _client("lambda", endpoint)
    content = _zip_bytes({"extensions/placeholder": "#!/bin/sh\n"})
    return [
        lambda_.publish_layer_version(LayerName=arn.split(":")[6], Content={"ZipFile": content})[
            "LayerVersionArn"
        ]
        for arn in layers
    ]


def _zip_bytes(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_zappa_deploy_status_update_tail_undeploy_against_moto(moto_endpoint, tmp_path):
    settings = json.loads((ROOT / "zappa_settings.json").read_text(encoding="utf-8"))
    settings = sync_stage(settings, STAGE, _terraform_like_outputs(moto_endpoint))
    settings[STAGE]["touch"] = False
    layers = _layers_published_in_moto(settings[STAGE]["layers"], moto_endpoint)
    settings[STAGE]["layers"] = layers
    settings_path = tmp_path / "zappa_settings.json"
    settings_path.write_text(json.dumps(settings), encoding="utf-8")
    package = tmp_path / "mdt-prod.zip"
    _package(package)
    lambda_, events, logs = (_client(n, moto_endpoint) for n in ("lambda", "events", "logs"))

    output = _zappa(
        "deploy", STAGE, "-z", str(package), settings=settings_path, endpoint=moto_endpoint
    )
    assert "Deployment complete" in output, output

    config = lambda_.get_function_configuration(FunctionName=FUNCTION)
    assert config["Runtime"] == "python3.11"
    assert (config["MemorySize"], config["Timeout"]) == (512, 30)
    assert config["TracingConfig"]["Mode"] == "Active"
    assert [layer["Arn"] for layer in config["Layers"]] == layers
    assert config["Role"].endswith(":role/mdt-prod-lambda")
    # Reserved concurrency bounds the database connections (docs/deploy.md, "Connections").
    concurrency = lambda_.get_function_concurrency(FunctionName=FUNCTION)
    assert concurrency["ReservedConcurrentExecutions"] == settings["base"]["lambda_concurrency"]
    assert sorted(config["VpcConfig"]["SubnetIds"]) == sorted(
        settings[STAGE]["vpc_config"]["SubnetIds"]
    )
    rules = {rule["Name"]: rule for rule in events.list_rules(NamePrefix=FUNCTION)["Rules"]}
    keep_warm = [r for r in rules.values() if r["Name"].endswith("metadata_discovery.jobs.warm")]
    assert [r["ScheduleExpression"] for r in keep_warm] == ["rate(5 minutes)"]
    assert not [name for name in rules if name.endswith("keep_warm_callback")]
    jobs = [name for name in rules if name.endswith("metadata_discovery.jobs.run_scheduled")]
    scheduled_commands = [
        e for e in settings["base"]["events"] if e["function"].endswith("run_scheduled")
    ]
    assert len(jobs) == len(scheduled_commands)
    for name in jobs:
        target = events.list_targets_by_rule(Rule=name)["Targets"][0]
        assert '"command"' in target["InputTransformer"]["InputTemplate"]

    status = _zappa("status", STAGE, "--json", settings=settings_path, endpoint=moto_endpoint)
    assert json.loads(status[status.index("{") :])["Lambda Name"] == FUNCTION

    version_before = lambda_.get_function(FunctionName=FUNCTION)["Configuration"]["Version"]
    _zappa("update", STAGE, "-z", str(package), settings=settings_path, endpoint=moto_endpoint)
    versions = lambda_.list_versions_by_function(FunctionName=FUNCTION)["Versions"]
    assert len(versions) > 1 or versions[-1]["Version"] != version_before

    group = f"/aws/lambda/{FUNCTION}"
    if group not in [g["logGroupName"] for g in logs.describe_log_groups()["logGroups"]]:
        logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="2026/11/26/[$LATEST]rehearsal")
    logs.put_log_events(
        logGroupName=group,
        logStreamName="2026/11/26/[$LATEST]rehearsal",
        # Two seconds back: zappa's fetch_logs truncates its endTime to the whole second, so an
        # event stamped in the current second is not returned yet (a flaky miss otherwise).
        logEvents=[
            {"timestamp": int(time.time() * 1000) - 2000, "message": "GET /healthz 200 mdt-tail"}
        ],
    )
    tail = _zappa(
        "tail",
        STAGE,
        "--since",
        "5m",
        "--disable-keep-open",
        settings=settings_path,
        endpoint=moto_endpoint,
    )
    assert "GET /healthz 200 mdt-tail" in tail

    _zappa(
        "undeploy", STAGE, "--yes", "--remove-logs", settings=settings_path, endpoint=moto_endpoint
    )
    assert FUNCTION not in [f["FunctionName"] for f in lambda_.list_functions()["Functions"]]
    assert not events.list_rules(NamePrefix=FUNCTION)["Rules"]
