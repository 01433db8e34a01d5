"""Lambda events shaped as API Gateway and EventBridge send them (trimmed to what Zappa reads)."""

import json
from urllib.parse import quote, urlencode

from tests.serverless.conftest import API_HOST, STAGE


def rest_v1(method: str, path: str, *, headers=None, body=None, query=None) -> dict:
    """API Gateway REST API (payload 1.0) proxy event. `path` is sent as API Gateway sends it."""
    all_headers = {
        "Host": API_HOST,
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "203.0.113.7",
        "Accept": "application/json",
        **(headers or {}),
    }
    return {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": method,
        "headers": all_headers,
        "multiValueHeaders": {key: [value] for key, value in all_headers.items()},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": (
            {key: [value] for key, value in query.items()} if query else None
        ),
        "pathParameters": {"proxy": path.lstrip("/")},
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/{proxy+}",
            "httpMethod": method,
            "path": f"/{STAGE}{path}",
            "stage": STAGE,
            "identity": {"sourceIp": "203.0.113.7"},
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        },
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }


def http_v2(method: str, path: str, *, headers=None, body=None, query=None) -> dict:
    """API Gateway HTTP API (payload 2.0) event, as the deployed API (zappa_settings.json's
    apigateway_version "v2") sends it: the stage is named, so rawPath starts with it; header
    names arrive in lower case; `query` is a dict or a raw query string."""
    if isinstance(query, dict):
        query = urlencode(query)
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": f"/{STAGE}{path}",
        "rawQueryString": query or "",
        "headers": {
            "host": API_HOST,
            "x-forwarded-proto": "https",
            "x-forwarded-for": "203.0.113.7",
            "accept": "application/json",
            **{name.lower(): value for name, value in (headers or {}).items()},
        },
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "domainName": API_HOST,
            "http": {
                "method": method,
                "path": f"/{STAGE}{path}",
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.7",
                "userAgent": "pytest",
            },
            "requestId": "JKJaXmPLvHcESHA=",
            "routeKey": "$default",
            "stage": STAGE,
            "timeEpoch": 1764160000000,
        },
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }


def scheduled(rule_name: str, **kwargs) -> dict:
    """EventBridge scheduled event as Zappa's InputTransformer delivers it (kwargs included)."""
    return {
        "version": "0",
        "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": "2026-11-26T03:17:00Z",
        "region": "us-east-1",
        "resources": [f"arn:aws:events:us-east-1:123456789012:rule/{rule_name}"],
        "detail": {},
        "kwargs": kwargs,
    }


class FakeLambdaContext:
    """Lambda's context, with ``remaining_ms`` of the invocation's budget left."""

    def __init__(self, remaining_ms: int) -> None:
        self.remaining_ms = remaining_ms
        self.function_name = "mdt-dev"

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


def encoded(urn: str) -> str:
    return quote(urn, safe="")
