"""POST /markdown/preview/: the docs editor's preview is the saved view's renderer."""

import json

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.models import RateCount
from catalog.tests.factories import make_urn
from catalog.tests.test_apis import assert_error
from catalog.writer.items import DOCS_MAX

pytestmark = pytest.mark.django_db

PREVIEW = "/api/v1/markdown/preview/"

SAMPLES = [
    "# Orders\n\nOne row per **order**.",
    'Hi <script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3))',
    "| id | name |\n|:---|---:|\n| 1 | a |\n| 2 | b |",
    "- [x] done\n- [ ] todo",
    "```sql\nSELECT 1 < 2;\n```",
    "    indented first line\n\n  text with edge spaces  ",
    "1. one\n* two",
    "",
]


def _preview(client, text: str):
    # json.dumps escapes NUL and lone surrogates, which the test client would refuse to encode.
    return client.post(PREVIEW, json.dumps({"text": text}), content_type="application/json")


@pytest.mark.parametrize("text", SAMPLES)
def test_preview_is_what_the_saved_docs_show(editor_client, reader_client, text):
    urn = make_urn("shop.previewed")
    created = editor_client.post("/api/v1/datasets/", {"urn": urn, "docs": text}, format="json")
    assert created.status_code == 201, created.content
    response = _preview(reader_client, text)
    assert response.status_code == 200, response.content
    assert response.json() == {"html": created.json()["docs_html"]}


def test_preview_drops_script_as_the_saved_view_does(reader_client):
    html = _preview(reader_client, "<script>alert(1)</script>\n\n*ok*").json()["html"]
    assert "<script" not in html and "<em>ok</em>" in html


def test_preview_needs_a_token(api_client):
    assert_error(_preview(api_client, "# hi"), 401, "not_authenticated")


def test_preview_refuses_text_longer_than_docs_may_be(reader_client):
    error = assert_error(_preview(reader_client, "d" * (DOCS_MAX + 1)), 400, "invalid")
    assert "text" in error["fields"]
    assert _preview(reader_client, "d" * DOCS_MAX).status_code == 200


def test_preview_bounds_are_as_swagger_says(reader_client):
    definitions = APIClient().get("/api/swagger.json").json()["definitions"]
    assert definitions["MarkdownPreview"]["properties"]["text"]["maxLength"] == DOCS_MAX
    # A blank text renders to "": the answer must not be documented as at least one character.
    assert "minLength" not in definitions["MarkdownHtml"]["properties"]["html"]
    assert _preview(reader_client, "").json() == {"html": ""}


@pytest.mark.parametrize("text", ["a\u0000b", "a\ud800b"])
def test_preview_refuses_nul_and_lone_surrogates(reader_client, text):
    assert "text" in assert_error(_preview(reader_client, text), 400, "invalid")["fields"]


@override_settings(MDT_RATE_LIMITS={"write": "1/60"})
def test_preview_is_not_counted_as_a_write(reader_client):
    for _ in range(3):
        assert _preview(reader_client, "# hi").status_code == 200
    assert not RateCount.objects.exists()
