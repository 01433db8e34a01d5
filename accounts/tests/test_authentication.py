"""`Authorization: Bearer mdt_pat_…` through the real authentication classes and API."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import Role, ServiceToken
from accounts.services import SERVICE_TOKEN_PREFIX
from accounts.tests.factories import ServiceTokenFactory, UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/auth/me/"
INGEST = "/api/v1/ingest/"
DATASET = {"urn": "urn:li:dataset:(urn:li:dataPlatform:hive,db.tokens,PROD)"}


def _client(authorization: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=authorization)
    return client


def _bearer(secret: str) -> APIClient:
    return _client(f"Bearer {secret}")


def test_a_service_token_acts_as_its_owner():
    token = ServiceTokenFactory(owner=UserFactory(username="ingest-bot", role=Role.INGESTION))
    response = _bearer(token.secret).get(ME)
    assert response.status_code == 200
    assert (response.json()["username"], response.json()["role"]) == ("ingest-bot", "ingestion")
    assert ServiceToken.objects.get().last_used_at is not None


def test_an_ingestion_token_may_ingest_and_a_reader_token_may_not():
    ingester = _bearer(ServiceTokenFactory(owner=UserFactory(role=Role.INGESTION)).secret)
    response = ingester.post(INGEST, {"datasets": [DATASET]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 1

    reader = _bearer(ServiceTokenFactory(owner=UserFactory(role=Role.READER)).secret)
    response = reader.post(INGEST, {"datasets": [DATASET]}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert reader.get("/api/v1/datasets/").status_code == 200


def test_a_service_token_outlives_the_jwt_access_lifetime():
    user = UserFactory(role=Role.INGESTION)
    issued = timezone.now() - settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"] - timedelta(minutes=1)
    jwt = AccessToken.for_user(user)
    jwt.set_iat(at_time=issued)
    jwt.set_exp(from_time=issued)
    token = ServiceTokenFactory(
        owner=user, created_at=issued, expires_at=issued + timedelta(days=1)
    )

    expired_jwt = _bearer(str(jwt)).get(ME)
    assert expired_jwt.status_code == 401
    assert expired_jwt.json()["error"]["code"] == "token_not_valid"
    assert _bearer(token.secret).get(ME).status_code == 200


def test_a_service_token_stops_working_when_its_expiry_passes(monkeypatch):
    token = ServiceTokenFactory(expires_at=timezone.now() + timedelta(hours=1))
    assert _bearer(token.secret).get(ME).status_code == 200
    later = timezone.now() + timedelta(hours=1, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = _bearer(token.secret).get(ME)
    assert response.status_code == 401
    assert "expired" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ({"expires_at": timezone.now() - timedelta(days=1)}, "expired"),
        ({"revoked_at": timezone.now()}, "revoked"),
    ],
)
def test_expired_and_revoked_tokens_get_a_401_in_the_error_shape(state, message):
    token = ServiceTokenFactory(**state)
    response = _bearer(token.secret).get(ME)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    error = response.json()["error"]
    assert error["code"] == "token_not_valid"
    assert message in error["message"]
    assert token.prefix in error["message"]
    assert error["fields"] == {}


def test_an_unknown_token_is_a_401():
    response = _bearer(SERVICE_TOKEN_PREFIX + "A" * 43).get(ME)
    assert response.status_code == 401
    assert response.json()["error"] == {
        "code": "token_not_valid",
        "message": "Unknown service token.",
        "fields": {},
    }


@pytest.mark.parametrize(
    ("authorization", "code"),
    [
        (f"Bearer {SERVICE_TOKEN_PREFIX}tooshort", "token_not_valid"),
        (f"Bearer {SERVICE_TOKEN_PREFIX}{'A' * 43} extra", "bad_authorization_header"),
        (f"bearer {SERVICE_TOKEN_PREFIX}{'A' * 43}", "token_not_valid"),
        ("Bearer", "bad_authorization_header"),
        ("Bearer mdt_xyz_" + "A" * 43, "token_not_valid"),  # not our prefix: the JWT class says no
    ],
)
def test_malformed_headers_and_wrong_prefixes_are_401s(authorization, code):
    response = _client(authorization).get(ME)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == code


def test_a_token_under_another_scheme_is_not_accepted():
    token = ServiceTokenFactory()
    response = _client(f"Token {token.secret}").get(ME)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert ServiceToken.objects.get().last_used_at is None


def test_jwts_still_authenticate_next_to_service_tokens():
    user = UserFactory(username="alice", role=Role.EDITOR)
    response = _bearer(str(AccessToken.for_user(user))).get(ME)
    assert response.status_code == 200
    assert response.json()["username"] == "alice"
