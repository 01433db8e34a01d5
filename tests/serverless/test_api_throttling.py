"""API Gateway throttling, set by the Zappa `post` callback on each deploy and update (moto,
in-process, through Zappa's own AWS clients), and sized against the function's reserved
concurrency (docs/deploy.md, "Throttling")."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name,unused-argument

import json
from types import SimpleNamespace

import boto3
import pytest
from moto import mock_aws
from zappa.core import Zappa

from bench.cost import monthly_bill
from metadata_discovery import api_throttling
from tests.serverless.conftest import ROOT, offline_env
from tests.serverless.moto_extensions import register as extend_moto

SETTINGS = json.loads((ROOT / "zappa_settings.json").read_text(encoding="utf-8"))
LIMITS = SETTINGS["base"]["api_throttling"]


@pytest.fixture
def aws(monkeypatch):  # the tests take it for its effect: AWS is moto's
    for key, value in offline_env().items():
        if key.startswith("AWS_"):
            monkeypatch.setenv(key, value)
    with mock_aws():
        yield


def _deployed_rest_api(name: str, stage: str) -> str:
    """A REST API named and staged as Zappa's (its CloudFormation stack is not needed: Zappa
    finds the API by name when the stack has none)."""
    client = boto3.client("apigateway", region_name="us-east-1")
    api_id = client.create_rest_api(name=name)["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="ANY", authorizationType="NONE")
    client.put_integration(
        restApiId=api_id,
        resourceId=root,
        httpMethod="ANY",
        type="MOCK",
        integrationHttpMethod="ANY",
    )
    client.create_deployment(restApiId=api_id, stageName=stage)
    return api_id


def _cli(stage_config: dict) -> SimpleNamespace:
    zappa = Zappa(aws_region="us-east-1", load_credentials=True)
    return SimpleNamespace(
        zappa=zappa, lambda_name="mdt-prod", api_stage="prod", stage_config=stage_config
    )


def test_the_post_callback_throttles_the_http_apis_stage(aws):
    """The deployed API type (apigateway_version "v2"): default route settings of the stage."""
    extend_moto()  # moto 5.2.5 has no UpdateStage for API Gateway v2
    client = boto3.client("apigatewayv2", region_name="us-east-1")
    api_id = client.create_api(Name="mdt-prod", ProtocolType="HTTP")["ApiId"]
    client.create_stage(ApiId=api_id, StageName="prod")
    zappa_cli = _cli({"api_throttling": LIMITS, "apigateway_version": "v2"})
    zappa_cli.zappa.get_api_id = lambda name, apigateway_version: api_id  # Zappa reads its stack

    applied = api_throttling.apply(zappa_cli)

    assert applied["api_id"] == api_id
    settings = client.get_stage(ApiId=api_id, StageName="prod")["DefaultRouteSettings"]
    assert settings["ThrottlingRateLimit"] == LIMITS["rate_limit"]
    assert settings["ThrottlingBurstLimit"] == LIMITS["burst_limit"]


def test_the_post_callback_throttles_every_method_of_a_rest_apis_stage(aws):
    api_id = _deployed_rest_api("mdt-prod", "prod")

    applied = api_throttling.apply(_cli({"api_throttling": LIMITS}))

    assert applied["api_id"] == api_id
    stage = boto3.client("apigateway", region_name="us-east-1").get_stage(
        restApiId=api_id, stageName="prod"
    )
    every_method = stage["methodSettings"]["*/*"]
    assert every_method["throttlingRateLimit"] == LIMITS["rate_limit"]
    assert every_method["throttlingBurstLimit"] == LIMITS["burst_limit"]


def test_a_stage_without_limits_or_without_an_api_is_left_alone(aws):
    assert not api_throttling.apply(_cli({}))
    assert not api_throttling.apply(_cli({"api_throttling": LIMITS, "apigateway_enabled": False}))


def test_a_missing_api_fails_the_deploy_rather_than_leaving_it_unthrottled(aws):
    with pytest.raises(RuntimeError, match="No API found for mdt-prod"):
        api_throttling.apply(_cli({"api_throttling": LIMITS}))


def test_every_stage_runs_the_callback_and_the_limits_fit_the_reserved_concurrency():
    """A burst no larger than the reserved concurrency reaches the function whole; the steady
    rate is what that concurrency serves at the cost model's typical request (150 ms)."""
    assert SETTINGS["base"]["callbacks"]["post"] == "metadata_discovery.api_throttling.apply"
    concurrency = SETTINGS["base"]["lambda_concurrency"]
    typical_seconds = monthly_bill.__kwdefaults__["duration_s"]
    for name, stage in SETTINGS.items():
        limits = stage.get("api_throttling", LIMITS)
        assert "callbacks" not in stage or stage["callbacks"] == SETTINGS["base"]["callbacks"]
        assert 0 < limits["burst_limit"] <= concurrency, name
        assert 0 < limits["rate_limit"] <= concurrency / typical_seconds, name
