"""The entity pages' endpoints: one read each, for every signed-in reader. Each validates its
parameters, calls one selector and serializes; a name or URN the catalog lacks is a 404."""

from drf_yasg.utils import swagger_auto_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import entity_selectors as selectors
from catalog.entity_serializers import (
    ChartDetailSerializer,
    ChartSerializer,
    ContainerDetailSerializer,
    ContainerListQuerySerializer,
    ContainerSerializer,
    DashboardDetailSerializer,
    DashboardSerializer,
    DomainDetailSerializer,
    EntityChangeSerializer,
    FieldsQuerySerializer,
    FlowDetailSerializer,
    FlowListQuerySerializer,
    FlowSerializer,
    GlossaryNodeDetailSerializer,
    GlossaryNodeSerializer,
    GlossaryTermDetailSerializer,
    GroupDetailSerializer,
    EntityHistoryQuerySerializer,
    JobDetailSerializer,
    JobListItemSerializer,
    JobListQuerySerializer,
    PersonSerializer,
    SchemaFieldRowSerializer,
    TagDetailSerializer,
)
from core.rest import StrictLimitOffsetPagination
from core.schema import Page

_TAGS = ["entities"]


def _paged(view: APIView, request, queryset, serializer_class) -> Response:
    paginator = StrictLimitOffsetPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


def _params(serializer_class, request) -> dict:
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data


class TagDetailView(APIView):
    @swagger_auto_schema(
        operation_summary="A tag: description, colour, how many datasets and fields carry it",
        responses={200: TagDetailSerializer, 404: "No such tag"},
        tags=_TAGS,
    )
    def get(self, request, name: str):
        return Response(TagDetailSerializer(selectors.tag_get(name=name)).data)


class GlossaryTermDetailView(APIView):
    @swagger_auto_schema(
        operation_summary="A glossary term: definition, term group path, related terms, owners",
        responses={200: GlossaryTermDetailSerializer, 404: "No such term"},
        tags=_TAGS,
    )
    def get(self, request, name: str):
        return Response(GlossaryTermDetailSerializer(selectors.glossary_term_get(name=name)).data)


class GlossaryNodeListView(APIView):
    @swagger_auto_schema(
        operation_summary="Every term group, with its parent and its terms' and groups' counts",
        responses={200: GlossaryNodeSerializer(many=True)},
        tags=_TAGS,
    )
    def get(self, request):
        return Response(GlossaryNodeSerializer(selectors.glossary_node_list(), many=True).data)


class GlossaryNodeDetailView(APIView):
    @swagger_auto_schema(
        operation_summary="A term group: its path, groups and terms",
        responses={200: GlossaryNodeDetailSerializer, 404: "No such term group"},
        tags=_TAGS,
    )
    def get(self, request, name: str):
        return Response(GlossaryNodeDetailSerializer(selectors.glossary_node_get(name=name)).data)


class SchemaFieldListView(APIView):
    @swagger_auto_schema(
        operation_summary="The fields that carry a tag or a glossary term, with their datasets",
        query_serializer=FieldsQuerySerializer,
        responses={200: Page(SchemaFieldRowSerializer)},
        tags=_TAGS,
    )
    def get(self, request):
        data = _params(FieldsQuerySerializer, request)
        fields = selectors.schema_fields_with(tag=data.get("tag", ""), term=data.get("term", ""))
        return _paged(self, request, fields, SchemaFieldRowSerializer)


class DomainDetailView(APIView):
    @swagger_auto_schema(
        operation_summary="A domain: description, owners, dataset count",
        responses={200: DomainDetailSerializer, 404: "No such domain"},
        tags=_TAGS,
    )
    def get(self, request, name: str):
        return Response(DomainDetailSerializer(selectors.domain_get(name=name)).data)


class PersonDetailView(APIView):
    @swagger_auto_schema(
        operation_summary="A person: profile, groups, what they and their groups own",
        responses={200: PersonSerializer, 404: "No such person"},
        tags=_TAGS,
    )
    def get(self, request, username: str):
        return Response(PersonSerializer(selectors.person_get(username=username)).data)


class GroupDetailView(APIView):
    @swagger_auto_schema(
        operation_summary="A group: members and what it owns",
        responses={200: GroupDetailSerializer, 404: "No such group"},
        tags=_TAGS,
    )
    def get(self, request, name: str):
        return Response(GroupDetailSerializer(selectors.group_get(name=name)).data)


