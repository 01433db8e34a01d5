"""Optimistic concurrency: every read of a dataset carries its version as an ETag; a write with
If-Match naming an older version gets a 412 and writes nothing (the lost update of two people
editing the docs at once); a write without If-Match applies as before."""

import pytest

from catalog.models import ChangeEvent, Dataset
from catalog.tests.factories import make_dataset
from catalog.tests.test_apis import assert_error, url

pytestmark = pytest.mark.django_db


def _etag(response) -> str:
    assert response.status_code == 200, response.content
    return response["ETag"]


def test_reads_carry_the_version_as_an_etag(reader_client):
    dataset = make_dataset("db.tagged")
    expected = f'"{dataset.version}"'
    assert _etag(reader_client.get(url(dataset.urn))) == expected
    assert _etag(reader_client.get(url(dataset.urn, "schema"))) == expected
    assert _etag(reader_client.get(url(dataset.urn, "owners"))) == expected


def test_the_second_of_two_edits_made_on_one_version_is_refused(editor_client, admin_user):
    dataset = make_dataset("db.raced")
    other = editor_client.__class__()
    other.force_authenticate(admin_user)
    seen = _etag(editor_client.get(url(dataset.urn)))
    assert _etag(other.get(url(dataset.urn))) == seen  # both open the same version
    first = editor_client.patch(
        url(dataset.urn), {"docs": "Ann's docs"}, format="json", HTTP_IF_MATCH=seen
    )
    assert _etag(first) == f'"{Dataset.objects.get(pk=dataset.pk).version}"' != seen
    events = ChangeEvent.objects.count()
    second = other.patch(
        url(dataset.urn), {"docs": "Bob's docs"}, format="json", HTTP_IF_MATCH=seen
    )
    error = assert_error(second, 412, "precondition_failed")
    assert first["ETag"] in error["fields"]["If-Match"][0]
    current = Dataset.objects.get(pk=dataset.pk)
    assert current.docs == "Ann's docs"  # nothing of the stale edit was written
    assert ChangeEvent.objects.count() == events
    # Merged onto the current version, it goes through.
    merged = other.patch(
        url(dataset.urn), {"docs": "Ann's and Bob's"}, format="json", HTTP_IF_MATCH=first["ETag"]
    )
    assert merged.status_code == 200


@pytest.mark.parametrize(
    "method, aspect, body",
    [
        (
            "put",
            "owners",
            {"owners": [{"owner": "urn:li:corpuser:editor1", "type": "DATA_STEWARD"}]},
        ),
        ("patch", "schema", {"edits": [{"field_path": "col_0", "description": "mine"}]}),
        ("delete", "", None),
    ],
)
def test_every_hand_edit_honours_if_match(editor_client, method, aspect, body):
    dataset = make_dataset("db.edited")
    stale = f'"{dataset.version - 1}"'
    call = getattr(editor_client, method)
    assert_error(call(url(dataset.urn, aspect), body, format="json", HTTP_IF_MATCH=stale), 412)
    assert Dataset.objects.get(pk=dataset.pk).version == dataset.version
    current = f'"{dataset.version}"'
    response = call(url(dataset.urn, aspect), body, format="json", HTTP_IF_MATCH=current)
    assert response.status_code in (200, 204), response.content


@pytest.mark.parametrize("header", [None, "*", ' W/"{v}" ', "{v}"])
def test_without_if_match_or_with_any_accepted_form_the_edit_applies(editor_client, header):
    dataset = make_dataset("db.plain")
    extra = {} if header is None else {"HTTP_IF_MATCH": header.format(v=dataset.version)}
    response = editor_client.patch(url(dataset.urn), {"docs": "x"}, format="json", **extra)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("header", ["abc", '"12", "13"', '"-1"', "x" * 500])
def test_a_malformed_if_match_is_a_400_naming_the_header(editor_client, header):
    dataset = make_dataset("db.malformed")
    response = editor_client.patch(
        url(dataset.urn), {"docs": "x"}, format="json", HTTP_IF_MATCH=header
    )
    error = assert_error(response, 400)
    assert "If-Match" in error["fields"]
    assert Dataset.objects.get(pk=dataset.pk).docs == ""
