# What the Lambda reads at cold start, referenced by name in zappa_settings.json
# (DJANGO_SECRET_KEY_SECRET_ID, DATABASE_SECRET_ID). The values pass through terraform state:
# keep the state in an encrypted, access-controlled backend.

resource "aws_secretsmanager_secret" "database" {
  #checkov:skip=CKV_AWS_149:The AWS-managed key encrypts the secret; a customer-managed KMS key adds $1/month and a key policy without changing who can read it (the IAM policy decides).
  #checkov:skip=CKV2_AWS_57:Rotation would change the password under the persistent connections of warm Lambdas; rotate by `terraform apply -replace=random_password.database` followed by `zappa update`.
  name                    = "${var.project}/${var.stage}/database"
  description             = "MDT PostgreSQL connection: username, password, host, port, dbname"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "database" {
  secret_id = aws_secretsmanager_secret.database.id
  secret_string = jsonencode({
    engine   = "postgres"
    username = aws_db_instance.main.username
    password = random_password.database.result
    host     = aws_db_instance.main.address
    port     = aws_db_instance.main.port
    dbname   = aws_db_instance.main.db_name
  })
}

resource "random_password" "django_secret_key" {
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret" "django_secret_key" {
  #checkov:skip=CKV_AWS_149:The AWS-managed key encrypts the secret; a customer-managed KMS key adds $1/month and a key policy without changing who can read it (the IAM policy decides).
  #checkov:skip=CKV2_AWS_57:Rotating Django's SECRET_KEY logs every user out and invalidates every JWT; it is rotated by hand when needed.
  name                    = "${var.project}/${var.stage}/django-secret-key"
  description             = "Django SECRET_KEY of MDT (signs sessions and JWTs)"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "django_secret_key" {
  secret_id     = aws_secretsmanager_secret.django_secret_key.id
  secret_string = random_password.django_secret_key.result
}

# The warehouse that prod's scheduled ingestion crawls (recipes/warehouse.yml names this secret).
# Terraform declares it and lets the Lambda read it; the value (RDS-style JSON: host, port,
# dbname, username, password of a read-only account) is the warehouse owners' to put, so it
# never passes through terraform state:
#   aws secretsmanager put-secret-value --secret-id mdt/prod/warehouse --secret-string file://warehouse.json
resource "aws_secretsmanager_secret" "warehouse" {
  #checkov:skip=CKV_AWS_149:The AWS-managed key encrypts the secret; a customer-managed KMS key adds $1/month and a key policy without changing who can read it (the IAM policy decides).
  #checkov:skip=CKV2_AWS_57:The warehouse's owners own its credentials and rotate them; each run reads the secret when it starts, so a rotated value is picked up by the next run.
  name                    = "${var.project}/${var.stage}/warehouse"
  description             = "Read-only connection to the warehouse crawled by scheduled ingestion: username, password, host, port, dbname"
  recovery_window_in_days = 7
}
