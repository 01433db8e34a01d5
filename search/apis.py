from django.conf import settings
from drf_yasg.utils import swagger_auto_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from search import entities, selectors
from search.backends.base import SearchRequest, SearchUnavailable
from search.query import normalize_owner, parse_query
from search.serializers import (
    AutocompleteQuerySerializer,
    AutocompleteResponseSerializer,
    EntityAutocompleteResponseSerializer,
    EntitySearchQuerySerializer,
    EntitySearchResponseSerializer,
    SearchQuerySerializer,
    SearchResponseSerializer,
)
from core.errors import ApplicationError


class SearchUnavailableError(ApplicationError):
    status = 503
    code = "search_unavailable"


class SearchView(APIView):
    @swagger_auto_schema(
        operation_summary="Search datasets, with facets and highlights",
        operation_description="Relevance: exact name, then name tokens, then field names, tags "
        "and owners, then descriptions and docs. Facet counts apply every filter but their own.",
        query_serializer=SearchQuerySerializer,
        responses={200: SearchResponseSerializer, 503: "Search backend unavailable"},
        tags=["search"],
    )
    def get(self, request):
        params = SearchQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = {
            key: list(data[key])
            for key in ("platform", "origin", "tag", "owner", "domain", "term", "status")
            if data.get(key)
        }
        if "owner" in filters:
            filters["owner"] = [normalize_owner(owner) for owner in filters["owner"]]
        search_request = SearchRequest(
            query=parse_query(data.get("q", "")),
            filters=filters,
            sort=data["sort"],
            limit=data["limit"],
            offset=data["offset"],
            track_total_hits=settings.SEARCH_TRACK_TOTAL_HITS,
        )
        try:
            results = selectors.dataset_search(search_request)
        except SearchUnavailable as exc:
            raise SearchUnavailableError(
                "Search is unavailable right now; try again shortly."
            ) from exc
        rows = []
        for dataset, score, highlights in results.datasets:
            dataset.score, dataset.highlights = score, highlights
            rows.append(dataset)
        body = {
            "count": results.page.count,
            "count_is_exact": results.page.count_is_exact,
            "facets_are_exact": results.page.facets_are_exact,
            "limit": search_request.limit,
            "offset": search_request.offset,
            "fuzzy": results.page.fuzzy,
            "results": rows,
            "facets": {
                key: [{"value": v.value, "count": v.count} for v in values]
                for key, values in results.page.facets.items()
            },
        }
        return Response(SearchResponseSerializer(body).data)


class AutocompleteView(APIView):
    @swagger_auto_schema(
        operation_summary="Suggestions as you type: dataset names, fields, owners, tags",
        query_serializer=AutocompleteQuerySerializer,
        responses={200: AutocompleteResponseSerializer, 503: "Search backend unavailable"},
        tags=["search"],
    )
    def get(self, request):
        params = AutocompleteQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        try:
            suggestions = selectors.dataset_autocomplete(
                prefix=params.validated_data["q"], limit=params.validated_data["limit"]
            )
        except SearchUnavailable as exc:
            raise SearchUnavailableError(
                "Search is unavailable right now; try again shortly."
            ) from exc
        return Response(AutocompleteResponseSerializer({"suggestions": suggestions}).data)


class EntitySearchView(APIView):
    @swagger_auto_schema(
        operation_summary="Search the entities around datasets: terms, tags, people, groups, "
        "domains, containers, pipelines, tasks, dashboards, charts (with a type facet)",
        query_serializer=EntitySearchQuerySerializer,
        responses={200: EntitySearchResponseSerializer},
        tags=["search"],
    )
    def get(self, request):
        params = EntitySearchQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        page = entities.entity_search(
            text=data["q"], types=data.get("type", ()), limit=data["limit"], offset=data["offset"]
        )
        body = {
            "count": page.count,
            "results": page.hits,
            "facets": {"type": [{"value": k, "count": v} for k, v in page.facets.items()]},
        }
        return Response(EntitySearchResponseSerializer(body).data)


class EntityAutocompleteView(APIView):
    @swagger_auto_schema(
        operation_summary="Entity names as you type (terms, tags, people, pipelines…)",
        query_serializer=AutocompleteQuerySerializer,
        responses={200: EntityAutocompleteResponseSerializer},
        tags=["search"],
    )
    def get(self, request):
        params = AutocompleteQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        suggestions = entities.entity_autocomplete(
            prefix=params.validated_data["q"], limit=params.validated_data["limit"]
        )
        return Response(EntityAutocompleteResponseSerializer({"suggestions": suggestions}).data)
