"""CloudFront in front of MDT: its viewer-request functions, run in node as terraform declares
them, and a request as CloudFront forwards it to API Gateway, through Zappa's handler.

Two faults a real distribution showed (issue 17): the SPA fallback rewrote only paths whose last
segment had no dot, so a dataset page (`/dataset/<URN of hive db.table>`) went to S3 and got a
403; and through CloudFront Django believed it lived under the API stage, so `/admin/` redirected
to `/prod/admin/login/` and pagination linked to the execute-api host.
"""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import json
import shutil
import re
import subprocess
import textwrap
from urllib.parse import quote

import pytest

from accounts.models import Role
from accounts.tests.factories import UserFactory
from catalog.tests.factories import make_dataset, make_urn
from tests.serverless.conftest import API_HOST, ROOT
from tests.serverless.events import http_v2
from tests.serverless.test_lambda_handler import _token
from tests.serverless.test_terraform import _blocks

PUBLIC = "mdt.example.com"
HIVE = make_urn("db.table")


def _function_code(name: str) -> str:
    """A CloudFront function's code as terraform uploads it: the one template it holds filled
    in, the bucket's root files as ``local.spa_root_files`` lists them."""
    raw = _blocks("resource")[("aws_cloudfront_function", name)]["code"]
    heredoc = re.fullmatch(r'"?<<-(\w+)\n(.*)\n\s*\1"?', raw, re.S)
    code = textwrap.dedent(heredoc.group(2))
    public = sorted(
        "/" + str(path.relative_to(ROOT / "frontend" / "public"))
        for path in (ROOT / "frontend" / "public").rglob("*")
        if path.is_file()
    )
    return code.replace("${jsonencode(local.spa_root_files)}", json.dumps(["/index.html", *public]))


def _run(name: str, requests: list[dict]) -> list[dict]:
    """Each request through the function ``name`` in node, as CloudFront's runtime calls it."""
    script = (
        _function_code(name)
        + "\nconst out = JSON.parse(process.argv[1]).map((r) => handler({request: r}));"
        + "\nconsole.log(JSON.stringify(out));"
    )
    result = subprocess.run(
        ["node", "-e", script, json.dumps(requests)],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return json.loads(result.stdout)


needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node runs the web UI's tests")


def test_the_root_files_list_is_the_one_vite_copies():
    text = (ROOT / "terraform" / "frontend.tf").read_text(encoding="utf-8")
    assert 'fileset("${path.module}/../frontend/public", "**")' in text
    assert (
        "${jsonencode(local.spa_root_files)}"
        in _blocks("resource")[("aws_cloudfront_function", "spa_fallback")]["code"]
    )


@needs_node
@pytest.mark.parametrize(
    "uri",
    [
        "/",
        "/search",
        f"/dataset/{HIVE}",  # the last segment has a dot: db.table,PROD)
        f"/dataset/{quote(HIVE, safe='')}",
        f"/dataset/{quote(make_urn('/data/events.v1', platform='hdfs'), safe='')}",  # %2F
        "/browse/prod/kafka/PageViewEvent.v1",
        "/dataset/a%09b.c",  # a tab, encoded
        "/login",
        "/favicon.svg/extra",
        "/index.htm",
    ],
)
def test_every_route_of_the_web_ui_gets_index_html(uri):
    assert _run("spa_fallback", [{"uri": uri}])[0]["uri"] == "/index.html"


@needs_node
@pytest.mark.parametrize("uri", ["/index.html", "/favicon.svg"])
def test_the_buckets_root_files_are_served_as_they_are(uri):
    assert _run("spa_fallback", [{"uri": uri}])[0]["uri"] == uri


@needs_node
def test_the_api_function_sends_the_viewers_host_and_no_one_elses():
    forged = {"host": {"value": PUBLIC}, "x-mdt-public-host": {"value": "evil.example"}}
    (request,) = _run("api_public_host", [{"uri": "/api/v1/", "headers": forged}])
    assert request["headers"]["x-mdt-public-host"] == {"value": PUBLIC}


# --- a request as CloudFront forwards it: API Gateway's Host, the viewer's in the header --------

needs_db = pytest.mark.django_db


def _via_cloudfront(lambda_handler, path, *, token=None, query=None, public=True):
    headers = {"X-Mdt-Public-Host": PUBLIC} if public else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    event = http_v2("GET", path, headers=headers, query=query)
    assert event["headers"]["host"] == API_HOST
    return lambda_handler(event, None)


@needs_db
def test_admin_redirects_stay_at_the_sites_root(lambda_handler):
    response = _via_cloudfront(lambda_handler, "/admin/")
    assert response["statusCode"] == 302
    assert response["headers"]["Location"].startswith("/admin/login/")


@needs_db
def test_a_missing_slash_redirects_at_the_sites_root(lambda_handler):
    response = _via_cloudfront(lambda_handler, "/api/v1/datasets")
    assert response["statusCode"] == 301
    assert response["headers"]["Location"] in {
        "/api/v1/datasets/",
        f"https://{PUBLIC}/api/v1/datasets/",
    }


@needs_db
def test_pagination_links_point_at_the_public_host(lambda_handler):
    UserFactory(username="viewer", role=Role.READER)
    for name in ("a.one", "a.two"):
        make_dataset(name)
    response = _via_cloudfront(
        lambda_handler,
        "/api/v1/datasets/",
        token=_token(lambda_handler, "viewer"),
        query={"limit": "1"},
    )
    assert response["statusCode"] == 200, response["body"]
    assert json.loads(response["body"])["next"] == (
        f"https://{PUBLIC}/api/v1/datasets/?limit=1&offset=1"
    )


@needs_db
def test_a_direct_call_to_api_gateway_keeps_the_stage(lambda_handler):
    """API Gateway's own URL has the stage in its path, so its links must too."""
    response = _via_cloudfront(lambda_handler, "/admin/", public=False)
    assert response["headers"]["Location"].startswith("/dev/admin/login/")


@needs_db
def test_a_host_not_allowed_is_refused_not_trusted(lambda_handler):
    event = http_v2("GET", "/healthz", headers={"X-Mdt-Public-Host": "evil.example"})
    assert lambda_handler(event, None)["statusCode"] == 400
