# Alarms on what would page an operator (issue 17), each to one SNS topic that mails
# var.alarm_email. Seven standard-resolution alarms: $0.70 a month at list price (docs/cost.md).
#
# Zappa creates the function (named <project>-<stage>) and the API, so the alarms name them
# rather than reference a resource.

locals {
  # The database's connection limit by instance class, from RDS's formula
  # LEAST(DBInstanceClassMemory / 9531392, 5000): an estimate, not read off an instance (check
  # with SHOW max_connections after the first deploy). tests/serverless/test_terraform.py holds
  # the same figures for the reserved-concurrency sum in docs/deploy.md. No default: another
  # class fails the plan until its figure is added here.
  db_max_connections = lookup({ "db.t4g.micro" = 81, "db.t4g.small" = 189, "db.t4g.medium" = 405 }, var.db_instance_class)
  alarm_actions      = [aws_sns_topic.alarms.arn]
}

resource "aws_sns_topic" "alarms" {
  #checkov:skip=CKV_AWS_26:An alarm notification carries an alarm's name and state, no data; CloudWatch cannot publish to a topic under the AWS-managed SNS key, and a CMK costs $1/month.
  name = "${local.name}-alarms"
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count     = var.alarm_email == "" ? 0 : 1
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# --- The API: 5xx answers as a share of requests --------------------------------------------
# Zappa creates an HTTP API (apigateway_version "v2"), whose metrics are named by its id: the
# first label of var.api_origin_domain, known after the first `zappa deploy` (then apply again).
resource "aws_cloudwatch_metric_alarm" "api_5xx_rate" {
  count               = var.api_origin_domain == "" ? 0 : 1
  alarm_name          = "${local.name}-api-5xx-rate"
  alarm_description   = "More than ${var.alarm_5xx_percent}% of API requests answered 5xx, two 5-minute periods in a row (docs/deploy.md, Runbook)."
  namespace           = "AWS/ApiGateway"
  metric_name         = "5xx"
  dimensions          = { ApiId = split(".", var.api_origin_domain)[0], Stage = var.stage }
  statistic           = "Average" # 5xx is 0 or 1 per request: its average is the rate
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_5xx_percent / 100
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# --- The function ----------------------------------------------------------------------------
resource "aws_cloudwatch_metric_alarm" "function_errors" {
  alarm_name          = "${local.name}-function-errors"
  alarm_description   = "The function raised (or timed out) 5 or more times in 5 minutes: requests and scheduled jobs alike."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = local.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 5
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "function_throttles" {
  alarm_name          = "${local.name}-function-throttles"
  alarm_description   = "Requests refused because the function's reserved concurrency (zappa_settings.json lambda_concurrency) was full: raise it only with the database's connections (docs/deploy.md, Connections)."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = local.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "function_duration" {
  alarm_name          = "${local.name}-function-duration"
  alarm_description   = "An invocation ran past 80% of the function's ${var.function_timeout_seconds} s timeout: the next such one may time out (API Gateway gives up at 29 s)."
  namespace           = "AWS/Lambda"
  metric_name         = "Duration"
  dimensions          = { FunctionName = local.function_name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.function_timeout_seconds * 1000 * 0.8
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# --- The database ----------------------------------------------------------------------------
resource "aws_cloudwatch_metric_alarm" "database_cpu" {
  alarm_name          = "${local.name}-database-cpu"
  alarm_description   = "The database's CPU averaged over 80% for 15 minutes: a t4g burns its CPU credits, then runs at its baseline."
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  dimensions          = { DBInstanceIdentifier = aws_db_instance.main.identifier }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = 80
  treat_missing_data  = "missing"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "database_connections" {
  alarm_name          = "${local.name}-database-connections"
  alarm_description   = "Database connections above 80% of max_connections (~${local.db_max_connections} for ${var.db_instance_class}): something other than the function's reserved concurrency holds connections."
  namespace           = "AWS/RDS"
  metric_name         = "DatabaseConnections"
  dimensions          = { DBInstanceIdentifier = aws_db_instance.main.identifier }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = floor(local.db_max_connections * 0.8)
  treat_missing_data  = "missing"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "database_free_storage" {
  alarm_name          = "${local.name}-database-free-storage"
  alarm_description   = "Less than 10% of the database's allocated storage is free. Storage autoscaling (up to 5x) grows it by itself; this alarm says it is happening, or that it reached its ceiling."
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  dimensions          = { DBInstanceIdentifier = aws_db_instance.main.identifier }
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "LessThanThreshold"
  threshold           = var.db_allocated_storage * 1024 * 1024 * 1024 * 0.1
  treat_missing_data  = "missing"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}
