"""Catalog endpoints. Each view validates with a serializer, calls one selector or service and
serializes the result; rules live in services and selectors."""

from drf_yasg import openapi
from drf_yasg.utils import swagger_auto_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import entity_services, selectors, services
from catalog.entity_serializers import DomainSerializer, GlossaryTermSerializer, TagSerializer
from catalog.markdown import render_markdown
from catalog.permissions import CanEditCatalog, CanEditDataset
from catalog.urns import parse_dataset_urn
from catalog.serializers import (
    BrowseGroupSerializer,
    BrowseQuerySerializer,
    BrowseSerializer,
    ChangeEventSerializer,
    DatasetCreateSerializer,
    DatasetDetailSerializer,
    DatasetListQuerySerializer,
    DatasetSummarySerializer,
    DatasetUpdateSerializer,
    HistoryQuerySerializer,
    MarkdownHtmlSerializer,
    MarkdownPreviewSerializer,
    NameQuerySerializer,
    OwnerSerializer,
    OwnersUpdateSerializer,
    PlatformSerializer,
    SchemaEditSerializer,
    SchemaFieldSerializer,
)
from core.rest import StrictLimitOffsetPagination
from core.etags import etag, if_match_version
from core.schema import Page

URN_PARAM = openapi.Parameter(
    "urn",
    openapi.IN_PATH,
    type=openapi.TYPE_STRING,
    required=True,
    description="Dataset URN, percent-encoded (slashes of HDFS paths as %2F), e.g. "
    "urn%3Ali%3Adataset%3A(urn%3Ali%3AdataPlatform%3Ahive%2Cdb.table%2CPROD)",
)


