"""IAM as terraform/iam.tf declares it, and the IAM requests behind recorded AWS API calls.

moto enforces no IAM, so a deploy that passes against moto can still be refused on AWS. This
module turns each recorded call (tests/serverless/aws_calls.py) into the (action, resource)
requests IAM authorizes, by the rules of RULES below (one table: the default is
`<prefix>:<Operation>` on the resource the call names), renders terraform's policy documents
to JSON with the values the rehearsal deployed, and evaluates requests against them.

The evaluator is this module's own, small and tested (test_iam.py): the venv has no maintained
IAM policy evaluator, and moto's (moto.iam.access_control.IAMPolicyStatement) matches actions
case-sensitively, ignores `?`, leaves regex metacharacters such as `.` live in ARNs, and turns an
Allow whose condition fails into a Deny. Here: Allow and Deny statements, Action/NotAction
matched case-insensitively, Resource/NotResource case-sensitively, `*` and `?` wildcards,
an explicit Deny wins, nothing allowed is an implicit deny. A statement with a Condition raises:
iam.tf uses none, and one this module does not model must not pass silently.

Calls no botocore records, made with a role's credentials by AWS services themselves, are
derived from what the rehearsal deployed, each labelled with who makes it: CloudFormation
provisions the stack's resources with the caller's credentials when no service role is passed
(AWS CloudFormation guide, "CloudFormation service role"), so `stack_requests` turns Zappa's
template into the API Gateway calls its handlers make; CodeBuild reads buildspec's
parameter-store entries and writes its build log with the project's role; Lambda writes the
function's logs and manages its ENIs, and the X-Ray daemon sends traces, with the function's
role. buildspec's `aws` commands are derived from buildspec.yml's text (the AWS CLI is not
installed here), by what each CLI command calls (`buildspec_calls`).
"""

import re
import shlex
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable
from urllib.parse import urlparse

import botocore.session
import hcl2
import yaml

from tests.serverless.aws_calls import Call
from tests.serverless.conftest import ROOT
from tests.serverless.test_terraform import TF_FILES, _blocks, _unquote

PARTITION = "aws"


@dataclass(frozen=True)
class Request:
    """One IAM authorization: an action on a resource, and the call (and command) behind it."""

    action: str
    resource: str
    command: str
    call: str


@dataclass
class Context:
    """What ARNs need that the call does not carry."""

    account: str
    region: str
    secret_arns: dict  # secret name -> ARN, as moto gave them
    aliases: dict  # a harness stand-in's ARN -> the ARN it stands for (the layer moto published)


# --- Evaluating ------------------------------------------------------------------------------


def _wildcard(pattern: str, value: str, *, case_sensitive: bool) -> bool:
    regex = "".join(
        ".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern
    )
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.fullmatch(regex, value, flags | re.DOTALL) is not None


def _listed(value) -> list:
    return value if isinstance(value, list) else [value]


def statement_matches(statement: dict, action: str, resource: str) -> bool:
    """Whether the statement applies to the request (its Effect says what it then does)."""
    if "Condition" in statement:
        raise NotImplementedError(f"conditions are not modelled: {statement}")
    if "Action" in statement:
        action_ok = any(
            _wildcard(p, action, case_sensitive=False) for p in _listed(statement["Action"])
        )
    else:
        action_ok = not any(
            _wildcard(p, action, case_sensitive=False) for p in _listed(statement["NotAction"])
        )
    if "Resource" in statement:
        resource_ok = any(
            _wildcard(p, resource, case_sensitive=True) for p in _listed(statement["Resource"])
        )
    else:
        resource_ok = not any(
            _wildcard(p, resource, case_sensitive=True) for p in _listed(statement["NotResource"])
        )
    return action_ok and resource_ok


def evaluate(policies: Iterable[dict], action: str, resource: str) -> str:
    """ "allow", "deny" (an explicit Deny) or "implicit deny"."""
    allowed = False
    for policy in policies:
        for statement in _listed(policy["Statement"]):
            if statement_matches(statement, action, resource):
                if statement["Effect"] == "Deny":
                    return "deny"
                allowed = True
    return "allow" if allowed else "implicit deny"


# --- terraform's policy documents, rendered --------------------------------------------------

