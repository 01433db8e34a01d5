"""Output shapes of the column trace and the schema diff (contract §3, §4), and the dataset
page's ``schema_break`` flag (mixed into the dataset's detail)."""

from typing import Any

from drf_yasg.utils import swagger_serializer_method
from rest_framework import serializers

from catalog.lineage_columns import DIRECTIONS, MAX_COLUMN_HOPS
from catalog.models import Dataset
from catalog.schema_diff import schema_break_current
from core.rest import BIGINT_MAX

# pylint: disable=abstract-method


class ColumnTraceQuerySerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=DIRECTIONS, default="both")
    max_hops = serializers.IntegerField(min_value=1, max_value=MAX_COLUMN_HOPS, default=3)


class ColumnRefSerializer(serializers.Serializer):
    urn = serializers.CharField()
    field_path = serializers.CharField()


class ColumnNodeSerializer(serializers.Serializer):
    urn = serializers.CharField(source="dataset.urn")
    name = serializers.CharField(source="dataset.name")
    platform = serializers.CharField(source="dataset.platform.name")
    field_path = serializers.CharField()
    hops = serializers.IntegerField(help_text="Edges from the root; negative = upstream.")


class ColumnEdgeSerializer(serializers.Serializer):
    upstream = serializers.CharField()
    upstream_field = serializers.CharField()
    downstream = serializers.CharField()
    downstream_field = serializers.CharField()
    transformation = serializers.CharField(
        allow_blank=True, help_text="As the mapping states it, e.g. DIRECT:IDENTITY; may be blank."
    )


class ColumnTraceSerializer(serializers.Serializer):
    root = serializers.SerializerMethodField()
    truncated = serializers.BooleanField(help_text="The walk stopped at its node bound.")
    nodes = ColumnNodeSerializer(many=True, help_text="The root first (hops 0).")
    edges = ColumnEdgeSerializer(many=True)

    @swagger_serializer_method(serializer_or_field=ColumnRefSerializer)
    def get_root(self, trace: Any) -> dict[str, str]:
        return {"urn": trace.root.dataset.urn, "field_path": trace.root.field_path}


class SchemaDiffQuerySerializer(serializers.Serializer):
    """``?from=&to=``: ``from`` is a Python keyword, so the fields are declared here."""

    def get_fields(self):
        return {
            name: serializers.IntegerField(
                required=False, min_value=0, max_value=BIGINT_MAX, help_text="A dataset version."
            )
            for name in ("from", "to")
        }


class DiffFieldSerializer(serializers.Serializer):
    field_path = serializers.CharField()
    type = serializers.CharField(allow_blank=True)
    native_type = serializers.CharField(allow_blank=True)


class ReaderSerializer(serializers.Serializer):
    urn = serializers.CharField()
    name = serializers.CharField()
    platform = serializers.CharField()
    field_path = serializers.CharField()
    hops = serializers.IntegerField()
    transformation = serializers.CharField(allow_blank=True)


class RemovedFieldSerializer(DiffFieldSerializer):
    readers = ReaderSerializer(many=True)


class TypeChangedFieldSerializer(serializers.Serializer):
    field_path = serializers.CharField()
    from_type = serializers.CharField(allow_blank=True)
    to_type = serializers.CharField(allow_blank=True)
    from_native_type = serializers.CharField(allow_blank=True)
    to_native_type = serializers.CharField(allow_blank=True)
    readers = ReaderSerializer(many=True)


class DatasetHopSerializer(serializers.Serializer):
    urn = serializers.CharField()
    name = serializers.CharField()
    platform = serializers.CharField()
    hops = serializers.IntegerField()


class BlastRadiusSerializer(serializers.Serializer):
    datasets = DatasetHopSerializer(many=True)
    columns = serializers.IntegerField(help_text="Distinct columns reading a broken field.")


class DatasetBriefSerializer(serializers.Serializer):
    urn = serializers.CharField()
    name = serializers.CharField()
    platform = serializers.CharField()


class SchemaDiffSerializer(serializers.Serializer):
    from_version = serializers.IntegerField()
    to_version = serializers.IntegerField()
    changed_at = serializers.DateTimeField(help_text="When the latest schema change in range was")
    actor = serializers.CharField()
    added = DiffFieldSerializer(many=True)
    removed = RemovedFieldSerializer(many=True)
    type_changed = TypeChangedFieldSerializer(many=True)
    blast_radius = BlastRadiusSerializer()
    unmapped_readers = DatasetBriefSerializer(
        many=True,
        help_text="Direct downstreams whose edge maps no columns: they may read a broken field.",
    )


class SchemaBreakSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    changed_at = serializers.DateTimeField()
    fields = serializers.ListField(child=serializers.CharField())
    readers = serializers.IntegerField()


class DatasetSchemaBreakSerializer(serializers.Serializer):
    """Mixed into the dataset's detail: the latest schema break, until a later schema change
    breaks nothing."""

    schema_break = serializers.SerializerMethodField()

    @swagger_serializer_method(serializer_or_field=SchemaBreakSerializer(allow_null=True))
    def get_schema_break(self, dataset: Dataset) -> dict[str, Any] | None:
        flagged = schema_break_current(dataset=dataset)
        return None if flagged is None else SchemaBreakSerializer(flagged).data
