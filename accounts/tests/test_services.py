"""Service tokens: creation, expiry, revocation and the lookup behind authentication."""

import hashlib
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.utils import timezone

from accounts.errors import ServiceTokenForbidden, ServiceTokenInvalid
from accounts.models import Role, ServiceToken, ServiceTokenStatus
from accounts.services import (
    LAST_USED_RESOLUTION,
    SERVICE_TOKEN_PREFIX,
    service_token_authenticate,
    service_token_create,
    service_token_expiry,
    service_token_revoke,
)
from accounts.tests.factories import ServiceTokenFactory, UserFactory
from core.errors import ApplicationError

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=dt_timezone.utc)


def test_service_token_create_stores_only_a_digest_and_a_visible_prefix():
    owner = UserFactory(username="ingest-bot", role=Role.INGESTION)
    issued = service_token_create(owner=owner, name="datahub", expires_in="never", actor=None)
    secret = issued.secret
    assert secret.startswith(SERVICE_TOKEN_PREFIX)
    assert len(secret) == len(SERVICE_TOKEN_PREFIX) + 43  # 256 random bits, base64url
    stored = ServiceToken.objects.get()
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert stored.prefix == secret[:16]
    assert secret not in {str(value) for value in vars(stored).values()}
    assert (stored.owner, stored.name, stored.expires_at) == (owner, "datahub", None)


def test_service_token_create_makes_a_different_secret_each_time():
    owner = UserFactory()
    first = service_token_create(owner=owner, name="a", actor=owner)
    second = service_token_create(owner=owner, name="a", actor=owner)
    assert first.secret != second.secret
    assert first.token.digest != second.token.digest


def test_service_token_create_for_someone_else_needs_an_admin():
    bot = UserFactory(username="bot", role=Role.INGESTION)
    with pytest.raises(ServiceTokenForbidden):
        service_token_create(owner=bot, name="x", actor=UserFactory())
    admin = UserFactory(role=Role.ADMIN)
    assert service_token_create(owner=bot, name="x", actor=admin).token.owner == bot


def test_service_token_create_refuses_inactive_owners_blank_names_and_past_expiry():
    with pytest.raises(ApplicationError, match="inactive"):
        service_token_create(owner=UserFactory(is_active=False), name="x", actor=None)
    with pytest.raises(ApplicationError, match="name"):
        service_token_create(owner=UserFactory(), name="  ", actor=None)
    with pytest.raises(ApplicationError, match="future"):
        service_token_create(
            owner=UserFactory(),
            name="x",
            expires_at=timezone.now() - timedelta(seconds=1),
            actor=None,
        )


@pytest.mark.parametrize(
    ("expires_in", "lifetime"),
    [
        ("1h", timedelta(hours=1)),
        ("1d", timedelta(days=1)),
        ("1w", timedelta(days=7)),
        ("30d", timedelta(days=30)),
        ("90d", timedelta(days=90)),
        (None, timedelta(days=30)),
    ],
)
def test_service_token_expiry_of_each_duration(expires_in, lifetime):
    assert service_token_expiry(expires_in=expires_in, now=NOW) == NOW + lifetime


def test_service_token_expiry_never_and_explicit_dates():
    assert service_token_expiry(expires_in="never", now=NOW) is None
    when = NOW + timedelta(days=400)
    assert service_token_expiry(expires_at=when, now=NOW) == when
    naive = datetime(2027, 1, 31)
    assert service_token_expiry(expires_at=naive, now=NOW) == naive.replace(tzinfo=dt_timezone.utc)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"expires_in": "2d"}, "expires_in"),
        ({"expires_at": NOW}, "expires_at"),
        ({"expires_in": "1d", "expires_at": NOW + timedelta(days=1)}, "expires_at"),
    ],
)
def test_service_token_expiry_refuses_bad_input_naming_the_field(kwargs, field):
    with pytest.raises(ApplicationError) as caught:
        service_token_expiry(now=NOW, **kwargs)
    assert field in caught.value.fields


def test_service_token_authenticate_returns_the_token_with_its_owner():
    token = ServiceTokenFactory()
    found = service_token_authenticate(secret=token.secret)
    assert found == token
    assert found.owner.username == token.owner.username


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        (SERVICE_TOKEN_PREFIX + "x" * 43, "Unknown"),
        (SERVICE_TOKEN_PREFIX + "short", "Malformed"),
        (SERVICE_TOKEN_PREFIX + "x" * 42 + "!", "Malformed"),
        ("eyJhbGciOiJIUzI1NiJ9.e30.sig", "Malformed"),
    ],
)
def test_service_token_authenticate_refuses_unknown_and_malformed_secrets(secret, message):
    ServiceTokenFactory()
    with pytest.raises(ServiceTokenInvalid, match=message):
        service_token_authenticate(secret=secret)


def test_service_token_authenticate_refuses_expired_revoked_and_inactive():
    expired = ServiceTokenFactory(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ServiceTokenInvalid, match="expired"):
        service_token_authenticate(secret=expired.secret)
    revoked = ServiceTokenFactory(revoked_at=timezone.now())
    with pytest.raises(ServiceTokenInvalid, match="revoked"):
        service_token_authenticate(secret=revoked.secret)
    orphan = ServiceTokenFactory(owner=UserFactory(is_active=False))
    with pytest.raises(ServiceTokenInvalid, match="inactive") as caught:
        service_token_authenticate(secret=orphan.secret)
    assert caught.value.code == "user_inactive"


def test_service_token_authenticate_is_one_query_and_writes_last_used_once_a_minute(
    django_assert_num_queries, monkeypatch
):
    token = ServiceTokenFactory()
    with django_assert_num_queries(2):  # the lookup, and the first last_used_at
        service_token_authenticate(secret=token.secret)
    first_use = ServiceToken.objects.get().last_used_at
    assert first_use is not None
    with django_assert_num_queries(1):  # within the minute: the lookup only
        service_token_authenticate(secret=token.secret)
    assert ServiceToken.objects.get().last_used_at == first_use

    later = first_use + LAST_USED_RESOLUTION
    monkeypatch.setattr(timezone, "now", lambda: later)
    with django_assert_num_queries(2):
        service_token_authenticate(secret=token.secret)
    assert ServiceToken.objects.get().last_used_at == later


def test_service_token_revoke_by_owner_or_admin_and_twice_keeps_the_first_time():
    token = ServiceTokenFactory()
    with pytest.raises(ServiceTokenForbidden):
        service_token_revoke(token=token, actor=UserFactory())
    revoked = service_token_revoke(token=token, actor=token.owner)
    first = revoked.revoked_at
    assert first is not None
    assert revoked.status_at(timezone.now()) == ServiceTokenStatus.REVOKED
    again = service_token_revoke(token=token, actor=UserFactory(role=Role.ADMIN))
    assert again.revoked_at == first


def test_service_token_status_moves_from_active_to_expired():
    token = ServiceTokenFactory(created_at=NOW, expires_at=NOW + timedelta(hours=1))
    assert token.status_at(NOW) == ServiceTokenStatus.ACTIVE
    assert token.status_at(NOW + timedelta(hours=1)) == ServiceTokenStatus.EXPIRED
