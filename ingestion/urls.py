"""The ingestion app's endpoints: bulk ingest, OpenLineage, ingestion runs, DataHub's GMS subset.

Routed from ``metadata_discovery/urls.py`` through a resolver that imports this module when a
request first reaches it: their views pull in the bulk write path, the DataHub and OpenLineage
mappings and the recipe machinery, which the UI's and the API's other requests never use.
Paths are relative to ``/api/``.
"""

from django.urls import path

from ingestion import api as ingest_api
from ingestion import gms, openlineage_api, run_apis

urlpatterns = [
    path("v1/ingest/", ingest_api.IngestView.as_view(), name="ingest"),
    # OpenLineage: Marquez's path, without a slash; the slashed one is accepted too.
    path("v1/lineage", openlineage_api.OpenLineageView.as_view(), name="openlineage"),
    path("v1/lineage/", openlineage_api.OpenLineageSlashView.as_view(), name="openlineage-slash"),
    path("v1/ingestion-runs/", run_apis.IngestionRunListView.as_view(), name="ingestion-run-list"),
    path(
        "v1/ingestion-runs/<int:pk>/",
        run_apis.IngestionRunDetailView.as_view(),
        name="ingestion-run-detail",
    ),
    # DataHub's GMS REST subset for acryl-datahub's datahub-rest sink (server: <MDT>/api/gms).
    path("gms/config", gms.GmsConfigView.as_view(), name="gms-config"),
    path("gms/aspects", gms.GmsAspectsView.as_view(), name="gms-aspects"),
    path("gms/aspects/", gms.GmsAspectsView.as_view(), name="gms-aspects-slash"),  # datahub put
    path("gms/aspects/<path:urn>", gms.GmsAspectReadView.as_view(), name="gms-aspect"),
    path("gms/entitiesV2/<path:urn>", gms.GmsEntityReadView.as_view(), name="gms-entity"),
    path("gms/entities", gms.GmsEntitiesView.as_view(), name="gms-entities"),
]
