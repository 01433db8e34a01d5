"""Dataset URNs travel percent-encoded in the path; the server decodes them, so an HDFS URN
arrives with real slashes. The patterns therefore anchor on the URN's closing parenthesis."""

from django.urls import path, re_path

from catalog import apis, column_apis, entity_apis, lineage_apis

_URN = r"(?P<urn>urn:li:dataset:\(.+\))"

urlpatterns = [
    path("platforms/", apis.PlatformListView.as_view(), name="platform-list"),
    path("datasets/", apis.DatasetListCreateView.as_view(), name="dataset-list"),
    re_path(rf"^datasets/{_URN}/schema/$", apis.DatasetSchemaView.as_view(), name="dataset-schema"),
    # Column lineage and schema diff: before the catch-all, which would take them for URNs, and
    # before lineage/, which would take a field path ending in ")" for the end of a URN. A
    # field path may hold anything (dots, brackets, "=", slashes) up to the final /lineage/.
    re_path(
        rf"^datasets/{_URN}/schema/diff/$",
        column_apis.SchemaDiffView.as_view(),
        name="dataset-schema-diff",
    ),
    re_path(
        rf"^datasets/{_URN}/schema/(?P<field_path>.+)/lineage/$",
        column_apis.ColumnLineageView.as_view(),
        name="dataset-column-lineage",
    ),
    re_path(rf"^datasets/{_URN}/owners/$", apis.DatasetOwnersView.as_view(), name="dataset-owners"),
    re_path(
        rf"^datasets/{_URN}/lineage/$",
        lineage_apis.DatasetLineageView.as_view(),
        name="dataset-lineage",
    ),
    re_path(
        rf"^datasets/{_URN}/lineage/upstreams/$",
        lineage_apis.DatasetUpstreamsView.as_view(),
        name="dataset-upstreams",
    ),
    re_path(
        rf"^datasets/{_URN}/impact/$",
        lineage_apis.DatasetImpactView.as_view(),
        name="dataset-impact",
    ),
    re_path(
        rf"^datasets/{_URN}/history/$", apis.DatasetHistoryView.as_view(), name="dataset-history"
    ),
    # Anything else under datasets/ is taken as a URN, so a malformed one gets a 400 saying why.
    re_path(r"^datasets/(?P<urn>.+)/$", apis.DatasetDetailView.as_view(), name="dataset-detail"),
    path("browse/", apis.BrowseView.as_view(), name="browse"),
    path("tags/", apis.TagListCreateView.as_view(), name="tag-list"),
    path("glossary-terms/", apis.GlossaryTermListCreateView.as_view(), name="glossary-term-list"),
    path("domains/", apis.DomainListCreateView.as_view(), name="domain-list"),
    # The entities around datasets. Names and URNs may hold slashes once decoded: the patterns
    # take everything up to the final slash.
    re_path(r"^tags/(?P<name>.+)/$", entity_apis.TagDetailView.as_view(), name="tag-detail"),
    re_path(
        r"^glossary-terms/(?P<name>.+)/$",
        entity_apis.GlossaryTermDetailView.as_view(),
        name="glossary-term-detail",
    ),
    path("glossary-nodes/", entity_apis.GlossaryNodeListView.as_view(), name="glossary-node-list"),
    re_path(
        r"^glossary-nodes/(?P<name>.+)/$",
        entity_apis.GlossaryNodeDetailView.as_view(),
        name="glossary-node-detail",
    ),
    path("schema-fields/", entity_apis.SchemaFieldListView.as_view(), name="schema-field-list"),
    re_path(
        r"^domains/(?P<name>.+)/$", entity_apis.DomainDetailView.as_view(), name="domain-detail"
    ),
    path("people/<str:username>/", entity_apis.PersonDetailView.as_view(), name="person-detail"),
    path("groups/<str:name>/", entity_apis.GroupDetailView.as_view(), name="group-detail"),
    path("containers/", entity_apis.ContainerListView.as_view(), name="container-list"),
    re_path(
        r"^containers/(?P<urn>.+)/$",
        entity_apis.ContainerDetailView.as_view(),
        name="container-detail",
    ),
    path("pipelines/", entity_apis.FlowListView.as_view(), name="pipeline-list"),
    re_path(
        r"^pipelines/(?P<urn>.+)/$", entity_apis.FlowDetailView.as_view(), name="pipeline-detail"
    ),
    path("jobs/", entity_apis.JobListView.as_view(), name="job-list"),
    re_path(r"^jobs/(?P<urn>.+)/$", entity_apis.JobDetailView.as_view(), name="job-detail"),
    path("dashboards/", entity_apis.DashboardListView.as_view(), name="dashboard-list"),
    re_path(
        r"^dashboards/(?P<urn>.+)/$",
        entity_apis.DashboardDetailView.as_view(),
        name="dashboard-detail",
    ),
    path("charts/", entity_apis.ChartListView.as_view(), name="chart-list"),
    re_path(r"^charts/(?P<urn>.+)/$", entity_apis.ChartDetailView.as_view(), name="chart-detail"),
    path("entities/history/", entity_apis.EntityHistoryView.as_view(), name="entity-history"),
    path("markdown/preview/", apis.MarkdownPreviewView.as_view(), name="markdown-preview"),
    # ingest/, lineage and ingestion-runs/ belong to the ingestion app (ingestion/urls.py),
    # imported only when a request needs them (their modules are heavy; see that module).
]
