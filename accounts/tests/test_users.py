"""User management for admins: create, read, change role/activity/name/email, reset a password.
A change of rights or a reset signs the user out everywhere; MDT always keeps an active admin;
nobody else manages accounts."""

# pytest fixtures are taken as same-named arguments.
# pylint: disable=redefined-outer-name

import pytest
from rest_framework.test import APIClient

from accounts.models import Role, User
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW = "a long new passphrase"


def _login(username: str, password: str = PASSWORD) -> APIClient:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    return client


@pytest.fixture
def admin():
    UserFactory(username="root", role=Role.ADMIN)
    return _login("root")


def test_an_admin_creates_an_account_that_can_log_in(admin):
    body = {"username": "newbie", "role": "editor", "password": NEW, "email": "n@example.com"}
    response = admin.post("/api/v1/users/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["role"] == "editor" and response.json()["is_active"] is True
    assert _login("newbie", NEW).get("/api/v1/auth/me/").json()["can_edit_any"] is True
    again = admin.post("/api/v1/users/", body, format="json")
    assert again.status_code == 409
    assert "username" in again.json()["error"]["fields"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"username": "a b", "role": "reader", "password": NEW}, "username"),
        ({"username": "ok", "role": "owner", "password": NEW}, "role"),
        ({"username": "ok", "role": "reader", "password": "123"}, "password"),
        ({"username": "ok", "role": "reader", "password": NEW, "email": "x"}, "email"),
    ],
)
def test_a_bad_account_is_a_400_naming_the_field(admin, body, field):
    response = admin.post("/api/v1/users/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]
    assert not User.objects.filter(username="ok").exists()


def test_changing_a_role_or_deactivating_signs_the_user_out(admin):
    UserFactory(username="ann", role=Role.EDITOR)
    ann = _login("ann")
    response = admin.patch("/api/v1/users/ann/", {"role": "reader"}, format="json")
    assert response.status_code == 200 and response.json()["role"] == "reader"
    assert ann.get("/api/v1/auth/me/").status_code == 401  # the editor's token ends with it
    assert _login("ann").get("/api/v1/auth/me/").json()["can_edit_any"] is False
    response = admin.patch("/api/v1/users/ann/", {"is_active": False}, format="json")
    assert response.json()["is_active"] is False
    login = APIClient().post(
        "/api/v1/auth/token/", {"username": "ann", "password": PASSWORD}, format="json"
    )
    assert login.status_code == 401
    assert admin.patch("/api/v1/users/ann/", {}, format="json").status_code == 400


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(admin):
    for body in ({"role": "reader"}, {"is_active": False}):
        response = admin.patch("/api/v1/users/root/", body, format="json")
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "last_admin"
    UserFactory(username="second", role=Role.ADMIN)
    assert admin.patch("/api/v1/users/root/", {"role": "editor"}, format="json").status_code == 200


def test_an_admin_resets_a_password_and_the_old_sessions_end(admin):
    UserFactory(username="ann")
    ann = _login("ann")
    response = admin.post("/api/v1/users/ann/password/", {"new_password": NEW}, format="json")
    assert response.status_code == 204
    assert ann.get("/api/v1/auth/me/").status_code == 401
    assert _login("ann", NEW).get("/api/v1/auth/me/").status_code == 200


def test_only_admins_manage_accounts():
    UserFactory(username="ann", role=Role.EDITOR)
    UserFactory(username="bob")
    ann = _login("ann")
    assert ann.get("/api/v1/users/").status_code == 200  # the owner picker's list stays open
    calls = [
        ann.post(
            "/api/v1/users/", {"username": "x", "role": "admin", "password": NEW}, format="json"
        ),
        ann.get("/api/v1/users/bob/"),
        ann.patch("/api/v1/users/bob/", {"role": "admin"}, format="json"),
        ann.patch("/api/v1/users/ann/", {"role": "admin"}, format="json"),
        ann.post("/api/v1/users/bob/password/", {"new_password": NEW}, format="json"),
    ]
    assert [call.status_code for call in calls] == [403] * 5, [c.content for c in calls]
    assert User.objects.get(username="ann").role == Role.EDITOR