# The AWS-managed policy attached to the function's role (its current version, as AWS publishes
# it: arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole).
MANAGED_POLICIES = {
    "service-role/AWSLambdaVPCAccessExecutionRole": {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AWSLambdaVPCAccessExecutionPermissions",
                "Effect": "Allow",
                "Action": [
                    "logs:CreateLogGroup",
                    "logs:CreateLogStream",
                    "logs:PutLogEvents",
                    "ec2:CreateNetworkInterface",
                    "ec2:DescribeNetworkInterfaces",
                    "ec2:DescribeSubnets",
                    "ec2:DeleteNetworkInterface",
                    "ec2:AssignPrivateIpAddresses",
                    "ec2:UnassignPrivateIpAddresses",
                ],
                "Resource": "*",
            }
        ],
    }
}

_REFERENCE = re.compile(r"\$\{([A-Za-z_][\w.\-]*)\}")


class Renderer:
    """Substitutes terraform references (${local.x}, ${var.x}, ${type.name.attribute}) with
    concrete values: locals and variable defaults from the .tf files, the rest given."""

    def __init__(self, attributes: dict[str, str]):
        self.values = dict(attributes)
        for name, body in _blocks("variable").items():
            if "default" in body:
                self.values[f"var.{name}"] = _unquote(body["default"])
        for path in TF_FILES:
            with path.open(encoding="utf-8") as handle:
                for block in hcl2.load(handle).get("locals", []):
                    for name, value in block.items():
                        if not name.startswith("__"):
                            self.values.setdefault(f"local.{name}", value)

    def __call__(self, value) -> str:
        text = _unquote(value)
        if not isinstance(text, str):
            return text

        def substitute(match):
            name = match.group(1)
            if name not in self.values:
                raise KeyError(f"no value for ${{{name}}} (in {value!r})")
            return str(self(self.values[name]))

        rendered = _REFERENCE.sub(substitute, text)
        if "${" in rendered:
            raise ValueError(f"an expression this renderer does not evaluate: {value!r}")
        return rendered

    def flag(self, expression: str) -> bool:
        """A dynamic block's for_each of the two forms iam.tf uses."""
        expression = _unquote(expression)
        if match := re.fullmatch(r"\$\{var\.(\w+) \? \[1\] : \[\]\}", expression):
            return self.values[f"var.{match.group(1)}"] is True
        if match := re.fullmatch(r"\$\{length\(var\.(\w+)\) > 0 \? \[1\] : \[\]\}", expression):
            return len(self.values[f"var.{match.group(1)}"]) > 0
        raise ValueError(f"a for_each this renderer does not evaluate: {expression}")


def _statement(body: dict, render: Renderer) -> dict:
    if "condition" in body:
        raise NotImplementedError(f"a condition block is not modelled: {body}")
    statement = {"Effect": render(body.get("effect", "Allow"))}
    if "sid" in body:
        statement["Sid"] = render(body["sid"])
    for hcl, key in (
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ):
        if hcl in body:
            statement[key] = [render(item) for item in body[hcl]]
    unknown = set(body) - {
        "sid",
        "effect",
        "actions",
        "not_actions",
        "resources",
        "not_resources",
        "__comments__",
        "__is_block__",
    }
    if unknown:
        raise NotImplementedError(f"statement keys not modelled: {sorted(unknown)}")
    return statement


def policy_document(name: str, render: Renderer) -> dict:
    """data "aws_iam_policy_document" NAME as the JSON IAM receives (statements in file order,
    then the dynamic ones whose for_each is non-empty with the variables' defaults)."""
    body = _blocks("data")[("aws_iam_policy_document", name)]
    statements = [_statement(item, render) for item in body.get("statement", [])]
    for dynamic in body.get("dynamic", []):
        for label, inner in dynamic.items():
            assert _unquote(label) == "statement", label
            if render.flag(inner["for_each"]):
                statements += [_statement(item, render) for item in inner["content"]]
    return {"Version": "2012-10-17", "Statement": statements}


