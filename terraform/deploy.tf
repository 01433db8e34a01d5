# The bucket `zappa deploy` / `zappa update` upload the Lambda package to. Packages are transient:
# Zappa deletes them after each update, the lifecycle rule removes any it leaves behind.

resource "aws_s3_bucket" "zappa" {
  #checkov:skip=CKV_AWS_18:Only the deploying role writes here, and CloudTrail records it; server access logs would add a log bucket for no reader.
  #checkov:skip=CKV_AWS_144:Packages are rebuilt from git on every deploy; replicating them protects nothing.
  #checkov:skip=CKV_AWS_145:SSE-S3 encrypts the packages; a KMS key would also need grants for Lambda to read the code.
  #checkov:skip=CKV2_AWS_62:Nothing reacts to package uploads.
  #checkov:skip=CKV_AWS_21:Each package is uploaded once, read once by Lambda and deleted by Zappa; versions would only keep deleted packages.
  bucket        = "${var.project}-zappa-${var.stage}-${local.account_id}"
  force_destroy = true
}

resource "aws_s3_bucket_lifecycle_configuration" "zappa" {
  bucket = aws_s3_bucket.zappa.id

  rule {
    id     = "expire-packages"
    status = "Enabled"
    filter {}

    expiration {
      days = 7
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "zappa" {
  bucket = aws_s3_bucket.zappa.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "zappa" {
  bucket                  = aws_s3_bucket.zappa.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Where buildspec.yml uploads the web UI and which distribution it invalidates: it reads these
# from Parameter Store (its env.parameter-store), and nothing else created them (issue 17).
resource "aws_ssm_parameter" "web_bucket" {
  #checkov:skip=CKV2_AWS_34:A bucket name is no secret (it is in every URL the SPA's objects have); SecureString would need a KMS grant for the build.
  name  = "/${var.project}/${var.stage}/web-bucket"
  type  = "String"
  value = aws_s3_bucket.spa.bucket
}

resource "aws_ssm_parameter" "cloudfront_distribution_id" {
  #checkov:skip=CKV2_AWS_34:A distribution id is no secret (the deployer role's policy names it); SecureString would need a KMS grant for the build.
  name  = "/${var.project}/${var.stage}/cloudfront-distribution-id"
  type  = "String"
  value = aws_cloudfront_distribution.web.id
}
