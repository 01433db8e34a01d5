"""MDT served through Zappa's real lambda_handler, in-process, with the events AWS sends."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from zappa.core import Zappa

from accounts.tests.factories import PASSWORD, UserFactory
from catalog.tests.factories import make_dataset, make_urn
from metadata_discovery.jobs import JobNotAllowed
from tests.serverless.conftest import API_HOST, ROOT
from tests.serverless.events import encoded, http_v2, rest_v1, scheduled

pytestmark = pytest.mark.django_db

LAMBDA_NAME = "mdt-dev"


def _rule_name_for(event: dict, lambda_name: str) -> str:
    """The EventBridge rule name Zappa creates for an `events` entry (the handler parses it)."""
    zappa = Zappa(load_credentials=False, aws_region="us-east-1")
    return zappa.get_scheduled_event_name(event, event["function"], lambda_name)


def _rule_name(event: dict) -> str:
    return _rule_name_for(event, LAMBDA_NAME)


def _token(lambda_handler, username: str) -> str:
    response = lambda_handler(
        http_v2(
            "POST",
            "/api/v1/auth/token/",
            headers={"Content-Type": "application/json"},
            body={"username": username, "password": PASSWORD},
        ),
        None,
    )
    assert response["statusCode"] == 200, response.get("body")
    return json.loads(response["body"])["access"]


def test_the_deployed_api_type_is_the_http_api():
    """Everything below sends payload 2.0 events, which the HTTP API (v2) sends."""
    stage = json.loads((ROOT / "zappa_settings.json").read_text(encoding="utf-8"))["base"]
    assert stage["apigateway_version"] == "v2"
    assert stage["context_header_mappings"] == {"X-Mdt-Source-Ip": "http.sourceIp"}


def test_rest_api_v1_event_is_still_served_by_mdt(lambda_handler):
    """A REST API (v1) stage, should one be deployed, is served the same."""
    response = lambda_handler(rest_v1("GET", "/healthz"), None)
    assert response["statusCode"] == 200
    body = json.loads(response["body"])
    assert (body["status"], body["database"], body["search"]) == ("ok", "ok", "ok")
    assert response["headers"]["Content-Type"] == "application/json"


def test_http_api_event_without_token_gets_mdt_error_shape(lambda_handler):
    response = lambda_handler(http_v2("GET", "/api/v1/datasets/"), None)
    assert response["statusCode"] == 401
    assert json.loads(response["body"])["error"]["code"] == "not_authenticated"


def test_http_api_v2_event_strips_the_stage_and_passes_the_query(lambda_handler):
    make_dataset("v2.orders", platform="hive")
    make_dataset("v2.clicks", platform="kafka")
    token = _token(lambda_handler, UserFactory(username="v2reader").username)
    response = lambda_handler(
        http_v2(
            "GET",
            "/api/v1/datasets/",
            headers={"authorization": f"Bearer {token}"},
            query="platform=kafka&limit=5",
        ),
        None,
    )
    assert response["statusCode"] == 200, response["body"]
    body = json.loads(response["body"])
    assert [item["urn"] for item in body["results"]] == [make_urn("v2.clicks", "kafka")]
    assert "/dev/api/v1/datasets/" not in (body["next"] or "")


def test_keep_warm_scheduled_event_returns_without_serving_a_request(lambda_handler):
    keep_warm = {"name": "zappa-keep-warm", "function": "handler.keep_warm_callback"}
    assert lambda_handler(scheduled(_rule_name(keep_warm)), None) is None


def test_hdfs_urn_with_percent_encoded_slashes_reaches_the_dataset(lambda_handler):
    dataset = make_dataset("/data/tracking/PageViewEvent", platform="hdfs")
    token = _token(lambda_handler, UserFactory(username="hdfsreader").username)
    path = f"/api/v1/datasets/{encoded(dataset.urn)}/"
    assert "%2F" in path
    auth = {"Authorization": f"Bearer {token}"}

    v1 = lambda_handler(rest_v1("GET", path, headers=auth), None)
    v2 = lambda_handler(http_v2("GET", path, headers=auth), None)
    lineage = lambda_handler(http_v2("GET", path + "lineage/", headers=auth), None)

    for response in (v1, v2, lineage):
        assert response["statusCode"] == 200, response["body"]
    assert json.loads(v1["body"])["urn"] == dataset.urn
    assert json.loads(v2["body"])["urn"] == dataset.urn


def test_jwt_obtained_through_the_handler_authenticates_the_next_call(lambda_handler):
    user = UserFactory(username="jwtuser")
    token = _token(lambda_handler, user.username)
    me = lambda_handler(
        http_v2("GET", "/api/v1/auth/me/", headers={"Authorization": f"Bearer {token}"}), None
    )
    forged = lambda_handler(
        http_v2("GET", "/api/v1/auth/me/", headers={"Authorization": f"Bearer {token[:-4]}AAAA"}),
        None,
    )
    assert me["statusCode"] == 200
    assert json.loads(me["body"])["username"] == "jwtuser"
    assert forged["statusCode"] == 401


def test_scheduled_job_event_runs_the_allow_listed_command(lambda_handler, zappa_stage_config):
    entry = next(
        e
        for e in zappa_stage_config["events"]
        if e.get("kwargs", {}).get("command") == "flushexpiredtokens"
    )
    user = UserFactory(username="expired")
    now = timezone.now()
    OutstandingToken.objects.create(
        user=user,
        jti="old",
        token="t",
        created_at=now - timedelta(days=30),
        expires_at=now - timedelta(days=1),
    )
    OutstandingToken.objects.create(
        user=user, jti="new", token="t", created_at=now, expires_at=now + timedelta(days=1)
    )

    result = lambda_handler(scheduled(_rule_name(entry), **entry["kwargs"]), None)

    assert result["command"] == "flushexpiredtokens"
    assert list(OutstandingToken.objects.values_list("jti", flat=True)) == ["new"]


def test_scheduled_search_sweep_delivers_pending_datasets(lambda_handler, zappa_stage_config):
    # pylint: disable=import-outside-toplevel
    from search.relay import pending_count

    entry = next(
        e
        for e in zappa_stage_config["events"]
        if e.get("kwargs", {}).get("command") == "search_relay"
    )
    assert entry["expression"] == "rate(5 minutes)"
    make_dataset("sweep.orders")
    assert pending_count() == 1

    result = lambda_handler(scheduled(_rule_name(entry), **entry["kwargs"]), None)

    assert "Delivered 1 datasets" in result["output"]
    assert pending_count() == 0


def test_scheduled_job_event_refuses_a_command_outside_the_allow_list(lambda_handler):
    entry = {"name": "danger", "function": "metadata_discovery.jobs.run_scheduled"}
    with pytest.raises(JobNotAllowed):
        lambda_handler(scheduled(_rule_name(entry), command="flush"), None)


def test_rate_limits_count_api_gateways_source_ip_not_what_the_client_wrote(
    lambda_handler, settings
):
    """API Gateway appends the caller's address to the X-Forwarded-For the client sent, and
    Zappa's REMOTE_ADDR is that list's second-to-last entry: the client's own. The stage's
    context_header_mappings copy requestContext.http.sourceIp (the HTTP API's; the REST API's is
    identity.sourceIp) over any X-Mdt-Source-Ip the client sent, and the login limit counts
    that."""
    # pylint: disable=import-outside-toplevel
    from accounts.models import RateCount

    stage = json.loads((ROOT / "zappa_settings.json").read_text(encoding="utf-8"))
    header = stage["dev"]["environment_variables"]["MDT_CLIENT_ADDRESS_HEADER"]
    settings.MDT_CLIENT_ADDRESS_HEADER = header  # as the stage's environment sets it
    UserFactory(username="alice")
    forged = {"X-Forwarded-For": "6.6.6.6, 203.0.113.7", header: "6.6.6.6"}
    event = http_v2(
        "POST",
        "/api/v1/auth/token/",
        headers={"Content-Type": "application/json", **forged},
        body={"username": "alice", "password": PASSWORD},
    )
    assert lambda_handler(event, None)["statusCode"] == 200
    buckets = list(RateCount.objects.values_list("bucket", flat=True))
    assert [bucket.split(":")[1] for bucket in buckets] == ["203.0.113.7"]


def test_http_api_carries_every_cookie_both_ways(lambda_handler):
    """Payload 2.0 has no multi-value headers: cookies travel in their own lists. Signing in to
    the admin sets the session and the CSRF cookies; both must come back, and the next request's
    cookies must reach Django. (Zappa 0.63's middleware lists each Set-Cookie twice, with
    Django's leading space: the same cookie set twice, harmless; hence sets, and strip.)"""
    UserFactory(username="admin2", is_staff=True, is_superuser=True)
    page = lambda_handler(http_v2("GET", "/admin/login/", headers={"accept": "text/html"}), None)
    assert page["statusCode"] == 200
    csrf_cookie = next(c.strip() for c in page["cookies"] if c.strip().startswith("csrftoken="))
    csrf = csrf_cookie.split(";")[0].split("=", 1)[1]
    event = http_v2(
        "POST",
        "/admin/login/",
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "accept": "text/html",
            "referer": f"https://{API_HOST}/dev/admin/login/",
            "x-csrftoken": csrf,
        },
    )
    event["body"] = f"username=admin2&password={PASSWORD}&csrfmiddlewaretoken={csrf}"
    event["cookies"] = [f"csrftoken={csrf}"]
    signed_in = lambda_handler(event, None)
    assert signed_in["statusCode"] == 302, signed_in.get("body")
    cookies = [cookie.strip() for cookie in signed_in["cookies"]]
    assert {cookie.split("=", 1)[0] for cookie in cookies} == {"csrftoken", "sessionid"}
    session = next(cookie for cookie in cookies if cookie.startswith("sessionid="))
    index = http_v2("GET", "/admin/", headers={"accept": "text/html"})
    index["cookies"] = [session.split(";")[0]]
    assert lambda_handler(index, None)["statusCode"] == 200
