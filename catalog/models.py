"""The metadata model, shaped after DataHub's so its users feel at home.

What ingestion writes and what people edit are kept apart: ``description`` vs ``docs`` on a
dataset, ``description`` vs ``editable_description`` on a field, and a ``source`` column on tags,
terms and owners. Re-ingesting rewrites only the ingested side, so a human edit survives.
"""

from django.db import models
from django.db.models import Q

from accounts.models import Group, User
from catalog.urns import FABRIC_TYPES


class Source(models.TextChoices):
    INGESTED = "ingested", "Ingested"
    EDITABLE = "editable", "Edited in MDT"


class PlatformKind(models.TextChoices):
    RELATIONAL = "relational", "Relational database"
    FILE_SYSTEM = "file_system", "File system"
    STREAM = "stream", "Stream"
    OTHER = "other", "Other"


class DataPlatform(models.Model):
    name = models.SlugField(max_length=64, unique=True)
    display_name = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=PlatformKind.choices, default=PlatformKind.OTHER)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def urn(self) -> str:
        return f"urn:li:dataPlatform:{self.name}"


class Domain(models.Model):
    name = models.SlugField(max_length=100, unique=True)
    display_name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def urn(self) -> str:
        return f"urn:li:domain:{self.name}"


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    color = models.CharField(max_length=7, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def urn(self) -> str:
        return f"urn:li:tag:{self.name}"


class GlossaryTerm(models.Model):
    """A business term; ``name`` is DataHub's dotted form, e.g. ``Classification.Confidential``."""

    name = models.CharField(max_length=200, unique=True)
    display_name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    node = models.ForeignKey(
        "catalog.GlossaryNode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="terms",
        help_text="The term group it belongs to (DataHub's parentNode).",
    )
    source_url = models.URLField(max_length=1000, blank=True)
    custom_properties = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def urn(self) -> str:
        return f"urn:li:glossaryTerm:{self.name}"

    @property
    def label(self) -> str:
        return self.display_name or self.name


class DatasetStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DEPRECATED = "deprecated", "Deprecated"
    REMOVED = "removed", "Removed"


Origin = models.TextChoices(  # pylint: disable=invalid-name
    "Origin", [(fabric, fabric) for fabric in FABRIC_TYPES]
)


class Dataset(models.Model):
    urn = models.CharField(max_length=512, unique=True)
    platform = models.ForeignKey(DataPlatform, on_delete=models.PROTECT, related_name="datasets")
    name = models.CharField(max_length=400)
    origin = models.CharField(max_length=16, choices=Origin.choices)
    qualified_name = models.CharField(max_length=500, blank=True)
    display_name = models.CharField(
        max_length=500,
        blank=True,
        help_text="The name a source shows for it (DataHub's datasetProperties.name).",
    )
    description = models.TextField(blank=True, help_text="Written by ingestion.")
    docs = models.TextField(blank=True, help_text="Markdown written by people in MDT.")
    custom_properties = models.JSONField(default=dict, blank=True)
    browse_path = models.CharField(max_length=500, db_index=True)
    domain = models.ForeignKey(
        Domain, null=True, blank=True, on_delete=models.SET_NULL, related_name="datasets"
    )
    container = models.ForeignKey(
        "catalog.Container",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="datasets",
    )
    status = models.CharField(
        max_length=16, choices=DatasetStatus.choices, default=DatasetStatus.ACTIVE
    )
    deprecation_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=200)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)
    modified_by = models.CharField(max_length=200)
    # Bumped by every write: the search relay delivers a dataset whose version is ahead of the
    # index's, and the backends refuse an older version over a newer one.
    version = models.PositiveBigIntegerField(default=1)

    tags = models.ManyToManyField(Tag, through="DatasetTag", related_name="datasets")
    glossary_terms = models.ManyToManyField(
        GlossaryTerm, through="DatasetTerm", related_name="datasets"
    )

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["platform", "origin"]),
            models.Index(fields=["status"]),
            models.Index(fields=["name"]),
        ]

    def __str__(self) -> str:
        return self.urn


class DatasetTag(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="tag_links")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="dataset_links")
    source = models.CharField(max_length=16, choices=Source.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dataset", "tag", "source"], name="uniq_dataset_tag")
        ]


class DatasetTerm(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="term_links")
    term = models.ForeignKey(GlossaryTerm, on_delete=models.CASCADE, related_name="dataset_links")
    source = models.CharField(max_length=16, choices=Source.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dataset", "term", "source"], name="uniq_dataset_term")
        ]


class OwnershipType(models.TextChoices):
    """DataHub's ownership types. The first four are the ones DataHub asks for today; the others
    are its deprecated ones, kept as a source said them and shown as DataHub tells sources to
    say them instead (``OWNERSHIP_TYPE_SHOWN_AS``). A custom type is its ownershipType URN."""

    TECHNICAL_OWNER = "TECHNICAL_OWNER", "Technical owner"
    BUSINESS_OWNER = "BUSINESS_OWNER", "Business owner"
    DATA_STEWARD = "DATA_STEWARD", "Data steward"
    NONE = "NONE", "None"
    DATAOWNER = "DATAOWNER", "Data owner"
    PRODUCER = "PRODUCER", "Producer"
    CONSUMER = "CONSUMER", "Consumer"
    DEVELOPER = "DEVELOPER", "Developer"
    DELEGATE = "DELEGATE", "Delegate"
    STAKEHOLDER = "STAKEHOLDER", "Stakeholder"


