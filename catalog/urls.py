"""Dataset URNs travel percent-encoded in the path; the server decodes them, so an HDFS URN
arrives with real slashes. The patterns therefore anchor on the URN's closing parenthesis."""

from django.urls import path, re_path

from catalog import apis

_URN = r"(?P<urn>urn:li:dataset:\(.+\))"

urlpatterns = [
    path("platforms/", apis.PlatformListView.as_view(), name="platform-list"),
    path("datasets/", apis.DatasetListCreateView.as_view(), name="dataset-list"),
    re_path(rf"^datasets/{_URN}/schema/$", apis.DatasetSchemaView.as_view(), name="dataset-schema"),
    re_path(rf"^datasets/{_URN}/owners/$", apis.DatasetOwnersView.as_view(), name="dataset-owners"),
    re_path(
        rf"^datasets/{_URN}/lineage/$", apis.DatasetLineageView.as_view(), name="dataset-lineage"
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
    path("markdown/preview/", apis.MarkdownPreviewView.as_view(), name="markdown-preview"),
    # ingest/, lineage and ingestion-runs/ belong to the ingestion app (ingestion/urls.py),
    # imported only when a request needs them (their modules are heavy; see that module).
]
