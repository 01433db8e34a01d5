"""The service token admin: listed without secrets or digests, revoked by an action."""

import pytest
from django.test import Client

from accounts.models import ServiceToken
from accounts.tests.factories import ServiceTokenFactory

pytestmark = pytest.mark.django_db

URL = "/admin/accounts/servicetoken/"


def test_admin_lists_tokens_by_prefix_and_revokes_them(admin_user):
    token = ServiceTokenFactory()
    client = Client()
    client.force_login(admin_user)
    page = client.get(URL)
    assert page.status_code == 200
    assert token.prefix in page.content.decode()
    assert token.digest not in page.content.decode()
    assert client.get(f"{URL}add/").status_code == 403

    response = client.post(URL, {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    assert ServiceToken.objects.get().revoked_at is not None
    assert token.digest not in client.get(f"{URL}{token.pk}/change/").content.decode()
