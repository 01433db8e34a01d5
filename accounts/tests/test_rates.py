"""Rate limits (accounts.rates, accounts.throttling): counted in the database, 429 in the error
shape with Retry-After, per address for logins and refreshes, per username for failed logins
(the write limit is tested with the catalog's writes: catalog/tests/test_write_rate.py)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import rates
from accounts.models import RateCount, Role
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LIMITS = {"login": "5/60", "login_failures": "3/300", "refresh": "2/60", "write": "2/60"}
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def _login(client: APIClient, username: str, password: str = PASSWORD, **extra):
    return client.post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json", **extra
    )


def _assert_throttled(response) -> None:
    assert response.status_code == 429, response.content
    body = response.json()
    assert body["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) >= 1


@override_settings(MDT_RATE_LIMITS=LIMITS)
def test_counts_live_in_the_database_and_reopen_with_the_next_window(monkeypatch):
    assert [rates.rate_hit("login", "10.0.0.1") for _ in range(5)] == [None] * 5
    assert RateCount.objects.get(bucket__startswith="login:10.0.0.1:").hits == 5
    wait = rates.rate_hit("login", "10.0.0.1")
    assert wait is not None and 1 <= wait <= 60
    assert rates.rate_hit("login", "10.0.0.2") is None  # another caller, its own count
    later = timezone.now() + timedelta(seconds=61)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert rates.rate_hit("login", "10.0.0.1") is None


@override_settings(MDT_RATE_LIMITS=LIMITS)
def test_logins_from_one_address_are_limited(api_client):
    UserFactory(username="alice")
    for _ in range(5):
        assert _login(api_client, "alice").status_code == 200
    _assert_throttled(_login(api_client, "alice"))
    # Another address is not held back.
    assert _login(api_client, "alice", REMOTE_ADDR="10.9.9.9").status_code == 200


@override_settings(MDT_RATE_LIMITS={**LIMITS, "login": "100/60"})
@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/auth/session/"])
def test_failed_logins_lock_that_username_for_one_window_only(api_client, monkeypatch, path):
    UserFactory(username="admin", role=Role.ADMIN)
    UserFactory(username="bob")

    def login(username, password, **extra):
        return api_client.post(
            path, {"username": username, "password": password}, format="json", **XHR, **extra
        )

    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):  # a stranger, from several addresses
        assert login("admin", "wrong", REMOTE_ADDR=address).status_code == 401
    response = login("admin", PASSWORD)  # the right password, but the username is locked
    _assert_throttled(response)
    assert "admin" in response.json()["error"]["message"]
    assert login("bob", PASSWORD).status_code == 200  # other accounts are not
    later = timezone.now() + timedelta(seconds=301)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert login("admin", PASSWORD).status_code == 200  # at most one window


@override_settings(MDT_RATE_LIMITS={**LIMITS, "login": "100/60"})
def test_successful_logins_never_lock_and_rates_reset_lifts_a_lock(api_client):
    UserFactory(username="alice")
    for _ in range(10):
        assert _login(api_client, "alice").status_code == 200
    for _ in range(3):
        assert _login(api_client, "alice", "wrong").status_code == 401
    _assert_throttled(_login(api_client, "alice"))
    out = StringIO()
    call_command("rates_reset", "alice", stdout=out)
    assert "alice: 1 window(s) forgotten" in out.getvalue()
    assert _login(api_client, "alice").status_code == 200


@override_settings(MDT_RATE_LIMITS=LIMITS)
def test_token_refreshes_from_one_address_are_limited(api_client):
    UserFactory(username="alice")
    refresh = _login(api_client, "alice").json()["refresh"]
    for _ in range(2):
        response = api_client.post(
            "/api/v1/auth/token/refresh/", {"refresh": refresh}, format="json"
        )
        assert response.status_code == 200
        refresh = response.json()["refresh"]
    _assert_throttled(
        api_client.post("/api/v1/auth/token/refresh/", {"refresh": refresh}, format="json")
    )
