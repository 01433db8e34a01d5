import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.tests.factories import PASSWORD, GroupFactory, UserFactory

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
