"""With SEARCH_BULK_INDEXING=dispatch and metadata_discovery.lambda_tasks.dispatch as the
dispatcher (an option for a stack whose VPC routes to the Lambda API; production's default
indexes in the request: tests/serverless/test_network.py says why), a bulk ingestion batch is
indexed by an asynchronous invocation of the same function: the request sends the invocation
through Zappa's task routing, and Zappa's handler runs it. The Lambda API is moto's, in-process;
the invocation's payload, as boto3 sent it, is fed to Zappa's real lambda_handler, as Lambda
would deliver it."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import io
import json
import zipfile

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError
from moto import mock_aws

from accounts.models import Role
from accounts.tests.factories import UserFactory
from catalog.models import Dataset
from catalog.tests.factories import make_urn
from search.backends import get_backend
from search.relay import pending_count
from metadata_discovery.aws import CLIENT_CONNECT_TIMEOUT, bounded_client
from tests.serverless.events import http_v2
from tests.serverless.test_lambda_handler import LAMBDA_NAME, _token

pytestmark = pytest.mark.django_db


@pytest.fixture
def lambda_api(monkeypatch, settings):
    """MDT running as the Lambda function LAMBDA_NAME, with production's dispatcher, whose Lambda
    client (Zappa's module-level one) talks to moto. Yields the payloads of the invocations sent."""
    settings.SEARCH_BULK_INDEXING = "dispatch"
    settings.SEARCH_INDEX_DISPATCHER = "metadata_discovery.lambda_tasks.dispatch"
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", LAMBDA_NAME)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    with mock_aws(config={"lambda": {"use_docker": False}}):
        role = boto3.client("iam", region_name="us-east-1").create_role(
            RoleName="mdt-lambda", AssumeRolePolicyDocument="{}"
        )["Role"]["Arn"]
        package = io.BytesIO()
        with zipfile.ZipFile(package, "w") as archive:
            archive.writestr("handler.py", "def lambda_handler(event, context):\n    return 1\n")
        monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        client = bounded_client("lambda")  # what the dispatcher would put in Zappa's place
        client.create_function(
            FunctionName=LAMBDA_NAME,
            Runtime="python3.11",
            Role=role,
            Handler="handler.lambda_handler",
            Code={"ZipFile": package.getvalue()},
        )
        sent: list[dict] = []

        def record(params, **kwargs):
            del kwargs
            sent.append(
                {"invocation_type": params["headers"].get("X-Amz-Invocation-Type")}
                | {"payload": json.loads(params["body"])}
            )

        client.meta.events.register("before-call.lambda.Invoke", record)
        # Zappa creates it on import only when a region is configured (Lambda sets AWS_REGION).
        monkeypatch.setattr("zappa.asynchronous.LAMBDA_CLIENT", client, raising=False)
        client.sent = sent
        yield client


def _ingest(lambda_handler, django_capture_on_commit_callbacks, count: int) -> dict:
    user = UserFactory(username="lambda-ingestion", role=Role.INGESTION)
    token = _token(lambda_handler, user.username)
    body = {
        "datasets": [
            {"urn": make_urn(f"lambda.table_{i}"), "description": f"okapi table {i}"}
            for i in range(count)
        ]
    }
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    with django_capture_on_commit_callbacks(execute=True):
        response = lambda_handler(
            http_v2("POST", "/api/v1/ingest/", headers=headers, body=body), None
        )
    assert response["statusCode"] == 200, response["body"]
    return json.loads(response["body"])


def test_a_bulk_batch_is_indexed_by_an_asynchronous_invocation(
    lambda_handler, lambda_api, django_capture_on_commit_callbacks
):
    result = _ingest(lambda_handler, django_capture_on_commit_callbacks, 12)
    assert result["created"] == 12
    assert pending_count() == 12  # the request did not index: it sent one invocation
    assert len(lambda_api.sent) == 1
    invocation = lambda_api.sent[0]
    assert invocation["invocation_type"] == "Event"
    payload = invocation["payload"]
    assert payload["command"] == "zappa.asynchronous.route_lambda_task"
    assert payload["task_path"] == "search.indexing.index_task"
    assert sorted(payload["args"][0]) == sorted(Dataset.objects.values_list("id", flat=True))

    # Lambda delivers the event to the function; Zappa's handler routes it to index_task.
    assert lambda_handler(payload, None) == 12
    assert pending_count() == 0
    assert get_backend().indexed_versions() == dict(Dataset.objects.values_list("id", "version"))
    # Delivered twice (Lambda retries asynchronous invocations): nothing changes.
    assert lambda_handler(payload, None) == 12
    assert pending_count() == 0


def test_a_batch_whose_invocation_cannot_be_sent_is_indexed_in_the_request(
    lambda_handler, lambda_api, django_capture_on_commit_callbacks
):
    def unreachable(**kwargs):
        raise EndpointConnectionError(endpoint_url="https://lambda.us-east-1.amazonaws.com")

    lambda_api.meta.events.register("before-call.lambda.Invoke", unreachable)
    result = _ingest(lambda_handler, django_capture_on_commit_callbacks, 5)
    assert result["created"] == 5
    assert pending_count() == 0
    assert get_backend().indexed_versions() == dict(Dataset.objects.values_list("id", "version"))


@pytest.mark.usefixtures("lambda_api")
def test_the_dispatcher_never_waits_on_zappas_unbounded_client(
    lambda_handler, monkeypatch, django_capture_on_commit_callbacks
):
    """Zappa's module-level client has boto3's 60 s connect and read timeouts with retries: on a
    VPC without a route to the Lambda API, a bulk ingest waited 180 s (issue 17)."""
    # pylint: disable=import-outside-toplevel
    from zappa import asynchronous

    monkeypatch.setattr(asynchronous, "LAMBDA_CLIENT", boto3.client("lambda"))
    assert asynchronous.LAMBDA_CLIENT.meta.config.connect_timeout == 60
    assert _ingest(lambda_handler, django_capture_on_commit_callbacks, 3)["created"] == 3
    config = asynchronous.LAMBDA_CLIENT.meta.config
    assert (config.connect_timeout, config.read_timeout) == (CLIENT_CONNECT_TIMEOUT, 5)
    assert config.retries["total_max_attempts"] == 2
