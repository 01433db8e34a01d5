"""schemathesis, run for real against a live MDT, over every operation the Swagger document lists.

It generates requests from the document, valid and invalid, and checks every answer: no 5xx, a
status code the document lists, the content type it lists and a body its schema admits. When it
finds something, fix the API or the schema where it lies, never the check (the one departure
from schemathesis's own checks, a 204 without a Content-Type, is argued in
tests/schemathesis_hooks.py). The examples per
operation are bounded (``MAX_EXAMPLES``) and the seed fixed, so a run is repeatable and short;
``MDT_SCHEMATHESIS_EXAMPLES`` raises the bound for a longer hunt.

The caller is an admin (every operation is open to it) on a small catalog, so a dataset page or a
lineage graph has something to answer with; tests/schemathesis_hooks.py keeps it signed in. The
rate limits are raised out of the way, since a 429 would hide what the operation does.
"""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import Role
from accounts.tests.factories import GroupFactory, UserFactory
from catalog.tests.factories import DomainFactory, make_dataset, make_urn
from tests.tools import ROOT, tool

MAX_EXAMPLES = int(os.environ.get("MDT_SCHEMATHESIS_EXAMPLES", "12"))
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_of_content",  # content_type_conformance, but a 204 has no type: see the hooks
    "response_schema_conformance",
)
OPERATIONS = {"get", "post", "put", "patch", "delete"}
CALLER, OTHER = "st-caller-4q7", "st-other"


@pytest.fixture
def catalog(settings):
    settings.MDT_RATE_LIMITS = {scope: "1000000/60" for scope in settings.MDT_RATE_LIMITS}
    DomainFactory(name="sales")
    GroupFactory(name="analytics")
    make_dataset("raw.orders", domain="sales", owners=("urn:li:corpGroup:analytics",))
    make_dataset("shop.orders", upstreams=(make_urn("raw.orders"),), description="Orders.")
    make_dataset("web.pageviews", platform="kafka")
    UserFactory(username=OTHER, role=Role.EDITOR)
    return UserFactory(username=CALLER, role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("platforms_seeded")
def test_schemathesis_finds_no_failure_in_any_operation(live_server, catalog, tmp_path: Path):
    report = tmp_path / "report.xml"
    run = subprocess.run(
        [
            str(tool("schemathesis", "st")),
            "run",
            f"{live_server.url}/api/swagger.json",
            "--url",
            f"{live_server.url}/api/v1",
            "--header",
            f"Authorization: Bearer {AccessToken.for_user(catalog)}",
            "--checks",
            ",".join(CHECKS),
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--seed",
            "15",
            "--workers",
            # In-memory SQLite is one connection the live server's threads share: one at a time.
            "4" if connection.vendor == "postgresql" else "1",
            "--no-color",
            "--report",
            "junit",
            "--report-junit-path",
            str(report),
        ],
        env={
            **os.environ,
            "HOME": str(tmp_path),
            "PYTHONPATH": str(ROOT),
            "SCHEMATHESIS_HOOKS": "tests.schemathesis_hooks",
            "MDT_SCHEMATHESIS_CALLER": CALLER,
            "MDT_SCHEMATHESIS_OTHER": OTHER,
        },
        cwd=tmp_path,  # its cache (.schemathesis/) stays out of the repository
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    failures = run.stdout.split("=== FAILURES ===")[-1].split("=== WARNINGS ===")[0]
    assert run.returncode == 0, failures[:20000] + run.stderr[-3000:]
    assert report.exists()
    # Every operation ran: one the document lists but schemathesis skipped is not tested.
    document = APIClient().get("/api/swagger.json").json()
    operations = sum(method in OPERATIONS for path in document["paths"].values() for method in path)
    tested = report.read_text().count("<testcase ")
    assert tested == operations > 40, f"{tested} of {operations} operations tested"
