"""The entities around datasets, as DataHub has them: glossary nodes (term groups), containers
(a database, a schema, a folder, a bucket), pipelines (DataHub's dataFlow) and their tasks
(dataJob) with their runs, charts and dashboards. What reads, writes or contains what is an
``EntityLink``.

Tags, terms and domains live in ``catalog.models`` beside the datasets that carry them; people
and groups in ``accounts``. What any of these entities own and how each changed is kept in two
tables for all of them (``EntityOwnership``, ``EntityChange``), keyed by the entity's URN, so a
person's page finds everything they own in one query and the history reads the same everywhere.

Imported at the end of ``catalog.models``: Django finds the models there, in the catalog app.
"""

from django.db import models
from django.db.models import Q

from accounts.models import Group, User

URN_MAX = 512


class EntityType(models.TextChoices):
    """DataHub's entity type names (the second part of their URNs)."""

    TAG = "tag", "Tag"
    GLOSSARY_TERM = "glossaryTerm", "Glossary term"
    GLOSSARY_NODE = "glossaryNode", "Term group"
    CORPUSER = "corpuser", "Person"
    CORPGROUP = "corpGroup", "Group"
    DOMAIN = "domain", "Domain"
    CONTAINER = "container", "Container"
    DATA_FLOW = "dataFlow", "Pipeline"
    DATA_JOB = "dataJob", "Task"
    DASHBOARD = "dashboard", "Dashboard"
    CHART = "chart", "Chart"


class GlossaryNode(models.Model):
    """A group of glossary terms (DataHub's glossaryNode); nodes nest."""

    name = models.CharField(max_length=200, unique=True, help_text="The id in its URN.")
    display_name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def urn(self) -> str:
        return f"urn:li:glossaryNode:{self.name}"

    @property
    def label(self) -> str:
        return self.display_name or self.name


class TermRelation(models.TextChoices):
    """DataHub's glossaryRelatedTerms: ``isA`` (inherits), ``hasA`` (contains), ``values``
    (its allowed values), ``relatedTo``."""

    IS_A = "isA", "Is a"
    HAS_A = "hasA", "Has a"
    VALUES = "values", "Has values"
    RELATED_TO = "relatedTo", "Related to"


class GlossaryTermRelation(models.Model):
    term = models.ForeignKey(
        "catalog.GlossaryTerm", on_delete=models.CASCADE, related_name="relations"
    )
    related = models.ForeignKey(
        "catalog.GlossaryTerm", on_delete=models.CASCADE, related_name="related_from"
    )
    relation = models.CharField(max_length=16, choices=TermRelation.choices)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "related", "relation"], name="uniq_term_relation"
            )
        ]


