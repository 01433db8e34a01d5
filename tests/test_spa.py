"""The web UI served by Django: deep links fall back to index.html, hashed assets are cached for
good with the right content type, and the API, admin and health check are never swallowed."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import gzip

import pytest
from django.test import Client

INDEX = b"<!doctype html><div id='root'></div>"


@pytest.fixture
def dist(tmp_path, settings):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_bytes(INDEX)
    (tmp_path / "assets" / "index-AbC123.js").write_text("console.log('mdt')")
    (tmp_path / "assets" / "index-AbC123.css").write_text("body{margin:0}")
    (tmp_path / "assets" / "logo-9f8e.svg").write_text("<svg/>")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    settings.FRONTEND_DIST = tmp_path
    return tmp_path


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/login",
        "/search?q=customer&platform=hive",
        "/browse/hdfs/data",
        "/dataset/urn%3Ali%3Adataset%3A(urn%3Ali%3AdataPlatform%3Ahdfs%2C%2Fdata%2Fx%2CPROD)",
        "/dataset/urn%3Ali%3Adataset%3A(urn%3Ali%3AdataPlatform%3Ahive%2Cdb.t%2CPROD)/lineage",
    ],
)
def test_client_routes_get_index_html_without_caching(dist, path):
    del dist
    response = Client().get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["Cache-Control"] == "no-cache"
    assert body(response) == INDEX


@pytest.mark.parametrize(
    "name, content_type",
    [
        ("index-AbC123.js", "text/javascript"),
        ("index-AbC123.css", "text/css"),
        ("logo-9f8e.svg", "image/svg+xml"),
    ],
)
def test_hashed_assets_have_their_content_type_and_cache_forever(dist, name, content_type):
    response = Client().get(f"/assets/{name}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == (dist / "assets" / name).read_bytes()


def test_precompressed_assets_are_served_to_browsers_that_accept_gzip(dist):
    js = dist / "assets" / "index-AbC123.js"
    (dist / "assets" / "index-AbC123.js.gz").write_bytes(gzip.compress(js.read_bytes()))
    response = Client().get("/assets/index-AbC123.js", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Type"].startswith("text/javascript")
    assert gzip.decompress(body(response)) == js.read_bytes()
    plain = Client().get("/assets/index-AbC123.js")
    assert "Content-Encoding" not in plain
    assert body(plain) == js.read_bytes()


def test_unhashed_root_files_are_revalidated(dist):
    del dist
    response = Client().get("/favicon.svg")
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Cache-Control"] == "no-cache"


def test_a_missing_asset_is_a_404_not_the_html_shell(dist):
    del dist
    assert Client().get("/assets/index-old.js").status_code == 404


def test_path_traversal_falls_back_to_index(dist):
    del dist
    response = Client().get("/..%2F..%2Fpyproject.toml")
    assert response.status_code == 200
    assert body(response) == INDEX


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, status, content_type",
    [
        ("/api/v1/nope/", 404, "application/json"),
        ("/api/v1/datasets/", 401, "application/json"),
        ("/api/swagger.json", 200, "application/json"),
        ("/healthz", 200, "application/json"),
        ("/admin/login/", 200, "text/html"),
    ],
)
def test_api_admin_and_health_are_not_swallowed(dist, path, status, content_type):
    del dist
    response = Client().get(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith(content_type)
    assert b"id='root'" not in response.content


def test_writes_to_client_routes_are_refused(dist):
    del dist
    assert Client().post("/search").status_code == 405


def test_without_a_build_the_page_says_how_to_build_it(settings, tmp_path):
    settings.FRONTEND_DIST = tmp_path / "missing"
    response = Client().get("/dataset/x")
    assert response.status_code == 503
    assert b"bin/mdt run" in response.content
