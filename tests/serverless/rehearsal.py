"""The real `zappa deploy | status | update | manage | tail | undeploy` against moto_server on
127.0.0.1, run once per session with every AWS call recorded (tests/serverless/aws_calls.py).

The stage is prod from zappa_settings.json, with the values terraform would output (subnets,
security group, buckets, role) taken from resources created in moto first, written in by
terraform/sync_zappa_settings.py; the package is the real one, built by `bin/mdt package`
(conftest's lambda_zip). Three deviations, all harness-only: `"touch": false` (touch would call
the execute-api URL, which moto does not serve), the AWS-owned Parameters and Secrets extension
layer swapped for a same-named layer published in moto's own account (moto only knows layers
published in it, and cannot publish in AWS's account), and moto's Lambda without docker, so
`zappa manage`'s invocation answers with moto's stub (the call is what is rehearsed, not the
migration). Every HTTP(S) request not for 127.0.0.1 goes to a dead proxy, so nothing can reach
AWS.

test_deploy_rehearsal.py checks what each command left in moto (snapshots taken between the
commands); test_iam.py checks the recorded calls against terraform's IAM policies. conftest.py
holds the session fixtures (moto_endpoint, zappa_rehearsal) and hands in its offline_env.
"""

import io
import json
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import boto3
from botocore.config import Config

from terraform.sync_zappa_settings import sync_stage
from tests.serverless.aws_calls import Call, install_subprocess_recorder, read_calls
from tests.serverless.aws_calls import subprocess_env

ROOT = Path(__file__).resolve().parent.parent.parent
STAGE = "prod"
FUNCTION = f"mdt-{STAGE}"
MIGRATE_STAGE = f"{STAGE}_migrate"  # buildspec migrates there before updating STAGE
MIGRATE_FUNCTION = f"mdt-{STAGE}-migrate"  # Zappa slugifies "<project>-<stage>"
ZAPPA = str(ROOT / ".venv" / "bin" / "zappa")
ACCOUNT = "123456789012"  # moto's default account
REGION = "us-east-1"
ZAPPA_BUCKET = f"mdt-zappa-{STAGE}-{ACCOUNT}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def moto_server(directory: Path, offline_env: Callable[..., dict]) -> Iterator[str]:
    """moto_server on a free port of 127.0.0.1, its log in `directory`: its endpoint."""
    port = _free_port()
    log = (directory / "moto.log").open("w")  # pylint: disable=consider-using-with
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
    # Lambda without docker: an invocation answers moto's stub instead of running the code.
    config = json.dumps({"lambda": {"use_docker": False}}).encode()
    with urllib.request.urlopen(f"{endpoint}/moto-api/config", data=config, timeout=5):
        pass
    try:
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def client(service: str, endpoint: str):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"max_attempts": 1}),
    )


def _terraform_like_outputs(endpoint: str) -> dict:
    """Create in moto what terraform/ creates, and return its zappa_stage_settings output."""
    ec2, iam, s3 = (client(name, endpoint) for name in ("ec2", "iam", "s3"))
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
    s3.create_bucket(Bucket=ZAPPA_BUCKET)
    return {
        "aws_region": REGION,
        "s3_bucket": ZAPPA_BUCKET,
        "role_name": "mdt-prod-lambda",
        "vpc_config": {"SubnetIds": subnets, "SecurityGroupIds": [group["GroupId"]]},
        "environment_variables": {"DJANGO_ALLOWED_HOSTS": "d111111abcdef8.cloudfront.net"},
    }


def _layers_published_in_moto(layers: list[str], endpoint: str) -> list[str]:
    """The same layer names and order, each as a version published in moto's account."""
    lambda_ = client("lambda", endpoint)
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


@dataclass
class Rehearsal:
    """What the zappa commands printed, what moto held between them, and every call they made."""

    settings: dict
    layers: list[str]
    outputs: dict[str, str] = field(default_factory=dict)
    snapshots: dict[str, dict] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    stack_template: dict = field(default_factory=dict)
    stack_resources: list[dict] = field(default_factory=list)


