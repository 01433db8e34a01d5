"""Throttle the stage's API: a Zappa ``post`` callback, run after each deploy and update.

Zappa creates API Gateway's stage without throttling, so the only limit was the account's
(10,000 requests/s): a burst reached Lambda, whose reserved concurrency then refused it with
errors that API Gateway answers as 5xx. The stage's default route settings instead answer the
excess with 429 before the function is invoked. The figures are ``api_throttling`` in
zappa_settings.json (sized in docs/deploy.md, "Throttling"): a burst no larger than the
function's reserved concurrency, and a steady rate that concurrency serves at the typical
request duration.

Zappa loads this file on its own (not as part of the package): it uses the standard library and
the AWS clients of the Zappa object it is given.
"""

V1_PATHS = {"rate_limit": "/*/*/throttling/rateLimit", "burst_limit": "/*/*/throttling/burstLimit"}


def apply(zappa_cli) -> dict:
    """Set the stage's throttling from the stage settings; return what was set."""
    limits = zappa_cli.stage_config.get("api_throttling")
    if not limits or not zappa_cli.stage_config.get("apigateway_enabled", True):
        print("No API throttling: the stage has no api_throttling or no API.")
        return {}
    rate, burst = float(limits["rate_limit"]), int(limits["burst_limit"])
    version = zappa_cli.stage_config.get("apigateway_version", "v1")
    zappa = zappa_cli.zappa
    api_id = zappa.get_api_id(zappa_cli.lambda_name, apigateway_version=version)
    if api_id is None:
        raise RuntimeError(f"No API found for {zappa_cli.lambda_name}: cannot throttle it")
    if version == "v1":
        zappa.apigateway_client.update_stage(
            restApiId=api_id,
            stageName=zappa_cli.api_stage,
            patchOperations=[
                {"op": "replace", "path": V1_PATHS["rate_limit"], "value": str(rate)},
                {"op": "replace", "path": V1_PATHS["burst_limit"], "value": str(burst)},
            ],
        )
    else:
        zappa.boto_client("apigatewayv2").update_stage(
            ApiId=api_id,
            StageName=zappa_cli.api_stage,
            DefaultRouteSettings={"ThrottlingRateLimit": rate, "ThrottlingBurstLimit": burst},
        )
    print(f"API {api_id} throttled to {rate:g} requests/s, bursts of {burst}.")
    return {"api_id": api_id, "rate_limit": rate, "burst_limit": burst}
