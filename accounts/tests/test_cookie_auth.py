import pytest
from rest_framework.test import APIClient

from accounts.cookie_auth import COOKIE_PATH, REFRESH_COOKIE
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def session_login(client: APIClient, username: str, password: str = PASSWORD, **headers):
    return client.post(
        "/api/v1/auth/session/",
        {"username": username, "password": password},
        format="json",
        **(XHR if not headers else headers),
    )


def test_session_login_returns_access_only_and_sets_an_httponly_strict_cookie(api_client):
    UserFactory(username="alice")
    response = session_login(api_client, "alice")
    assert response.status_code == 200
    assert set(response.json()) == {"access"}
    cookie = response.cookies[REFRESH_COOKIE]
    assert cookie.value
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == COOKIE_PATH
    assert not cookie["secure"]  # plain HTTP in tests; HTTPS requests get Secure
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert api_client.get("/api/v1/auth/me/").json()["username"] == "alice"


def test_session_cookie_is_secure_over_https(api_client):
    UserFactory(username="alice")
    response = api_client.post(
        "/api/v1/auth/session/",
        {"username": "alice", "password": PASSWORD},
        format="json",
        secure=True,
        **XHR,
    )
    assert response.cookies[REFRESH_COOKIE]["secure"] is True


def test_session_login_with_a_wrong_password_is_a_401_without_cookie(api_client):
    UserFactory(username="bob")
    response = session_login(api_client, "bob", "wrong")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "no_active_account"
    assert REFRESH_COOKIE not in response.cookies


def test_session_calls_without_the_csrf_header_are_refused(api_client):
    UserFactory(username="carol")
    response = api_client.post(
        "/api/v1/auth/session/", {"username": "carol", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_header_missing"
    assert REFRESH_COOKIE not in response.cookies
    session_login(api_client, "carol")
    assert api_client.post("/api/v1/auth/session/refresh/").status_code == 403
    assert api_client.post("/api/v1/auth/session/logout/").status_code == 403


def test_session_refresh_rotates_the_cookie_and_blacklists_the_old_one(api_client):
    UserFactory(username="dave")
    old = session_login(api_client, "dave").cookies[REFRESH_COOKIE].value
    response = api_client.post("/api/v1/auth/session/refresh/", **XHR)
    assert response.status_code == 200
    assert set(response.json()) == {"access"}
    new = response.cookies[REFRESH_COOKIE].value
    assert new and new != old
    replay = APIClient()
    replay.cookies[REFRESH_COOKIE] = old
    stale = replay.post("/api/v1/auth/session/refresh/", **XHR)
    assert stale.status_code == 401
    assert stale.json()["error"]["code"] == "token_not_valid"
    assert stale.cookies[REFRESH_COOKIE].value == ""  # a bad cookie is cleared


def test_session_refresh_without_a_cookie_is_a_401(api_client):
    response = api_client.post("/api/v1/auth/session/refresh/", **XHR)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_session_refresh_accepts_an_expired_access_token_header(api_client):
    UserFactory(username="erin")
    session_login(api_client, "erin")
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-valid-token")
    assert api_client.post("/api/v1/auth/session/refresh/", **XHR).status_code == 200


def test_session_logout_blacklists_and_clears_the_cookie(api_client):
    UserFactory(username="frank")
    refresh = session_login(api_client, "frank").cookies[REFRESH_COOKIE].value
    response = api_client.post("/api/v1/auth/session/logout/", **XHR)
    assert response.status_code == 204
    assert response.cookies[REFRESH_COOKIE].value == ""
    assert response.cookies[REFRESH_COOKIE]["path"] == COOKIE_PATH
    replay = APIClient()
    replay.cookies[REFRESH_COOKIE] = refresh
    assert replay.post("/api/v1/auth/session/refresh/", **XHR).status_code == 401


def test_session_logout_without_a_session_still_succeeds(api_client):
    api_client.cookies[REFRESH_COOKIE] = "garbage"
    assert api_client.post("/api/v1/auth/session/logout/", **XHR).status_code == 204
