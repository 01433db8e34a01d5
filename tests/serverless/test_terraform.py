"""terraform/ checked offline: every file parses (python-hcl2), `terraform validate` passes with
the AWS provider from the machine's mirror, checkov leaves no finding unexplained, `terraform
fmt` is clean, and the outputs are what zappa_settings.json needs."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import fnmatch
import ipaddress
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import hcl2
import pytest
import yaml
from django.conf import settings

from tests.serverless.conftest import ROOT
from tests.tools import tool

# No database: bin/mdt test runs these once, in its PostgreSQL pass.
pytestmark = pytest.mark.no_database

TERRAFORM = ROOT / "terraform"
TF_FILES = sorted(TERRAFORM.glob("*.tf"))


def _unquote(value):
    return value[1:-1] if isinstance(value, str) and value[:1] == value[-1:] == '"' else value


def _blocks(kind: str) -> dict:
    """{(type, name): body} of every `resource`/`data` block, or {name: body} of others."""
    found = {}
    for path in TF_FILES:
        with path.open(encoding="utf-8") as handle:
            for block in hcl2.load(handle).get(kind, []):
                for first, body in block.items():
                    if kind in {"resource", "data"}:
                        for name, inner in body.items():
                            found[(_unquote(first), _unquote(name))] = inner
                    else:
                        found[_unquote(first)] = body
    return found


@pytest.fixture(scope="module")
def resources() -> dict:
    return _blocks("resource")


@pytest.mark.parametrize("path", TF_FILES, ids=lambda path: path.name)
def test_every_terraform_file_parses(path):
    with path.open(encoding="utf-8") as handle:
        assert hcl2.load(handle), path


def test_terraform_is_split_by_concern():
    names = {path.name for path in TF_FILES}
    assert {
        "versions.tf",
        "providers.tf",
        "variables.tf",
        "outputs.tf",
        "network.tf",
        "rds.tf",
        "opensearch.tf",
        "frontend.tf",
        "iam.tf",
        "logs.tf",
        "alarms.tf",
    } <= names


def test_network_has_no_nat_gateway_and_reaches_aws_through_endpoints(resources):
    kinds = {kind for kind, _ in resources}
    assert not kinds & {"aws_nat_gateway", "aws_internet_gateway", "aws_eip"}
    s3 = resources[("aws_vpc_endpoint", "s3")]
    assert _unquote(s3["vpc_endpoint_type"]) == "Gateway"
    secrets = resources[("aws_vpc_endpoint", "secretsmanager")]
    assert _unquote(secrets["vpc_endpoint_type"]) == "Interface"
    assert secrets["private_dns_enabled"] is True


def test_database_is_small_encrypted_backed_up_and_private(resources):
    database = resources[("aws_db_instance", "main")]
    variables = _blocks("variable")
    assert _unquote(variables["db_instance_class"]["default"]) == "db.t4g.micro"
    assert database["storage_encrypted"] is True
    assert database["publicly_accessible"] is False
    assert int(variables["db_backup_retention_days"]["default"]) >= 1


def test_every_log_group_expires_after_the_retention_variable(resources):
    """Lambda and RDS create their log groups on first use with no expiry: terraform declares
    them first, and every group keeps var.log_retention_days (30 by default)."""
    groups = {
        _unquote(body["name"]): body
        for (kind, _), body in resources.items()
        if kind == "aws_cloudwatch_log_group"
    }
    assert {
        "/aws/lambda/${local.function_name}",
        "/aws/rds/instance/${local.name}/postgresql",
    } <= set(groups)
    for name, group in groups.items():
        assert group["retention_in_days"] == "${var.log_retention_days}", name
    assert int(_blocks("variable")["log_retention_days"]["default"]) == 30
    database = resources[("aws_db_instance", "main")]
    assert "aws_cloudwatch_log_group.database" in str(database["depends_on"])


def test_the_database_pins_its_major_version_only_when_aws_upgrades_minors(resources):
    """With auto_minor_version_upgrade, a pinned 16.4 becomes a failing downgrade in the plan
    after AWS moves the instance to 16.x."""
    database = resources[("aws_db_instance", "main")]
    assert database["auto_minor_version_upgrade"] is True
    assert re.fullmatch(r"\d+", _unquote(database["engine_version"]))


def test_opensearch_is_behind_a_variable_that_defaults_to_off(resources):
    assert _blocks("variable")["enable_opensearch"]["default"] is False
    for (kind, _), body in resources.items():
        if kind.startswith("aws_opensearch") or kind == "aws_cloudwatch_log_resource_policy":
            assert body["count"] == "${var.enable_opensearch ? 1 : 0}", kind


def test_web_ui_is_served_by_cloudfront_through_origin_access_control(resources):
    distribution = resources[("aws_cloudfront_distribution", "web")]
    assert distribution["default_root_object"] == '"index.html"'
    assert "origin_access_control_id" in distribution["origin"][0]
    assert resources[("aws_s3_bucket_public_access_block", "spa")]["block_public_policy"] is True
    fallback = resources[("aws_cloudfront_function", "spa_fallback")]["code"]
    assert "/index.html" in fallback


def test_cloudfront_sends_djangos_html_content_security_policy_without_overriding_it(resources):
    """One policy for the SPA whoever serves it: CloudFront from S3 or Django locally. Django's
    own header wins on /api/* and /admin/* (strict on JSON)."""
    local = _blocks("locals")["spa_content_security_policy"]
    policy = resources[("aws_cloudfront_response_headers_policy", "security")]
    csp = policy["security_headers_config"][0]["content_security_policy"][0]
    assert csp["content_security_policy"] == "${local.spa_content_security_policy}"
    assert csp["override"] is False
    assert _unquote(local) == settings.MDT_CSP_HTML


def test_zappa_stage_settings_output_matches_zappa_settings(zappa_stage_config):
    output = _blocks("output")["zappa_stage_settings"]["value"]
    assert set(output) == {
        "aws_region",
        "s3_bucket",
        "role_name",
        "vpc_config",
        "environment_variables",
    }
    assert set(output) <= set(zappa_stage_config)
    assert set(output["vpc_config"]) == set(zappa_stage_config["vpc_config"])
    # Zappa looks the Lambda's role up by name: the role terraform creates must be that name.
    lambda_role = _blocks("resource")[("aws_iam_role", "lambda")]
    assert _unquote(lambda_role["name"]) == "${local.name}-lambda"
    assert zappa_stage_config["role_name"] == f"{zappa_stage_config['project_name']}-dev-lambda"
    assert zappa_stage_config["manage_roles"] is False


def test_the_lambda_reads_the_warehouse_secret_and_reaches_the_warehouse_network_only(resources):
    statements = _blocks("data")[("aws_iam_policy_document", "lambda")]["statement"]
    secrets_read = {
        resource
        for statement in statements
        if any("secretsmanager" in action for action in statement["actions"])
        for resource in statement["resources"]
    }
    assert secrets_read == {
        "${aws_secretsmanager_secret.database.arn}",
        "${aws_secretsmanager_secret.django_secret_key.arn}",
        "${aws_secretsmanager_secret.warehouse.arn}",
    }
    warehouse = resources[("aws_secretsmanager_secret", "warehouse")]
    assert _unquote(warehouse["name"]) == "${var.project}/${var.stage}/warehouse"
    # The warehouse's owners put its value: it never passes through terraform state.
    assert ("aws_secretsmanager_secret_version", "warehouse") not in resources
    egress = resources[("aws_security_group", "lambda")]["egress"]
    to_warehouse = [rule for rule in egress if rule.get("cidr_blocks") == ["${var.warehouse_cidr}"]]
    assert [(r["from_port"], r["to_port"], _unquote(r["protocol"])) for r in to_warehouse] == [
        ("${var.warehouse_port}", "${var.warehouse_port}", "tcp")
    ]


def test_prod_lets_the_ssrf_guard_reach_the_warehouse_subnet_not_mdts_own():
    variables = _blocks("variable")
    vpc = ipaddress.ip_network(_unquote(variables["vpc_cidr"]["default"]))
    warehouse = ipaddress.ip_network(_unquote(variables["warehouse_cidr"]["default"]))
    mdt_subnets = list(vpc.subnets(new_prefix=vpc.prefixlen + 4))[:2]  # network.tf's cidrsubnet
    assert warehouse.subnet_of(vpc)
    assert not any(warehouse.overlaps(subnet) for subnet in mdt_subnets)
    output = _blocks("output")["zappa_stage_settings"]["value"]["environment_variables"]
    assert "MDT_INGEST_ALLOWED_NETWORKS = var.warehouse_cidr" in output
    settings = json.loads((ROOT / "zappa_settings.json").read_text(encoding="utf-8"))
    prod = settings["prod"]["environment_variables"]["MDT_INGEST_ALLOWED_NETWORKS"]
    assert prod == str(warehouse)
    assert "MDT_INGEST_ALLOWED_NETWORKS" not in settings["base"]["environment_variables"]


def test_every_checkov_skip_in_the_source_carries_a_reason():
    pattern = re.compile(r"#\s*checkov:skip=([A-Z0-9_]+)(?::(.*))?")
    skips = [m for path in TF_FILES for m in pattern.finditer(path.read_text(encoding="utf-8"))]
    assert skips
    for match in skips:
        assert match.group(2) and len(match.group(2).strip()) >= 20, match.group(0)


@pytest.fixture(scope="module")
def checkov_report() -> dict:
    result = subprocess.run(
        [str(tool("checkov", "checkov")), "-d", str(TERRAFORM), "--framework", "terraform"]
        + ["--skip-download", "-o", "json"],
        env={**os.environ, "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true", "CHECKPOINT_DISABLE": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return json.loads(result.stdout)


def test_checkov_finds_nothing_left_unexplained(checkov_report):
    summary = checkov_report["summary"]
    failed = [
        (check["check_id"], check["resource"])
        for check in checkov_report["results"]["failed_checks"]
    ]
    assert failed == []
    assert summary["parsing_errors"] == 0
    assert summary["passed"] > 100
    for check in checkov_report["results"]["skipped_checks"]:
        reason = check["check_result"].get("suppress_comment", "")
        assert len(reason) >= 20 and reason != "No comment provided", check["check_id"]


@pytest.mark.skipif(shutil.which("terraform") is None, reason="no terraform binary on this machine")
def test_terraform_fmt_is_clean():
    result = subprocess.run(
        ["terraform", "fmt", "-check", "-recursive", "-diff", str(Path(TERRAFORM))],
        env={**os.environ, "CHECKPOINT_DISABLE": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _render(text: str, stage: str) -> str:
    """A terraform string with the variables the deploy names filled in (prod, us-east-1)."""
    variables = {
        name: _unquote(body.get("default"))
        for name, body in _blocks("variable").items()
        if isinstance(_unquote(body.get("default")), str)
    }
    variables["stage"] = stage
    text = _unquote(text)
    for name, value in variables.items():
        text = text.replace("${var.%s}" % name, value)
    return text.replace("${local.partition}", "aws")


def _deployer_statements() -> dict:
    statements = _blocks("data")[("aws_iam_policy_document", "deployer")]["statement"]
    return {_unquote(statement["sid"]): statement for statement in statements}


def test_buildspecs_parameters_exist_and_the_deployer_may_read_them(resources):
    """buildspec.yml read /mdt/prod/web-bucket and /mdt/prod/cloudfront-distribution-id, which
    nothing created, with a role that had no ssm:GetParameters (issue 17)."""
    buildspec = yaml.safe_load((ROOT / "buildspec.yml").read_text(encoding="utf-8"))
    wanted = set(buildspec["env"]["parameter-store"].values())
    created = {
        _render(body["name"], "prod")
        for (kind, _), body in resources.items()
        if kind == "aws_ssm_parameter"
    }
    assert wanted <= created, wanted - created
    read = _deployer_statements()["ReadDeployParameters"]
    assert [_unquote(a) for a in read["actions"]] == ["ssm:GetParameters"]
    patterns = [_render(r, "prod").replace("${local.account_id}", "*") for r in read["resources"]]
    for name in wanted:
        arn = f"arn:aws:ssm:us-east-1:123456789012:parameter{name}"
        assert any(fnmatch.fnmatchcase(arn, pattern) for pattern in patterns), arn


def test_the_deployer_may_attach_every_layer_the_stages_name(zappa_stage_config):
    """Attaching the secrets extension layer needs lambda:GetLayerVersion on it."""
    del zappa_stage_config
    settings = json.loads((ROOT / "zappa_settings.json").read_text(encoding="utf-8"))
    layers = {layer for stage in settings.values() for layer in stage.get("layers", [])}
    assert layers
    statement = _deployer_statements()["AttachTheSecretsExtensionLayer"]
    assert [_unquote(a) for a in statement["actions"]] == ["lambda:GetLayerVersion"]
    patterns = [_render(r, "prod") for r in statement["resources"]]
    for layer in layers:
        assert any(fnmatch.fnmatchcase(layer, pattern) for pattern in patterns), layer


def test_codebuild_runs_the_buildspec_as_the_deployer_and_logs_where_it_may(resources):
    """buildspec.yml named a role and parameters, but nothing created the project (issue 17)."""
    project = resources[("aws_codebuild_project", "deploy")]
    assert _unquote(project["source"][0]["buildspec"]) == "buildspec.yml"
    assert project["service_role"] == "${aws_iam_role.deployer.arn}"
    assert project["environment"][0]["privileged_mode"] is False
    group = project["logs_config"][0]["cloudwatch_logs"][0]["group_name"]
    assert group == "${aws_cloudwatch_log_group.codebuild.name}"
    logs = _deployer_statements()["BuildLogs"]
    assert [_unquote(r) for r in logs["resources"]] == [
        "${aws_cloudwatch_log_group.codebuild.arn}:*"
    ]
    trust = _blocks("data")[("aws_iam_policy_document", "deployer_assume")]["statement"][0]
    assert "codebuild.amazonaws.com" in str(trust["principals"])


# PostgreSQL's max_connections on RDS by instance class: LEAST(DBInstanceClassMemory / 9531392,
# 5000), where DBInstanceClassMemory is what the instance leaves after the OS and RDS's own
# processes. These are estimates from that formula (issue 17 says "~80" for a micro), not read
# off a real instance here: check with SHOW max_connections after the first deploy.
RDS_MAX_CONNECTIONS = {"db.t4g.micro": 81, "db.t4g.small": 189, "db.t4g.medium": 405}
RDS_SUPERUSER_RESERVED = 3  # rds.superuser_reserved_connections' default
OPERATOR_CONNECTIONS = 5  # psql, a migration, a one-off zappa manage


def test_reserved_concurrency_fits_the_databases_connections():
    """Each warm container holds one connection (CONN_MAX_AGE), so the function's reserved
    concurrency bounds them: a burst queues at Lambda (429) instead of exhausting RDS. What is
    left after RDS's reserved and the operators' connections, with 20% headroom for containers
    Lambda is replacing."""
    settings_ = json.loads((ROOT / "zappa_settings.json").read_text(encoding="utf-8"))
    instance = _unquote(_blocks("variable")["db_instance_class"]["default"])
    usable = RDS_MAX_CONNECTIONS[instance] - RDS_SUPERUSER_RESERVED - OPERATOR_CONNECTIONS
    for name, stage in settings_.items():
        concurrency = stage.get("lambda_concurrency", settings_["base"]["lambda_concurrency"])
        assert 0 < concurrency <= int(usable * 0.8), (name, concurrency, usable)


# The hashicorp/aws provider ships with this machine image as a filesystem mirror (the registry is
# out of reach); hashicorp/random is not in it, so the copy validated stubs random_password.
PROVIDER_MIRROR = Path("/opt/tf-plugins")


@pytest.mark.skipif(
    shutil.which("terraform") is None or not PROVIDER_MIRROR.is_dir(),
    reason="terraform validate needs the terraform binary and the AWS provider mirror",
)
def test_terraform_validates_against_the_aws_providers_schema(tmp_path):
    """Unknown attributes, wrong types and dangling references fail here, offline."""
    for path in TF_FILES:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\n\s*random = \{[^}]*\}", "", text)
        text = re.sub(
            r'resource "random_password" "(\w+)" \{.*?\n\}',
            r'resource "terraform_data" "random_\1" {\n  input = "stub"\n}',
            text,
            flags=re.S,
        )
        text = re.sub(r"random_password\.(\w+)\.result", r"terraform_data.random_\1.output", text)
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    cli_config = tmp_path / "cli.tfrc"
    cli_config.write_text(
        'provider_installation {\n  filesystem_mirror {\n    path = "%s"\n'
        '    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n' % PROVIDER_MIRROR,
        encoding="utf-8",
    )
    env = {**os.environ, "CHECKPOINT_DISABLE": "1", "TF_CLI_CONFIG_FILE": str(cli_config)}
    for command in (["init", "-backend=false", "-input=false"], ["validate", "-no-color"]):
        result = subprocess.run(
            ["terraform", *command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


ALARMED_METRICS = {
    ("AWS/ApiGateway", "5xx"),
    ("AWS/Lambda", "Errors"),
    ("AWS/Lambda", "Throttles"),
    ("AWS/Lambda", "Duration"),
    ("AWS/RDS", "CPUUtilization"),
    ("AWS/RDS", "DatabaseConnections"),
    ("AWS/RDS", "FreeStorageSpace"),
}


def test_alarms_cover_errors_throttles_duration_and_the_database_and_mail_one_topic(resources):
    alarms = {
        (_unquote(body["namespace"]), _unquote(body["metric_name"])): body
        for (kind, _), body in resources.items()
        if kind == "aws_cloudwatch_metric_alarm"
    }
    assert set(alarms) == ALARMED_METRICS
    for metric, alarm in alarms.items():
        assert alarm["alarm_actions"] == "${local.alarm_actions}", metric
        assert alarm["ok_actions"] == "${local.alarm_actions}", metric
    subscription = resources[("aws_sns_topic_subscription", "alarm_email")]
    assert _unquote(subscription["protocol"]) == "email"
    assert subscription["endpoint"] == "${var.alarm_email}"
    # The dimensions name what Zappa creates: the function <project>-<stage>, and the HTTP API
    # by its id, the first label of its host (known once deployed, hence the count).
    assert "${local.function_name}" in str(alarms[("AWS/Lambda", "Errors")]["dimensions"])
    api = alarms[("AWS/ApiGateway", "5xx")]
    assert 'split(".", var.api_origin_domain)[0]' in str(api["dimensions"])
    assert "var.api_origin_domain" in str(api["count"])
    assert _unquote(api["statistic"]) == "Average"  # 5xx's average is the 5xx rate


def test_the_api_alarm_names_the_metric_of_the_api_type_zappa_deploys(zappa_stage_config):
    """An HTTP API reports 5xx by ApiId; a REST API reports 5XXError by ApiName."""
    assert zappa_stage_config["apigateway_version"] == "v2"


def test_the_duration_alarm_knows_the_functions_timeout(zappa_stage_config):
    variable = _blocks("variable")["function_timeout_seconds"]
    assert int(variable["default"]) == zappa_stage_config["timeout_seconds"]


def test_the_connections_alarm_uses_the_same_connection_limits_as_the_concurrency_sum():
    source = (TERRAFORM / "alarms.tf").read_text(encoding="utf-8")
    table = re.search(r"db_max_connections = lookup\(\{(.*?)\}", source).group(1)
    limits = {name: int(value) for name, value in re.findall(r'"([\w.]+)" = (\d+)', table)}
    assert limits == RDS_MAX_CONNECTIONS