# DataHub's schema: DATAOWNER, PRODUCER, DEVELOPER and DELEGATE → "use TECHNICAL_OWNER instead";
# CONSUMER → "TECHNICAL_OWNER or BUSINESS_OWNER", STAKEHOLDER → "TECHNICAL_OWNER,
# BUSINESS_OWNER, or STEWARD": both name a business interest, so MDT shows them as business owners.
OWNERSHIP_TYPE_SHOWN_AS = {
    OwnershipType.DATAOWNER: OwnershipType.TECHNICAL_OWNER,
    OwnershipType.PRODUCER: OwnershipType.TECHNICAL_OWNER,
    OwnershipType.DEVELOPER: OwnershipType.TECHNICAL_OWNER,
    OwnershipType.DELEGATE: OwnershipType.TECHNICAL_OWNER,
    OwnershipType.CONSUMER: OwnershipType.BUSINESS_OWNER,
    OwnershipType.STAKEHOLDER: OwnershipType.BUSINESS_OWNER,
}
CUSTOM_OWNERSHIP_TYPE = "urn:li:ownershipType:"
OWNERSHIP_TYPE_MAX = 300


def ownership_type_valid(value: object) -> bool:
    """One of DataHub's types, or a custom type's URN (``urn:li:ownershipType:<id>``)."""
    if not isinstance(value, str):
        return False
    if value.startswith(CUSTOM_OWNERSHIP_TYPE):
        return len(value) > len(CUSTOM_OWNERSHIP_TYPE) and len(value) <= OWNERSHIP_TYPE_MAX
    return value in OwnershipType.values


def ownership_type_label(value: str) -> str:
    """What a person reads: ``DATAOWNER`` → "Technical owner", as DataHub shows it;
    ``urn:li:ownershipType:data_custodian`` → "Data custodian"."""
    if value.startswith(CUSTOM_OWNERSHIP_TYPE):
        words = value[len(CUSTOM_OWNERSHIP_TYPE) :].replace("_", " ").replace("-", " ").strip()
        return words[:1].upper() + words[1:] if words else value
    shown = OWNERSHIP_TYPE_SHOWN_AS.get(value, value)
    return OwnershipType(shown).label if shown in OwnershipType.values else value


class Ownership(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="ownerships")
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="ownerships"
    )
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.CASCADE, related_name="ownerships"
    )
    # One of OwnershipType, or a custom type's URN (``ownership_type_valid``).
    type = models.CharField(max_length=OWNERSHIP_TYPE_MAX)
    source = models.CharField(max_length=16, choices=Source.choices)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, group__isnull=True)
                | Q(user__isnull=True, group__isnull=False),
                name="ownership_user_xor_group",
            ),
            models.UniqueConstraint(
                fields=["dataset", "user", "type", "source"],
                condition=Q(user__isnull=False),
                name="uniq_user_ownership",
            ),
            models.UniqueConstraint(
                fields=["dataset", "group", "type", "source"],
                condition=Q(group__isnull=False),
                name="uniq_group_ownership",
            ),
        ]

    @property
    def owner_urn(self) -> str:
        return self.user.urn if self.user_id else self.group.urn

    @property
    def owner_kind(self) -> str:
        return "user" if self.user_id else "group"

    @property
    def owner_name(self) -> str:
        return self.user.username if self.user_id else self.group.name

    @property
    def owner_display_name(self) -> str:
        owner = self.user if self.user_id else self.group
        return owner.display_name or self.owner_name

    @property
    def type_label(self) -> str:
        return ownership_type_label(self.type)

    @property
    def datahub_type(self) -> str:
        """DataHub's enum value: a custom type is CUSTOM there, with its URN in typeUrn."""
        return "CUSTOM" if self.type.startswith(CUSTOM_OWNERSHIP_TYPE) else self.type

    @property
    def type_urn(self) -> str:
        return self.type if self.type.startswith(CUSTOM_OWNERSHIP_TYPE) else ""


class FieldType(models.TextChoices):
    """DataHub's normalized schema field types."""

    STRING = "string"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    TIME = "time"
    BYTES = "bytes"
    ARRAY = "array"
    MAP = "map"
    STRUCT = "struct"
    UNION = "union"
    ENUM = "enum"
    NULL = "null"
    FIXED = "fixed"