class PlatformListView(generics.ListAPIView):
    serializer_class = PlatformSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.platform_list()

    @swagger_auto_schema(
        operation_summary="Data platforms with their dataset counts", tags=["catalog"]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class DatasetListCreateView(APIView):
    permission_classes = [CanEditCatalog]

    @swagger_auto_schema(
        operation_summary="List datasets",
        query_serializer=DatasetListQuerySerializer,
        responses={200: Page(DatasetSummarySerializer)},
        tags=["datasets"],
    )
    def get(self, request):
        params = DatasetListQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = selectors.DatasetFilters(
            **{
                key: data.get(key, ())
                for key in (
                    "platform",
                    "origin",
                    "tag",
                    "owner",
                    "domain",
                    "status",
                    "term",
                    "container",
                )
            },
            name=data.get("name", ""),
        )
        datasets = selectors.dataset_list(filters=filters, ordering=data["ordering"])
        paginator = StrictLimitOffsetPagination()
        page = paginator.paginate_queryset(datasets, request, view=self)
        return paginator.get_paginated_response(DatasetSummarySerializer(page, many=True).data)

    @swagger_auto_schema(
        operation_summary="Register a dataset (editors and admins)",
        request_body=DatasetCreateSerializer,
        responses={201: DatasetDetailSerializer, 409: "Already exists"},
        tags=["datasets"],
    )
    def post(self, request):
        serializer = DatasetCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actor = services.actor_of(request.user)
        result = services.dataset_create(
            item=serializer.to_item(), actor=actor, docs=serializer.validated_data.get("docs", "")
        )
        dataset = selectors.dataset_get(urn=result.dataset.urn)
        return Response(DatasetDetailSerializer(dataset).data, status=status.HTTP_201_CREATED)


IF_MATCH_PARAM = openapi.Parameter(
    "If-Match",
    openapi.IN_HEADER,
    type=openapi.TYPE_STRING,
    required=False,
    description='The ETag of the dataset version the edit was made on, e.g. "12" (every read '
    "of a dataset, its schema or its owners returns it). Another current version: 412 and "
    "nothing is written. Without it the edit applies to whatever is current.",
)
STALE = "The dataset changed since the If-Match version: nothing was written"


def _tagged(response: Response, version: int) -> Response:
    response["ETag"] = etag(version)
    return response


class _DatasetView(APIView):
    permission_classes = [CanEditDataset]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Before the method is looked up: a path that is no dataset URN (the catch-all route
        # takes any) is a 400 saying why, whatever the method, not a 405 of the detail view.
        parse_dataset_urn(kwargs["urn"])

    def get_dataset(self, urn: str, *, full: bool = False):
        dataset = selectors.dataset_get(urn=urn) if full else selectors.dataset_get_basic(urn=urn)
        self.check_object_permissions(self.request, dataset)
        return dataset


class DatasetDetailView(_DatasetView):
    @swagger_auto_schema(
        operation_summary="A dataset with schema, owners, tags, terms, lineage and health",
        manual_parameters=[URN_PARAM],
        responses={200: DatasetDetailSerializer},
        tags=["datasets"],
    )
    def get(self, request, urn: str):
        dataset = self.get_dataset(urn, full=True)
        return _tagged(Response(DatasetDetailSerializer(dataset).data), dataset.version)

    @swagger_auto_schema(
        operation_summary="Edit docs, status, domain, tags or glossary terms",
        operation_description="Editors, admins and the dataset's owners. Only the editable side "
        "changes; what ingestion wrote stays as it was.",
        manual_parameters=[URN_PARAM, IF_MATCH_PARAM],
        request_body=DatasetUpdateSerializer,
        responses={200: DatasetDetailSerializer, 412: STALE},
        tags=["datasets"],
    )
    def patch(self, request, urn: str):
        self.get_dataset(urn)
        serializer = DatasetUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.dataset_update(
            urn=urn,
            actor=services.actor_of(request.user),
            expected_version=if_match_version(request),
            **serializer.validated_data,
        )
        dataset = selectors.dataset_get(urn=urn)
        return _tagged(Response(DatasetDetailSerializer(dataset).data), dataset.version)

    @swagger_auto_schema(
        operation_summary="Remove a dataset (soft delete; history is kept)",
        manual_parameters=[URN_PARAM, IF_MATCH_PARAM],
        responses={204: "Removed", 412: STALE},
        tags=["datasets"],
    )
    def delete(self, request, urn: str):
        self.get_dataset(urn)
        services.dataset_remove(
            urn=urn,
            actor=services.actor_of(request.user),
            expected_version=if_match_version(request),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class DatasetSchemaView(_DatasetView):
    @swagger_auto_schema(
        operation_summary="A dataset's schema fields",
        manual_parameters=[URN_PARAM],
        responses={200: SchemaFieldSerializer(many=True)},
        tags=["datasets"],
    )
    def get(self, request, urn: str):
        dataset = self.get_dataset(urn, full=True)
        body = SchemaFieldSerializer(dataset.fields.all(), many=True).data
        return _tagged(Response(body), dataset.version)

    @swagger_auto_schema(
        operation_summary="Edit field descriptions, tags, glossary terms or classification",
        manual_parameters=[URN_PARAM, IF_MATCH_PARAM],
        request_body=SchemaEditSerializer,
        responses={200: SchemaFieldSerializer(many=True), 412: STALE},
        tags=["datasets"],
    )
    def patch(self, request, urn: str):
        self.get_dataset(urn)
        serializer = SchemaEditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.dataset_schema_edit(
            urn=urn,
            edits=serializer.to_edits(),
            actor=services.actor_of(request.user),
            expected_version=if_match_version(request),
        )
        dataset = selectors.dataset_get(urn=urn)
        body = SchemaFieldSerializer(dataset.fields.all(), many=True).data
        return _tagged(Response(body), dataset.version)


class DatasetOwnersView(_DatasetView):
    @swagger_auto_schema(
        operation_summary="A dataset's owners (ingested and edited)",
        manual_parameters=[URN_PARAM],
        responses={200: OwnerSerializer(many=True)},
        tags=["datasets"],
    )
    def get(self, request, urn: str):
        dataset = self.get_dataset(urn, full=True)
        body = OwnerSerializer(dataset.ownerships.all(), many=True).data
        return _tagged(Response(body), dataset.version)

    @swagger_auto_schema(
        operation_summary="Replace the owners assigned in MDT",
        operation_description="Ingested owners are not affected.",
        manual_parameters=[URN_PARAM, IF_MATCH_PARAM],
        request_body=OwnersUpdateSerializer,
        responses={200: OwnerSerializer(many=True), 412: STALE},
        tags=["datasets"],
    )
    def put(self, request, urn: str):
        self.get_dataset(urn)
        serializer = OwnersUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.dataset_owners_set(
            urn=urn,
            owners=serializer.to_specs(),
            actor=services.actor_of(request.user),
            expected_version=if_match_version(request),
        )
        dataset = selectors.dataset_get(urn=urn)
        body = OwnerSerializer(dataset.ownerships.all(), many=True).data
        return _tagged(Response(body), dataset.version)


class DatasetHistoryView(_DatasetView):
    @swagger_auto_schema(
        operation_summary="Who changed what in a dataset, newest first, with before/after",
        manual_parameters=[URN_PARAM],
        query_serializer=HistoryQuerySerializer,
        responses={200: Page(ChangeEventSerializer)},
        tags=["datasets"],
    )
    def get(self, request, urn: str):
        params = HistoryQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        dataset = self.get_dataset(urn)
        events = selectors.dataset_history(
            dataset=dataset, aspect=params.validated_data.get("aspect", "")
        )
        paginator = StrictLimitOffsetPagination()
        page = paginator.paginate_queryset(events, request, view=self)
        return paginator.get_paginated_response(ChangeEventSerializer(page, many=True).data)


class BrowseView(APIView):
    @swagger_auto_schema(
        operation_summary="Walk the browse tree: child paths with counts, datasets at the path",
        query_serializer=BrowseQuerySerializer,
        responses={200: BrowseSerializer},
        tags=["catalog"],
    )
    def get(self, request):
        params = BrowseQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        result = selectors.browse(path=params.validated_data["path"])
        paginator = StrictLimitOffsetPagination()
        page = paginator.paginate_queryset(result.datasets, request, view=self)
        return Response(
            {
                "path": result.path,
                "groups": BrowseGroupSerializer(result.groups, many=True).data,
                "datasets": paginator.get_paginated_response(
                    DatasetSummarySerializer(page, many=True).data
                ).data,
            }
        )


class _NamedListCreateView(generics.ListCreateAPIView):
    """List with ``?q=`` for pickers; create for editors and admins."""

    permission_classes = [CanEditCatalog]
    selector = staticmethod(selectors.tag_list)
    creator = staticmethod(entity_services.tag_create)

    def get_queryset(self):
        params = NameQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return self.selector(query=params.validated_data.get("q", ""))

    def perform_create(self, serializer):
        serializer.instance = self.creator(
            actor=services.actor_of(self.request.user), **serializer.validated_data
        )


class TagListCreateView(_NamedListCreateView):
    serializer_class = TagSerializer
    selector = staticmethod(selectors.tag_list)
    creator = staticmethod(entity_services.tag_create)

    @swagger_auto_schema(
        operation_summary="Tags with dataset counts",
        query_serializer=NameQuerySerializer,
        tags=["catalog"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @swagger_auto_schema(
        operation_summary="Create a tag",
        responses={409: "It exists already"},
        tags=["catalog"],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class GlossaryTermListCreateView(_NamedListCreateView):
    serializer_class = GlossaryTermSerializer
    selector = staticmethod(selectors.glossary_term_list)
    creator = staticmethod(entity_services.glossary_term_create)

    @swagger_auto_schema(
        operation_summary="Glossary terms with dataset counts",
        query_serializer=NameQuerySerializer,
        tags=["catalog"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @swagger_auto_schema(
        operation_summary="Create a glossary term",
        responses={409: "It exists already"},
        tags=["catalog"],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class DomainListCreateView(_NamedListCreateView):
    serializer_class = DomainSerializer
    selector = staticmethod(selectors.domain_list)
    creator = staticmethod(entity_services.domain_create)

    @swagger_auto_schema(
        operation_summary="Domains with dataset counts",
        query_serializer=NameQuerySerializer,
        tags=["catalog"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @swagger_auto_schema(
        operation_summary="Create a domain",
        responses={409: "It exists already"},
        tags=["catalog"],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class MarkdownPreviewView(APIView):
    """The docs editor's preview, rendered by the function that renders a dataset's saved
    ``docs_html``, so the preview and the saved view cannot disagree. It writes nothing, so it
    is not counted against the write rate limit: the editor calls it as the author types."""

    throttle_classes: list = []

    @swagger_auto_schema(
        operation_summary="Render markdown as a dataset's docs are rendered (docs preview)",
        request_body=MarkdownPreviewSerializer,
        responses={200: MarkdownHtmlSerializer},
        tags=["catalog"],
    )
    def post(self, request):
        serializer = MarkdownPreviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        html = render_markdown(serializer.validated_data["text"])
        return Response(MarkdownHtmlSerializer({"html": html}).data)
