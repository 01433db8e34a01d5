from rest_framework import serializers

from catalog.entity_models import EntityType
from catalog.models import DatasetStatus
from catalog.serializers import CommaListField, DatasetSummarySerializer
from catalog.urns import FABRIC_TYPES
from search.backends.base import SORTS
from search.query import MAX_QUERY_LENGTH

# pylint: disable=abstract-method

MAX_SEARCH_LIMIT = 100


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_QUERY_LENGTH,
        help_text="Free text with optional syntax: platform:hive owner:aberger tag:pii "
        '"exact phrase" -excluded -tag:legacy',
    )
    platform = CommaListField(child=serializers.CharField(max_length=64), required=False)
    origin = CommaListField(child=serializers.ChoiceField(choices=FABRIC_TYPES), required=False)
    tag = CommaListField(child=serializers.CharField(max_length=100), required=False)
    owner = CommaListField(child=serializers.CharField(max_length=200), required=False)
    domain = CommaListField(child=serializers.CharField(max_length=100), required=False)
    term = CommaListField(child=serializers.CharField(max_length=200), required=False)
    status = CommaListField(
        child=serializers.ChoiceField(choices=DatasetStatus.choices),
        required=False,
        help_text="Default: active and deprecated; removed only when asked for.",
    )
    sort = serializers.ChoiceField(choices=SORTS, default="relevance")
    limit = serializers.IntegerField(min_value=1, max_value=MAX_SEARCH_LIMIT, default=10)
    offset = serializers.IntegerField(min_value=0, max_value=10_000, default=0)


class AutocompleteQuerySerializer(serializers.Serializer):
    q = serializers.CharField(min_length=2, max_length=100)
    limit = serializers.IntegerField(min_value=1, max_value=20, default=8)


class SearchResultSerializer(DatasetSummarySerializer):
    owners = serializers.SerializerMethodField()
    score = serializers.FloatField(read_only=True)
    highlights = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        read_only=True,
        help_text="Snippets, HTML-escaped, with <mark> around what matched.",
    )

    class Meta(DatasetSummarySerializer.Meta):
        fields = DatasetSummarySerializer.Meta.fields + ["owners", "score", "highlights"]

    def get_owners(self, dataset) -> list[str]:
        return sorted({o.owner_urn for o in dataset.ownerships.all()})


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    platform = FacetValueSerializer(many=True)
    origin = FacetValueSerializer(many=True)
    tag = FacetValueSerializer(many=True)
    owner = FacetValueSerializer(many=True)
    domain = FacetValueSerializer(many=True)
    term = FacetValueSerializer(many=True)
    status = FacetValueSerializer(many=True)


class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        help_text="How many datasets matched: exact while count_is_exact, otherwise a lower "
        "bound (at least this many; the count stops at a threshold, as OpenSearch's "
        "track_total_hits)."
    )
    count_is_exact = serializers.BooleanField()
    facets_are_exact = serializers.BooleanField(
        help_text="False when the facet counts are estimates from a sample of a broad match; "
        "filtering by a facet value still gives exact results."
    )
    limit = serializers.IntegerField()
    offset = serializers.IntegerField()
    fuzzy = serializers.BooleanField(
        help_text="True when nothing matched as typed and these are close spellings."
    )
    results = SearchResultSerializer(many=True)
    facets = FacetsSerializer()


class SuggestionSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["dataset", "field", "owner", "tag"])
    text = serializers.CharField()
    urn = serializers.CharField(allow_null=True)
    platform = serializers.CharField(allow_null=True, help_text="a dataset's platform")
    origin = serializers.CharField(allow_null=True, help_text="a dataset's origin (PROD, DEV…)")


class AutocompleteResponseSerializer(serializers.Serializer):
    suggestions = SuggestionSerializer(many=True)


class EntitySearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    type = CommaListField(
        child=serializers.ChoiceField(choices=EntityType.choices),
        required=False,
        help_text="Entity types, comma-separated; all when absent",
    )
    limit = serializers.IntegerField(min_value=1, max_value=MAX_SEARCH_LIMIT, default=10)
    offset = serializers.IntegerField(min_value=0, max_value=10_000, default=0)


class EntityHitSerializer(serializers.Serializer):
    urn = serializers.CharField()
    type = serializers.ChoiceField(choices=EntityType.choices)
    name = serializers.CharField()
    display_name = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True, help_text="The first 300 characters")
    platform = serializers.CharField(allow_null=True)
    url_key = serializers.CharField(help_text="The UI route's key: a name, or else the URN")


class EntityFacetsSerializer(serializers.Serializer):
    type = FacetValueSerializer(many=True)


class EntitySearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = EntityHitSerializer(many=True)
    facets = EntityFacetsSerializer()


class EntityAutocompleteResponseSerializer(serializers.Serializer):
    suggestions = EntityHitSerializer(many=True)
