"""Input validation and output shapes of the catalog API. No business logic here: inputs are
turned into the specs that services take."""

from typing import Any

from drf_yasg.utils import swagger_serializer_method
from rest_framework import serializers

from catalog.column_serializers import DatasetSchemaBreakSerializer
from catalog.completeness import dataset_health
from catalog.entity_serializers import DatasetSurroundingsSerializer
from catalog.markdown import render_markdown
from catalog.lineage_edges import edges_visible
from catalog.models import (
    ChangeEvent,
    Classification,
    DataPlatform,
    Dataset,
    DatasetStatus,
    FieldType,
    LineageEdge,
    LineageType,
    OwnershipType,
    SchemaField,
    Source,
)
from catalog.selectors import DATASET_ORDERINGS
from catalog.services import FieldEdit, FieldSpec, IngestItem, OwnerSpec, UpstreamSpec
from catalog.urns import FABRIC_TYPES, InvalidUrn, parse_dataset_urn
from catalog.writer.items import (
    DESCRIPTION_MAX,
    DOCS_MAX,
    FIELD_DESCRIPTION_MAX,
    PROPERTY_VALUE_MAX,
)
from core.rest import BIGINT_MAX
from core.schema import JSONValueField, Page

# pylint: disable=abstract-method


def _valid_urn(value: str) -> str:
    try:
        return str(parse_dataset_urn(value))
    except InvalidUrn as exc:
        raise serializers.ValidationError(exc.message) from exc


class CommaListField(serializers.ListField):
    """A query parameter given as ``a,b`` or repeated (``?x=a&x=b``)."""

    def get_value(self, dictionary):
        if hasattr(dictionary, "getlist"):
            values = [v for raw in dictionary.getlist(self.field_name) for v in raw.split(",")]
            values = [v.strip() for v in values if v.strip()]
            return values or serializers.empty
        return super().get_value(dictionary)


# --- small objects ----------------------------------------------------------------------------


class PlatformSerializer(serializers.ModelSerializer):
    urn = serializers.CharField(read_only=True)
    dataset_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = DataPlatform
        fields = ["name", "urn", "display_name", "kind", "dataset_count"]


class PlatformRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = DataPlatform
        fields = ["name", "display_name", "kind"]


class LinkedNameSerializer(serializers.Serializer):
    name = serializers.CharField()
    source = serializers.ChoiceField(choices=Source.choices)


# --- datasets: output -------------------------------------------------------------------------


class DatasetSummarySerializer(serializers.ModelSerializer):
    platform = PlatformRefSerializer()
    domain = serializers.CharField(source="domain.name", default=None, allow_null=True)
    tags = serializers.SerializerMethodField()

    class Meta:
        model = Dataset
        fields = [
            "urn",
            "name",
            "platform",
            "origin",
            "qualified_name",
            "display_name",
            "description",
            "status",
            "browse_path",
            "domain",
            "tags",
            "modified_at",
        ]

    def get_tags(self, dataset: Dataset) -> list[str]:
        return sorted({link.tag.name for link in dataset.tag_links.all()})


def _names(help_text: str = "") -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(), read_only=True, help_text=help_text)


class SchemaFieldSerializer(serializers.ModelSerializer):
    tags = _names("Written by ingestion.")
    editable_tags = _names("Written by people in MDT.")
    glossary_terms = _names("Written by ingestion.")
    editable_glossary_terms = _names("Written by people in MDT.")

    class Meta:
        model = SchemaField
        fields = [
            "field_path",
            "type",
            "native_type",
            "nullable",
            "is_key",
            "is_partition",
            "ordinal",
            "description",
            "editable_description",
            "tags",
            "editable_tags",
            "glossary_terms",
            "editable_glossary_terms",
            "classification",
        ]


class OwnerSerializer(serializers.Serializer):
    owner = serializers.CharField(
        source="owner_urn", help_text="urn:li:corpuser:… or urn:li:corpGroup:…"
    )
    kind = serializers.ChoiceField(["user", "group"], source="owner_kind")
    name = serializers.CharField(source="owner_name")
    display_name = serializers.CharField(source="owner_display_name")
    type = serializers.ChoiceField(
        [*OwnershipType.values, "CUSTOM"], source="datahub_type", help_text="As the source gave it"
    )
    type_urn = serializers.CharField(
        allow_blank=True, help_text="A custom type's URN (type CUSTOM), else empty"
    )
    type_label = serializers.CharField(
        help_text="As DataHub shows the type (DATAOWNER: Technical…)"
    )
    source = serializers.ChoiceField(choices=Source.choices)


