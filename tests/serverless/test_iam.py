"""An IAM rehearsal (issue 17): every AWS call a deploy and the function make, against the policies
terraform/iam.tf gives the role that makes it. moto enforces no IAM, so the deploy rehearsal
passing proves nothing about AWS's answer; this test asks IAM's question of each call.

Recorded, where botocore sends them (tests/serverless/aws_calls.py):
- the deployer role's: the real `zappa deploy|status|update|manage|tail|undeploy` of the session's
  deploy rehearsal (tests/serverless/rehearsal.py, the real package), as subprocesses;
- the function role's: its code's paths under Zappa's handler (test_network.py's), with the
  stage's real secret names, and the scheduled crawl, which reads the warehouse secret.
Derived from declarations (tests/serverless/iam_model.py says how): buildspec.yml's `aws`
commands and CodeBuild's own parameter read and build log (deployer role); what CloudFormation
does as the caller with Zappa's template (deployer role); what Lambda does with the function's
role (logs, ENIs, X-Ray) and what API Gateway does with the integration's credentials, which
Zappa sets to the function's role (invoke the function).

Each call becomes IAM requests by iam_model.RULES, evaluated against the role's policies as
terraform renders them with the rehearsal's values. The test fails on a denied request, and on a
grant nothing exercised (ALLOWED_UNUSED lists the exceptions, each with its reason).

Not proven here: conditions (none in iam.tf; the evaluator raises on one), SCPs and permission
boundaries, resource policies (the buckets', the secrets', the function's), KMS grants, and the
calls of what moto cannot run (CloudFormation's real resource handlers, the X-Ray daemon).
"""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import json

import boto3
import pytest

from metadata_discovery import aws
from tests.serverless import iam_model
from tests.serverless.events import FakeLambdaContext, scheduled
from tests.serverless.iam_model import Context, Renderer, Request, evaluate, statement_matches
from tests.serverless.rehearsal import ACCOUNT, FUNCTION, REGION, STAGE, ZAPPA_BUCKET
from tests.serverless.test_lambda_handler import _rule_name_for

# aws_calls is test_network.py's fixture, imported to be used here.
# pylint: disable-next=unused-import
from tests.serverless.test_network import (  # noqa: F401
    SETTINGS,
    _run_the_function,
    aws_calls,
)
from tests.serverless.test_terraform import _blocks

# No database: bin/mdt test runs these once, in its PostgreSQL pass.
pytestmark = pytest.mark.no_database

DISTRIBUTION_ID = "E2MDTREHEARSAL"

# Grants no recorded or derived call exercises, each kept for a reason the rehearsal cannot show.
ALLOWED_UNUSED = {
    ("deployer", "cloudformation:ListStackResources"): (
        "zappa's wait loop lists the stack's resources while AWS is still creating it; moto "
        "creates a stack at once, so the loop never runs"
    ),
    ("deployer", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/mdt-prod:*"): (
        "the ARN form CloudWatch Logs returns for a group (DescribeLogGroups ends it in ':*'); "
        "the model names a group without it, AWS's docs show both for group-level actions"
    ),
}


# --- The evaluator ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement, action, resource, applies",
    [
        (
            {"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
            "s3:GetObject",
            "arn:aws:s3:::b/k",
            True,
        ),
        ({"Action": "S3:getobject", "Resource": "*"}, "s3:GetObject", "x", True),
        ({"Action": "s3:Get*", "Resource": "*"}, "s3:PutObject", "x", False),
        ({"Action": "s3:GetObjec?", "Resource": "*"}, "s3:GetObject", "x", True),
        (
            {"Action": "*", "Resource": "arn:aws:s3:::B/*"},
            "s3:GetObject",
            "arn:aws:s3:::b/k",
            False,
        ),
        (
            {"Action": "*", "Resource": "arn:aws:s3:::b.c"},
            "s3:GetObject",
            "arn:aws:s3:::bxc",
            False,
        ),
        (
            {"Action": "*", "Resource": "arn:aws:logs:r:1:log-group:g"},
            "logs:X",
            "arn:aws:logs:r:1:log-group:g:*",
            False,
        ),
        ({"NotAction": "iam:*", "Resource": "*"}, "s3:GetObject", "x", True),
        ({"NotAction": "iam:*", "Resource": "*"}, "iam:PassRole", "x", False),
        (
            {"Action": "*", "NotResource": "arn:aws:s3:::b/*"},
            "s3:GetObject",
            "arn:aws:s3:::b/k",
            False,
        ),
    ],
)
def test_statement_matching_follows_iam(statement, action, resource, applies):
    assert statement_matches({"Effect": "Allow", **statement}, action, resource) is applies


