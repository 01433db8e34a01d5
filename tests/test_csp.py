"""Content-Security-Policy: every HTML page Django serves carries MDT_CSP_HTML, every inline
script those pages hold has its hash in the policy (a new one fails here until its hash is
added), no page relies on inline event handlers or ``javascript:`` URLs, and everything else
gets the strict policy."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import base64
import hashlib
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from catalog.markdown import render_markdown
from catalog.tests.factories import make_dataset

ROOT = Path(__file__).resolve().parent.parent
# Types a browser runs as script; anything else (application/json data blocks) CSP ignores.
JS_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.inline_scripts: list[str] = []
        self.external_scripts: list[str] = []
        self.handlers: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.handlers += [f"{tag} {name}" for name, _ in attrs if name.startswith("on")]
        self.handlers += [
            f"{tag} {name}"
            for name, value in attrs
            if name in {"href", "src", "action"}
            and (value or "").strip().lower().startswith("javascript:")
        ]
        if tag != "script" or (values.get("type") or "").strip().lower() not in JS_TYPES:
            return
        if values.get("src"):
            self.external_scripts.append(values["src"])
        else:
            self._script = []

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.inline_scripts.append("".join(self._script))
            self._script = None


def _sha256(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.fixture
def spa_dist(tmp_path, settings):
    """The built SPA when there is one (bin/mdt run, the e2e tests), else Vite's source
    index.html, which the build only adds external tags to."""
    built = ROOT / "frontend" / "dist" / "index.html"
    source = built if built.is_file() else ROOT / "frontend" / "index.html"
    shutil.copy(source, tmp_path / "index.html")
    settings.FRONTEND_DIST = tmp_path
    return tmp_path


@pytest.fixture
def admin_client(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def _page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("text/html"), path
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    parser = _Page()
    parser.feed(content)
    return response, parser


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/dataset/urn%3Ali%3Adataset%3A(urn%3Ali%3AdataPlatform%3Ahive%2Cdb.t%2CPROD)",
        "/api/docs/",
        "/api/redoc/",
        "/admin/login/",
    ],
)
def test_public_pages_carry_the_policy_and_list_every_inline_script(spa_dist, path):
    del spa_dist
    response, page = _page(Client(), path)
    # ReDoc alone may also start a worker from a blob: URL (its search index).
    extra = "; worker-src blob:" if path == "/api/redoc/" else ""
    assert response["Content-Security-Policy"] == settings.MDT_CSP_HTML + extra
    allowed = _directives(response["Content-Security-Policy"])["script-src"]
    assert [_sha256(s) for s in page.inline_scripts if _sha256(s) not in allowed] == []
    assert page.handlers == []
    # The page does load its code: the parser is looking at the real thing.
    assert page.external_scripts
    assert all(src.startswith("/") and not src.startswith("//") for src in page.external_scripts)


@pytest.mark.django_db
def test_admin_pages_carry_the_policy_and_list_every_inline_script(admin_client, platforms_seeded):
    del platforms_seeded
    dataset = make_dataset()
    for path in [
        "/admin/",
        "/admin/catalog/dataset/",
        f"/admin/catalog/dataset/{dataset.pk}/change/",
        "/admin/accounts/user/add/",
    ]:
        response, page = _page(admin_client, path)
        assert response["Content-Security-Policy"] == settings.MDT_CSP_HTML, path
        allowed = _directives(response["Content-Security-Policy"])["script-src"]
        assert [s for s in page.inline_scripts if _sha256(s) not in allowed] == [], path
        assert page.handlers == [], path
        assert page.external_scripts, path


def test_html_policy_loads_scripts_and_images_from_mdt_only():
    directives = _directives(settings.MDT_CSP_HTML)
    assert [s for s in directives["script-src"] if not s.startswith("'sha256-")] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/healthz", "/api/v1/datasets/", "/api/swagger.json", "/assets/gone-AbC1.js"]
)
def test_json_and_other_responses_get_the_strict_policy(spa_dist, path):
    del spa_dist
    response = Client().get(path)
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"


def test_docs_keep_remote_images_for_the_policy_to_refuse_and_drop_data_uris():
    """What README ("Docs") promises: the sanitiser does not strip remote images (the browser
    refuses them, img-src 'self' data:) and removes data: URIs (not an allowed URL scheme)."""
    html = render_markdown(
        "![remote](https://example.invalid/x.png) ![local](/favicon.svg) "
        "![inline](data:image/png;base64,iVBORw0KGgo=)"
    )
    assert 'src="https://example.invalid/x.png"' in html
    assert 'src="/favicon.svg"' in html
    assert "data:" not in html
