# The log groups AWS would otherwise create on first use, with no expiry (issue 17): the
# function's (Lambda writes /aws/lambda/<function> on its first invocation) and the database's
# (RDS exports the PostgreSQL log there). Declared here they expire after var.log_retention_days.
# Apply terraform before the first `zappa deploy`; on a stack whose function already ran, import
# the group first (docs/deploy.md).

resource "aws_cloudwatch_log_group" "function" {
  #checkov:skip=CKV_AWS_158:The function's logs hold no secrets (the settings never log them); the AWS-managed key of CloudWatch Logs encrypts them and a CMK costs $1/month.
  #checkov:skip=CKV_AWS_338:Request logs are for debugging and a year of them would cost more than the function; the retention is a variable.
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_group" "database" {
  #checkov:skip=CKV_AWS_158:PostgreSQL's log holds errors and slow statements, no credentials; the AWS-managed key encrypts it.
  #checkov:skip=CKV_AWS_338:The database log is for debugging; the retention is a variable.
  name              = "/aws/rds/instance/${local.name}/postgresql"
  retention_in_days = var.log_retention_days
}

# The migrate function (zappa_settings.json's "<stage>_migrate"): buildspec runs the new code's
# migrations there before the API's function is updated.
resource "aws_cloudwatch_log_group" "migrate_function" {
  #checkov:skip=CKV_AWS_158:Migration output holds no secrets; the AWS-managed key of CloudWatch Logs encrypts it.
  #checkov:skip=CKV_AWS_338:Migration logs are for reading a failed deploy; the retention is a variable.
  name              = "/aws/lambda/${local.function_name}-migrate"
  retention_in_days = var.log_retention_days
}