def test_an_explicit_deny_wins_and_nothing_allowed_is_denied():
    allow = {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    deny = {"Statement": {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}}
    assert evaluate([allow, deny], "s3:GetObject", "x") == "allow"
    assert evaluate([allow, deny], "s3:PutObject", "x") == "deny"
    assert evaluate([deny], "s3:GetObject", "x") == "implicit deny"


def test_a_condition_is_refused_not_ignored():
    statement = {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {}}}
    with pytest.raises(NotImplementedError):
        evaluate([{"Statement": [statement]}], "s3:GetObject", "x")


# --- The rehearsal's requests ----------------------------------------------------------------


def _secrets_in_moto() -> dict[str, str]:
    """Every secret terraform declares, created in moto under terraform's name: {name: ARN}."""
    render = Renderer({"data.aws_caller_identity.current.account_id": ACCOUNT})
    client = boto3.client("secretsmanager")
    created = {}
    for (kind, label), body in _blocks("resource").items():
        if kind == "aws_secretsmanager_secret":
            name = render(body["name"])
            value = {"host": "127.0.0.1", "port": 9, "dbname": "w"}
            value |= {"username": "u", "password": "p"}
            if label == "django_secret_key":
                value = "k" * 50
            arn = client.create_secret(Name=name, SecretString=json.dumps(value))["ARN"]
            created[label] = (name, arn)
    return created


def _function_calls(aws_calls, lambda_handler, settings, capture) -> list:
    """The function's code paths (test_network.py's), then the reads of its real secrets: the
    settings' (as the Parameters and Secrets extension reads them, with the function's role)
    and the scheduled crawl's."""
    with capture(execute=True):
        _run_the_function(lambda_handler, settings)
    environment = SETTINGS[STAGE]["environment_variables"]
    wanted = ("DJANGO_SECRET_KEY_SECRET_ID", "DATABASE_SECRET_ID")
    aws.load_secrets_into_environ({**{n: environment[n] for n in wanted}, "DATABASE_HOST": "db"})
    # Every scheduled job of the stage, under the rule name Zappa gives it (the handler finds
    # the function in it). The warehouse is unreachable here: its crawl fails after reading
    # its secret, which is the call this wants.
    context = FakeLambdaContext(remaining_ms=300_000)
    for event in SETTINGS[STAGE]["events"]:
        rule = _rule_name_for(event, FUNCTION)
        try:
            lambda_handler(scheduled(rule, **event.get("kwargs", {})), context)
        except Exception:  # pylint: disable=broad-exception-caught
            assert event["function"].endswith("run_ingestion"), event
    return list(aws_calls)


def _renderer(secrets: dict, role_arn: str) -> Renderer:
    """terraform's references, with the values the rehearsal deployed in moto."""
    render = Renderer(
        {
            "data.aws_caller_identity.current.account_id": ACCOUNT,
            "data.aws_partition.current.partition": "aws",
            "aws_iam_role.lambda.arn": role_arn,
            "aws_cloudfront_distribution.web.arn": (
                f"arn:aws:cloudfront::{ACCOUNT}:distribution/{DISTRIBUTION_ID}"
            ),
        }
    )
    resources = _blocks("resource")
    for label in ("zappa", "spa"):
        bucket = render(resources[("aws_s3_bucket", label)]["bucket"])
        render.values[f"aws_s3_bucket.{label}.arn"] = f"arn:aws:s3:::{bucket}"
        render.values[f"aws_s3_bucket.{label}.bucket"] = bucket
    group = render(resources[("aws_cloudwatch_log_group", "codebuild")]["name"])
    render.values["aws_cloudwatch_log_group.codebuild.arn"] = (
        f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{group}"
    )
    for label, (_, arn) in secrets.items():
        render.values[f"aws_secretsmanager_secret.{label}.arn"] = arn
    assert render.values["aws_s3_bucket.zappa.bucket"] == ZAPPA_BUCKET  # what zappa used
    assert role_arn.endswith(f":role/{render(resources[('aws_iam_role', 'lambda')]['name'])}")
    return render


