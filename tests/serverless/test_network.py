"""The function's network, as terraform declares it, reaches every AWS API its code calls.

moto answers a call from anywhere; on AWS the function runs in private subnets with no NAT, so an
AWS API is reachable only through a VPC endpoint terraform declares. A bulk ingest once took
180 s (and a 504 at API Gateway's 29 s) because production handed its index update to the Lambda
API, which had no route from the subnets (issue 17). So: every AWS call the function's code
makes on its paths is recorded where botocore sends it (production's own indexing settings; a
bulk ingest, an edit, a login and a search through Zappa's handler; every scheduled event of
every stage; reading secrets as the settings and the recipes do), and each service must have a
route: an endpoint in network.tf (an interface one with private DNS, or S3's gateway on the
private route table) or a NAT gateway. A call with no route fails the test.

Not modelled: security group rules beyond the endpoints' own (network.tf allows 443 from the
function's group, tests/serverless/test_terraform.py), DNS resolution, and AWS's own outages.
"""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import json
import os
import subprocess
import sys

import boto3
import pytest
from moto import mock_aws
from zappa.core import Zappa

from accounts.models import Role
from accounts.tests.factories import UserFactory
from catalog.tests.factories import make_urn
from metadata_discovery import aws
from tests.serverless.aws_calls import recording
from tests.serverless.conftest import ROOT
from tests.serverless.events import FakeLambdaContext, encoded, http_v2, scheduled
from tests.serverless.test_lambda_handler import LAMBDA_NAME, _token
from tests.serverless.test_terraform import _blocks, _unquote

pytestmark = pytest.mark.django_db

SETTINGS = json.loads((ROOT / "zappa_settings.json").read_text(encoding="utf-8"))


def production_settings(*names: str) -> dict:
    """Values the production settings module gives, read in a subprocess with only what a
    deployed stage sets (importing it here would reconfigure this test process)."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}))"
    )
    env = {
        **{key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ},
        "DJANGO_SETTINGS_MODULE": "metadata_discovery.settings.production",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://mdt@127.0.0.1:5432/mdt",
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def routes_declared() -> tuple[set[str], bool]:
    """The AWS services network.tf gives the private subnets a route to, and whether there is a
    NAT gateway (a route to all of them)."""
    resources = _blocks("resource")
    services = set()
    for (kind, _), endpoint in resources.items():
        if kind != "aws_vpc_endpoint":
            continue
        service = _unquote(endpoint["service_name"]).rsplit(".", 1)[-1]
        if _unquote(endpoint.get("vpc_endpoint_type")) == "Gateway":
            routed = "aws_route_table.private.id" in str(endpoint.get("route_table_ids"))
        else:
            routed = endpoint.get("private_dns_enabled") is True
        if routed:
            services.add(service)
    return services, any(kind == "aws_nat_gateway" for kind, _ in resources)


@pytest.fixture
def aws_calls(monkeypatch):
    """Every AWS API call botocore makes while the fixture is up (tests/serverless/aws_calls.py),
    against moto."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_LAMBDA_FUNCTION_NAME": LAMBDA_NAME,
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws(), recording("the function") as calls:
        yield calls


def _run_the_function(lambda_handler, settings) -> None:
    """The function's paths, with production's indexing settings."""
    production = production_settings("SEARCH_BULK_INDEXING", "SEARCH_INDEX_DISPATCHER")
    for name, value in production.items():
        setattr(settings, name, value)
    UserFactory(username="pipeline", role=Role.INGESTION)
    UserFactory(username="writer", role=Role.EDITOR)

    def call(method, path, user, body=None, query=None):
        headers = {"Authorization": f"Bearer {_token(lambda_handler, user)}"}
        headers["Content-Type"] = "application/json"
        event = http_v2(method, path, headers=headers, body=body, query=query)
        response = lambda_handler(event, None)
        assert response["statusCode"] < 300, response["body"]

    batch = [{"urn": make_urn(f"net.table_{i}"), "description": "x"} for i in range(30)]
    call("POST", "/api/v1/ingest/", "pipeline", {"datasets": batch})
    call("PATCH", f"/api/v1/datasets/{encoded(make_urn('net.table_1'))}/", "writer", {"docs": "d"})
    call("GET", "/api/v1/search/", "writer", query={"q": "table"})
    # Every scheduled job but the warehouse crawl (its one AWS call, the warehouse secret, is
    # test_iam.py's), under the rule name Zappa gives it: the handler runs a job only when the
    # rule's name ends with the job's function (a bare name ran nothing, and recorded nothing).
    context = FakeLambdaContext(remaining_ms=300_000)
    zappa = Zappa(load_credentials=False, aws_region="us-east-1")
    jobs = {
        event["name"]: event
        for stage in SETTINGS.values()
        for event in stage.get("events", [])
        if not event["function"].endswith("run_ingestion")
    }
    for event in jobs.values():
        rule = zappa.get_scheduled_event_name(event, event["function"], LAMBDA_NAME)
        result = lambda_handler(scheduled(rule, **event.get("kwargs", {})), context)
        assert result is not None, f"the {event['name']} job did not run"


def _read_secrets(aws_calls: list) -> list:
    """As the settings read them without the extension (with it, the extension calls the same
    API from the function's network), and as a recipe's credentials are read. Returns the calls
    the reading made (not the test's own, which store the secrets)."""
    secrets = boto3.client("secretsmanager")
    secrets.create_secret(Name="mdt/key", SecretString="k" * 50)
    secrets.create_secret(
        Name="mdt/db", SecretString=json.dumps({"username": "u", "password": "p"})
    )
    start = len(aws_calls)
    environ = {"DJANGO_SECRET_KEY_SECRET_ID": "mdt/key", "DATABASE_SECRET_ID": "mdt/db"}
    aws.load_secrets_into_environ({**environ, "DATABASE_HOST": "db"})
    aws.secret_string("mdt/key")
    return aws_calls[start:]


def test_every_aws_api_the_function_calls_is_routed_from_its_subnets(
    lambda_handler, settings, aws_calls, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _run_the_function(lambda_handler, settings)
    function_calls = [*aws_calls, *_read_secrets(aws_calls)]
    called = {call.endpoint_prefix for call in function_calls}
    assert "secretsmanager" in called  # the recording works: the settings' secrets were read
    if any(stage.get("slim_handler") for stage in SETTINGS.values()):
        called.add("s3")  # the handler fetches the package from S3 on a cold start
    routed, nat = routes_declared()
    unrouted = set() if nat else called - routed
    seen = sorted({(call.endpoint_prefix, call.operation) for call in function_calls})
    assert not unrouted, (
        f"the function calls {sorted(unrouted)} (calls: {seen}) but "
        f"terraform routes its subnets only to {sorted(routed)} and declares no NAT gateway"
    )


def test_every_boto3_client_of_the_function_is_bounded():
    """A client made anywhere but metadata_discovery.aws.bounded_client has boto3's 60 s
    timeouts; one call to an unreachable API would outlast API Gateway's 29 s."""
    sources = [
        path
        for package in ("core", "accounts", "catalog", "ingestion", "search", "metadata_discovery")
        for path in (ROOT / package).rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]
    offenders = [
        str(path.relative_to(ROOT))
        for path in sources
        if ".client(" in path.read_text(encoding="utf-8")
        and path != ROOT / "metadata_discovery" / "aws.py"
    ]
    assert not offenders, offenders