def role_policies(role: str, render: Renderer) -> dict[str, dict]:
    """Every policy attached to aws_iam_role.ROLE in terraform: its inline policies (rendered
    from their aws_iam_policy_document) and its AWS-managed attachments (MANAGED_POLICIES)."""
    policies = {}
    for (kind, name), body in _blocks("resource").items():
        if _unquote(body.get("role", "")) not in {
            f"${{aws_iam_role.{role}.id}}",
            f"${{aws_iam_role.{role}.name}}",
        }:
            continue
        if kind == "aws_iam_role_policy":
            document = re.fullmatch(
                r"\$\{data\.aws_iam_policy_document\.(\w+)\.json\}", _unquote(body["policy"])
            )
            assert document, f"{name}: only policy documents are modelled"
            policies[f"{kind}.{name}"] = policy_document(document.group(1), render)
        elif kind == "aws_iam_role_policy_attachment":
            managed = render(body["policy_arn"]).split(":policy/", 1)[1]
            policies[f"AWS managed {managed}"] = MANAGED_POLICIES[managed]
        else:
            raise NotImplementedError(f"{kind}.{name} attaches to the role: not modelled")
    return policies


# --- Calls to requests: the rules ------------------------------------------------------------

IAM_PREFIX = {"monitoring": "cloudwatch"}  # botocore's signing name -> IAM's service prefix


def _function_arn(ctx: Context, name: str, qualifier: str | None = None) -> str:
    if name.startswith("arn:"):
        arn = name
    elif name.startswith("function:") or ":" in name:  # partial ARN or name:qualifier
        parts = name.removeprefix("function:").split(":")
        arn = f"arn:{PARTITION}:lambda:{ctx.region}:{ctx.account}:function:{parts[0]}"
        arn += f":{parts[1]}" if len(parts) > 1 else ""
    else:
        arn = f"arn:{PARTITION}:lambda:{ctx.region}:{ctx.account}:function:{name}"
    return f"{arn}:{qualifier}" if qualifier else arn


def _stack_arn(ctx: Context, name: str) -> str:
    """A stack's ARN (its id part is a UUID AWS assigns, which IAM policies match with *)."""
    if name.startswith("arn:"):
        return name
    stack = f"stack/{name}/00000000-0000-0000-0000-000000000000"
    return f"arn:{PARTITION}:cloudformation:{ctx.region}:{ctx.account}:{stack}"


def _log_group(ctx: Context, name: str) -> str:
    return f"arn:{PARTITION}:logs:{ctx.region}:{ctx.account}:log-group:{name}"


@lru_cache(maxsize=None)
def _apigateway_model(api: str):
    return botocore.session.get_session().get_service_model(api or "apigateway")


def _apigateway_path(operation: str, params: dict, api: str = "apigateway") -> tuple[str, str]:
    """The HTTP method and IAM's resource path of an API Gateway call. The HTTP API's calls
    (botocore's apigatewayv2) go to /v2/apis/...; IAM names their resources /apis/..."""
    model = _apigateway_model(api).operation_model(operation)
    path = model.http["requestUri"].split("?", 1)[0]
    for member, shape in model.input_shape.members.items():
        if shape.serialization.get("location") == "uri" and member in params:
            path = path.replace("{%s}" % shape.serialization["name"], str(params[member]))
    return model.http["method"], path.removeprefix("/v2")


# Each resource kind: how a call's parameters name the resources IAM checks.
RESOURCES: dict[str, Callable[[Context, dict], list[str]]] = {
    "none": lambda ctx, p: ["*"],  # no resource-level permissions for the action
    "function": lambda ctx, p: [_function_arn(ctx, p["FunctionName"], p.get("Qualifier"))],
    "function alias": lambda ctx, p: [_function_arn(ctx, p["FunctionName"], p["Name"])],
    "layers": lambda ctx, p: list(p.get("Layers", [])),
    "role param": lambda ctx, p: [p["Role"]] if p.get("Role") else [],
    "role arn param": lambda ctx, p: [p["RoleArn"]] if p.get("RoleArn") else [],
    "role": lambda ctx, p: [f"arn:{PARTITION}:iam::{ctx.account}:role/{p['RoleName']}"],
    "bucket": lambda ctx, p: [f"arn:{PARTITION}:s3:::{p['Bucket']}"],
    "object": lambda ctx, p: [f"arn:{PARTITION}:s3:::{p['Bucket']}/{p['Key']}"],
    "template object": lambda ctx, p: (
        [f"arn:{PARTITION}:s3:::{urlparse(p['TemplateURL']).path.lstrip('/')}"]
        if p.get("TemplateURL")
        else []
    ),
    "stack": lambda ctx, p: [_stack_arn(ctx, p["StackName"])],
    "rule": lambda ctx, p: [
        f"arn:{PARTITION}:events:{ctx.region}:{ctx.account}:rule/{p.get('Rule') or p['Name']}"
    ],
    "log group": lambda ctx, p: [_log_group(ctx, p["logGroupName"])],
    "log stream": lambda ctx, p: [
        f"{_log_group(ctx, p['logGroupName'])}:log-stream:{p['logStreamName']}"
    ],
    "secret": lambda ctx, p: [ctx.secret_arns.get(p["SecretId"], p["SecretId"])],
    "parameters": lambda ctx, p: [
        f"arn:{PARTITION}:ssm:{ctx.region}:{ctx.account}:parameter/{name.lstrip('/')}"
        for name in p["Names"]
    ],
    "distribution": lambda ctx, p: [
        f"arn:{PARTITION}:cloudfront::{ctx.account}:distribution/{p['DistributionId']}"
    ],
    "vpc lookups": lambda ctx, p: ["*"] if p.get("VpcConfig", {}).get("SubnetIds") else [],
}