class ContainerListView(APIView):
    @swagger_auto_schema(
        operation_summary="Containers (databases, schemas, folders…), by parent or at the root",
        query_serializer=ContainerListQuerySerializer,
        responses={200: Page(ContainerSerializer)},
        tags=_TAGS,
    )
    def get(self, request):
        data = _params(ContainerListQuerySerializer, request)
        containers = selectors.container_list(
            parent=data.get("parent", ""), root=data["root"], platform=data.get("platform", "")
        )
        return _paged(self, request, containers, ContainerSerializer)


class ContainerDetailView(APIView):
    @swagger_auto_schema(
        operation_summary="A container: its path, children and dataset count",
        responses={200: ContainerDetailSerializer, 404: "No such container"},
        tags=_TAGS,
    )
    def get(self, request, urn: str):
        return Response(ContainerDetailSerializer(selectors.container_get(urn=urn)).data)


class FlowListView(APIView):
    @swagger_auto_schema(
        operation_summary="Pipelines (DataHub's dataFlow)",
        query_serializer=FlowListQuerySerializer,
        responses={200: Page(FlowSerializer)},
        tags=_TAGS,
    )
    def get(self, request):
        data = _params(FlowListQuerySerializer, request)
        flows = selectors.flow_list(
            orchestrator=data.get("orchestrator", ""), query=data.get("q", "")
        )
        return _paged(self, request, flows, FlowSerializer)


class FlowDetailView(APIView):
    @swagger_auto_schema(
        operation_summary="A pipeline: its tasks with what each reads and writes, its last run",
        responses={200: FlowDetailSerializer, 404: "No such pipeline"},
        tags=_TAGS,
    )
    def get(self, request, urn: str):
        return Response(FlowDetailSerializer(selectors.flow_get(urn=urn)).data)


class JobListView(APIView):
    @swagger_auto_schema(
        operation_summary="Pipeline tasks (DataHub's dataJob), by pipeline",
        query_serializer=JobListQuerySerializer,
        responses={200: Page(JobListItemSerializer)},
        tags=_TAGS,
    )
    def get(self, request):
        data = _params(JobListQuerySerializer, request)
        jobs = selectors.job_list(
            pipeline=data.get("pipeline", ""),
            orchestrator=data.get("orchestrator", ""),
            query=data.get("q", ""),
        )
        return _paged(self, request, jobs, JobListItemSerializer)


class JobDetailView(APIView):
    @swagger_auto_schema(
        operation_summary="A pipeline task (DataHub's dataJob): inputs, outputs, runs",
        responses={200: JobDetailSerializer, 404: "No such task"},
        tags=_TAGS,
    )
    def get(self, request, urn: str):
        return Response(JobDetailSerializer(selectors.job_get(urn=urn)).data)


class DashboardListView(APIView):
    @swagger_auto_schema(
        operation_summary="Dashboards",
        query_serializer=FlowListQuerySerializer,
        responses={200: Page(DashboardSerializer)},
        tags=_TAGS,
    )
    def get(self, request):
        data = _params(FlowListQuerySerializer, request)
        dashboards = selectors.dashboard_list(
            platform=data.get("platform", ""), query=data.get("q", "")
        )
        return _paged(self, request, dashboards, DashboardSerializer)


class DashboardDetailView(APIView):
    @swagger_auto_schema(
        operation_summary="A dashboard: its charts and the datasets it reads",
        responses={200: DashboardDetailSerializer, 404: "No such dashboard"},
        tags=_TAGS,
    )
    def get(self, request, urn: str):
        return Response(DashboardDetailSerializer(selectors.dashboard_get(urn=urn)).data)


class ChartListView(APIView):
    @swagger_auto_schema(
        operation_summary="Charts",
        query_serializer=FlowListQuerySerializer,
        responses={200: Page(ChartSerializer)},
        tags=_TAGS,
    )
    def get(self, request):
        data = _params(FlowListQuerySerializer, request)
        charts = selectors.chart_list(platform=data.get("platform", ""), query=data.get("q", ""))
        return _paged(self, request, charts, ChartSerializer)


class ChartDetailView(APIView):
    @swagger_auto_schema(
        operation_summary="A chart: the datasets it reads, the dashboards that hold it",
        responses={200: ChartDetailSerializer, 404: "No such chart"},
        tags=_TAGS,
    )
    def get(self, request, urn: str):
        return Response(ChartDetailSerializer(selectors.chart_get(urn=urn)).data)


class EntityHistoryView(APIView):
    @swagger_auto_schema(
        operation_summary="How an entity (not a dataset) changed, newest first",
        query_serializer=EntityHistoryQuerySerializer,
        responses={200: Page(EntityChangeSerializer)},
        tags=_TAGS,
    )
    def get(self, request):
        data = _params(EntityHistoryQuerySerializer, request)
        return _paged(
            self, request, selectors.entity_history(urn=data["urn"]), EntityChangeSerializer
        )