class DatasetRefSerializer(serializers.ModelSerializer):
    platform = serializers.CharField(source="platform.name")

    class Meta:
        model = Dataset
        fields = ["urn", "name", "platform", "origin", "status"]


class ColumnMappingSerializer(serializers.Serializer):
    upstreams = serializers.ListField(
        child=serializers.CharField(), help_text="Field paths in the upstream dataset."
    )
    downstreams = serializers.ListField(
        child=serializers.CharField(), help_text="Field paths in the downstream dataset."
    )
    transformation = serializers.CharField(
        required=False,
        help_text="How the downstream fields derive from the upstream ones, e.g. "
        "DIRECT:IDENTITY; left out when the mapping was sent without one.",
    )


class _EdgeSerializer(serializers.ModelSerializer):
    # The mappings as stored: a serializer would drop what it does not declare.
    column_mappings = serializers.SerializerMethodField()
    sources = serializers.ListField(
        child=serializers.ChoiceField(choices=Source.choices),
        help_text="Who states the edge: ingested, editable (added by hand in MDT) or both.",
    )

    @swagger_serializer_method(serializer_or_field=ColumnMappingSerializer(many=True))
    def get_column_mappings(self, edge: LineageEdge) -> list[dict[str, Any]]:
        return edge.column_mappings


class UpstreamEdgeSerializer(_EdgeSerializer):
    dataset = DatasetRefSerializer(source="upstream")

    class Meta:
        model = LineageEdge
        fields = ["dataset", "type", "actor", "created_at", "column_mappings", "source", "sources"]


class DownstreamEdgeSerializer(_EdgeSerializer):
    dataset = DatasetRefSerializer(source="downstream")

    class Meta:
        model = LineageEdge
        fields = ["dataset", "type", "actor", "created_at", "column_mappings", "source", "sources"]


class HealthSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=0, max_value=100)
    reasons = serializers.ListField(child=serializers.CharField())


class DatasetDetailSerializer(
    DatasetSchemaBreakSerializer, DatasetSurroundingsSerializer, DatasetSummarySerializer
):
    docs_html = serializers.SerializerMethodField(help_text="docs rendered to sanitized HTML")
    tags = serializers.SerializerMethodField()
    glossary_terms = serializers.SerializerMethodField()
    schema = SchemaFieldSerializer(source="fields", many=True)
    owners = OwnerSerializer(source="ownerships", many=True)
    upstreams = serializers.SerializerMethodField()
    downstreams = serializers.SerializerMethodField()
    health = serializers.SerializerMethodField()
    platform_urn = serializers.CharField(source="platform.urn")
    custom_properties = serializers.DictField(child=serializers.CharField(), read_only=True)

    class Meta(DatasetSummarySerializer.Meta):
        fields = DatasetSummarySerializer.Meta.fields + [
            "container",
            "container_path",
            "jobs",
            "dashboards",
            "platform_urn",
            "docs",
            "docs_html",
            "custom_properties",
            "deprecation_note",
            "glossary_terms",
            "created_at",
            "created_by",
            "modified_by",
            "version",
            "health",
            "schema",
            "owners",
            "upstreams",
            "downstreams",
            "schema_break",
        ]

    def get_docs_html(self, dataset: Dataset) -> str:
        return render_markdown(dataset.docs)

    @swagger_serializer_method(serializer_or_field=LinkedNameSerializer(many=True))
    def get_tags(self, dataset: Dataset) -> list[dict[str, str]]:  # type: ignore[override]
        links = sorted(dataset.tag_links.all(), key=lambda link: (link.tag.name, link.source))
        return [{"name": link.tag.name, "source": link.source} for link in links]

    @swagger_serializer_method(serializer_or_field=LinkedNameSerializer(many=True))
    def get_glossary_terms(self, dataset: Dataset) -> list[dict[str, str]]:
        links = sorted(dataset.term_links.all(), key=lambda link: (link.term.name, link.source))
        return [{"name": link.term.name, "source": link.source} for link in links]

    @swagger_serializer_method(serializer_or_field=UpstreamEdgeSerializer(many=True))
    def get_upstreams(self, dataset: Dataset) -> list[dict[str, Any]]:
        return UpstreamEdgeSerializer(edges_visible(dataset.upstream_edges.all()), many=True).data

    @swagger_serializer_method(serializer_or_field=DownstreamEdgeSerializer(many=True))
    def get_downstreams(self, dataset: Dataset) -> list[dict[str, Any]]:
        edges = edges_visible(dataset.downstream_edges.all())
        return DownstreamEdgeSerializer(edges, many=True).data

    @swagger_serializer_method(serializer_or_field=HealthSerializer)
    def get_health(self, dataset: Dataset) -> dict[str, Any]:
        health = dataset_health(dataset)
        return {"score": health.score, "reasons": health.reasons}


