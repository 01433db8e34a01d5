"""What the entity pages read: tags, terms, term groups, domains, people, groups, containers,
pipelines, tasks, charts and dashboards (``entity_selectors`` prepares each)."""

from typing import Any

from drf_yasg.utils import swagger_serializer_method
from rest_framework import serializers

from catalog import entity_selectors

# pylint: disable=abstract-method

from catalog.entity_models import (
    Chart,
    Container,
    Dashboard,
    DataFlow,
    DataJob,
    DataJobRun,
    EntityChange,
    EntityType,
    GlossaryNode,
    TermRelation,
)
from catalog.models import Dataset, Domain, GlossaryTerm, Tag
from core.schema import JSONValueField


class EntityOwnerSerializer(serializers.Serializer):
    urn = serializers.CharField()
    kind = serializers.ChoiceField(["user", "group"])
    name = serializers.CharField()
    display_name = serializers.CharField()
    type = serializers.CharField(help_text="DataHub's type, or a custom type's URN")
    type_label = serializers.CharField()


class EntityRefSerializer(serializers.Serializer):
    urn = serializers.CharField()
    type = serializers.ChoiceField(choices=EntityType.choices)
    name = serializers.CharField()
    url_key = serializers.CharField(help_text="The UI route's key: a name, or else the URN")


class DatasetLinkSerializer(serializers.Serializer):
    """A dataset a task, chart or dashboard names; ``status`` "unknown" when the catalog does
    not hold it (yet)."""

    urn = serializers.CharField()
    name = serializers.CharField()
    display_name = serializers.CharField(allow_blank=True)
    platform = serializers.CharField(allow_blank=True)
    origin = serializers.CharField(allow_blank=True)
    status = serializers.CharField()


# --- tags, terms, domains ---------------------------------------------------------------------


class TagSerializer(serializers.ModelSerializer):
    urn = serializers.CharField(read_only=True)
    dataset_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Tag
        fields = ["name", "urn", "description", "color", "dataset_count"]

    def validate_color(self, value: str) -> str:
        if value and not (len(value) == 7 and value.startswith("#")):
            raise serializers.ValidationError("Use a hex color like #1890ff.")
        return value


class TagDetailSerializer(TagSerializer):
    field_count = serializers.IntegerField()
    owners = EntityOwnerSerializer(many=True)

    class Meta(TagSerializer.Meta):
        fields = TagSerializer.Meta.fields + ["field_count", "owners"]