class Container(models.Model):
    """A database, schema, folder, bucket or topic group (DataHub's container). ``urn`` is
    DataHub's (``urn:li:container:<guid>``), so both tools' containers are the same row."""

    urn = models.CharField(max_length=URN_MAX, unique=True)
    name = models.CharField(max_length=500)
    sub_type = models.CharField(max_length=64, blank=True, help_text="Database, Schema, Folder…")
    platform = models.ForeignKey(
        "catalog.DataPlatform",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="containers",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    description = models.TextField(blank=True)
    qualified_name = models.CharField(max_length=500, blank=True)
    custom_properties = models.JSONField(default=dict, blank=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.urn


class DataFlow(models.Model):
    """A pipeline (DataHub's dataFlow): ``urn:li:dataFlow:(<orchestrator>,<flow id>,<cluster>)``.
    OpenLineage jobs land here too: the namespace is the orchestrator's, the job's parent (or
    the job itself) the flow."""

    urn = models.CharField(max_length=URN_MAX, unique=True)
    orchestrator = models.CharField(max_length=100)
    flow_id = models.CharField(max_length=300)
    cluster = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=400)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=1000, blank=True)
    custom_properties = models.JSONField(default=dict, blank=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.urn


class DataJob(models.Model):
    """A task of a pipeline (DataHub's dataJob): ``urn:li:dataJob:(<flow urn>,<job id>)``."""

    urn = models.CharField(max_length=URN_MAX, unique=True)
    flow = models.ForeignKey(
        DataFlow, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    job_id = models.CharField(max_length=300)
    name = models.CharField(max_length=400)
    type = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=1000, blank=True)
    custom_properties = models.JSONField(default=dict, blank=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.urn


class LinkKind(models.TextChoices):
    INPUT = "input", "Reads"
    OUTPUT = "output", "Writes"
    CONTAINS = "contains", "Contains"


class EntityLink(models.Model):
    """An edge between two entities by URN: a task or a chart reads a dataset (``input``), a
    task writes one (``output``), a dashboard contains a chart (``contains``) or reads a
    dataset. URNs rather than foreign keys: a source may name a dataset before it describes it
    (DataHub files often do), and the link holds until it does."""

    source_urn = models.CharField(max_length=URN_MAX)
    source_type = models.CharField(max_length=32, choices=EntityType.choices)
    target_urn = models.CharField(max_length=URN_MAX)
    kind = models.CharField(max_length=16, choices=LinkKind.choices)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["target_urn", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_urn", "target_urn", "kind"], name="uniq_entity_link"
            )
        ]


class RunState(models.TextChoices):
    """OpenLineage's run event types, which DataHub's dataProcessInstance results map onto."""

    START = "START"
    RUNNING = "RUNNING"
    COMPLETE = "COMPLETE"
    FAIL = "FAIL"
    ABORT = "ABORT"
    OTHER = "OTHER"


class DataJobRun(models.Model):
    job = models.ForeignKey(DataJob, on_delete=models.CASCADE, related_name="runs")
    run_id = models.CharField(max_length=200)
    state = models.CharField(max_length=16, choices=RunState.choices)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=16, default="openlineage")

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["job", "run_id"], name="uniq_job_run")]


class Chart(models.Model):
    urn = models.CharField(max_length=URN_MAX, unique=True)
    platform = models.ForeignKey(
        "catalog.DataPlatform", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=400)
    type = models.CharField(max_length=32, blank=True, help_text="BAR, LINE, TABLE…")
    description = models.TextField(blank=True)
    url = models.URLField(max_length=1000, blank=True)
    custom_properties = models.JSONField(default=dict, blank=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.urn


class Dashboard(models.Model):
    urn = models.CharField(max_length=URN_MAX, unique=True)
    platform = models.ForeignKey(
        "catalog.DataPlatform", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=400)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=1000, blank=True)
    custom_properties = models.JSONField(default=dict, blank=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.urn


class EntityOwnership(models.Model):
    """An owner of any entity but a dataset (those have ``catalog.Ownership``)."""

    entity_urn = models.CharField(max_length=URN_MAX)
    entity_type = models.CharField(max_length=32, choices=EntityType.choices)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="entity_ownerships"
    )
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.CASCADE, related_name="entity_ownerships"
    )
    type = models.CharField(max_length=300)  # as Ownership.type

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["entity_urn"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, group__isnull=True)
                | Q(user__isnull=True, group__isnull=False),
                name="entity_ownership_user_xor_group",
            ),
            models.UniqueConstraint(
                fields=["entity_urn", "user", "type"],
                condition=Q(user__isnull=False),
                name="uniq_entity_user_ownership",
            ),
            models.UniqueConstraint(
                fields=["entity_urn", "group", "type"],
                condition=Q(group__isnull=False),
                name="uniq_entity_group_ownership",
            ),
        ]


class EntityChange(models.Model):
    """One write of one aspect of an entity that is not a dataset (datasets have
    ``ChangeEvent``), committed with the write."""

    entity_urn = models.CharField(max_length=URN_MAX)
    entity_type = models.CharField(max_length=32, choices=EntityType.choices)
    aspect = models.CharField(max_length=64)
    actor = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["entity_urn", "-id"])]