class ChangeEventSerializer(serializers.ModelSerializer):
    before = JSONValueField(read_only=True, help_text="The aspect before the change, as stored.")
    after = JSONValueField(read_only=True, help_text="The aspect after the change, as stored.")

    class Meta:
        model = ChangeEvent
        fields = ["id", "aspect", "actor", "created_at", "version", "before", "after"]


class BrowseGroupSerializer(serializers.Serializer):
    name = serializers.CharField()
    path = serializers.CharField()
    count = serializers.IntegerField()


class BrowseSerializer(serializers.Serializer):
    """What GET /browse/ answers (the view writes it; this describes it for Swagger)."""

    path = serializers.CharField()
    groups = BrowseGroupSerializer(many=True)
    datasets = Page(DatasetSummarySerializer)


# --- datasets: input --------------------------------------------------------------------------


class DatasetListQuerySerializer(serializers.Serializer):
    platform = CommaListField(child=serializers.CharField(max_length=64), required=False)
    origin = CommaListField(child=serializers.ChoiceField(choices=FABRIC_TYPES), required=False)
    tag = CommaListField(child=serializers.CharField(max_length=100), required=False)
    owner = CommaListField(
        child=serializers.CharField(max_length=200),
        required=False,
        help_text="username, urn:li:corpuser:… or urn:li:corpGroup:…",
    )
    domain = CommaListField(child=serializers.CharField(max_length=100), required=False)
    term = CommaListField(child=serializers.CharField(max_length=200), required=False)
    container = CommaListField(
        child=serializers.CharField(max_length=512),
        required=False,
        help_text="container URNs: the datasets in them or in any container below",
    )
    status = CommaListField(
        child=serializers.ChoiceField(choices=DatasetStatus.choices),
        required=False,
        help_text="Default: everything but removed.",
    )
    name = serializers.CharField(required=False, max_length=200, help_text="name contains")
    ordering = serializers.ChoiceField(choices=DATASET_ORDERINGS, required=False, default="name")
    limit = serializers.IntegerField(required=False, help_text="1 to 100, default 20")
    offset = serializers.IntegerField(required=False, min_value=0, max_value=BIGINT_MAX)


class FieldInputSerializer(serializers.Serializer):
    field_path = serializers.CharField(max_length=1000)
    type = serializers.ChoiceField(choices=FieldType.choices)
    native_type = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )
    nullable = serializers.BooleanField(required=False, default=True)
    is_key = serializers.BooleanField(required=False, default=False)
    is_partition = serializers.BooleanField(required=False, default=False)
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=FIELD_DESCRIPTION_MAX, default=""
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list
    )
    glossary_terms = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )

    def to_spec(self, data: dict[str, Any], ordinal: int) -> FieldSpec:
        return FieldSpec(
            **{
                **data,
                "tags": tuple(data["tags"]),
                "glossary_terms": tuple(data["glossary_terms"]),
            },
            ordinal=ordinal,
        )


class OwnerInputSerializer(serializers.Serializer):
    owner = serializers.CharField(
        max_length=200, help_text="urn:li:corpuser:<name>, urn:li:corpGroup:<name> or a username"
    )
    type = serializers.ChoiceField(
        choices=OwnershipType.choices, default=OwnershipType.TECHNICAL_OWNER
    )