class GlossaryTermSerializer(serializers.ModelSerializer):
    urn = serializers.CharField(read_only=True)
    dataset_count = serializers.IntegerField(read_only=True, default=0)
    display_name = serializers.CharField(read_only=True)
    node = serializers.CharField(source="node.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = GlossaryTerm
        fields = ["name", "urn", "display_name", "description", "node", "dataset_count"]


class NodeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = GlossaryNode
        fields = ["name", "display_name"]


class RelatedTermSerializer(serializers.Serializer):
    name = serializers.CharField()
    display_name = serializers.CharField()
    relation = serializers.ChoiceField(choices=TermRelation.choices)
    direction = serializers.ChoiceField(
        ["out", "in"], help_text="out: this term → the other; in: the other names this one"
    )


class GlossaryTermDetailSerializer(GlossaryTermSerializer):
    source_url = serializers.CharField(
        allow_blank=True, help_text="Its source's page; may be empty"
    )
    parent = NodeRefSerializer(source="node", allow_null=True)
    path = NodeRefSerializer(many=True, help_text="Term groups from the root to its own")
    related = RelatedTermSerializer(many=True)
    owners = EntityOwnerSerializer(many=True)
    custom_properties = serializers.DictField(child=serializers.CharField())
    field_count = serializers.IntegerField()

    class Meta(GlossaryTermSerializer.Meta):
        fields = GlossaryTermSerializer.Meta.fields + [
            "source_url",
            "parent",
            "path",
            "related",
            "owners",
            "custom_properties",
            "field_count",
        ]


class GlossaryNodeSerializer(serializers.ModelSerializer):
    urn = serializers.CharField()
    parent = serializers.CharField(source="parent.name", default=None, allow_null=True)
    term_count = serializers.IntegerField()
    child_count = serializers.IntegerField()

    class Meta:
        model = GlossaryNode
        fields = ["name", "urn", "display_name", "description", "parent", "term_count"]
        fields += ["child_count"]


class NodeTermSerializer(serializers.ModelSerializer):
    dataset_count = serializers.IntegerField()

    class Meta:
        model = GlossaryTerm
        fields = ["name", "display_name", "description", "dataset_count"]


class GlossaryNodeDetailSerializer(GlossaryNodeSerializer):
    path = NodeRefSerializer(many=True, help_text="Its parents from the root")
    owners = EntityOwnerSerializer(many=True)
    children = GlossaryNodeSerializer(source="child_list", many=True)
    terms = NodeTermSerializer(source="term_list", many=True)

    class Meta(GlossaryNodeSerializer.Meta):
        fields = GlossaryNodeSerializer.Meta.fields + ["path", "owners", "children", "terms"]


class DomainSerializer(serializers.ModelSerializer):
    urn = serializers.CharField(read_only=True)
    dataset_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Domain
        fields = ["name", "urn", "display_name", "description", "dataset_count"]


class DomainDetailSerializer(DomainSerializer):
    owners = EntityOwnerSerializer(many=True)

    class Meta(DomainSerializer.Meta):
        fields = DomainSerializer.Meta.fields + ["owners"]


class SchemaFieldRowSerializer(serializers.Serializer):
    """A field on a tag's or term's page, with its dataset."""

    dataset = DatasetLinkSerializer(help_text="Its dataset (platform by name)")
    field_path = serializers.CharField()
    type = serializers.CharField()
    native_type = serializers.CharField(allow_blank=True)
    description = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    glossary_terms = serializers.SerializerMethodField()

    def get_description(self, row) -> str:
        return row.editable_description or row.description

    def get_tags(self, row) -> list[str]:
        return sorted({*row.tags, *row.editable_tags})

    def get_glossary_terms(self, row) -> list[str]:
        return sorted({*row.glossary_terms, *row.editable_glossary_terms})


class FieldsQuerySerializer(serializers.Serializer):
    tag = serializers.CharField(required=False, max_length=100)
    term = serializers.CharField(required=False, max_length=200)
    limit = serializers.IntegerField(required=False, help_text="1 to 100, default 20")
    offset = serializers.IntegerField(required=False, min_value=0)

    def validate(self, attrs):
        if bool(attrs.get("tag")) == bool(attrs.get("term")):
            raise serializers.ValidationError("Give exactly one of tag and term.")
        return attrs


# --- people and groups ------------------------------------------------------------------------


class GroupRefSerializer(serializers.Serializer):
    urn = serializers.CharField()
    name = serializers.CharField()
    display_name = serializers.CharField(allow_blank=True)


class OwnedSerializer(serializers.Serializer):
    datasets = serializers.IntegerField(help_text="Datasets they own themselves")
    via_groups = serializers.IntegerField(help_text="Further datasets their groups own")
    other = EntityRefSerializer(many=True, help_text="Other entities they or their groups own")


class PersonSerializer(serializers.Serializer):
    urn = serializers.CharField()
    username = serializers.CharField()
    display_name = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    title = serializers.CharField(allow_blank=True)
    groups = GroupRefSerializer(source="team_list", many=True)
    owned = OwnedSerializer()


class MemberSerializer(serializers.Serializer):
    urn = serializers.CharField()
    username = serializers.CharField()
    display_name = serializers.CharField(allow_blank=True)


class GroupDetailSerializer(serializers.Serializer):
    urn = serializers.CharField()
    name = serializers.CharField()
    display_name = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    members = MemberSerializer(source="members.all", many=True)
    dataset_count = serializers.IntegerField()
    other = EntityRefSerializer(many=True)


# --- containers -------------------------------------------------------------------------------


class ContainerRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Container
        fields = ["urn", "name", "sub_type"]


class ContainerSerializer(serializers.ModelSerializer):
    platform = serializers.CharField(source="platform.name", default=None, allow_null=True)
    parent_urn = serializers.CharField(source="parent.urn", default=None, allow_null=True)
    dataset_count = serializers.IntegerField(help_text="Datasets directly in it")
    child_count = serializers.IntegerField()

    class Meta:
        model = Container
        fields = ["urn", "name", "sub_type", "platform", "parent_urn", "description"]
        fields += ["dataset_count", "child_count"]


class ContainerDetailSerializer(ContainerSerializer):
    parent = ContainerRefSerializer(allow_null=True)
    path = ContainerRefSerializer(many=True, help_text="Its parents from the root")
    children = ContainerSerializer(source="child_list", many=True)
    owners = EntityOwnerSerializer(many=True)
    dataset_count = serializers.IntegerField(help_text="Datasets in it or below it")
    custom_properties = serializers.DictField(child=serializers.CharField())

    class Meta(ContainerSerializer.Meta):
        fields = ContainerSerializer.Meta.fields + [
            "qualified_name",
            "custom_properties",
            "parent",
            "path",
            "children",
            "owners",
        ]


class ContainerListQuerySerializer(serializers.Serializer):
    parent = serializers.CharField(required=False, max_length=512, help_text="a container URN")
    root = serializers.BooleanField(required=False, default=False)
    platform = serializers.CharField(required=False, max_length=64)
    limit = serializers.IntegerField(required=False)
    offset = serializers.IntegerField(required=False, min_value=0)


# --- pipelines and dashboards ---------------------------------------------------------------


class JobRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = DataJobRun
        fields = ["run_id", "state", "started_at", "ended_at", "source"]


class FlowSerializer(serializers.ModelSerializer):
    job_count = serializers.IntegerField()

    class Meta:
        model = DataFlow
        fields = ["urn", "name", "orchestrator", "cluster", "description", "job_count"]


class JobSummarySerializer(serializers.ModelSerializer):
    inputs = DatasetLinkSerializer(many=True)
    outputs = DatasetLinkSerializer(many=True)

    class Meta:
        model = DataJob
        fields = ["urn", "name", "type", "description", "inputs", "outputs"]


class FlowDetailSerializer(serializers.ModelSerializer):
    url = serializers.CharField(
        allow_blank=True, help_text="Where it lives in its tool; may be empty"
    )
    owners = EntityOwnerSerializer(many=True)
    jobs = JobSummarySerializer(source="job_list", many=True)
    last_run = JobRunSerializer(allow_null=True)
    custom_properties = serializers.DictField(child=serializers.CharField())

    class Meta:
        model = DataFlow
        fields = ["urn", "name", "orchestrator", "cluster", "flow_id", "description", "url"]
        fields += ["custom_properties", "owners", "jobs", "last_run"]


class FlowRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = DataFlow
        fields = ["urn", "name", "orchestrator"]


class JobDetailSerializer(JobSummarySerializer):
    url = serializers.CharField(
        allow_blank=True, help_text="Where it lives in its tool; may be empty"
    )
    flow = FlowRefSerializer(allow_null=True)
    owners = EntityOwnerSerializer(many=True)
    runs = JobRunSerializer(source="run_list", many=True, help_text="The latest 20")
    custom_properties = serializers.DictField(child=serializers.CharField())

    class Meta(JobSummarySerializer.Meta):
        fields = JobSummarySerializer.Meta.fields + ["job_id", "url", "custom_properties"]
        fields += ["flow", "owners", "runs"]


class JobListItemSerializer(serializers.ModelSerializer):
    flow = FlowRefSerializer(allow_null=True)

    class Meta:
        model = DataJob
        fields = ["urn", "name", "type", "description", "flow"]


class JobListQuerySerializer(serializers.Serializer):
    pipeline = serializers.CharField(required=False, max_length=512, help_text="a pipeline's URN")
    orchestrator = serializers.CharField(required=False, max_length=100)
    q = serializers.CharField(required=False, max_length=200)
    limit = serializers.IntegerField(required=False)
    offset = serializers.IntegerField(required=False, min_value=0)


class FlowListQuerySerializer(serializers.Serializer):
    orchestrator = serializers.CharField(required=False, max_length=100)
    q = serializers.CharField(required=False, max_length=200)
    platform = serializers.CharField(required=False, max_length=64)
    limit = serializers.IntegerField(required=False)
    offset = serializers.IntegerField(required=False, min_value=0)


class DashboardSerializer(serializers.ModelSerializer):
    url = serializers.CharField(
        allow_blank=True, help_text="Where it lives in its tool; may be empty"
    )
    platform = serializers.CharField(source="platform.name", default=None, allow_null=True)

    class Meta:
        model = Dashboard
        fields = ["urn", "name", "platform", "description", "url"]


class ChartRefSerializer(serializers.ModelSerializer):
    url = serializers.CharField(
        allow_blank=True, help_text="Where it lives in its tool; may be empty"
    )

    class Meta:
        model = Chart
        fields = ["urn", "name", "type", "url"]


class DashboardDetailSerializer(DashboardSerializer):
    owners = EntityOwnerSerializer(many=True)
    charts = ChartRefSerializer(source="chart_list", many=True)
    datasets = DatasetLinkSerializer(source="dataset_list", many=True)
    custom_properties = serializers.DictField(child=serializers.CharField())

    class Meta(DashboardSerializer.Meta):
        fields = DashboardSerializer.Meta.fields + ["custom_properties", "owners", "charts"]
        fields += ["datasets"]


class ChartSerializer(serializers.ModelSerializer):
    platform = serializers.CharField(source="platform.name", default=None, allow_null=True)
    url = serializers.CharField(
        allow_blank=True, help_text="Where it lives in its tool; may be empty"
    )

    class Meta:
        model = Chart
        fields = ["urn", "name", "platform", "type", "description", "url"]


class DashboardRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dashboard
        fields = ["urn", "name"]


class ChartDetailSerializer(serializers.ModelSerializer):
    url = serializers.CharField(
        allow_blank=True, help_text="Where it lives in its tool; may be empty"
    )
    platform = serializers.CharField(source="platform.name", default=None, allow_null=True)
    owners = EntityOwnerSerializer(many=True)
    dashboards = DashboardRefSerializer(source="dashboard_list", many=True)
    datasets = DatasetLinkSerializer(source="dataset_list", many=True)
    custom_properties = serializers.DictField(child=serializers.CharField())

    class Meta:
        model = Chart
        fields = ["urn", "name", "platform", "type", "description", "url", "custom_properties"]
        fields += ["owners", "dashboards", "datasets"]


# --- history, and what a dataset page shows around the dataset ----------------------------------


class EntityChangeSerializer(serializers.ModelSerializer):
    before = JSONValueField(allow_null=True, help_text="The aspect's values it replaced")
    after = JSONValueField(allow_null=True, help_text="Its values after the change")

    class Meta:
        model = EntityChange
        fields = ["id", "aspect", "actor", "created_at", "before", "after"]


class EntityHistoryQuerySerializer(serializers.Serializer):
    urn = serializers.CharField(max_length=512)
    limit = serializers.IntegerField(required=False)
    offset = serializers.IntegerField(required=False, min_value=0)


class LineageJobSerializer(serializers.ModelSerializer):
    flow = FlowRefSerializer(allow_null=True)

    class Meta:
        model = DataJob
        fields = ["urn", "name", "flow"]


class DatasetJobSerializer(serializers.Serializer):
    urn = serializers.CharField(source="job.urn")
    name = serializers.CharField(source="job.name")
    flow = FlowRefSerializer(source="job.flow", allow_null=True)
    role = serializers.ChoiceField(["reads", "writes"])


class DatasetDashboardSerializer(serializers.Serializer):
    urn = serializers.CharField()
    name = serializers.CharField()
    type = serializers.ChoiceField(["chart", "dashboard"])
    platform = serializers.CharField(allow_null=True)

    def to_representation(self, instance):
        entity, kind = instance
        platform = entity.platform.name if entity.platform_id else None
        return {"urn": entity.urn, "name": entity.name, "type": kind, "platform": platform}


class DatasetSurroundingsSerializer(serializers.Serializer):
    """A dataset page's neighbours: its container and their path, the tasks that read or write
    it, the charts and dashboards that read it (mixed into the dataset's detail)."""

    container = serializers.SerializerMethodField()
    container_path = serializers.SerializerMethodField()
    jobs = serializers.SerializerMethodField()
    dashboards = serializers.SerializerMethodField()

    def _around(self, dataset: Dataset) -> dict[str, Any]:
        if not hasattr(dataset, "around"):
            dataset.around = entity_selectors.dataset_entities(dataset)  # type: ignore[attr-defined]
        return dataset.around  # type: ignore[attr-defined]

    @swagger_serializer_method(serializer_or_field=ContainerRefSerializer(allow_null=True))
    def get_container(self, dataset: Dataset) -> dict[str, str] | None:
        path = self._around(dataset)["container_path"]
        return ContainerRefSerializer(path[-1]).data if path else None

    @swagger_serializer_method(serializer_or_field=ContainerRefSerializer(many=True))
    def get_container_path(self, dataset: Dataset) -> list[dict[str, str]]:
        return ContainerRefSerializer(self._around(dataset)["container_path"], many=True).data

    @swagger_serializer_method(serializer_or_field=DatasetJobSerializer(many=True))
    def get_jobs(self, dataset: Dataset) -> list[dict[str, Any]]:
        return DatasetJobSerializer(self._around(dataset)["jobs"], many=True).data

    @swagger_serializer_method(serializer_or_field=DatasetDashboardSerializer(many=True))
    def get_dashboards(self, dataset: Dataset) -> list[dict[str, Any]]:
        return DatasetDashboardSerializer(self._around(dataset)["dashboards"], many=True).data
