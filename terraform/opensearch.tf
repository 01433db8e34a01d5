# Off by default: a t3.small.search node alone costs more than the rest of the default stack, and
# PostgreSQL search serves a catalog of this size. Turn on with enable_opensearch = true.

resource "aws_security_group" "opensearch" {
  count       = var.enable_opensearch ? 1 : 0
  name        = "${local.name}-opensearch"
  description = "MDT OpenSearch: HTTPS from the Lambda security group only"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "HTTPS from the MDT Lambda"
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.lambda.id]
  }
}

resource "aws_cloudwatch_log_group" "opensearch" {
  #checkov:skip=CKV_AWS_158:OpenSearch application logs hold no secrets; the AWS-managed key of CloudWatch Logs encrypts them.
  #checkov:skip=CKV_AWS_338:Application logs are for debugging; the retention is a variable (30 days).
  count             = var.enable_opensearch ? 1 : 0
  name              = "/${local.name}/opensearch"
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_resource_policy" "opensearch" {
  count       = var.enable_opensearch ? 1 : 0
  policy_name = "${local.name}-opensearch"
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "es.amazonaws.com" }
      Action    = ["logs:PutLogEvents", "logs:CreateLogStream"]
      Resource  = "${aws_cloudwatch_log_group.opensearch[0].arn}:*"
    }]
  })
}

resource "aws_opensearch_domain" "main" {
  #checkov:skip=CKV_AWS_318:Three dedicated masters would triple the cost of an optional single-node search domain.
  #checkov:skip=CKV2_AWS_59:A single data node is the cheap option this variable exists for; the index is rebuilt from PostgreSQL by the search relay if the node is lost.
  #checkov:skip=CKV_AWS_317:Audit logs need fine-grained access control with an internal user database; access is decided by the IAM policy on the domain.
  #checkov:skip=CKV_AWS_247:The AWS-managed key encrypts the domain at rest; a customer-managed key adds cost without changing who can read it.
  #checkov:skip=CKV_AWS_84:Application logs are published; search slow logs are off to keep CloudWatch costs down.
  count          = var.enable_opensearch ? 1 : 0
  domain_name    = local.name
  engine_version = "OpenSearch_2.17"

  cluster_config {
    instance_type            = var.opensearch_instance_type
    instance_count           = 1
    zone_awareness_enabled   = false
    dedicated_master_enabled = false
  }

  ebs_options {
    ebs_enabled = true
    volume_type = "gp3"
    volume_size = 10
  }

  vpc_options {
    subnet_ids         = [aws_subnet.private[0].id]
    security_group_ids = [aws_security_group.opensearch[0].id]
  }

  encrypt_at_rest {
    enabled = true
  }

  node_to_node_encryption {
    enabled = true
  }

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }

  advanced_security_options {
    enabled                        = true
    anonymous_auth_enabled         = false
    internal_user_database_enabled = false
    master_user_options {
      master_user_arn = aws_iam_role.lambda.arn
    }
  }

  log_publishing_options {
    log_type                 = "ES_APPLICATION_LOGS"
    cloudwatch_log_group_arn = aws_cloudwatch_log_group.opensearch[0].arn
  }

  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = aws_iam_role.lambda.arn }
      Action    = ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete"]
      Resource  = "arn:${local.partition}:es:${var.region}:${local.account_id}:domain/${local.name}/*"
    }]
  })
}