class _Zappa:
    """Runs `zappa <command> prod ...` with the recorder on, each call labelled with the command."""

    def __init__(self, settings_path: Path, endpoint: str, recording: tuple, offline_env):
        self.settings_path = settings_path
        self.endpoint = endpoint
        self.calls_file, self.recorder = recording
        self.offline_env = offline_env

    def __call__(self, *args: str, timeout: int = 180) -> str:
        command = "zappa " + " ".join(Path(a).name if a.endswith(".zip") else a for a in args)
        # cwd: zappa writes its CloudFormation template file into the working directory.
        result = subprocess.run(
            [ZAPPA, *args, "-s", str(self.settings_path)],
            cwd=self.settings_path.parent,
            env=self.offline_env(
                AWS_ENDPOINT_URL=self.endpoint,
                **subprocess_env(self.calls_file, self.recorder, command),
            ),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"{command} failed:\n{output}"
        return output


def _deployed(endpoint: str) -> dict:
    lambda_, events = client("lambda", endpoint), client("events", endpoint)
    rules = {rule["Name"]: rule for rule in events.list_rules(NamePrefix=FUNCTION)["Rules"]}
    return {
        "config": lambda_.get_function_configuration(FunctionName=FUNCTION),
        "concurrency": lambda_.get_function_concurrency(FunctionName=FUNCTION),
        "rules": rules,
        "targets": {
            name: events.list_targets_by_rule(Rule=name)["Targets"] for name in sorted(rules)
        },
    }


def _http_api(endpoint: str, stack_resources: list[dict]) -> dict:
    """The HTTP API the stack made, its stage and integration."""
    api_id = next(
        r["PhysicalResourceId"] for r in stack_resources if r["LogicalResourceId"] == "ApiV2"
    )
    apigateway = client("apigatewayv2", endpoint)
    return {
        "api": apigateway.get_api(ApiId=api_id),
        "stage": apigateway.get_stage(ApiId=api_id, StageName=STAGE),
        "integrations": apigateway.get_integrations(ApiId=api_id)["Items"],
    }


def _put_a_log_line(endpoint: str) -> None:
    logs = client("logs", endpoint)
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


def rehearse(moto_endpoint: str, lambda_zip: Path, directory: Path, offline_env) -> Rehearsal:
    """Deploy, status, update, manage, tail and undeploy prod and its migrate stage, as README
    and buildspec do, recording every AWS call."""
    settings = json.loads((ROOT / "zappa_settings.json").read_text(encoding="utf-8"))
    settings = sync_stage(settings, STAGE, _terraform_like_outputs(moto_endpoint))
    settings[STAGE]["touch"] = False
    layers = _layers_published_in_moto(settings[STAGE]["layers"], moto_endpoint)
    settings[STAGE]["layers"] = layers
    settings_path = directory / "zappa_settings.json"
    settings_path.write_text(json.dumps(settings), encoding="utf-8")
    calls_file = directory / "calls.jsonl"
    recording = (calls_file, install_subprocess_recorder(directory / "site"))
    zappa = _Zappa(settings_path, moto_endpoint, recording, offline_env)
    lambda_, cloudformation = client("lambda", moto_endpoint), client(
        "cloudformation", moto_endpoint
    )
    rehearsal = Rehearsal(settings=settings, layers=layers)
    outputs, snapshots = rehearsal.outputs, rehearsal.snapshots

    # As the README's first deploy: the migrate stage, its migration, then the API's stage.
    # (The migrate stage gets prod's package: the two differ only in the stage name inside.)
    outputs["deploy migrate"] = zappa("deploy", MIGRATE_STAGE, "-z", str(lambda_zip))
    outputs["manage migrate"] = zappa("manage", MIGRATE_STAGE, "migrate --no-input")
    snapshots["migrate"] = {
        "config": lambda_.get_function_configuration(FunctionName=MIGRATE_FUNCTION),
        "concurrency": lambda_.get_function_concurrency(FunctionName=MIGRATE_FUNCTION),
        "rules": client("events", moto_endpoint).list_rules(NamePrefix=MIGRATE_FUNCTION)["Rules"],
        "stacks": [stack["StackName"] for stack in cloudformation.describe_stacks()["Stacks"]],
    }
    outputs["deploy"] = zappa("deploy", STAGE, "-z", str(lambda_zip))
    snapshots["deploy"] = _deployed(moto_endpoint)
    rehearsal.stack_template = cloudformation.get_template(StackName=FUNCTION)["TemplateBody"]
    rehearsal.stack_resources = cloudformation.list_stack_resources(StackName=FUNCTION)[
        "StackResourceSummaries"
    ]
    snapshots["api"] = _http_api(moto_endpoint, rehearsal.stack_resources)
    outputs["status"] = zappa("status", STAGE, "--json")
    snapshots["before update"] = lambda_.get_function(FunctionName=FUNCTION)
    # As buildspec's update: the migrate stage first, its migration, then the API's stage.
    outputs["update migrate"] = zappa("update", MIGRATE_STAGE, "-z", str(lambda_zip))
    outputs["manage"] = zappa("manage", MIGRATE_STAGE, "migrate --no-input")
    outputs["update"] = zappa("update", STAGE, "-z", str(lambda_zip))
    snapshots["update"] = lambda_.list_versions_by_function(FunctionName=FUNCTION)
    _put_a_log_line(moto_endpoint)
    outputs["tail"] = zappa("tail", STAGE, "--since", "5m", "--disable-keep-open")
    outputs["undeploy migrate"] = zappa("undeploy", MIGRATE_STAGE, "--yes", "--remove-logs")
    outputs["undeploy"] = zappa("undeploy", STAGE, "--yes", "--remove-logs")
    snapshots["undeploy"] = {
        "functions": lambda_.list_functions()["Functions"],
        "rules": client("events", moto_endpoint).list_rules(NamePrefix=FUNCTION)["Rules"],
    }
    rehearsal.calls = read_calls(calls_file)
    return rehearsal
