"""The write rate limit (accounts.rates, ``write``) on the catalog's writes: per account, reads
not counted."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.models import RateCount, Role
from accounts.tests.factories import UserFactory
from catalog.tests.factories import make_dataset

pytestmark = pytest.mark.django_db


@override_settings(MDT_RATE_LIMITS={"write": "2/60"})
def test_writes_are_limited_per_account_and_reads_are_not_counted(editor_client):
    dataset = make_dataset("db.rated")
    url = f"/api/v1/datasets/{dataset.urn}/"
    for _ in range(5):
        assert editor_client.get(url).status_code == 200
    assert not RateCount.objects.exists()
    for docs in ("one", "two"):
        assert editor_client.patch(url, {"docs": docs}, format="json").status_code == 200
    response = editor_client.patch(url, {"docs": "three"}, format="json")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) >= 1
    other = APIClient()
    other.force_authenticate(UserFactory(username="editor2", role=Role.EDITOR))
    assert other.patch(url, {"docs": "four"}, format="json").status_code == 200
