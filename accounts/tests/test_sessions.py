"""Signing out everywhere: a password change and an admin's sign-out revoke the user's refresh
tokens and refuse their access tokens at once (accounts.tokens); service tokens go only when
named."""

import pytest
from rest_framework.test import APIClient

from accounts import services
from accounts.models import Role, ServiceToken
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW = "a long new passphrase"
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def _login(username: str, password: str = PASSWORD) -> dict:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def _bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def _refresh(refresh: str):
    return APIClient().post("/api/v1/auth/token/refresh/", {"refresh": refresh}, format="json")


def _service_token(user, name: str) -> str:
    return services.service_token_create(owner=user, name=name, actor=user).secret


def test_a_password_change_ends_every_session_at_once():
    UserFactory(username="alice")
    laptop, phone = _login("alice"), _login("alice")
    refreshed = _refresh(phone["refresh"]).json()  # a rotated token is revoked too
    client = _bearer(laptop["access"])
    response = client.post(
        "/api/v1/auth/password/", {"old_password": PASSWORD, "new_password": NEW}, format="json"
    )
    assert response.status_code == 204
    for access in (laptop["access"], phone["access"], refreshed["access"]):
        response = _bearer(access).get("/api/v1/auth/me/")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "token_not_valid"
    for refresh in (laptop["refresh"], refreshed["refresh"]):
        assert _refresh(refresh).status_code == 401
    assert (
        APIClient()
        .post("/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, format="json")
        .status_code
        == 401
    )
    fresh = _login("alice", NEW)
    assert _bearer(fresh["access"]).get("/api/v1/auth/me/").status_code == 200
    assert _refresh(fresh["refresh"]).status_code == 200


def test_the_web_ui_session_cookie_ends_with_a_password_change():
    UserFactory(username="alice")
    browser = APIClient()
    login = browser.post(
        "/api/v1/auth/session/", {"username": "alice", "password": PASSWORD}, format="json", **XHR
    )
    assert login.status_code == 200
    services.user_password_change(
        user=UserFactory._meta.model.objects.get(username="alice"),
        old_password=PASSWORD,
        new_password=NEW,
    )
    assert browser.post("/api/v1/auth/session/refresh/", **XHR).status_code == 401
    assert _bearer(login.json()["access"]).get("/api/v1/auth/me/").status_code == 401


def test_a_wrong_old_password_or_a_weak_new_one_changes_nothing():
    UserFactory(username="alice")
    tokens = _login("alice")
    client = _bearer(tokens["access"])
    wrong = client.post(
        "/api/v1/auth/password/", {"old_password": "nope", "new_password": NEW}, format="json"
    )
    assert wrong.status_code == 400
    assert "old_password" in wrong.json()["error"]["fields"]
    weak = client.post(
        "/api/v1/auth/password/", {"old_password": PASSWORD, "new_password": "123"}, format="json"
    )
    assert weak.status_code == 400
    assert "new_password" in weak.json()["error"]["fields"]
    assert client.get("/api/v1/auth/me/").status_code == 200  # still signed in
    assert _refresh(tokens["refresh"]).status_code == 200


def test_an_admin_signs_a_user_out_and_revokes_the_service_tokens_named():
    UserFactory(username="root", role=Role.ADMIN)
    bot = UserFactory(username="bot", role=Role.INGESTION)
    kept, revoked = _service_token(bot, "kept"), _service_token(bot, "leaked")
    leaked_id = ServiceToken.objects.get(name="leaked").pk
    session = _login("bot")
    admin = _bearer(_login("root")["access"])
    response = admin.post(
        "/api/v1/users/bot/sign-out/", {"service_tokens": [leaked_id]}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {"refresh_tokens": 1, "service_tokens": 1}
    assert _bearer(session["access"]).get("/api/v1/auth/me/").status_code == 401
    assert _refresh(session["refresh"]).status_code == 401
    assert _bearer(revoked).get("/api/v1/auth/me/").status_code == 401
    assert _bearer(kept).get("/api/v1/auth/me/").status_code == 200
    everything = admin.post(
        "/api/v1/users/bot/sign-out/", {"all_service_tokens": True}, format="json"
    )
    assert everything.json()["service_tokens"] == 1
    assert _bearer(kept).get("/api/v1/auth/me/").status_code == 401


def test_only_admins_sign_others_out_and_only_from_a_login_session():
    UserFactory(username="alice")
    bob = UserFactory(username="bob")
    alice = _bearer(_login("alice")["access"])
    assert alice.post("/api/v1/users/bob/sign-out/", {}, format="json").status_code == 403
    assert alice.post("/api/v1/users/nobody/sign-out/", {}, format="json").status_code == 404
    assert (
        alice.post("/api/v1/users/alice/sign-out/", {}, format="json").status_code == 200
    )  # oneself
    with_token = _bearer(_service_token(bob, "ci"))
    assert with_token.post("/api/v1/users/bob/sign-out/", {}, format="json").status_code == 403
    assert (
        with_token.post(
            "/api/v1/auth/password/", {"old_password": PASSWORD, "new_password": NEW}, format="json"
        ).status_code
        == 403
    )
    other = UserFactory._meta.model.objects.get(username="bob")
    result = services.user_sessions_revoke(
        user=other, actor=other, service_tokens=[ServiceToken.objects.get(name="ci").pk]
    )
    assert result.service_tokens == 1
