# `zappa_stage_settings` is written into zappa_settings.json by terraform/sync_zappa_settings.py.

output "zappa_stage_settings" {
  description = "The values of the Zappa stage that only exist once this stack is applied."
  value = {
    aws_region = var.region
    s3_bucket  = aws_s3_bucket.zappa.bucket
    role_name  = aws_iam_role.lambda.name
    vpc_config = {
      SubnetIds        = aws_subnet.private[*].id
      SecurityGroupIds = [aws_security_group.lambda.id]
    }
    environment_variables = merge(
      {
        DJANGO_SECRET_KEY_SECRET_ID = aws_secretsmanager_secret.django_secret_key.name
        DATABASE_SECRET_ID          = aws_secretsmanager_secret.database.name
        DJANGO_ALLOWED_HOSTS        = join(",", compact([aws_cloudfront_distribution.web.domain_name, var.domain_name]))
        DJANGO_CSRF_TRUSTED_ORIGINS = join(",", [for host in compact([aws_cloudfront_distribution.web.domain_name, var.domain_name]) : "https://${host}"])
        # The SSRF guard lets recipes reach the network the security group opens, nothing more.
        MDT_INGEST_ALLOWED_NETWORKS = var.warehouse_cidr
      },
      var.enable_opensearch ? {
        SEARCH_BACKEND      = "search.backends.opensearch.OpenSearchBackend"
        OPENSEARCH_URL      = "https://${aws_opensearch_domain.main[0].endpoint}"
        OPENSEARCH_AWS_AUTH = "1"
      } : {}
    )
  }
}

output "web_bucket" {
  description = "S3 bucket of the web UI: `aws s3 sync frontend/dist s3://<this>/`."
  value       = aws_s3_bucket.spa.bucket
}

output "cloudfront_distribution_id" {
  description = "For `aws cloudfront create-invalidation --distribution-id`."
  value       = aws_cloudfront_distribution.web.id
}

output "web_url" {
  description = "Where MDT is served."
  value       = "https://${var.domain_name != "" ? var.domain_name : aws_cloudfront_distribution.web.domain_name}"
}

output "deployer_role_arn" {
  description = "Role for CodeBuild and operators to run the deploy."
  value       = aws_iam_role.deployer.arn
}

output "database_endpoint" {
  description = "RDS endpoint (private; reachable from the Lambda only)."
  value       = aws_db_instance.main.address
}