class Classification(models.TextChoices):
    """Compliance classification of a field (PII kinds)."""

    NONE = "", "Not classified"
    NOT_PII = "NOT_PII", "Not personal data"
    EMAIL = "EMAIL", "Email address"
    PHONE = "PHONE", "Phone number"
    NAME = "NAME", "Person name"
    ADDRESS = "ADDRESS", "Postal address"
    BIRTH_DATE = "BIRTH_DATE", "Birth date"
    GOVERNMENT_ID = "GOVERNMENT_ID", "Government ID"
    FINANCIAL = "FINANCIAL", "Financial account"
    IP_ADDRESS = "IP_ADDRESS", "IP address"
    DEVICE_ID = "DEVICE_ID", "Device ID"
    LOCATION = "LOCATION", "Location"
    USER_ID = "USER_ID", "User identifier"


# Schema fields and change events, the rows a bulk ingest writes most (20 and 6 per new dataset),
# point at their dataset without a database foreign key: its check on every inserted row was
# a fifth of PostgreSQL's time in a batch (measured: 75 ms of ~380 per 1,000 datasets of 20
# fields). Nothing is lost by it:
# * every writer of these rows holds its dataset in the same transaction, created there or
#   locked (``select_for_update``, or the UPDATE that bumps its version), so the id exists;
# * a deleted dataset takes them along: Django's CASCADE deletes them first, and on PostgreSQL
#   a statement trigger (migration 0005) deletes any that a concurrent writer committed
#   between that and the dataset's own deletion, which the foreign key used to refuse.
class SchemaField(models.Model):
    """One field of a dataset's schema. ``field_path`` is stored exactly as given, so DataHub v2
    paths (``[version=2.0].[type=Rec].a.b``) round-trip; nesting is derived from it."""

    # No index of its own: uniq_field_path (dataset, field_path) serves lookups by dataset.
    # No foreign key checked on insert either (see the note above SchemaField).
    dataset = models.ForeignKey(
        Dataset,
        on_delete=models.CASCADE,
        related_name="fields",
        db_index=False,
        db_constraint=False,
    )
    field_path = models.CharField(max_length=1000)
    native_type = models.CharField(max_length=500, blank=True)
    type = models.CharField(max_length=16, choices=FieldType.choices)
    nullable = models.BooleanField(default=True)
    is_key = models.BooleanField(default=False)
    is_partition = models.BooleanField(default=False)
    ordinal = models.PositiveIntegerField(default=0)
    description = models.TextField(blank=True, help_text="Written by ingestion.")
    editable_description = models.TextField(blank=True, help_text="Written by people in MDT.")
    tags = models.JSONField(default=list, blank=True)
    editable_tags = models.JSONField(default=list, blank=True)
    glossary_terms = models.JSONField(default=list, blank=True)
    editable_glossary_terms = models.JSONField(default=list, blank=True)
    classification = models.CharField(
        max_length=32, choices=Classification.choices, blank=True, default=Classification.NONE
    )

    class Meta:
        ordering = ["ordinal", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "field_path"], name="uniq_field_path")
        ]

    def __str__(self) -> str:
        return self.field_path


class LineageType(models.TextChoices):
    TRANSFORMED = "TRANSFORMED"
    COPY = "COPY"
    VIEW = "VIEW"


class LineageEdge(models.Model):
    """``upstream`` feeds ``downstream``. ``column_mappings`` holds column-level edges as
    ``[{"upstreams": [field paths], "downstreams": [field paths], "transformation": str}]``.

    Ingested and hand-made edges are separate rows (one per pair and source), as descriptions
    are from docs: ingestion replaces its own rows and never touches people's. A hand-made row
    with ``hidden`` set is an editor's removal: the pair is not drawn even while a source
    still states it."""

    upstream = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="downstream_edges")
    downstream = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="upstream_edges")
    type = models.CharField(max_length=16, choices=LineageType.choices)
    actor = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    column_mappings = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.INGESTED)
    hidden = models.BooleanField(default=False, db_default=False)
    # Not a column: the sources stating the pair, set by ``lineage_edges.edges_visible``.
    sources: list[str]

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["upstream", "downstream", "source"], name="uniq_lineage_edge_source"
            ),
            models.CheckConstraint(
                condition=~Q(upstream=models.F("downstream")), name="lineage_no_self_edge"
            ),
        ]


class ChangeEvent(models.Model):
    """One row per write of one aspect of a dataset, committed in the write's own transaction.

    It is the audit history ("who changed what, before/after"), written with the version bump
    of the same write. The search relay does not read these rows: it compares each dataset's
    ``version`` with the version the index last received, so a write that committed is never
    missed, and a webhook or event feed can later read this table as DataHub's consumers read
    its MetadataChangeLog.
    """

    # No index of its own: the (dataset, -id) index serves lookups by dataset. No foreign key
    # checked on insert either (see the note above SchemaField).
    dataset = models.ForeignKey(
        Dataset,
        on_delete=models.CASCADE,
        related_name="changes",
        db_index=False,
        db_constraint=False,
    )
    aspect = models.CharField(max_length=32)
    actor = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    version = models.PositiveBigIntegerField()
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["dataset", "-id"])]


# The entities around datasets (containers, pipelines, dashboards…), in their own module.
# pylint: disable-next=wrong-import-position,unused-import
from catalog import entity_models  # noqa: E402,F401
