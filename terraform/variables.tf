variable "project" {
  description = "Prefix of every resource name; zappa_settings.json's project_name."
  type        = string
  default     = "mdt"
}

variable "stage" {
  description = "Zappa stage this stack serves (dev or prod)."
  type        = string
  default     = "prod"

  validation {
    condition     = contains(["dev", "prod"], var.stage)
    error_message = "stage must be dev or prod (the stages of zappa_settings.json)."
  }
}

variable "region" {
  description = "AWS region of the stack and of the Lambda."
  type        = string
  default     = "us-east-1"
}

variable "vpc_cidr" {
  description = "CIDR of the VPC; two private subnets are carved from it."
  type        = string
  default     = "10.40.0.0/16"
}

variable "db_instance_class" {
  description = "RDS instance class. db.t4g.micro is enough for a catalog of ~100k datasets."
  type        = string
  default     = "db.t4g.micro"
}

variable "db_allocated_storage" {
  description = "RDS storage in GB (gp3)."
  type        = number
  default     = 20
}

variable "db_backup_retention_days" {
  description = "Days of automated RDS backups."
  type        = number
  default     = 7
}

variable "enable_opensearch" {
  description = "Create an OpenSearch domain for search. Off: MDT searches in PostgreSQL."
  type        = bool
  default     = false
}

variable "opensearch_instance_type" {
  description = "OpenSearch data node type when enable_opensearch is true."
  type        = string
  default     = "t3.small.search"
}

variable "domain_name" {
  description = "Custom domain of the web UI and API (empty: the CloudFront domain only)."
  type        = string
  default     = ""
}

variable "acm_certificate_arn" {
  description = "ACM certificate (us-east-1) for domain_name; required when domain_name is set."
  type        = string
  default     = ""
}

variable "api_origin_domain" {
  description = "Host of the API Gateway Zappa created (<id>.execute-api.<region>.amazonaws.com), known after the first `zappa deploy`; empty until then."
  type        = string
  default     = ""
}

variable "deployer_principal_arns" {
  description = "IAM principals (CodeBuild role, operators) allowed to assume the deploying role."
  type        = list(string)
  default     = []
}

variable "endpoint_subnet_count" {
  description = "Subnets that get the Secrets Manager endpoint (1 or 2; each costs $7.30/month)."
  type        = number
  default     = 1
}

variable "warehouse_cidr" {
  description = "Network of the warehouse that scheduled ingestion crawls (recipes/warehouse.yml): the Lambda's egress and MDT_INGEST_ALLOWED_NETWORKS. The default is the third /20 of the default vpc_cidr, next to MDT's two private subnets; set it to the warehouse's own subnet (a peered network needs routes too)."
  type        = string
  default     = "10.40.32.0/20"

  validation {
    # IPv4 only (the VPC has no IPv6), and no host bits: 10.40.33.0/16 would open the whole /16.
    condition     = try(cidrnetmask(var.warehouse_cidr) != "" && cidrhost(var.warehouse_cidr, 0) == split("/", var.warehouse_cidr)[0], false)
    error_message = "warehouse_cidr must be an IPv4 CIDR block without host bits, such as 10.40.32.0/20."
  }
}

variable "warehouse_port" {
  description = "TCP port of the warehouse (PostgreSQL: 5432)."
  type        = number
  default     = 5432

  validation {
    condition     = var.warehouse_port >= 1 && var.warehouse_port <= 65535
    error_message = "warehouse_port must be a TCP port (1-65535)."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch Logs keeps the function's, the database's, the VPC flow and OpenSearch logs (without it the function's and the database's groups never expire)."
  type        = number
  default     = 30
}

variable "secrets_extension_account" {
  description = "The AWS account that publishes the Parameters and Secrets Lambda Extension layer in this region (zappa_settings.json's layers; us-east-1: 177933569100)."
  type        = string
  default     = "177933569100"
}

variable "source_repository" {
  description = "HTTPS clone URL of MDT's repository, which the CodeBuild project builds and deploys from (buildspec.yml). Empty: no project (deploy by hand, README)."
  type        = string
  default     = ""
}

variable "alarm_email" {
  description = "Where the CloudWatch alarms (alarms.tf) are mailed; AWS sends a confirmation first. Empty: the topic has no subscriber (subscribe by hand)."
  type        = string
  default     = ""
}

variable "alarm_5xx_percent" {
  description = "The share of API requests answered 5xx, in percent, above which the API alarm fires."
  type        = number
  default     = 5
}

variable "function_timeout_seconds" {
  description = "The function's timeout: zappa_settings.json's timeout_seconds (a test keeps the two equal). The duration alarm fires at 80% of it."
  type        = number
  default     = 30
}
