"""MDT's monthly AWS bill from traffic, catalog size and options, at on-demand list prices.

    .venv/bin/python bench/cost.py                          # default terraform, 100 users/day
    .venv/bin/python bench/cost.py --users-per-day 2000 --opensearch
    .venv/bin/python bench/cost.py --seed-comparison        # 1M x 5 s x 256 MB vs two t3.small

Prices are AWS on-demand list prices as published in 2025 (PRICES_DATE), no free tier,
no savings plans; docs/cost.md explains each line. A month is 730 hours / 30.4 days.
"""

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

PRICES_DATE = "2025 (AWS pricing pages; not re-checkable offline, see docs/cost.md)"
HOURS = 730
DAYS = 30.4

# us-east-1 unless marked; Lambda's price is the same in eu-west-1.
PRICE = {
    "lambda_gb_second": {"x86_64": 0.0000166667, "arm64": 0.0000133334},
    "lambda_request": 0.20 / 1e6,
    "apigw_request": {"v1": 3.50 / 1e6, "v2": 1.00 / 1e6},  # REST API, HTTP API (first 300M)
    "alarm_month": 0.10,  # standard resolution, per metric alarmed
    "rds_hour": {"db.t4g.micro": 0.016, "db.t4g.small": 0.032, "db.t4g.medium": 0.065},
    "rds_gp3_gb_month": 0.115,
    "secret_month": 0.40,
    "secret_10k_calls": 0.05,
    "interface_endpoint_hour": 0.01,
    "endpoint_gb": 0.01,
    "cloudfront_gb": 0.085,
    "cloudfront_10k_requests": 0.0100,
    "s3_gb_month": 0.023,
    "logs_ingest_gb": 0.50,
    "xray_trace": 5.00 / 1e6,
    "opensearch_hour": {"t3.small.search": 0.036, "t3.medium.search": 0.073},
    "opensearch_gp3_gb_month": 0.122,
    # The seed's comparison was priced in eu-west-1 (Ireland).
    "ec2_hour_eu_west_1": {"t3.small": 0.0228},
    "ebs_gp3_gb_month_eu_west_1": 0.088,
}


# terraform/secrets.tf: the database's, Django's key and the warehouse crawl's credentials;
# terraform/alarms.tf's alarms (tests/serverless/test_cost.py counts both there).
SECRETS = 3
ALARMS = 7
API_NAMES = {"v1": "API Gateway REST API", "v2": "API Gateway HTTP API"}


def _base_stage() -> dict:
    """The API type and architecture the deploy uses: zappa_settings.json's base stage."""
    path = Path(__file__).resolve().parent.parent / "zappa_settings.json"
    return json.loads(path.read_text(encoding="utf-8"))["base"]


_BASE_STAGE = _base_stage()
DEPLOYED_API = _BASE_STAGE.get("apigateway_version", "v1")
DEPLOYED_ARCHITECTURE = _BASE_STAGE.get("architecture", "x86_64")
# Lambda's active tracing samples by X-Ray's default rule: the first request each second, then
# 5% of the rest. Requests are taken to fall in 8 busy hours a day.
XRAY_RESERVOIR_PER_SECOND = 1
XRAY_RATE = 0.05
BUSY_SECONDS = 8 * 3600 * DAYS


def xray_traces(requests: float) -> float:
    """Traces recorded in a month of ``requests`` under the default sampling rule."""
    reservoir = min(requests, XRAY_RESERVOIR_PER_SECOND * BUSY_SECONDS)
    return reservoir + XRAY_RATE * (requests - reservoir)


@dataclass(frozen=True)
class Traffic:
    requests: float  # API requests per month
    duration_s: float  # average billed duration per request
    memory_mb: int
    architecture: str = "x86_64"


def lambda_cost(traffic: Traffic) -> float:
    gb_seconds = traffic.requests * traffic.duration_s * traffic.memory_mb / 1024
    return (
        gb_seconds * PRICE["lambda_gb_second"][traffic.architecture]
        + traffic.requests * PRICE["lambda_request"]
    )


def ec2_cost(instances: int, instance_type: str = "t3.small", ebs_gb: int = 30) -> float:
    hourly = PRICE["ec2_hour_eu_west_1"][instance_type]
    return instances * (hourly * HOURS + ebs_gb * PRICE["ebs_gp3_gb_month_eu_west_1"])