@dataclass(frozen=True)
class Rule:
    """Operation (or "*" for every other of the service) -> the actions IAM checks, each on the
    resources of a kind in RESOURCES ("=" in an action: the operation's own name)."""

    service: str
    operation: str
    grants: tuple[tuple[str, str], ...]
    why: str = ""


# One table. The default for an operation not listed is `<prefix>:<Operation>` on the service's
# default resource kind (the "*" row of the service); a service with no row fails loudly.
RULES = (
    Rule("sts", "GetCallerIdentity", (), "needs no permission (AWS: always allowed)"),
    # Lambda
    Rule("lambda", "*", (("=", "function"),)),
    Rule("lambda", "Invoke", (("lambda:InvokeFunction", "function"),), "the action's name"),
    Rule("lambda", "GetAlias", (("lambda:GetAlias", "function alias"),), "on the alias's ARN"),
    Rule(
        "lambda",
        "CreateFunction",
        (
            ("lambda:CreateFunction", "function"),
            ("lambda:GetLayerVersion", "layers"),
            ("iam:PassRole", "role param"),
            ("ec2:DescribeSecurityGroups", "vpc lookups"),
            ("ec2:DescribeSubnets", "vpc lookups"),
            ("ec2:DescribeVpcs", "vpc lookups"),
        ),
        "Layers: GetLayerVersion on each; Role: PassRole on it; VpcConfig: Lambda checks the "
        "subnets and groups with the caller's rights (Lambda guide, 'VPC permissions')",
    ),
    Rule(
        "lambda",
        "UpdateFunctionConfiguration",
        (
            ("lambda:UpdateFunctionConfiguration", "function"),
            ("lambda:GetLayerVersion", "layers"),
            ("iam:PassRole", "role param"),
            ("ec2:DescribeSecurityGroups", "vpc lookups"),
            ("ec2:DescribeSubnets", "vpc lookups"),
            ("ec2:DescribeVpcs", "vpc lookups"),
        ),
        "as CreateFunction",
    ),
    # S3
    Rule("s3", "*", (("=", "object"),)),
    Rule("s3", "HeadBucket", (("s3:ListBucket", "bucket"),), "no s3:HeadBucket action exists"),
    Rule("s3", "ListObjectsV2", (("s3:ListBucket", "bucket"),), "listing is s3:ListBucket"),
    Rule("s3", "HeadObject", (("s3:GetObject", "object"),), "HEAD is a read"),
    Rule("s3", "CreateMultipartUpload", (("s3:PutObject", "object"),), "multipart is a put"),
    Rule("s3", "UploadPart", (("s3:PutObject", "object"),), "multipart is a put"),
    Rule("s3", "CompleteMultipartUpload", (("s3:PutObject", "object"),), "multipart is a put"),
    Rule("s3", "GetBucketLocation", (("s3:GetBucketLocation", "bucket"),)),
    # CloudFormation: the template is read from S3 with the caller's access ("TemplateURL must
    # reference a valid S3 object to which you have access").
    Rule("cloudformation", "*", (("=", "stack"),)),
    Rule(
        "cloudformation",
        "CreateStack",
        (("cloudformation:CreateStack", "stack"), ("s3:GetObject", "template object")),
        "and reads TemplateURL's object as the caller",
    ),
    Rule(
        "cloudformation",
        "UpdateStack",
        (("cloudformation:UpdateStack", "stack"), ("s3:GetObject", "template object")),
        "and reads TemplateURL's object as the caller",
    ),
    # API Gateway (REST and HTTP APIs): apigateway:<HTTP method> on
    # arn:aws:apigateway:<region>::<path> (/restapis/..., /apis/...)
    Rule("apigateway", "*", (("apigateway:<METHOD>", "<path>"),), "HTTP method on the path"),
    Rule("iam", "*", (("=", "role"),)),
    Rule("events", "*", (("=", "rule"),)),
    Rule(
        "events",
        "PutRule",
        (("events:PutRule", "rule"), ("iam:PassRole", "role arn param")),
        "RoleArn: PassRole on it",
    ),
    Rule(
        "events",
        "ListRuleNamesByTarget",
        (("events:ListRuleNamesByTarget", "none"),),
        "no resource-level permissions",
    ),
    Rule("logs", "*", (("=", "log group"),)),
    Rule("logs", "CreateLogStream", (("logs:CreateLogStream", "log stream"),)),
    Rule("logs", "PutLogEvents", (("logs:PutLogEvents", "log stream"),)),
    Rule("monitoring", "*", (("=", "none"),), "CloudWatch metrics: no resource-level ones"),
    Rule("ec2", "*", (("=", "none"),), "EC2 Describe*/ENI actions: '*' only"),
    Rule("xray", "*", (("=", "none"),), "X-Ray writes: '*' only"),
    Rule("secretsmanager", "*", (("=", "secret"),)),
    Rule("ssm", "*", (("=", "parameters"),)),
    Rule("cloudfront", "*", (("=", "distribution"),)),
)