class UpstreamInputSerializer(serializers.Serializer):
    urn = serializers.CharField(max_length=512)
    type = serializers.ChoiceField(choices=LineageType.choices, default=LineageType.TRANSFORMED)
    actor = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    # What a mapping holds is checked by the writer's rules, for every source alike.
    column_mappings = serializers.ListField(
        child=serializers.DictField(), required=False, default=list
    )

    def validate_urn(self, value: str) -> str:
        return _valid_urn(value)

    def validate_column_mappings(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for mapping in value:
            ups, downs = mapping.get("upstreams"), mapping.get("downstreams")
            if not isinstance(ups, list) or not isinstance(downs, list) or not ups or not downs:
                raise serializers.ValidationError(
                    "Each column mapping needs non-empty 'upstreams' and 'downstreams' "
                    "lists of field paths."
                )
        return value


class DatasetCreateSerializer(serializers.Serializer):
    urn = serializers.CharField(max_length=512)
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=DESCRIPTION_MAX, default=""
    )
    qualified_name = serializers.CharField(
        required=False, allow_blank=True, max_length=500, default=""
    )
    display_name = serializers.CharField(
        required=False, allow_blank=True, max_length=500, default=""
    )
    # Keys are checked by the writer's rules (a DictField does not check them).
    custom_properties = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=PROPERTY_VALUE_MAX),
        required=False,
        default=dict,
    )
    browse_path = serializers.CharField(required=False, max_length=500)
    domain = serializers.CharField(required=False, allow_null=True, max_length=100)
    schema = FieldInputSerializer(many=True, required=False)
    owners = OwnerInputSerializer(many=True, required=False)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list
    )
    glossary_terms = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )
    upstreams = UpstreamInputSerializer(many=True, required=False)
    docs = serializers.CharField(required=False, allow_blank=True, max_length=DOCS_MAX)

    def validate_urn(self, value: str) -> str:
        return _valid_urn(value)

    def to_item(self) -> IngestItem:
        return IngestItem(**self.to_upsert_kwargs())

    def to_upsert_kwargs(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        data.pop("docs", None)
        for key in ("schema", "owners", "upstreams"):
            data.setdefault(key, [])
        data["schema"] = [
            FieldInputSerializer().to_spec(f, i) for i, f in enumerate(data["schema"])
        ]
        data["owners"] = [OwnerSpec(**o) for o in data["owners"]]
        data["upstreams"] = [
            UpstreamSpec(**{**u, "column_mappings": tuple(u["column_mappings"])})
            for u in data["upstreams"]
        ]
        return data


class DatasetUpdateSerializer(serializers.Serializer):
    docs = serializers.CharField(required=False, allow_blank=True, max_length=DOCS_MAX)
    status = serializers.ChoiceField(
        choices=[DatasetStatus.ACTIVE, DatasetStatus.DEPRECATED],
        required=False,
        help_text="Use DELETE to remove a dataset.",
    )
    deprecation_note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    domain = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=100
    )
    tags = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    glossary_terms = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(
                "Nothing to update: send at least one of docs, status, deprecation_note, "
                "domain, tags, glossary_terms."
            )
        return attrs


class OwnersUpdateSerializer(serializers.Serializer):
    owners = OwnerInputSerializer(many=True)

    def to_specs(self) -> list[OwnerSpec]:
        return [OwnerSpec(**o) for o in self.validated_data["owners"]]


class FieldEditSerializer(serializers.Serializer):
    field_path = serializers.CharField(max_length=1000)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    tags = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    glossary_terms = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False
    )
    classification = serializers.ChoiceField(
        choices=Classification.choices, required=False, allow_blank=True
    )


class SchemaEditSerializer(serializers.Serializer):
    edits = FieldEditSerializer(many=True, allow_empty=False)

    def to_edits(self) -> list[FieldEdit]:
        return [FieldEdit(**edit) for edit in self.validated_data["edits"]]


class HistoryQuerySerializer(serializers.Serializer):
    aspect = serializers.CharField(required=False, max_length=32)


class BrowseQuerySerializer(serializers.Serializer):
    path = serializers.CharField(required=False, default="/", max_length=500)
    limit = serializers.IntegerField(required=False, help_text="datasets per page, 1 to 100")
    offset = serializers.IntegerField(required=False, min_value=0, max_value=BIGINT_MAX)


class NameQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)


# --- docs preview -----------------------------------------------------------------------------


class MarkdownPreviewSerializer(serializers.Serializer):
    # Bounded and trimmed as a dataset's docs are (DRF's CharField also refuses NUL and lone
    # surrogates with a 400), so a preview shows what saving the same text would show.
    text = serializers.CharField(allow_blank=True, max_length=DOCS_MAX)


class MarkdownHtmlSerializer(serializers.Serializer):
    # Blank for a blank text: schemathesis caught the minLength 1 a CharField documents.
    html = serializers.CharField(
        allow_blank=True, help_text="the text rendered to sanitized HTML, as docs_html"
    )