def _requests(rehearsal, function_calls, render: Renderer, ctx: Context) -> dict[str, list]:
    deployer = [r for call in rehearsal.calls for r in iam_model.requests_of(call, ctx)]
    physical = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in rehearsal.stack_resources}
    for command in ("zappa deploy", "zappa undeploy"):
        deployer += iam_model.stack_requests(rehearsal.stack_template, physical, REGION, command)
    values = {
        "WEB_BUCKET": render.values["aws_s3_bucket.spa.bucket"],
        "CLOUDFRONT_DISTRIBUTION_ID": DISTRIBUTION_ID,
        "STAGE": STAGE,
    }
    for call in iam_model.buildspec_calls(values):
        deployer += iam_model.requests_of(call, ctx)
    deployer += iam_model.codebuild_log_requests(render, ctx)

    config = rehearsal.snapshots["deploy"]["config"]
    function = [r for call in function_calls for r in iam_model.requests_of(call, ctx)]
    function += iam_model.lambda_service_requests(config, ctx)
    # The migrate stage's function runs as the same role.
    function += iam_model.lambda_service_requests(rehearsal.snapshots["migrate"]["config"], ctx)
    for name, resource in rehearsal.stack_template["Resources"].items():
        integration = resource.get("Properties", {}).get("Integration", {})
        if integration.get("Credentials") == config["Role"]:
            function.append(
                Request(
                    "lambda:InvokeFunction",
                    config["FunctionArn"],
                    "API Gateway, with the integration's credentials (the function's role)",
                    f"a request to {name}",
                )
            )
    return {"deployer": deployer, "lambda": function}


def _misses(requests: dict, policies: dict) -> list[str]:
    rows = []
    for role, found in requests.items():
        for request in sorted(set(found), key=lambda r: (r.action, r.resource)):
            verdict = evaluate(policies[role].values(), request.action, request.resource)
            if verdict != "allow":
                rows.append(
                    f"{role:<8} {verdict:<13} {request.action:<40} {request.resource}  "
                    f"<- {request.command} ({request.call})"
                )
    return rows


def _unused(requests: dict, policies: dict) -> list[str]:
    """Each action of each Allow statement of terraform's own policies that no request calls, and
    each of the statement's resources that no request it allows needs (the AWS-managed policy is
    not terraform's to trim)."""
    rows = []
    for role, found in requests.items():
        inline = {k: v for k, v in policies[role].items() if not k.startswith("AWS managed")}
        for policy, statement in iam_model.allow_statements(inline):
            where = f"{role:<8} {policy}/{statement.get('Sid', '')}:"
            served = [r for r in found if statement_matches(statement, r.action, r.resource)]
            for action in statement["Action"]:
                one = {**statement, "Action": action}
                if (role, action) not in ALLOWED_UNUSED and not any(
                    statement_matches(one, r.action, r.resource) for r in served
                ):
                    rows.append(f"{where} action {action} is never called")
            for resource in statement["Resource"]:
                one = {**statement, "Resource": resource}
                if (role, resource) not in ALLOWED_UNUSED and not any(
                    statement_matches(one, r.action, r.resource) for r in served
                ):
                    rows.append(f"{where} resource {resource} is never needed")
    return rows


