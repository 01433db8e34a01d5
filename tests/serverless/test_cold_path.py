"""What a cold start loads: production settings leave the admin's and the ingestion endpoints'
modules (and drf_yasg's schema inspectors) to the first request that needs them, and those
requests still find their routes."""

import json
import os
import subprocess
import sys

from tests.serverless.conftest import ROOT

PROBE = """
import json, sys
import django
django.setup()
from django.urls import resolve, reverse

LAZY = ("catalog.admin", "accounts.admin", "django.contrib.auth.forms", "ingestion.urls",
        "ingestion.api", "ingestion.gms", "catalog.writer.segment", "ingestion.openlineage",
        "ingestion.admin", "drf_yasg.inspectors")
report = {"healthz": resolve("/healthz").url_name, "platforms": resolve("/api/v1/platforms/").url_name}
report["loaded_by_core_routes"] = sorted(m for m in LAZY if m in sys.modules)
report["ingest"] = resolve("/api/v1/ingest/").url_name
report["gms"] = resolve("/api/gms/aspects").url_name
from django.contrib import admin
from catalog.models import Dataset
report["admin"] = resolve("/admin/catalog/dataset/").url_name
report["dataset_admin_registered"] = admin.site.is_registered(Dataset)
report["admin_index"] = reverse("admin:index")
print(json.dumps(report))
"""


def test_production_cold_path_leaves_admin_and_ingestion_to_their_first_request(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MDT_"))},
        "DJANGO_SETTINGS_MODULE": "metadata_discovery.settings.production",
        "DJANGO_SECRET_KEY": "x" * 64,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cold.sqlite3'}",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "healthz": "healthz",
        "platforms": "platform-list",
        "loaded_by_core_routes": [],
        "ingest": "ingest",
        "gms": "gms-aspects",
        "admin": "catalog_dataset_changelist",
        "dataset_admin_registered": True,
        "admin_index": "/admin/",
    }
