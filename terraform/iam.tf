# Two roles, each allowed only what its job calls. Zappa is told not to manage roles
# ("manage_roles": false), so its default broad policy never exists.

locals {
  function_name = local.name # Zappa names the function <project_name>-<stage>
  function_arn  = "arn:${local.partition}:lambda:${var.region}:${local.account_id}:function:${local.function_name}"
  log_group_arn = "arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:/aws/lambda/${local.function_name}"
  # The migrate stage (zappa_settings.json "<stage>_migrate", slugified by Zappa): buildspec runs
  # the new code's migrations there before the API's function gets the new code.
  migrate_function_arn  = "${local.function_arn}-migrate"
  migrate_log_group_arn = "${local.log_group_arn}-migrate"
}

# --- The Lambda's own role -------------------------------------------------------------------

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type = "Service"
      # events: Zappa passes this role to the EventBridge rules of keep_warm and `events`.
      # apigateway: Zappa sets it as the API's Lambda integration's credentials, so API Gateway
      # assumes it to invoke the function (tests/serverless/test_iam.py).
      identifiers = ["lambda.amazonaws.com", "events.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "lambda" {
  name               = "${local.name}-lambda"
  description        = "MDT Lambda (${var.stage}): logs, VPC, X-Ray, its two secrets, the warehouse secret"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

resource "aws_iam_role_policy_attachment" "lambda_vpc" {
  role       = aws_iam_role.lambda.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

data "aws_iam_policy_document" "lambda" {
  statement {
    sid       = "OwnLogs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [local.log_group_arn, "${local.log_group_arn}:*", local.migrate_log_group_arn, "${local.migrate_log_group_arn}:*"]
  }

  statement {
    sid       = "ReadOwnSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.database.arn, aws_secretsmanager_secret.django_secret_key.arn]
  }

  statement {
    sid = "ReadWarehouseSecret"
    # The scheduled crawl (recipes/warehouse.yml) reads the warehouse's connection when a run
    # starts: this one secret by its ARN, not mdt/<stage>/*.
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.warehouse.arn]
  }

  statement {
    sid = "XRay"
    # X-Ray's write actions have no resource-level permissions: "*" is the only valid resource.
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }

  # No lambda:InvokeFunction: the HTTP API invokes the function through a Lambda permission
  # (Zappa's stack), not as this role, and production indexes bulk batches inline. The opt-in
  # SEARCH_BULK_INDEXING=dispatch would need it back, with a Lambda endpoint (docs/deploy.md).

  dynamic "statement" {
    for_each = var.enable_opensearch ? [1] : []
    content {
      sid       = "SearchIndex"
      actions   = ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete"]
      resources = ["arn:${local.partition}:es:${var.region}:${local.account_id}:domain/${local.name}/*"]
    }
  }
}

resource "aws_iam_role_policy" "lambda" {
  name   = "${local.name}-lambda"
  role   = aws_iam_role.lambda.id
  policy = data.aws_iam_policy_document.lambda.json
}

# --- VPC flow logs ---------------------------------------------------------------------------

data "aws_iam_policy_document" "flow_logs_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "flow_logs" {
  name               = "${local.name}-flow-logs"
  assume_role_policy = data.aws_iam_policy_document.flow_logs_assume.json
}

data "aws_iam_policy_document" "flow_logs" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.flow_logs.arn}:*"]
  }
}

resource "aws_iam_role_policy" "flow_logs" {
  name   = "${local.name}-flow-logs"
  role   = aws_iam_role.flow_logs.id
  policy = data.aws_iam_policy_document.flow_logs.json
}

# --- The deploying role (CodeBuild, operators) -------------------------------------------------
# What `zappa deploy|update|status|tail|undeploy`, `aws s3 sync` of the SPA and the CloudFront
# invalidation call, scoped to this stage's resources.

data "aws_iam_policy_document" "deployer_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["codebuild.amazonaws.com"]
    }
  }

  dynamic "statement" {
    for_each = length(var.deployer_principal_arns) > 0 ? [1] : []
    content {
      actions = ["sts:AssumeRole"]
      principals {
        type        = "AWS"
        identifiers = var.deployer_principal_arns
      }
    }
  }
}

resource "aws_iam_role" "deployer" {
  name               = "${local.name}-deployer"
  description        = "Deploys MDT (${var.stage}) with Zappa and uploads the web UI"
  assume_role_policy = data.aws_iam_policy_document.deployer_assume.json
}

