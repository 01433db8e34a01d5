"""Cross-app checks: the API schema, health endpoint, admin and production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import get_resolver
from rest_framework.test import APIClient

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_swagger_lists_every_api_operation_with_responses():
    schema = APIClient().get("/api/swagger.json").json()
    operations = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    expected = {
        ("POST", "/auth/token/"),
        ("POST", "/auth/token/refresh/"),
        ("POST", "/auth/token/verify/"),
        ("POST", "/auth/logout/"),
        ("POST", "/auth/password/"),
        ("POST", "/users/{username}/sign-out/"),
        ("POST", "/users/"),
        ("GET", "/users/{username}/"),
        ("PATCH", "/users/{username}/"),
        ("POST", "/users/{username}/password/"),
        ("GET", "/auth/me/"),
        ("POST", "/auth/session/"),
        ("POST", "/auth/session/refresh/"),
        ("POST", "/auth/session/logout/"),
        ("GET", "/platforms/"),
        ("GET", "/datasets/"),
        ("POST", "/datasets/"),
        ("GET", "/datasets/{urn}/"),
        ("PATCH", "/datasets/{urn}/"),
        ("DELETE", "/datasets/{urn}/"),
        ("GET", "/datasets/{urn}/schema/"),
        ("PATCH", "/datasets/{urn}/schema/"),
        ("GET", "/datasets/{urn}/owners/"),
        ("PUT", "/datasets/{urn}/owners/"),
        ("GET", "/datasets/{urn}/lineage/"),
        ("GET", "/datasets/{urn}/lineage/upstreams/"),
        ("POST", "/datasets/{urn}/lineage/upstreams/"),
        ("GET", "/datasets/{urn}/impact/"),
        ("GET", "/datasets/{urn}/history/"),
        ("GET", "/datasets/{urn}/schema/{field_path}/lineage/"),
        ("GET", "/datasets/{urn}/schema/diff/"),
        ("GET", "/browse/"),
        ("GET", "/tags/"),
        ("POST", "/tags/"),
        ("GET", "/glossary-terms/"),
        ("POST", "/glossary-terms/"),
        ("GET", "/domains/"),
        ("POST", "/domains/"),
        ("POST", "/markdown/preview/"),
        ("POST", "/ingest/"),
        ("GET", "/users/"),
        ("GET", "/groups/"),
        ("GET", "/service-tokens/"),
        ("POST", "/service-tokens/"),
        ("GET", "/service-tokens/{token_id}/"),
        ("POST", "/service-tokens/{token_id}/revoke/"),
        ("GET", "/search/"),
        ("GET", "/search/autocomplete/"),
        ("GET", "/ingestion-runs/"),
        ("GET", "/ingestion-runs/{id}/"),
        ("POST", "/lineage"),
        ("GET", "/tags/{name}/"),
        ("GET", "/glossary-terms/{name}/"),
        ("GET", "/glossary-nodes/"),
        ("GET", "/glossary-nodes/{name}/"),
        ("GET", "/schema-fields/"),
        ("GET", "/domains/{name}/"),
        ("GET", "/people/{username}/"),
        ("GET", "/groups/{name}/"),
        ("GET", "/containers/"),
        ("GET", "/containers/{urn}/"),
        ("GET", "/pipelines/"),
        ("GET", "/pipelines/{urn}/"),
        ("GET", "/jobs/"),
        ("GET", "/jobs/{urn}/"),
        ("GET", "/charts/"),
        ("GET", "/dashboards/"),
        ("GET", "/dashboards/{urn}/"),
        ("GET", "/charts/{urn}/"),
        ("GET", "/entities/"),
        ("GET", "/entities/autocomplete/"),
        ("GET", "/entities/history/"),
    }
    assert schema["basePath"] == "/api/v1"
    assert operations == expected
    assert "Bearer" in schema["securityDefinitions"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert (
                "200" in operation["responses"]
                or "201" in operation["responses"]
                or "204" in operation["responses"]
            ), (method, path)
            assert "400" in operation["responses"], (method, path)
            if method in {"post", "put", "patch"} and path not in {
                "/auth/token/refresh/",
                # the cookie endpoints take their token from the HttpOnly cookie, not a body
                "/auth/session/refresh/",
                "/auth/session/logout/",
                # revoking names the token in the path; there is nothing to send
                "/service-tokens/{token_id}/revoke/",
            }:
                assert any(p["in"] == "body" for p in operation.get("parameters", [])) or any(
                    p["in"] == "body" for p in item.get("parameters", [])
                ), (method, path)


@pytest.mark.django_db
def test_swagger_ui_and_redoc_are_public():
    client = APIClient()
    assert client.get("/api/docs/").status_code == 200
    assert client.get("/api/redoc/").status_code == 200


@pytest.mark.django_db
def test_healthz_checks_the_database():
    response = APIClient().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "search": "ok",
        "search_backend": "database",
    }


def test_healthz_reports_a_database_outage(monkeypatch):
    from django.db import connection  # pylint: disable=import-outside-toplevel
    from django.db.utils import OperationalError  # pylint: disable=import-outside-toplevel

    def broken_cursor(*args, **kwargs):
        raise OperationalError("down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = APIClient().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_admin_login_page_is_served():
    assert APIClient().get("/admin/login/").status_code == 200


def test_api_urls_are_all_versioned():
    top = {str(p.pattern) for p in get_resolver().url_patterns}
    assert "api/v1/" in top


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "metadata_discovery.settings.production",
    "DJANGO_SECRET_KEY": "x" * 64 + "production-like-secret-from-the-environment",
    "DJANGO_ALLOWED_HOSTS": "abc123.execute-api.eu-west-1.amazonaws.com,mdt.example.com",
    "DATABASE_URL": "postgres://mdt@127.0.0.1:5432/mdt_prod_check",
}


def test_production_settings_pass_check_deploy():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_refuse_the_demo_catalog():
    result = _manage("load_demo_catalog", "--datasets", "1", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "demo" in (result.stdout + result.stderr).lower()


@pytest.mark.django_db
def test_admin_pages_render_for_staff(admin_user):
    # pylint: disable=import-outside-toplevel
    from catalog.tests.factories import make_dataset
    from ingestion.models import IngestionRun

    dataset = make_dataset("admin.check", owners=("aberger",))
    run = IngestionRun.objects.create(recipe_name="warehouse", source_type="postgres")
    client = APIClient()
    client.force_login(admin_user)
    for path in (
        "/admin/",
        "/admin/catalog/dataset/",
        f"/admin/catalog/dataset/{dataset.id}/change/",
        "/admin/catalog/changeevent/",
        "/admin/ingestion/ingestionrun/",
        f"/admin/ingestion/ingestionrun/{run.id}/change/",
        "/admin/accounts/user/",
        "/admin/accounts/group/",
    ):
        assert client.get(path).status_code == 200, path
