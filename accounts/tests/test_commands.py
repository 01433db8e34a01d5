"""`manage.py create_service_token`: a token for CI and bootstrap, secret on stdout only."""

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from accounts.models import Role, ServiceToken
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("create_service_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_service_token_prints_only_the_secret_on_stdout():
    UserFactory(username="ingest-bot", role=Role.INGESTION)
    out, err = _run("--user", "ingest-bot", "--name", "datahub", "--expires", "90d")
    secret = out.strip()
    assert secret.startswith("mdt_pat_") and "\n" not in secret
    token = ServiceToken.objects.get()
    assert (token.name, token.owner.username) == ("datahub", "ingest-bot")
    assert token.expires_at - token.created_at == timedelta(days=90)
    assert token.prefix in err and "ingest-bot" in err and secret not in err

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/auth/me/").json()["role"] == "ingestion"


def test_create_service_token_never_expiring_or_until_a_date():
    UserFactory(username="ci")
    _run("--user", "ci", "--name", "forever", "--expires", "never")
    _run("--user", "ci", "--name", "dated", "--expires-at", "2999-01-31")
    expiries = dict(ServiceToken.objects.values_list("name", "expires_at"))
    assert expiries["forever"] is None
    assert expiries["dated"] == datetime(2999, 1, 31, tzinfo=dt_timezone.utc)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "nobody", "--name", "x"], "No user 'nobody'"),
        (["--user", "ci", "--name", "x", "--expires-at", "2000-01-01"], "future"),
        (["--user", "ci", "--name", "x", "--expires-at", "soon"], "not a date"),
        (["--user", "ci", "--name", "x", "--expires", "2d"], "invalid choice"),
        (
            ["--user", "ci", "--name", "x", "--expires", "1d", "--expires-at", "2999-01-01"],
            "not allowed",
        ),
    ],
)
def test_create_service_token_refuses_bad_arguments(args, message):
    UserFactory(username="ci")
    with pytest.raises(CommandError, match=message):
        _run(*args)
    assert not ServiceToken.objects.exists()
