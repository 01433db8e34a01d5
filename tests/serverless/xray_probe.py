"""Run in a subprocess by test_xray.py: production settings with X-Ray on, requests through
Zappa's handler. Kept out of the pytest process because X-Ray patches Django's cursors for good."""

import json
import sys

import django
from django.core.management import call_command


def main() -> int:
    django.setup()
    call_command("migrate", verbosity=0)  # outside any request: X-Ray must stay silent here

    from django.contrib.auth import get_user_model  # pylint: disable=import-outside-toplevel
    from zappa.handler import lambda_handler  # pylint: disable=import-outside-toplevel

    from tests.serverless.events import http_v2  # pylint: disable=import-outside-toplevel

    get_user_model().objects.create_user(username="xray", password="xray-pass-123")
    trace = {"X-Amzn-Trace-Id": sys.argv[1]}
    token = lambda_handler(
        http_v2(
            "POST",
            "/api/v1/auth/token/",
            headers={"Content-Type": "application/json", **trace},
            body={"username": "xray", "password": "xray-pass-123"},
        ),
        None,
    )
    access = json.loads(token["body"])["access"]
    platforms = lambda_handler(
        http_v2(
            "GET", "/api/v1/platforms/", headers={"Authorization": f"Bearer {access}", **trace}
        ),
        None,
    )
    print(json.dumps({"token": token["statusCode"], "platforms": platforms["statusCode"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
