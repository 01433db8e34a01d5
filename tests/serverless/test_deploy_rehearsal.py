"""The real `zappa deploy | status | update | manage | tail | undeploy` against moto_server, with
the real package (tests/serverless/rehearsal.py runs them once per session): what each command
left in moto is what the stage asks for."""

import json

import pytest

from tests.serverless.rehearsal import FUNCTION, MIGRATE_FUNCTION, STAGE

# No database: bin/mdt test runs these once, in its PostgreSQL pass.
pytestmark = pytest.mark.no_database


def test_zappa_deploy_creates_the_function_the_stage_describes(zappa_rehearsal):
    settings = zappa_rehearsal.settings
    deployed = zappa_rehearsal.snapshots["deploy"]
    assert "Deployment complete" in zappa_rehearsal.outputs["deploy"]
    config = deployed["config"]
    assert config["Runtime"] == "python3.11"
    assert (config["MemorySize"], config["Timeout"]) == (512, 30)
    assert config["TracingConfig"]["Mode"] == "Active"
    assert [layer["Arn"] for layer in config["Layers"]] == zappa_rehearsal.layers
    assert config["Role"].endswith(":role/mdt-prod-lambda")
    # Reserved concurrency bounds the database connections (docs/deploy.md, "Connections").
    concurrency = deployed["concurrency"]
    assert concurrency["ReservedConcurrentExecutions"] == settings["base"]["lambda_concurrency"]
    assert sorted(config["VpcConfig"]["SubnetIds"]) == sorted(
        settings[STAGE]["vpc_config"]["SubnetIds"]
    )


def test_zappa_deploy_schedules_the_warm_job_and_every_command(zappa_rehearsal):
    deployed = zappa_rehearsal.snapshots["deploy"]
    rules = deployed["rules"]
    keep_warm = [r for r in rules.values() if r["Name"].endswith("metadata_discovery.jobs.warm")]
    assert [r["ScheduleExpression"] for r in keep_warm] == ["rate(5 minutes)"]
    assert not [name for name in rules if name.endswith("keep_warm_callback")]
    jobs = [name for name in rules if name.endswith("metadata_discovery.jobs.run_scheduled")]
    scheduled_commands = [
        e
        for e in zappa_rehearsal.settings["base"]["events"]
        if e["function"].endswith("run_scheduled")
    ]
    assert len(jobs) == len(scheduled_commands)
    for name in jobs:
        target = deployed["targets"][name][0]
        assert '"command"' in target["InputTransformer"]["InputTemplate"]


def test_zappa_status_update_manage_and_tail_work_on_the_deployed_stage(zappa_rehearsal):
    outputs, snapshots = zappa_rehearsal.outputs, zappa_rehearsal.snapshots
    status = outputs["status"]
    assert json.loads(status[status.index("{") :])["Lambda Name"] == FUNCTION
    version_before = snapshots["before update"]["Configuration"]["Version"]
    versions = snapshots["update"]["Versions"]
    assert len(versions) > 1 or versions[-1]["Version"] != version_before
    invocations = [
        call
        for call in zappa_rehearsal.calls
        if call.command.startswith("zappa manage") and call.operation == "Invoke"
    ]
    # buildspec migrates from the migrate stage's function, never from the API's old code.
    assert [
        (call.params["FunctionName"], json.loads(call.params["Payload"])) for call in invocations
    ] == [(MIGRATE_FUNCTION, {"manage": "migrate --no-input"})] * 2
    assert "GET /healthz 200 mdt-tail" in outputs["tail"]


def test_zappa_undeploy_removes_the_function_and_its_schedules(zappa_rehearsal):
    gone = zappa_rehearsal.snapshots["undeploy"]
    assert not {FUNCTION, MIGRATE_FUNCTION} & {f["FunctionName"] for f in gone["functions"]}
    assert not gone["rules"]


def test_zappa_deploy_makes_a_throttled_http_api_that_sends_payload_2(zappa_rehearsal):
    """apigateway_version v2: an HTTP API with the stage named like Zappa's, throttled by the
    post callback (api_throttling), invoking the function with payload format 2.0."""
    api = zappa_rehearsal.snapshots["api"]
    limits = zappa_rehearsal.settings["base"]["api_throttling"]
    assert api["api"]["ProtocolType"] == "HTTP" and api["api"]["Name"] == FUNCTION
    route = api["stage"]["DefaultRouteSettings"]
    assert (route["ThrottlingRateLimit"], route["ThrottlingBurstLimit"]) == (
        limits["rate_limit"],
        limits["burst_limit"],
    )
    [integration] = api["integrations"]
    assert integration["PayloadFormatVersion"] == "2.0"
    assert integration["IntegrationUri"].endswith(f":function:{FUNCTION}")
    assert "throttled to 150 requests/s, bursts of 50" in zappa_rehearsal.outputs["update"]


def test_the_migrate_stage_is_a_function_without_api_or_schedules(zappa_rehearsal):
    migrate = zappa_rehearsal.snapshots["migrate"]
    config = migrate["config"]
    api_config = zappa_rehearsal.snapshots["deploy"]["config"]
    assert config["Timeout"] == 900 and migrate["concurrency"]["ReservedConcurrentExecutions"] == 1
    assert config["Role"] == api_config["Role"]
    assert config["VpcConfig"]["SubnetIds"] == api_config["VpcConfig"]["SubnetIds"]
    # The secrets extension and the tracing the settings expect; the environment variables are
    # in the package's zappa_settings module, the same stage's (prod_migrate extends prod).
    assert config["Layers"] == api_config["Layers"]
    assert config["TracingConfig"] == api_config["TracingConfig"]
    assert not migrate["rules"]
    assert MIGRATE_FUNCTION not in migrate["stacks"]  # no API, so no stack
