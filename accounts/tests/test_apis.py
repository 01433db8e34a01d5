# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.tests.factories import PASSWORD, GroupFactory, ServiceTokenFactory, UserFactory

pytestmark = pytest.mark.django_db


def login(client: APIClient, username: str, password: str = PASSWORD):
    return client.post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )


def test_login_returns_tokens_that_authenticate_calls(api_client):
    user = UserFactory(username="alice", role=Role.EDITOR)
    GroupFactory(name="analytics").members.add(user)
    tokens = login(api_client, "alice").json()
    assert set(tokens) == {"access", "refresh"}
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    me = api_client.get("/api/v1/auth/me/").json()
    assert me["username"] == "alice"
    assert me["role"] == "editor"
    assert me["can_edit_any"] is True
    assert me["groups"] == ["analytics"]
    assert api_client.get("/api/v1/datasets/").status_code == 200


def test_wrong_password_is_a_401_in_the_error_shape(api_client):
    UserFactory(username="bob")
    response = login(api_client, "bob", "wrong")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "no_active_account"


def test_login_without_fields_is_a_400_naming_them(api_client):
    response = api_client.post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"username", "password"}


def test_refresh_rotates_and_blacklists_the_old_token(api_client):
    UserFactory(username="carol")
    refresh = login(api_client, "carol").json()["refresh"]
    rotated = api_client.post("/api/v1/auth/token/refresh/", {"refresh": refresh}, format="json")
    assert rotated.status_code == 200
    assert rotated.json()["refresh"] != refresh
    again = api_client.post("/api/v1/auth/token/refresh/", {"refresh": refresh}, format="json")
    assert again.status_code == 401
    assert again.json()["error"]["code"] == "token_not_valid"


def test_verify_accepts_good_tokens_and_rejects_bad_ones(api_client):
    UserFactory(username="dave")
    access = login(api_client, "dave").json()["access"]
    ok = api_client.post("/api/v1/auth/token/verify/", {"token": access}, format="json")
    assert ok.status_code == 200
    bad = api_client.post("/api/v1/auth/token/verify/", {"token": access + "x"}, format="json")
    assert bad.status_code == 401


def test_logout_blacklists_the_refresh_token(api_client):
    UserFactory(username="erin")
    tokens = login(api_client, "erin").json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert (
        api_client.post("/api/v1/auth/logout/", {"refresh": tokens["refresh"]}, format="json")
    ).status_code == 204
    refreshed = api_client.post(
        "/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]}, format="json"
    )
    assert refreshed.status_code == 401
    bad = api_client.post("/api/v1/auth/logout/", {"refresh": "nonsense"}, format="json")
    assert bad.status_code == 400
    assert "refresh" in bad.json()["error"]["fields"]


