"""The cost model reproduces the seed's comparison and keeps the default stack cheap."""

import pytest

from bench.cost import Traffic, ec2_cost, lambda_cost, main, monthly_bill


def test_seed_comparison_lambda_is_21_03_and_two_t3_small_about_39():
    assert lambda_cost(Traffic(1e6, 5.0, 256)) == pytest.approx(21.03, abs=0.005)
    assert round(ec2_cost(2)) == 39


def test_default_terraform_at_100_users_a_day_costs_at_most_25_dollars():
    bill = monthly_bill(users_per_day=100)
    assert sum(bill.values()) <= 25
    assert not any("OpenSearch" in item for item in bill)


def test_opensearch_and_traffic_raise_the_bill():
    base = sum(monthly_bill().values())
    assert sum(monthly_bill(opensearch=True).values()) > base + 25
    assert sum(monthly_bill(users_per_day=10_000).values()) > base


def test_cost_script_prints_the_seed_figures(capsys):
    assert main(["--seed-comparison"]) == 0
    out = capsys.readouterr().out
    assert "$   21.03" in out and "(~$39)" in out


def test_the_bill_counts_the_secrets_terraform_declares():
    # pylint: disable=import-outside-toplevel
    from bench.cost import SECRETS
    from tests.serverless.test_terraform import _blocks

    declared = [kind for kind, _ in _blocks("resource") if kind == "aws_secretsmanager_secret"]
    assert SECRETS == len(declared) == 3


def test_the_bill_counts_the_alarms_terraform_declares():
    # pylint: disable=import-outside-toplevel
    from bench.cost import ALARMS
    from tests.serverless.test_terraform import _blocks

    declared = [kind for kind, _ in _blocks("resource") if kind == "aws_cloudwatch_metric_alarm"]
    assert ALARMS == len(declared)


def test_the_bill_prices_the_api_type_and_architecture_zappa_deploys():
    # pylint: disable=import-outside-toplevel
    import json

    from tests.serverless.conftest import ROOT

    base = json.loads((ROOT / "zappa_settings.json").read_text(encoding="utf-8"))["base"]
    bill = monthly_bill()
    api = "API Gateway HTTP API" if base.get("apigateway_version") == "v2" else "REST API"
    assert any(api in item for item in bill)
    assert any(base["architecture"] in item for item in bill)
    rest, http = (sum(monthly_bill(api=kind).values()) for kind in ("v1", "v2"))
    assert http < rest
    x86, arm = (sum(monthly_bill(architecture=kind).values()) for kind in ("x86_64", "arm64"))
    assert arm < x86


def test_xray_traces_follow_the_default_sampling_rule():
    # pylint: disable=import-outside-toplevel
    from bench.cost import BUSY_SECONDS, xray_traces

    assert xray_traces(100_000) == 100_000  # under one a second: every request is traced
    many = 12_160_000  # 10,000 users a day
    assert xray_traces(many) == pytest.approx(BUSY_SECONDS + 0.05 * (many - BUSY_SECONDS))
