"""Moving the ingestion models out of ``catalog`` keeps a database made at the commit before.

The database is taken back to catalog's last migration before the move (ingestion's are
unapplied), filled through that state's historical models as that code would have left it,
content types and a granted permission included, then migrated forward and read back through
the ingestion app's models.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.tests.factories import UserFactory
from ingestion.models import IngestionRun, IngestionRunStatus, IngestionSighting

MOVE = ("catalog", "0006_ingestion_models_move_out")
MODELS = ("ingestionrun", "ingestionsighting")


def _before_move() -> list:
    """Catalog's migration just before the move, whatever its number after later merges."""
    graph = MigrationExecutor(connection).loader.graph
    return [parent.key for parent in graph.node_map[MOVE].parents if parent.key[0] == "catalog"]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _latest() -> list:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _old_catalog(apps, user_id: int) -> dict:
    """Rows as catalog's models wrote them, and the content types main's post_migrate made."""
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    # Whatever this test database made for them (post_migrate, then the relabelling undone).
    content_type.objects.filter(model__in=MODELS).delete()
    run_type = content_type.objects.create(app_label="catalog", model="ingestionrun")
    content_type.objects.create(app_label="catalog", model="ingestionsighting")
    view = permission.objects.create(
        content_type=run_type, codename="view_ingestionrun", name="Can view ingestion run"
    )
    apps.get_model("accounts", "User").objects.get(pk=user_id).user_permissions.add(view)
    run_model = apps.get_model("catalog", "IngestionRun")
    sighting_model = apps.get_model("catalog", "IngestionSighting")
    finished = run_model.objects.create(
        recipe_name="warehouse",
        source_type="postgres",
        status="partial",
        created=3,
        failed=1,
        errors=[{"unit": "db.public.t", "code": "source_error", "message": "boom"}],
        summary={"stale": 1, "known": 4, "share": 0.25, "removal": "skipped: errors"},
        finished_at=datetime.datetime(2026, 11, 30, 1, 5, tzinfo=datetime.timezone.utc),
    )
    chunked = run_model.objects.create(
        recipe_name="warehouse",
        source_type="postgres",
        cursor={"after": "db.public.m", "invocations": 2},
    )
    seen = datetime.datetime(2026, 11, 30, 1, 0, tzinfo=datetime.timezone.utc)
    sighting_model.objects.create(
        recipe_name="warehouse",
        urn="urn:li:dataset:(urn:li:dataPlatform:postgres,db.public.a,PROD)",
        last_run=finished,
        first_seen_at=seen,
        last_seen_at=seen,
    )
    sighting_model.objects.create(
        recipe_name="warehouse",
        urn="urn:li:dataset:(urn:li:dataPlatform:postgres,db.public.b,PROD)",
        last_run=None,
        first_seen_at=seen,
        last_seen_at=seen,
        removed=True,
    )
    return {"finished": finished.pk, "chunked": chunked.pk, "run_type": run_type.pk}


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("platforms_reseeded")
def test_rows_written_before_the_move_are_read_by_the_ingestion_app():
    user = UserFactory(username="auditor")
    try:
        before = _before_move()
        old = _migrate(before).loader.project_state(before).apps
        ids = _old_catalog(old, user.pk)
        _migrate(_latest())

        finished = IngestionRun.objects.get(pk=ids["finished"])
        assert (finished.status, finished.created, finished.failed) == (
            IngestionRunStatus.PARTIAL,
            3,
            1,
        )
        assert finished.errors[0]["message"] == "boom"
        assert finished.summary["removal"] == "skipped: errors"
        assert finished.duration_seconds is not None
        chunked = IngestionRun.objects.get(pk=ids["chunked"])
        assert chunked.status == IngestionRunStatus.RUNNING
        assert chunked.cursor == {"after": "db.public.m", "invocations": 2}
        sightings = IngestionSighting.objects.order_by("urn")
        assert [(s.last_run_id, s.removed) for s in sightings] == [
            (ids["finished"], False),
            (None, True),
        ]
        # The same content type rows, relabelled: permissions and their grants survive. The
        # manager's cache may hold a row an earlier test flushed away: read the table itself.
        ContentType.objects.clear_cache()
        assert ContentType.objects.get(pk=ids["run_type"]).app_label == "ingestion"
        assert ContentType.objects.get_for_model(IngestionRun).pk == ids["run_type"]
        assert not ContentType.objects.filter(app_label="catalog", model__in=MODELS).exists()
        ContentType.objects.clear_cache()
        user.refresh_from_db()
        assert user.has_perm("ingestion.view_ingestionrun")
        assert Permission.objects.get(codename="view_ingestionrun").content_type_id == (
            ids["run_type"]
        )
        # New rows go on in the same tables (their sequences were not reset).
        assert IngestionRun.objects.create(recipe_name="next", source_type="sqlite").pk > max(
            ids["finished"], ids["chunked"]
        )
    finally:
        _migrate(_latest())
        ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("platforms_reseeded")
def test_the_move_unapplies_back_to_catalog_models():
    try:
        _migrate(_latest())
        IngestionRun.objects.create(recipe_name="back", source_type="sqlite")
        before = _before_move()
        old = _migrate(before).loader.project_state(before).apps
        assert old.get_model("catalog", "IngestionRun").objects.get().recipe_name == "back"
    finally:
        _migrate(_latest())
        ContentType.objects.clear_cache()