@pytest.mark.django_db
def test_terraform_iam_allows_every_call_of_the_rehearsal_and_nothing_unused(
    zappa_rehearsal, aws_calls, lambda_handler, settings, django_capture_on_commit_callbacks
):
    secrets = _secrets_in_moto()
    start = len(aws_calls)
    function_calls = _function_calls(
        aws_calls, lambda_handler, settings, django_capture_on_commit_callbacks
    )[start:]
    read = {c.params.get("SecretId") for c in function_calls if c.operation == "GetSecretValue"}
    assert read >= {name for name, _ in secrets.values()}, read  # every secret is read
    config = zappa_rehearsal.snapshots["deploy"]["config"]
    render = _renderer(secrets, config["Role"])
    ctx = Context(
        account=ACCOUNT,
        region=REGION,
        secret_arns=dict(secrets.values()),
        # The harness published the extension layer in moto's account; IAM sees AWS's.
        aliases=dict(zip(zappa_rehearsal.layers, SETTINGS[STAGE]["layers"])),
    )
    requests = _requests(zappa_rehearsal, function_calls, render, ctx)
    policies = {
        "deployer": iam_model.role_policies("deployer", render),
        "lambda": iam_model.role_policies("lambda", render),
    }
    misses, unused = _misses(requests, policies), _unused(requests, policies)
    assert not misses and not unused, (
        "terraform/iam.tf does not fit what the rehearsal called.\n"
        + (f"Denied ({len(misses)}):\n" + "\n".join(misses) + "\n" if misses else "")
        + (f"Unused ({len(unused)}):\n" + "\n".join(unused) + "\n" if unused else "")
        + "Mapping rules (tests/serverless/iam_model.py):\n"
        + iam_model.rules_table()
    )


def test_every_service_handed_the_function_role_may_assume_it(zappa_rehearsal):
    """Lambda runs as the role (CreateFunction's Role), EventBridge rules carry it (PutRule's
    RoleArn), and a REST API's integration invokes the function with it (Credentials; the HTTP
    API uses a Lambda permission instead): each service handed the role must be a principal of
    its trust policy, or AWS refuses to assume it, and no other service may be."""
    role = zappa_rehearsal.snapshots["deploy"]["config"]["Role"]
    needed = set()
    for call in zappa_rehearsal.calls:
        if call.operation == "CreateFunction" and call.params.get("Role") == role:
            needed.add("lambda.amazonaws.com")
        if call.operation == "PutRule" and call.params.get("RoleArn") == role:
            needed.add("events.amazonaws.com")
    for resource in zappa_rehearsal.stack_template["Resources"].values():
        if resource.get("Properties", {}).get("Integration", {}).get("Credentials") == role:
            needed.add("apigateway.amazonaws.com")
    trust = _blocks("data")[("aws_iam_policy_document", "lambda_assume")]
    trusted = {
        _unquote_all(identifier)
        for statement in trust["statement"]
        for principal in statement.get("principals", [])
        if _unquote_all(principal["type"]) == "Service"
        for identifier in principal["identifiers"]
    }
    assert needed <= trusted, f"the role is handed to {sorted(needed - trusted)}, untrusted"
    assert trusted <= needed, f"the role trusts {sorted(trusted - needed)}, which never get it"


def _unquote_all(value: str) -> str:
    return value.strip('"')


def test_every_aws_command_of_buildspec_is_modelled():
    """buildspec's `aws` lines become calls (an unknown command raises): three syncs to the web
    bucket, one invalidation, and CodeBuild's read of both parameters."""
    values = {"WEB_BUCKET": "web", "CLOUDFRONT_DISTRIBUTION_ID": "E1", "STAGE": STAGE}
    calls = iam_model.buildspec_calls(values)
    assert [call.operation for call in calls].count("PutObject") == 3
    assert {call.params.get("Bucket") for call in calls if call.service == "s3"} == {"web"}
    assert [call.params for call in calls if call.service == "cloudfront"] == [
        {"DistributionId": "E1"}
    ]
    assert calls[0].params["Names"] == [
        "/mdt/prod/cloudfront-distribution-id",
        "/mdt/prod/web-bucket",
    ]