def _rule(service: str, operation: str) -> Rule:
    for wanted in (operation, "*"):
        for rule in RULES:
            if (rule.service, rule.operation) == (service, wanted):
                return rule
    raise KeyError(f"no mapping rule for {service}:{operation}: add one to RULES")


def requests_of(call: Call, ctx: Context) -> list[Request]:
    rule = _rule(call.service, call.operation)
    prefix = IAM_PREFIX.get(call.service, call.service)
    label = f"{call.service}.{call.operation}"
    found = []
    for action, kind in rule.grants:
        if kind == "<path>":
            method, path = _apigateway_path(call.operation, call.params, call.api)
            action = f"apigateway:{method}"
            resources = [f"arn:{PARTITION}:apigateway:{ctx.region}::{path}"]
        else:
            action = f"{prefix}:{call.operation}" if action == "=" else action
            resources = RESOURCES[kind](ctx, call.params)
        found += [
            Request(action, ctx.aliases.get(resource, resource), call.command, label)
            for resource in resources
        ]
    return found


# --- Calls AWS services make with a role's credentials (derived) -----------------------------

# What CloudFormation calls, as the caller, to create and delete each resource type Zappa's
# template holds (the resource handlers' documented permissions, REST API paths).
STACK_RESOURCE_CALLS = {
    "AWS::ApiGateway::RestApi": {
        "create": (("POST", "/restapis"), ("GET", "/restapis/{api}")),
        "delete": (("DELETE", "/restapis/{api}"),),
    },
    "AWS::ApiGateway::Resource": {
        "create": (("POST", "/restapis/{api}/resources/{parent}"),),
        "delete": (("DELETE", "/restapis/{api}/resources/{id}"),),
    },
    "AWS::ApiGateway::Method": {
        "create": (
            ("PUT", "/restapis/{api}/resources/{parent}/methods/{method}"),
            ("PUT", "/restapis/{api}/resources/{parent}/methods/{method}/integration"),
        ),
        "delete": (("DELETE", "/restapis/{api}/resources/{parent}/methods/{method}"),),
    },
    "AWS::ApiGateway::Deployment": {
        "create": (("POST", "/restapis/{api}/deployments"),),
        "delete": (("DELETE", "/restapis/{api}/deployments/{id}"),),
    },
    # The HTTP API (apigateway_version "v2"): IAM names its resources /apis/...
    "AWS::ApiGatewayV2::Api": {
        "create": (("POST", "/apis"), ("GET", "/apis/{api}")),
        "delete": (("DELETE", "/apis/{api}"),),
    },
    "AWS::ApiGatewayV2::Integration": {
        "create": (("POST", "/apis/{api}/integrations"),),
        "delete": (("DELETE", "/apis/{api}/integrations/{id}"),),
    },
    "AWS::ApiGatewayV2::Route": {
        "create": (("POST", "/apis/{api}/routes"),),
        "delete": (("DELETE", "/apis/{api}/routes/{id}"),),
    },
    "AWS::ApiGatewayV2::Stage": {
        "create": (("POST", "/apis/{api}/stages"),),
        "delete": (("DELETE", "/apis/{api}/stages/{id}"),),
    },
}

