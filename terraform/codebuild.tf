# The CodeBuild project that runs buildspec.yml: lint and every test, then package and deploy the
# stage (issue 17: buildspec named a role and parameters, but nothing created the project). It runs
# as the deployer role (iam.tf), whose trust policy admits CodeBuild, and logs to its own group.

resource "aws_cloudwatch_log_group" "codebuild" {
  #checkov:skip=CKV_AWS_158:Build logs hold test output and no secrets (buildspec reads none); the AWS-managed key encrypts them.
  #checkov:skip=CKV_AWS_338:Build logs are for reading a failed build; the retention is a variable.
  name              = "/aws/codebuild/${local.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_codebuild_project" "deploy" {
  #checkov:skip=CKV_AWS_147:The build's artifacts are the Lambda package, which Zappa uploads itself (SSE-S3); a CMK for CodeBuild's own cache would cost $1/month for nothing stored.
  count         = var.source_repository == "" ? 0 : 1
  name          = "${local.name}-deploy"
  description   = "Tests, packages and deploys MDT (${var.stage}) with buildspec.yml"
  service_role  = aws_iam_role.deployer.arn
  build_timeout = 60

  source {
    type      = "GITHUB"
    location  = var.source_repository
    buildspec = "buildspec.yml"
  }

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type    = "BUILD_GENERAL1_MEDIUM"
    image           = "aws/codebuild/standard:7.0"
    type            = "LINUX_CONTAINER"
    privileged_mode = false

    environment_variable {
      name  = "STAGE"
      value = var.stage
    }
  }

  logs_config {
    cloudwatch_logs {
      group_name = aws_cloudwatch_log_group.codebuild.name
    }
  }
}
