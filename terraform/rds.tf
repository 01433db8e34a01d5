# One small encrypted PostgreSQL instance in the private subnets, backed up daily, never public.
# Past a few dozen concurrent Lambda containers put an RDS Proxy in front (docs/deploy.md).

resource "aws_db_subnet_group" "main" {
  name       = local.name
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_db_parameter_group" "postgres" {
  name   = "${local.name}-pg16"
  family = "postgres16"

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

resource "random_password" "database" {
  length  = 40
  special = false
}

resource "aws_db_instance" "main" {
  #checkov:skip=CKV_AWS_157:Multi-AZ doubles the largest line of the bill; daily backups and a 7-day point-in-time window are the recovery plan for a catalog that can be re-ingested.
  #checkov:skip=CKV_AWS_118:Enhanced monitoring needs a monitoring role and streams paid CloudWatch metrics; basic metrics suffice at this size.
  #checkov:skip=CKV_AWS_353:Performance Insights is not offered on db.t4g.micro.
  #checkov:skip=CKV_AWS_354:Performance Insights is not enabled, so it has no key to set.
  #checkov:skip=CKV_AWS_161:MDT connects with a password kept in Secrets Manager; IAM auth tokens expire every 15 minutes, which persistent Lambda connections do not renew.
  #checkov:skip=CKV2_AWS_30:Query logging would log catalog queries for every request; slow queries are logged through log_min_duration_statement.
  identifier = local.name
  engine     = "postgres"
  # The major version only: with auto_minor_version_upgrade AWS moves 16.x forward, and a pinned
  # minor would make the next plan a downgrade that fails.
  engine_version = "16"
  instance_class = var.db_instance_class
  db_name        = var.project
  username       = "${var.project}_admin"
  password       = random_password.database.result
  port           = 5432

  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_allocated_storage * 5
  storage_type          = "gp3"
  storage_encrypted     = true

  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [aws_security_group.database.id]
  parameter_group_name   = aws_db_parameter_group.postgres.name
  publicly_accessible    = false
  multi_az               = false

  backup_retention_period         = var.db_backup_retention_days
  backup_window                   = "02:00-03:00"
  maintenance_window              = "sun:03:30-sun:04:30"
  copy_tags_to_snapshot           = true
  deletion_protection             = var.stage == "prod"
  skip_final_snapshot             = var.stage != "prod"
  final_snapshot_identifier       = "${local.name}-final"
  auto_minor_version_upgrade      = true
  enabled_cloudwatch_logs_exports = ["postgresql"]
  # Its log group, with an expiry, exists before RDS would create one without (logs.tf).
  depends_on = [aws_cloudwatch_log_group.database]
}