# Lambda permissions in the template (the HTTP API invokes the function through one, not as the
# function's role): CloudFormation adds and removes them as the caller.
STACK_LAMBDA_CALLS = {
    "AWS::Lambda::Permission": {
        "create": ("lambda:AddPermission",),
        "delete": ("lambda:RemovePermission",),
    },
}


def stack_requests(template: dict, physical: dict, region: str, command: str) -> list[Request]:
    """The API Gateway calls CloudFormation makes as the caller for `command` (CreateStack:
    create, DeleteStack: delete) on Zappa's template. physical: logical id -> physical id as moto
    gave it (the logical id stands in where moto gives none)."""
    phase = "delete" if "undeploy" in command else "create"
    resources = template["Resources"]
    api = next(
        physical.get(n) or n
        for n, r in resources.items()
        if r["Type"] in {"AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api"}
    )

    def ref(value) -> str:
        if isinstance(value, dict) and "Ref" in value:
            return physical.get(value["Ref"]) or value["Ref"]
        if isinstance(value, dict) and "Fn::GetAtt" in value:
            return f"{physical.get(value['Fn::GetAtt'][0]) or value['Fn::GetAtt'][0]}-root"
        return str(value)

    found = []
    for name, resource in resources.items():
        kind = resource["Type"]
        props = resource.get("Properties", {})
        if kind in STACK_LAMBDA_CALLS:
            function = ref(props["FunctionName"])
            found += [
                Request(
                    action,
                    function,
                    f"{command} (CloudFormation, as the caller)",
                    f"cloudformation {phase}s {kind}",
                )
                for action in STACK_LAMBDA_CALLS[kind][phase]
            ]
            continue
        if kind not in STACK_RESOURCE_CALLS:
            raise NotImplementedError(f"the stack holds a {kind}: add its calls")
        fields = {
            "api": api,
            "id": physical.get(name) or name,
            "parent": ref(props.get("ParentId") or props.get("ResourceId", "")),
            "method": props.get("HttpMethod", ""),
        }
        credentials = props.get("Integration", {}).get("Credentials")
        if credentials and phase == "create":
            found.append(
                Request(
                    "iam:PassRole",
                    credentials,
                    f"{command} (CloudFormation, as the caller)",
                    "the integration's credentials",
                )
            )
        for method, path in STACK_RESOURCE_CALLS[kind][phase]:
            found.append(
                Request(
                    f"apigateway:{method}",
                    f"arn:{PARTITION}:apigateway:{region}::{path.format(**fields)}",
                    f"{command} (CloudFormation, as the caller)",
                    f"cloudformation {phase}s {kind}",
                )
            )
    return found


def lambda_service_requests(config: dict, ctx: Context) -> list[Request]:
    """What Lambda does with the function's role for the configuration deployed: write its logs,
    manage its ENIs in the VPC, and (tracing Active) send X-Ray segments from the daemon."""
    name = config["FunctionName"]
    group = _log_group(ctx, f"/aws/lambda/{name}")
    label = "Lambda service, as the function's role"
    found = [
        Request("logs:CreateLogGroup", group, label, "first invocation"),
        Request("logs:CreateLogStream", f"{group}:log-stream:2026/12/06/[$LATEST]x", label, ""),
        Request("logs:PutLogEvents", f"{group}:log-stream:2026/12/06/[$LATEST]x", label, ""),
    ]
    if config.get("VpcConfig", {}).get("SubnetIds"):
        found += [
            Request(f"ec2:{action}", "*", label, "vpc_config")
            for action in (
                "CreateNetworkInterface",
                "DescribeNetworkInterfaces",
                "DescribeSubnets",
                "DeleteNetworkInterface",
                "AssignPrivateIpAddresses",
                "UnassignPrivateIpAddresses",
            )
        ]
    if config.get("TracingConfig", {}).get("Mode") == "Active":
        found += [
            Request(f"xray:{action}", "*", label, "X-Ray daemon")
            for action in ("PutTraceSegments", "PutTelemetryRecords")
        ]
    return found