data "aws_iam_policy_document" "deployer" {
  statement {
    sid = "PackageBucket"
    # HeadBucket (Zappa) and ListObjectsV2 (`aws s3 sync`) are both s3:ListBucket.
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.zappa.arn, aws_s3_bucket.spa.arn]
  }

  statement {
    sid       = "PackageAndWebObjects"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.zappa.arn}/*", "${aws_s3_bucket.spa.arn}/*"]
  }

  statement {
    sid = "Function"
    actions = [
      "lambda:AddPermission",
      "lambda:CreateFunction",
      "lambda:DeleteFunction",
      "lambda:GetAlias",
      "lambda:GetFunction",
      "lambda:GetFunctionConfiguration",
      "lambda:GetPolicy",
      "lambda:InvokeFunction",
      "lambda:ListFunctionUrlConfigs",
      "lambda:ListVersionsByFunction",
      "lambda:PutFunctionConcurrency",
      "lambda:RemovePermission",
      "lambda:UpdateFunctionCode",
      "lambda:UpdateFunctionConfiguration",
    ]
    resources = [local.function_arn, "${local.function_arn}:*", local.migrate_function_arn, "${local.migrate_function_arn}:*"]
  }

  statement {
    sid       = "PassTheLambdaRole"
    actions   = ["iam:GetRole", "iam:PassRole"]
    resources = [aws_iam_role.lambda.arn]
  }

  statement {
    sid = "ApiGatewayStack"
    actions = [
      "cloudformation:CreateStack",
      "cloudformation:DeleteStack",
      "cloudformation:DescribeStackResource",
      "cloudformation:DescribeStacks",
      "cloudformation:ListStackResources",
      "cloudformation:UpdateStack",
    ]
    resources = ["arn:${local.partition}:cloudformation:${var.region}:${local.account_id}:stack/${local.function_name}/*"]
  }

  # The HTTP API (apigateway_version "v2"), which IAM names /apis/...: CloudFormation creates and
  # deletes it as the caller; the throttling callback PATCHes its stage.
  statement {
    sid       = "ApiGateway"
    actions   = ["apigateway:GET", "apigateway:POST", "apigateway:PATCH", "apigateway:DELETE"]
    resources = ["arn:${local.partition}:apigateway:${var.region}::/apis", "arn:${local.partition}:apigateway:${var.region}::/apis/*"]
  }

  # `zappa undeploy` also looks for a REST API of the function's name (GetRestApis) to remove.
  statement {
    sid       = "UndeployLooksForRestApis"
    actions   = ["apigateway:GET"]
    resources = ["arn:${local.partition}:apigateway:${var.region}::/restapis"]
  }

  statement {
    sid = "Schedules"
    actions = [
      "events:DeleteRule",
      "events:DescribeRule",
      "events:ListTargetsByRule",
      "events:PutRule",
      "events:PutTargets",
      "events:RemoveTargets",
    ]
    resources = ["arn:${local.partition}:events:${var.region}:${local.account_id}:rule/${local.function_name}-*"]
  }

  statement {
    sid = "FindSchedules"
    # ListRuleNamesByTarget has no resource-level permissions.
    actions   = ["events:ListRuleNamesByTarget"]
    resources = ["*"]
  }

  statement {
    sid = "VpcLookups"
    # Lambda checks the subnets and security groups of vpc_config with the caller's rights;
    # EC2's Describe actions have no resource-level permissions.
    actions   = ["ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs"]
    resources = ["*"]
  }

  statement {
    sid = "TailAndRemoveLogs"
    actions = [
      "logs:DeleteLogGroup",
      "logs:DescribeLogStreams",
      "logs:FilterLogEvents",
    ]
    resources = [
      local.log_group_arn,
      "${local.log_group_arn}:*",
      local.migrate_log_group_arn,
    ]
  }

  # `zappa status` reads the function's invocation and error counts (it prints 0 without);
  # GetMetricStatistics has no resource-level permissions. (A REST API's status also lists its
  # keys, apigateway:GET on /apikeys; the HTTP API's does not.)
  statement {
    sid       = "StatusMetrics"
    actions   = ["cloudwatch:GetMetricStatistics"]
    resources = ["*"]
  }

  statement {
    sid       = "InvalidateWebCache"
    actions   = ["cloudfront:CreateInvalidation"]
    resources = [aws_cloudfront_distribution.web.arn]
  }

  # Attaching a layer (the Parameters and Secrets extension in zappa_settings.json) makes Lambda
  # check that the caller may read that layer version; AWS publishes it from its own account, one
  # layer per architecture: this is the x86_64 one (arm64's is ...-Extension-Arm64).
  statement {
    sid       = "AttachTheSecretsExtensionLayer"
    actions   = ["lambda:GetLayerVersion"]
    resources = ["arn:${local.partition}:lambda:${var.region}:${var.secrets_extension_account}:layer:AWS-Parameters-and-Secrets-Lambda-Extension:*"]
  }

  # The CodeBuild project (codebuild.tf) runs as this role and writes its build log.
  statement {
    sid       = "BuildLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.codebuild.arn}:*"]
  }

  # buildspec.yml reads where to upload the web UI from Parameter Store (deploy.tf creates them).
  statement {
    sid       = "ReadDeployParameters"
    actions   = ["ssm:GetParameters"]
    resources = ["arn:${local.partition}:ssm:${var.region}:${local.account_id}:parameter/${var.project}/${var.stage}/*"]
  }
}

resource "aws_iam_role_policy" "deployer" {
  name   = "${local.name}-deployer"
  role   = aws_iam_role.deployer.id
  policy = data.aws_iam_policy_document.deployer.json
}
