# Private subnets only and no NAT gateway: the Lambda reaches RDS and OpenSearch inside the VPC,
# and the AWS APIs it calls through VPC endpoints (Secrets Manager: an interface endpoint; S3: the
# free gateway endpoint). A NAT gateway would cost ~$33/month plus $0.045/GB.

resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = local.name }
}

resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
  # No rules: nothing may use the default security group.
}

resource "aws_flow_log" "main" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "REJECT"
  log_destination_type = "cloud-watch-logs"
  log_destination      = aws_cloudwatch_log_group.flow_logs.arn
  iam_role_arn         = aws_iam_role.flow_logs.arn
}

resource "aws_cloudwatch_log_group" "flow_logs" {
  #checkov:skip=CKV_AWS_158:Flow logs hold no secrets; the AWS-managed key of CloudWatch Logs encrypts them and a CMK costs $1/month.
  #checkov:skip=CKV_AWS_338:Rejected-traffic logs are for debugging; a year would cost more than the rest of the stack, so the retention is a variable (30 days).
  name              = "/${local.name}/vpc-flow-logs"
  retention_in_days = var.log_retention_days
}

resource "aws_subnet" "private" {
  count             = length(local.azs)
  vpc_id            = aws_vpc.main.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, count.index)

  tags = { Name = "${local.name}-private-${local.azs[count.index]}" }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
  # No default route: there is no internet or NAT gateway.
  tags = { Name = "${local.name}-private" }
}

resource "aws_route_table_association" "private" {
  count          = length(aws_subnet.private)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

resource "aws_security_group" "lambda" {
  name        = "${local.name}-lambda"
  description = "MDT Lambda: outbound to the database, OpenSearch and the VPC endpoints only"
  vpc_id      = aws_vpc.main.id

  egress {
    description = "HTTPS to VPC endpoints and OpenSearch inside the VPC"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [var.vpc_cidr]
  }

  egress {
    description = "PostgreSQL inside the VPC"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = [var.vpc_cidr]
  }

  egress {
    # The warehouse's own security group must also let the Lambda's in on this port.
    description = "The warehouse crawled by scheduled ingestion (recipes/warehouse.yml)"
    from_port   = var.warehouse_port
    to_port     = var.warehouse_port
    protocol    = "tcp"
    cidr_blocks = [var.warehouse_cidr]
  }

  egress {
    description     = "S3 through the gateway endpoint (deployment bucket, SPA bucket)"
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    prefix_list_ids = [aws_vpc_endpoint.s3.prefix_list_id]
  }
}

resource "aws_security_group" "database" {
  name        = "${local.name}-database"
  description = "MDT PostgreSQL: reachable from the Lambda security group only"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "PostgreSQL from the MDT Lambda"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.lambda.id]
  }
}

resource "aws_security_group" "endpoints" {
  name        = "${local.name}-endpoints"
  description = "Interface VPC endpoints: HTTPS from the Lambda security group only"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "HTTPS from the MDT Lambda"
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.lambda.id]
  }
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}

# An interface endpoint costs $0.01 per hour in each subnet it is placed in ($7.30/month), the
# largest line of the default bill after RDS: Secrets Manager is the one AWS API the Lambda calls
# (at cold start), in one subnet by default. X-Ray needs none: Lambda's own X-Ray daemon forwards
# segments outside the VPC.
resource "aws_vpc_endpoint" "secretsmanager" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${var.region}.secretsmanager"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = slice(aws_subnet.private[*].id, 0, var.endpoint_subnet_count)
  security_group_ids  = [aws_security_group.endpoints.id]
}