def buildspec_calls(values: dict[str, str]) -> list[Call]:
    """The calls buildspec.yml's build phase makes outside Zappa, derived from its text:
    CodeBuild's read of env.parameter-store (one GetParameters), each `aws s3 sync` (the CLI
    lists the destination with ListObjectsV2, uploads with PutObject, multipart for large files
    (the same action), and deletes only with --delete), each `aws cloudfront
    create-invalidation`. `values`: what $VARIABLES hold (the parameters' values, STAGE)."""
    spec = yaml.safe_load((ROOT / "buildspec.yml").read_text(encoding="utf-8"))
    command = "buildspec.yml"
    calls = [
        Call(
            "ssm",
            "ssm",
            "GetParameters",
            {"Names": sorted(spec["env"]["parameter-store"].values())},
            command=f"{command} env.parameter-store (CodeBuild)",
        )
    ]
    for line in spec["phases"]["build"]["commands"]:
        words = shlex.split(line)
        if words[0] != "aws":
            continue
        words = [re.sub(r"\$(\w+)", lambda m: values[m.group(1)], w) for w in words]
        label = f"{command}: {line.strip()[:60]}"
        if words[1:3] == ["s3", "sync"]:
            bucket, _, prefix = words[4].removeprefix("s3://").partition("/")
            calls.append(Call("s3", "s3", "ListObjectsV2", {"Bucket": bucket}, command=label))
            key = f"{prefix}index.html"
            calls.append(
                Call("s3", "s3", "PutObject", {"Bucket": bucket, "Key": key}, command=label)
            )
            if "--delete" in words:
                calls.append(
                    Call("s3", "s3", "DeleteObject", {"Bucket": bucket, "Key": key}, command=label)
                )
        elif words[1:3] == ["cloudfront", "create-invalidation"]:
            distribution = words[words.index("--distribution-id") + 1]
            calls.append(
                Call(
                    "cloudfront",
                    "cloudfront",
                    "CreateInvalidation",
                    {"DistributionId": distribution},
                    command=label,
                )
            )
        else:
            raise NotImplementedError(f"an aws command this model does not know: {line}")
    return calls


def codebuild_log_requests(render: Renderer, ctx: Context) -> list[Request]:
    """CodeBuild writes the build's log with the project's service role (codebuild.tf's
    logs_config), into a stream per build."""
    project = _blocks("resource")[("aws_codebuild_project", "deploy")]
    logs = project["logs_config"][0]["cloudwatch_logs"][0]
    group_ref = re.fullmatch(
        r"\$\{aws_cloudwatch_log_group\.(\w+)\.name\}", _unquote(logs["group_name"])
    )
    group = render(_blocks("resource")[("aws_cloudwatch_log_group", group_ref.group(1))]["name"])
    stream = f"{_log_group(ctx, group)}:log-stream:mdt-prod-deploy/0f1e2d3c"
    label = "CodeBuild, as the project's service role"
    return [
        Request("logs:CreateLogStream", stream, label, "build log"),
        Request("logs:PutLogEvents", stream, label, "build log"),
    ]


def allow_statements(policies: dict[str, dict]):
    """(policy name, statement) of every Allow statement, Action and Resource as lists."""
    for policy, document in policies.items():
        for statement in _listed(document["Statement"]):
            if statement["Effect"] == "Allow":
                yield policy, {
                    **statement,
                    "Action": _listed(statement["Action"]),
                    "Resource": _listed(statement["Resource"]),
                }


def rules_table() -> str:
    """RULES as text, for the report of a failure."""
    return "\n".join(
        f"{r.service}:{r.operation:<28} -> "
        + ", ".join(f"{a} on {k}" for a, k in r.grants)
        + (f"  ({r.why})" if r.why else "")
        for r in RULES
    )