def test_bad_bearer_token_is_a_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-jwt")
    response = api_client.get("/api/v1/datasets/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_not_valid"


# --- service tokens ------------------------------------------------------------------------------

TOKENS = "/api/v1/service-tokens/"


@pytest.fixture
def admin_api_client(admin_user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=admin_user)
    return client


def _create(client: APIClient, **body):
    return client.post(TOKENS, {"name": "datahub", **body}, format="json")


def test_creating_a_service_token_shows_the_secret_once(editor_client, editor):
    response = _create(editor_client, expires_in="90d")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["token"].startswith("mdt_pat_")
    assert body["token"].startswith(body["prefix"])
    assert (body["name"], body["owner"], body["status"]) == ("datahub", editor.username, "active")
    created, expires = (datetime.fromisoformat(body[k]) for k in ("created_at", "expires_at"))
    assert expires - created == timedelta(days=90)

    listed = editor_client.get(TOKENS).json()
    assert listed["count"] == 1
    assert "token" not in listed["results"][0]
    assert "digest" not in listed["results"][0]
    detail = editor_client.get(f"{TOKENS}{body['id']}/").json()
    assert "token" not in detail and detail["prefix"] == body["prefix"]

    pipeline = APIClient()
    pipeline.credentials(HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert pipeline.get("/api/v1/auth/me/").json()["username"] == editor.username


def test_a_service_token_defaults_to_30_days_and_can_live_forever(reader_client):
    body = _create(reader_client).json()
    created, expires = (datetime.fromisoformat(body[k]) for k in ("created_at", "expires_at"))
    assert expires - created == timedelta(days=30)
    assert _create(reader_client, expires_in="never").json()["expires_at"] is None
    when = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    body = _create(reader_client, expires_at=when.isoformat()).json()
    assert datetime.fromisoformat(body["expires_at"]) == when


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"expires_in": "2d"}, "expires_in"),
        ({"expires_at": "tomorrow"}, "expires_at"),
        ({"expires_at": "2020-01-01T00:00:00Z"}, "expires_at"),
        ({"expires_in": "1d", "expires_at": "2099-01-01T00:00:00Z"}, "expires_at"),
        ({"owner": "nobody"}, "owner"),
    ],
)
def test_creating_a_service_token_with_bad_input_is_a_400_naming_the_field(
    admin_api_client, body, field
):
    response = admin_api_client.post(TOKENS, {"name": "datahub", **body}, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_only_admins_create_tokens_for_service_accounts(reader_client, admin_api_client):
    bot = UserFactory(username="ingest-bot", role=Role.INGESTION)
    denied = _create(reader_client, owner="ingest-bot")
    assert denied.status_code == 403
    assert denied.json()["error"]["code"] == "permission_denied"
    made = _create(admin_api_client, owner="ingest-bot")
    assert made.status_code == 201
    assert made.json()["owner"] == bot.username


def test_a_service_token_cannot_create_service_tokens():
    secret = ServiceTokenFactory().secret
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = _create(client)
    assert response.status_code == 403
    assert "login session" in response.json()["error"]["message"]
    assert client.get(TOKENS).status_code == 200  # listing its owner's tokens is fine


def test_service_tokens_need_authentication(api_client):
    assert api_client.get(TOKENS).status_code == 401
    assert api_client.post(TOKENS, {"name": "x"}, format="json").status_code == 401


def test_users_list_their_own_tokens_and_admins_list_everyones(
    reader, reader_client, admin_api_client
):
    mine = ServiceTokenFactory(owner=reader)
    other = ServiceTokenFactory(owner=UserFactory(username="someone"))
    assert [t["id"] for t in reader_client.get(TOKENS).json()["results"]] == [mine.id]
    assert reader_client.get(TOKENS, {"owner": "someone"}).status_code == 403
    assert reader_client.get(TOKENS, {"owner": reader.username}).json()["count"] == 1
    everyone = admin_api_client.get(TOKENS).json()
    assert {t["id"] for t in everyone["results"]} == {mine.id, other.id}
    only = admin_api_client.get(TOKENS, {"owner": "someone"}).json()["results"]
    assert [t["id"] for t in only] == [other.id]
    assert reader_client.get(f"{TOKENS}{other.id}/").status_code == 404


def test_tokens_are_filtered_by_status(reader, reader_client):
    active = ServiceTokenFactory(owner=reader, expires_at=None)
    expired = ServiceTokenFactory(owner=reader, expires_at=timezone.now() - timedelta(hours=1))
    revoked = ServiceTokenFactory(owner=reader, revoked_at=timezone.now())
    for status, token in (("active", active), ("expired", expired), ("revoked", revoked)):
        results = reader_client.get(TOKENS, {"status": status}).json()["results"]
        assert [(t["id"], t["status"]) for t in results] == [(token.id, status)]
    bad = reader_client.get(TOKENS, {"status": "gone"})
    assert bad.status_code == 400
    assert "status" in bad.json()["error"]["fields"]


def test_revoking_a_token_makes_it_a_401_from_the_next_request(reader, reader_client):
    token = ServiceTokenFactory(owner=reader)
    pipeline = APIClient()
    pipeline.credentials(HTTP_AUTHORIZATION=f"Bearer {token.secret}")
    assert pipeline.get("/api/v1/auth/me/").status_code == 200

    response = reader_client.post(f"{TOKENS}{token.id}/revoke/")
    assert response.status_code == 200
    assert response.json()["status"] == "revoked"
    assert response.json()["revoked_at"]
    assert reader_client.post(f"{TOKENS}{token.id}/revoke/").status_code == 200  # idempotent

    refused = pipeline.get("/api/v1/auth/me/")
    assert refused.status_code == 401
    assert "revoked" in refused.json()["error"]["message"]


def test_only_owners_and_admins_revoke_a_token(reader_client, admin_api_client):
    token = ServiceTokenFactory(owner=UserFactory(username="someone"))
    assert reader_client.post(f"{TOKENS}{token.id}/revoke/").status_code == 404
    assert admin_api_client.post(f"{TOKENS}{token.id}/revoke/").json()["status"] == "revoked"
    assert admin_api_client.post(f"{TOKENS}999999/revoke/").status_code == 404


def test_service_token_endpoints_are_in_swagger(api_client):
    schema = api_client.get("/api/swagger.json").json()
    create = schema["paths"]["/service-tokens/"]["post"]
    assert create["tags"] == ["service tokens"]
    created = create["responses"]["201"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "token" in schema["definitions"][created]["properties"]
    assert {"400", "401", "403"} <= set(create["responses"])
    assert "get" in schema["paths"]["/service-tokens/"]
    assert "post" in schema["paths"]["/service-tokens/{token_id}/revoke/"]
    assert "get" in schema["paths"]["/service-tokens/{token_id}/"]
    properties = schema["definitions"]["ServiceTokenCreate"]["properties"]
    assert properties["expires_in"]["enum"][:3] == ["1h", "1d", "1w"]
