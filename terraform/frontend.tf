# The web UI: a private S3 bucket read by CloudFront through origin access control. Unknown paths
# fall back to index.html (client-side routes); hashed assets are cached for a year, index.html
# is revalidated. When api_origin_domain is set, /api/*, /admin/* and /healthz go to API Gateway,
# so the SPA and the API share one origin (no CORS, one certificate).

resource "aws_s3_bucket" "spa" {
  #checkov:skip=CKV_AWS_18:CloudFront serves every read; its standard logs are the access log worth having and S3 server access logs would duplicate them.
  #checkov:skip=CKV_AWS_144:The bucket holds build output that CI re-uploads from git; cross-region replication protects nothing.
  #checkov:skip=CKV_AWS_145:SSE-S3 encrypts build output that is public through CloudFront anyway; a KMS key would also need CloudFront decrypt grants.
  #checkov:skip=CKV2_AWS_62:Nothing reacts to uploads of the web UI.
  bucket = "${local.name}-web-${local.account_id}"
}

resource "aws_s3_bucket_versioning" "spa" {
  bucket = aws_s3_bucket.spa.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "spa" {
  bucket = aws_s3_bucket.spa.id

  rule {
    id     = "expire-old-builds"
    status = "Enabled"
    filter {}

    noncurrent_version_expiration {
      noncurrent_days = 30
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "spa" {
  bucket = aws_s3_bucket.spa.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "spa" {
  bucket                  = aws_s3_bucket.spa.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "spa" {
  bucket = aws_s3_bucket.spa.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "CloudFrontReadsThroughOAC"
      Effect    = "Allow"
      Principal = { Service = "cloudfront.amazonaws.com" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.spa.arn}/*"
      Condition = { StringEquals = { "AWS:SourceArn" = aws_cloudfront_distribution.web.arn } }
    }]
  })
}

resource "aws_cloudfront_origin_access_control" "spa" {
  name                              = "${local.name}-spa"
  description                       = "CloudFront signs its reads of the MDT web UI bucket"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

# Client-side routes (/datasets/…) exist only in the SPA: answer them with index.html and 200.
# The web UI's routes carry dots (/dataset/<URN of hive db.table>, /browse/…/PageViewEvent.v1), so
# "no dot in the last segment" is no test of a file: every path the default behaviour serves is
# rewritten to /index.html except the files Vite copies from frontend/public to the bucket's root.
# (/assets/* and /static/* have behaviours of their own.) tests/serverless/test_cloudfront.py runs
# both functions in node.
locals {
  spa_root_files = concat(["/index.html"], [for file in fileset("${path.module}/../frontend/public", "**") : "/${file}"])
}

resource "aws_cloudfront_function" "spa_fallback" {
  name    = "${local.name}-spa-fallback"
  runtime = "cloudfront-js-2.0"
  comment = "Rewrite every path but the bucket's root files to /index.html"
  publish = true
  code    = <<-JS
    var FILES = ${jsonencode(local.spa_root_files)};
    function handler(event) {
      var request = event.request;
      if (FILES.indexOf(request.uri) === -1) {
        request.uri = "/index.html";
      }
      return request;
    }
  JS
}

# API Gateway sees its own host (the origin request policy forwards every viewer header but Host),
# and Zappa then puts the stage in SCRIPT_NAME: redirects went to /prod/admin/… and pagination
# links to the execute-api host. The viewer's host travels in X-Mdt-Public-Host (set here, so a
# viewer cannot choose it) and metadata_discovery/edge.py serves the request as on that host, at
# its root. Django still checks it against ALLOWED_HOSTS.
resource "aws_cloudfront_function" "api_public_host" {
  name    = "${local.name}-api-public-host"
  runtime = "cloudfront-js-2.0"
  comment = "Tell the API the viewer's host"
  publish = true
  code    = <<-JS
    function handler(event) {
      var request = event.request;
      request.headers["x-mdt-public-host"] = { value: request.headers.host.value };
      return request;
    }
  JS
}

resource "aws_cloudfront_cache_policy" "assets" {
  name        = "${local.name}-hashed-assets"
  comment     = "Vite's content-hashed files never change: cache for a year"
  default_ttl = 31536000
  max_ttl     = 31536000
  min_ttl     = 31536000

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_brotli = true
    enable_accept_encoding_gzip   = true
    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

# The SPA's Content-Security-Policy: the same string Django sends on HTML (MDT_CSP_HTML in
# metadata_discovery/settings/base.py; tests/serverless/test_terraform.py checks they match).
# override = false: /api/* and /admin/* keep the policy Django sets (strict on JSON, the same on
# Swagger UI, ReDoc and the admin), and S3's files, which carry none, get this one.
locals {
  spa_content_security_policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
}

resource "aws_cloudfront_response_headers_policy" "security" {
  name = "${local.name}-security-headers"

  security_headers_config {
    content_security_policy {
      content_security_policy = local.spa_content_security_policy
      override                = false
    }
    content_type_options {
      override = true
    }
    frame_options {
      frame_option = "DENY"
      override     = true
    }
    referrer_policy {
      referrer_policy = "same-origin"
      override        = true
    }
    strict_transport_security {
      access_control_max_age_sec = 31536000
      include_subdomains         = true
      preload                    = true
      override                   = true
    }
  }
}

data "aws_cloudfront_cache_policy" "caching_disabled" {
  name = "Managed-CachingDisabled"
}

data "aws_cloudfront_cache_policy" "caching_optimized" {
  name = "Managed-CachingOptimized"
}

data "aws_cloudfront_origin_request_policy" "all_viewer_except_host" {
  name = "Managed-AllViewerExceptHostHeader"
}

locals {
  api_paths = var.api_origin_domain == "" ? [] : ["/api/*", "/admin/*", "/healthz"]
}

resource "aws_cloudfront_distribution" "web" {
  #checkov:skip=CKV_AWS_68:WAF costs $5/month plus $1 per rule, more than the whole default stack; the API authenticates every call with JWT and API Gateway throttles.
  #checkov:skip=CKV2_AWS_47:No WAF is attached (see CKV_AWS_68), so there is no Log4j rule to add; MDT runs no Java.
  #checkov:skip=CKV_AWS_86:Standard logs need a log bucket with ACLs enabled; enable when traffic justifies it (docs/deploy.md).
  #checkov:skip=CKV_AWS_310:One S3 origin in one region; an origin group would need a replicated bucket (see CKV_AWS_144).
  #checkov:skip=CKV_AWS_374:A data catalog for an organisation's own users has no reason to block countries by default.
  #checkov:skip=CKV_AWS_174:With the default *.cloudfront.net certificate CloudFront fixes the TLS policy; with domain_name set, TLSv1.2_2021 is used.
  #checkov:skip=CKV2_AWS_42:The default certificate serves until a domain_name with its ACM certificate is given.
  enabled             = true
  is_ipv6_enabled     = true
  comment             = "MDT web UI and API (${var.stage})"
  default_root_object = "index.html"
  price_class         = "PriceClass_100"
  aliases             = var.domain_name == "" ? [] : [var.domain_name]

  origin {
    origin_id                = "spa"
    domain_name              = aws_s3_bucket.spa.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.spa.id
  }

  dynamic "origin" {
    for_each = var.api_origin_domain == "" ? [] : [var.api_origin_domain]
    content {
      origin_id   = "api"
      domain_name = origin.value
      origin_path = "/${var.stage}"
      custom_origin_config {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }
    }
  }

  default_cache_behavior {
    target_origin_id           = "spa"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.caching_optimized.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.spa_fallback.arn
    }
  }

  ordered_cache_behavior {
    path_pattern               = "/assets/*"
    target_origin_id           = "spa"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = aws_cloudfront_cache_policy.assets.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
  }

  ordered_cache_behavior {
    path_pattern               = "/static/*"
    target_origin_id           = "spa"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.caching_optimized.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
  }

  dynamic "ordered_cache_behavior" {
    for_each = local.api_paths
    content {
      path_pattern               = ordered_cache_behavior.value
      target_origin_id           = "api"
      viewer_protocol_policy     = "https-only"
      allowed_methods            = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
      cached_methods             = ["GET", "HEAD"]
      compress                   = true
      cache_policy_id            = data.aws_cloudfront_cache_policy.caching_disabled.id
      origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.all_viewer_except_host.id
      response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id

      function_association {
        event_type   = "viewer-request"
        function_arn = aws_cloudfront_function.api_public_host.arn
      }
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = var.domain_name == ""
    acm_certificate_arn            = var.domain_name == "" ? null : var.acm_certificate_arn
    ssl_support_method             = var.domain_name == "" ? null : "sni-only"
    minimum_protocol_version       = var.domain_name == "" ? "TLSv1" : "TLSv1.2_2021"
  }
}