def monthly_bill(
    *,
    users_per_day: float = 100,
    requests_per_user: float = 40,
    duration_s: float = 0.15,
    memory_mb: int = 512,
    datasets: int = 10_000,
    db_instance: str = "db.t4g.micro",
    db_storage_gb: int = 20,
    endpoints: int = 1,
    opensearch: bool = False,
    opensearch_instance: str = "t3.small.search",
    keep_warm_per_hour: int = 12,
    api: str = DEPLOYED_API,
    architecture: str = DEPLOYED_ARCHITECTURE,
) -> dict[str, float]:
    """Line items in USD per month for the stack terraform/ and zappa_settings.json describe."""
    requests = users_per_day * requests_per_user * DAYS
    warm = keep_warm_per_hour * HOURS
    # ~20 KB per dataset (schema, docs, history, search row) in PostgreSQL; storage has a floor.
    storage_gb = max(db_storage_gb, datasets * 20e3 / 1e9 * 2)
    web_gb = users_per_day * DAYS * 2.0 / 1024  # ~2 MB of SPA and API payload per user-day
    bill = {
        f"Lambda {architecture} (requests + keep-warm)": lambda_cost(
            Traffic(requests, duration_s, memory_mb, architecture)
        )
        + lambda_cost(Traffic(warm, 0.01, memory_mb, architecture)),
        API_NAMES[api]: requests * PRICE["apigw_request"][api],
        f"RDS {db_instance}": PRICE["rds_hour"][db_instance] * HOURS,
        f"RDS storage {storage_gb:.0f} GB gp3": storage_gb * PRICE["rds_gp3_gb_month"],
        f"Secrets Manager ({SECRETS} secrets)": SECRETS * PRICE["secret_month"]
        + (requests / 200) / 1e4 * PRICE["secret_10k_calls"],
        f"VPC interface endpoint x{endpoints}": endpoints
        * PRICE["interface_endpoint_hour"]
        * HOURS,
        "CloudFront": web_gb * PRICE["cloudfront_gb"]
        + users_per_day * DAYS * 30 / 1e4 * PRICE["cloudfront_10k_requests"],
        "S3 (web UI, packages)": 1 * PRICE["s3_gb_month"],
        "CloudWatch Logs": max(0.1, requests * 400 / 1e9) * PRICE["logs_ingest_gb"],
        "X-Ray (sampled)": xray_traces(requests) * PRICE["xray_trace"],
        # SNS: the first 1,000 e-mails a month are free, and alarms mail a handful.
        f"CloudWatch alarms ({ALARMS})": ALARMS * PRICE["alarm_month"],
    }
    if opensearch:
        bill[f"OpenSearch {opensearch_instance}"] = (
            PRICE["opensearch_hour"][opensearch_instance] * HOURS
            + max(10, datasets * 10e3 / 1e9 * 3) * PRICE["opensearch_gp3_gb_month"]
        )
    return bill


def _print_bill(bill: dict[str, float]) -> float:
    total = sum(bill.values())
    for item, cost in bill.items():
        print(f"  {item:40} ${cost:8.2f}")
    print(f"  {'total per month':40} ${total:8.2f}")
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users-per-day", type=float, default=100)
    parser.add_argument("--requests-per-user", type=float, default=40)
    parser.add_argument("--duration-ms", type=float, default=150)
    parser.add_argument("--memory-mb", type=int, default=512)
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--db-instance", default="db.t4g.micro", choices=sorted(PRICE["rds_hour"]))
    parser.add_argument("--opensearch", action="store_true")
    parser.add_argument("--api", choices=sorted(API_NAMES), default=DEPLOYED_API)
    parser.add_argument(
        "--architecture", choices=sorted(PRICE["lambda_gb_second"]), default=DEPLOYED_ARCHITECTURE
    )
    parser.add_argument("--seed-comparison", action="store_true")
    args = parser.parse_args(argv)
    print(f"AWS on-demand list prices of {PRICES_DATE}; no free tier")
    if args.seed_comparison:
        lam = lambda_cost(Traffic(1e6, 5.0, 256))
        ec2 = ec2_cost(2)
        print(f"  Lambda, 1M requests x 5 s x 256 MB      ${lam:8.2f}")
        print(f"  two t3.small + 30 GB gp3 (eu-west-1)    ${ec2:8.2f}  (~${ec2:.0f})")
        return 0
    _print_bill(
        monthly_bill(
            users_per_day=args.users_per_day,
            requests_per_user=args.requests_per_user,
            duration_s=args.duration_ms / 1000,
            memory_mb=args.memory_mb,
            datasets=args.datasets,
            db_instance=args.db_instance,
            opensearch=args.opensearch,
            api=args.api,
            architecture=args.architecture,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
