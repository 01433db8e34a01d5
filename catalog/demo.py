"""A deterministic demo catalog and the bulk loader that writes it.

Design, once:

* ``generate_catalog(count=, seed=)`` is pure: it yields ``DemoDataset`` values (no database) from
  ``random.Random(seed)``, so the same seed always gives the same catalog and tests can compare
  without a database. The ``WELL_KNOWN`` datasets come first and are built from a fixed seed of
  their own, so they are identical whatever ``seed`` is; ``count`` includes them.
* Names come from word lists per subject (page views, orders, payments, ...); a counter of base
  names (bounded by the word lists, not by ``count``) appends ``_2``, ``_3``... when a name repeats,
  so URNs stay unique at any size without remembering them all.
* Lineage only points from earlier datasets to the new one (kafka topic -> hdfs path -> hive table
  -> mysql/postgres export), chosen from a short window of recent datasets per platform, so the
  graph is a DAG with multi-hop chains, fan-in and fan-out, and memory stays bounded.
* ``demo_catalog_load`` consumes the generator in batches: one transaction per batch, bulk_create
  for every table, ids taken from bulk_create (PostgreSQL and SQLite both return them), upstream
  URNs resolved with one indexed query per batch. Nothing is held across batches but the windows.
* It bypasses ``catalog.services`` on purpose (one service call per dataset is ~100x slower), so
  it writes what those services would: ``version=1``, the ingestion actor, and one ChangeEvent
  (aspect ``created``) per dataset, which also lets the search relay index the demo data.
* Idempotent by skipping: a dataset whose URN already exists is left alone (with its fields,
  owners and lineage); users, groups, domains, tags and terms are created only if missing, and an
  existing user's password is never reset.
"""

# The word lists and well-known datasets make this long; they read best next to their use.
# pylint: disable=too-many-lines

from __future__ import annotations

import random
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

from django.db import transaction

from accounts.models import Group, Role, User
from catalog.models import (
    ChangeEvent,
    Classification,
    DataPlatform,
    Dataset,
    DatasetStatus,
    DatasetTag,
    DatasetTerm,
    Domain,
    FieldType,
    GlossaryTerm,
    LineageEdge,
    LineageType,
    Ownership,
    OwnershipType,
    SchemaField,
    Source,
    Tag,
)
from catalog.services import browse_path_default
from catalog.urns import DatasetUrn

INGESTION_ACTOR = "urn:li:corpuser:datahub-ingestion"
DEMO_PASSWORD = "mdt-demo"
DEFAULT_SEED = 42
_WELL_KNOWN_SEED = 20240101
_WINDOW = 48  # recent datasets per platform that a new dataset may take as upstream
_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
MAX_FIELDS = 40

# --- people ------------------------------------------------------------------------------------

# (username, role, is_staff and is_superuser, display name) of the accounts people log in with.
LOGIN_USERS = (
    ("admin", Role.ADMIN, True, "MDT Admin"),
    ("editor", Role.EDITOR, False, "Demo Editor"),
    ("reader", Role.READER, False, "Demo Reader"),
)

OWNER_USERS = (
    ("aberger", "Anna Berger", "Staff Data Engineer"),
    ("jdoe", "John Doe", "Analytics Lead"),
    ("mkim", "Min-ji Kim", "Data Scientist"),
    ("spark_etl", "Spark ETL (service)", "Service account"),
    ("svc_airflow", "Airflow (service)", "Service account"),
    ("lchen", "Li Chen", "Analytics Engineer"),
    ("rpatel", "Raj Patel", "Payments Engineer"),
    ("ogarcia", "Olivia Garcia", "Growth Analyst"),
    ("tnguyen", "Thanh Nguyen", "Platform Engineer"),
    ("ekowalski", "Ewa Kowalski", "Data Steward"),
    ("hsato", "Haruto Sato", "ML Engineer"),
    ("fmuller", "Felix Müller", "Finance Controller"),
    ("asmith", "Alice Smith", "Product Manager"),
    ("dbrown", "David Brown", "Security Engineer"),
    ("cwilliams", "Chloe Williams", "HR Analytics"),
    ("nokafor", "Ngozi Okafor", "Marketing Analyst"),
    ("ijohansson", "Ingrid Johansson", "Data Engineer"),
    ("pmartin", "Pierre Martin", "Backend Engineer"),
    ("kyamamoto", "Kenji Yamamoto", "ML Platform Lead"),
    ("bschulz", "Bettina Schulz", "Privacy Officer"),
)

# group -> (display name, members); ``editor`` is in exactly one group, ``reader`` in none.
GROUPS = {
    "data-platform": ("Data Platform", ("aberger", "spark_etl", "svc_airflow", "tnguyen")),
    "analytics": ("Analytics", ("jdoe", "lchen", "mkim", "editor")),
    "growth": ("Growth", ("ogarcia", "nokafor", "asmith")),
    "payments": ("Payments", ("rpatel", "fmuller", "pmartin")),
    "ml-platform": ("ML Platform", ("hsato", "kyamamoto", "mkim")),
    "security": ("Security", ("dbrown", "bschulz", "ekowalski")),
}

# --- vocabularies --------------------------------------------------------------------------------

DOMAINS = {
    "marketing": ("Marketing", "Campaigns, attribution and audience data."),
    "finance": ("Finance", "Revenue, payments and accounting data."),
    "product": ("Product", "Product usage, tracking and experiments."),
    "engineering": ("Engineering", "Platform, metadata and operational data."),
    "people": ("People", "Employee and HR data. Access is restricted."),
    "security": ("Security", "Audit logs and security events."),
    "machine-learning": ("Machine Learning", "Features, training sets and model outputs."),
}

TAGS = {
    "PII": ("Contains personal data.", "#d4380d"),
    "Legacy": ("Built on the old stack; avoid for new work.", "#8c8c8c"),
    "Certified": ("Reviewed and certified by the data platform team.", "#389e0d"),
    "Gold": ("Curated, business-ready data.", "#d4b106"),
    "Silver": ("Cleaned and conformed, not yet aggregated.", "#adb5bd"),
    "Raw": ("As received from the source, unvalidated.", "#595959"),
    "Deprecated-soon": ("Scheduled for removal; migrate away.", "#cf1322"),
    "Tier1": ("Business critical: on-call support, 99.9% freshness SLA.", "#1d39c4"),
    "Tier2": ("Important: best-effort freshness.", "#597ef7"),
    "Streaming": ("Continuously updated.", "#08979c"),
    "GDPR": ("Subject to GDPR deletion requests.", "#c41d7f"),
    "Experimental": ("Work in progress; schema may change.", "#fa8c16"),
}

TERMS = {
    "Classification.Confidential": "Internal only; share on a need-to-know basis.",
    "Classification.Sensitive": "Sensitive business data; access is logged.",
    "Classification.Public": "May be shared outside the company.",
    "Classification.HighlyConfidential": "Restricted; legal approval needed to share.",
    "PersonalInformation.Email": "An email address of a person.",
    "PersonalInformation.Name": "A person's first, last or full name.",
    "PersonalInformation.PhoneNumber": "A person's phone number.",
    "PersonalInformation.Address": "A postal address of a person.",
    "PersonalInformation.DateOfBirth": "A person's date of birth.",
    "PersonalInformation.IpAddress": "An IP address that can identify a person.",
    "Finance.Revenue": "Recognised revenue, net of refunds.",
    "Finance.Cost": "Costs and expenses.",
    "Finance.Currency": "ISO 4217 currency code.",
    "Ecommerce.Order": "A customer's purchase of one or more items.",
    "Ecommerce.Customer": "A person or company that bought something.",
    "Product.ActiveUser": "A member with at least one session on the day.",
}

_DATASET_TAG_WEIGHTS = {
    "Certified": 6,
    "Gold": 5,
    "Silver": 5,
    "Raw": 6,
    "Legacy": 4,
    "Tier1": 5,
    "Tier2": 5,
    "Streaming": 3,
    "GDPR": 2,
    "Experimental": 3,
    "Deprecated-soon": 1,
}

# --- schemas ---------------------------------------------------------------------------------

# kind -> (normalized type, Avro type name, native type in hive, mysql, postgres, avro files)
_KINDS = {
    "id": (FieldType.NUMBER, "long", "bigint", "bigint(20)", "bigint", "long"),
    "bigint": (FieldType.NUMBER, "long", "bigint", "bigint(20)", "bigint", "long"),
    "int": (FieldType.NUMBER, "int", "int", "int(11)", "integer", "int"),
    "decimal": (
        FieldType.NUMBER,
        "bytes",
        "decimal(18,2)",
        "decimal(18,2)",
        "numeric(18,2)",
        "bytes(decimal)",
    ),
    "double": (FieldType.NUMBER, "double", "double", "double", "double precision", "double"),
    "string": (
        FieldType.STRING,
        "string",
        "string",
        "varchar(255)",
        "character varying(255)",
        "string",
    ),
    "text": (FieldType.STRING, "string", "string", "text", "text", "string"),
    "bool": (FieldType.BOOLEAN, "boolean", "boolean", "tinyint(1)", "boolean", "boolean"),
    "timestamp": (
        FieldType.TIME,
        "long",
        "timestamp",
        "datetime",
        "timestamp with time zone",
        "long(timestamp-millis)",
    ),
    "date": (FieldType.DATE, "int", "date", "date", "date", "int(date)"),
    "array": (FieldType.ARRAY, "array", "array<string>", "json", "text[]", "array<string>"),
    "map": (FieldType.MAP, "map", "map<string,string>", "json", "jsonb", "map<string,string>"),
    "struct": (
        FieldType.STRUCT,
        "record",
        "struct<key:string,value:string>",
        "json",
        "jsonb",
        "record",
    ),
    "enum": (
        FieldType.ENUM,
        "enum",
        "string",
        "enum('active','inactive','pending')",
        "user_defined",
        "enum",
    ),
    "bytes": (FieldType.BYTES, "bytes", "binary", "blob", "bytea", "bytes"),
}
_KIND_TYPE = {kind: row[0] for kind, row in _KINDS.items()}
_AVRO_TYPE_NAME = {kind: row[1] for kind, row in _KINDS.items()}
_NATIVE = {
    family: {kind: row[2 + index] for kind, row in _KINDS.items()}
    for index, family in enumerate(("hive", "mysql", "postgres", "avro"))
}

# PII kinds: classification, field tags, field glossary terms.
_PII = {
    Classification.EMAIL: (("PII", "GDPR"), ("PersonalInformation.Email",)),
    Classification.NAME: (("PII", "GDPR"), ("PersonalInformation.Name",)),
    Classification.PHONE: (("PII",), ("PersonalInformation.PhoneNumber",)),
    Classification.ADDRESS: (("PII",), ("PersonalInformation.Address",)),
    Classification.BIRTH_DATE: (("PII",), ("PersonalInformation.DateOfBirth",)),
    Classification.IP_ADDRESS: (("PII",), ("PersonalInformation.IpAddress",)),
    Classification.GOVERNMENT_ID: (("PII",), ("Classification.HighlyConfidential",)),
    Classification.FINANCIAL: (("PII",), ("Classification.Sensitive",)),
    Classification.DEVICE_ID: ((), ()),
    Classification.USER_ID: ((), ()),
    Classification.LOCATION: (("PII",), ()),
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    description: str = ""
    classification: str = Classification.NONE
    terms: tuple[str, ...] = ()


def _c(name: str, kind: str, description: str, pii: str = "", term: str = "") -> Column:
    return Column(name, kind, description, pii or Classification.NONE, (term,) if term else ())


@dataclass(frozen=True)
class Subject:
    """A kind of data the demo catalog holds, with the words its datasets are named from."""

    key: str
    camel: str  # record / topic stem: PageViewEvent
    databases: tuple[str, ...]
    tables: tuple[str, ...]
    domain: str
    groups: tuple[str, ...]
    columns: tuple[Column, ...]
    terms: tuple[str, ...] = ()


SUBJECTS = (
    Subject(
        "pageview",
        "PageViewEvent",
        ("tracking", "web", "raw_tracking"),
        ("pageviewevent", "page_views", "click_events", "impressions"),
        "product",
        ("data-platform", "analytics"),
        (
            _c(
                "memberId",
                "id",
                "Member who viewed the page; 0 for logged-out visitors.",
                "USER_ID",
            ),
            _c("pageKey", "string", "Logical name of the page, e.g. `profile-view`."),
            _c("requestTime", "timestamp", "When the frontend served the page (UTC)."),
            _c("trackingId", "string", "Unique id of the tracking event."),
            _c("browserId", "string", "Cookie-based browser identifier.", "DEVICE_ID"),
            _c("ipAddress", "string", "Client IP address as seen by the edge.", "IP_ADDRESS"),
            _c("userAgent", "text", "Raw User-Agent header."),
            _c("referer", "string", "Referring URL, if any."),
            _c("countryCode", "string", "ISO 3166-1 alpha-2 country from GeoIP."),
            _c("isBot", "bool", "True when the request matched the bot list."),
        ),
        ("Product.ActiveUser",),
    ),
    Subject(
        "order",
        "OrderEvent",
        ("shop", "ecommerce", "sales"),
        ("orders", "order_items", "carts", "refunds", "shipments"),
        "finance",
        ("payments", "analytics"),
        (
            _c("order_id", "id", "Primary key of the order."),
            _c("customer_id", "id", "Customer who placed the order.", "USER_ID"),
            _c("order_status", "enum", "One of PENDING, PAID, SHIPPED, CANCELLED, REFUNDED."),
            _c("total_amount", "decimal", "Order total incl. tax.", "", "Finance.Revenue"),
            _c("currency", "string", "ISO 4217 currency code.", "", "Finance.Currency"),
            _c("created_at", "timestamp", "When the order was placed."),
            _c("updated_at", "timestamp", "Last status change."),
            _c("shipping_address", "struct", "Street, city, postcode, country.", "ADDRESS"),
            _c("coupon_codes", "array", "Coupons applied to the order."),
            _c("item_count", "int", "Number of line items."),
        ),
        ("Ecommerce.Order",),
    ),
    Subject(
        "customer",
        "CustomerProfile",
        ("crm", "shop", "accounts"),
        ("customers", "users", "user_profiles", "accounts", "contacts"),
        "marketing",
        ("growth", "analytics"),
        (
            _c("user_id", "id", "Primary key of the customer.", "USER_ID"),
            _c("email", "string", "Login and contact email.", "EMAIL"),
            _c("first_name", "string", "Given name.", "NAME"),
            _c("last_name", "string", "Family name.", "NAME"),
            _c("phone_number", "string", "E.164 phone number.", "PHONE"),
            _c("birth_date", "date", "Date of birth, if given.", "BIRTH_DATE"),
            _c("signup_ts", "timestamp", "When the account was created."),
            _c("country", "string", "Country of residence."),
            _c("is_active", "bool", "False once the account is closed."),
            _c("marketing_opt_in", "bool", "Consent to marketing emails."),
        ),
        ("Ecommerce.Customer", "Classification.Confidential"),
    ),
    Subject(
        "session",
        "SessionEvent",
        ("analytics", "tracking", "web"),
        ("user_sessions", "sessions", "visits", "engagement"),
        "product",
        ("analytics",),
        (
            _c("session_id", "string", "Unique session identifier."),
            _c("user_id", "id", "Logged-in user, null for anonymous sessions.", "USER_ID"),
            _c("started_at", "timestamp", "First event of the session."),
            _c("ended_at", "timestamp", "Last event of the session."),
            _c("device_id", "string", "Mobile device or browser id.", "DEVICE_ID"),
            _c("duration_seconds", "int", "ended_at minus started_at."),
            _c("page_count", "int", "Page views in the session."),
            _c("landing_page", "string", "First page of the session."),
            _c("utm_source", "string", "Marketing source parameter."),
            _c("utm_campaign", "string", "Marketing campaign parameter."),
        ),
        ("Product.ActiveUser",),
    ),
    Subject(
        "payment",
        "PaymentEvent",
        ("payments", "billing", "ledger"),
        ("payments", "transactions", "invoices", "chargebacks", "payouts"),
        "finance",
        ("payments",),
        (
            _c("payment_id", "id", "Primary key of the payment."),
            _c("order_id", "id", "Order this payment settles."),
            _c("amount", "decimal", "Amount in minor units.", "", "Finance.Revenue"),
            _c("currency", "string", "ISO 4217 currency code.", "", "Finance.Currency"),
            _c("card_last4", "string", "Last four digits of the card.", "FINANCIAL"),
            _c("iban", "string", "IBAN for SEPA payments.", "FINANCIAL"),
            _c("payment_method", "enum", "CARD, SEPA, PAYPAL or GIFT_CARD."),
            _c("status", "enum", "AUTHORIZED, CAPTURED, FAILED or REFUNDED."),
            _c("processed_at", "timestamp", "When the PSP confirmed the payment."),
            _c("fee_amount", "decimal", "PSP fee.", "", "Finance.Cost"),
        ),
        ("Classification.Sensitive",),
    ),
    Subject(
        "employee",
        "EmployeeRecord",
        ("people", "hr", "workday"),
        ("employees", "headcount", "compensation", "org_chart"),
        "people",
        ("security",),
        (
            _c("employee_id", "id", "Workday employee id."),
            _c("email", "string", "Work email.", "EMAIL"),
            _c("full_name", "string", "Legal full name.", "NAME"),
            _c("department", "string", "Cost centre name."),
            _c("manager_id", "id", "employee_id of the manager."),
            _c("hire_date", "date", "First working day."),
            _c("salary", "decimal", "Yearly base salary.", "FINANCIAL", "Finance.Cost"),
            _c("home_address", "struct", "Home address for payroll.", "ADDRESS"),
            _c("national_id", "string", "Social security number.", "GOVERNMENT_ID"),
            _c("birth_date", "date", "Date of birth.", "BIRTH_DATE"),
        ),
        ("Classification.HighlyConfidential",),
    ),
    Subject(
        "metric",
        "MetricSnapshot",
        ("metrics", "reporting", "kpi"),
        ("daily_active_users", "weekly_active_users", "revenue_daily", "retention_cohorts"),
        "product",
        ("analytics", "growth"),
        (
            _c("metric_date", "date", "Day the metric describes (UTC)."),
            _c("metric_name", "string", "Name of the metric."),
            _c("dimension", "string", "Breakdown dimension, e.g. country."),
            _c("dimension_value", "string", "Value of the dimension."),
            _c("value", "double", "Metric value."),
            _c("sample_size", "bigint", "Rows the value was computed from."),
            _c("platform", "string", "web, ios or android."),
            _c("computed_at", "timestamp", "When the job computed the row."),
        ),
        ("Product.ActiveUser",),
    ),
    Subject(
        "lineage",
        "MetadataChangeEvent",
        ("metadata", "catalog"),
        ("lineageevent", "metadata_changes", "audit_events", "schema_history"),
        "engineering",
        ("data-platform",),
        (
            _c("urn", "string", "URN of the entity that changed."),
            _c("entity_type", "string", "dataset, chart, dashboard, ..."),
            _c("aspect_name", "string", "Aspect that changed, e.g. schemaMetadata."),
            _c("change_type", "enum", "UPSERT, DELETE or PATCH."),
            _c("changed_by", "string", "Actor URN of the change."),
            _c("created_time", "timestamp", "When the change was emitted."),
            _c("payload", "map", "Serialized aspect value."),
            _c("system_metadata", "map", "Run id and last observed time."),
        ),
    ),
    Subject(
        "campaign",
        "CampaignEvent",
        ("marketing", "ads", "crm"),
        ("campaigns", "ad_spend", "email_sends", "attribution"),
        "marketing",
        ("growth",),
        (
            _c("campaign_id", "id", "Primary key of the campaign."),
            _c("campaign_name", "string", "Human name of the campaign."),
            _c("channel", "enum", "EMAIL, SEARCH, SOCIAL or DISPLAY."),
            _c("budget", "decimal", "Planned spend.", "", "Finance.Cost"),
            _c("start_date", "date", "First day of the campaign."),
            _c("end_date", "date", "Last day of the campaign."),
            _c("impressions", "bigint", "Ad impressions."),
            _c("clicks", "bigint", "Ad clicks."),
            _c("conversions", "int", "Attributed orders."),
        ),
    ),
    Subject(
        "experiment",
        "ExperimentExposure",
        ("experiments", "product"),
        ("ab_assignments", "exposures", "experiment_results"),
        "product",
        ("analytics", "growth"),
        (
            _c("experiment_id", "string", "Key of the experiment."),
            _c("variant", "string", "control or treatment name."),
            _c("user_id", "id", "Assigned user.", "USER_ID"),
            _c("assigned_at", "timestamp", "First exposure."),
            _c("exposure_count", "int", "Times the user saw the variant."),
            _c("converted", "bool", "Whether the user converted."),
        ),
    ),
    Subject(
        "feature",
        "FeatureVector",
        ("ml", "features", "training"),
        ("user_features", "item_embeddings", "training_set", "predictions"),
        "machine-learning",
        ("ml-platform",),
        (
            _c("entity_id", "id", "Id of the user or item the features describe."),
            _c("feature_name", "string", "Feature key."),
            _c("feature_value", "double", "Scalar feature value."),
            _c("embedding", "array", "Dense vector, 128 floats."),
            _c("model_version", "string", "Model that produced or used the row."),
            _c("label", "int", "Training label."),
            _c("computed_at", "timestamp", "Feature computation time."),
        ),
    ),
    Subject(
        "audit",
        "SecurityAuditEvent",
        ("security", "audit"),
        ("access_logs", "login_attempts", "audit_trail", "firewall_events"),
        "security",
        ("security",),
        (
            _c("event_id", "string", "Unique id of the audit event."),
            _c("principal", "string", "User or service that acted.", "USER_ID"),
            _c("action", "string", "What was attempted."),
            _c("resource", "string", "What it was attempted on."),
            _c("source_ip", "string", "Client IP.", "IP_ADDRESS"),
            _c("outcome", "enum", "ALLOWED or DENIED."),
            _c("event_time", "timestamp", "When it happened."),
            _c("geo", "struct", "GeoIP city and country.", "LOCATION"),
        ),
        ("Classification.Confidential",),
    ),
)
_SUBJECTS = {subject.key: subject for subject in SUBJECTS}

# Columns any table may carry after its subject's own.
GENERIC_COLUMNS = (
    _c("etl_loaded_at", "timestamp", "When the pipeline wrote the row."),
    _c("etl_batch_id", "string", "Id of the pipeline run."),
    _c("source_system", "string", "System the row came from."),
    _c("is_deleted", "bool", "Soft-delete flag."),
    _c("record_hash", "string", "MD5 of the business columns, for change detection."),
    _c("row_version", "int", "Optimistic-locking version."),
    _c("tenant_id", "id", "Tenant the row belongs to."),
    _c("region", "string", "Sales region."),
    _c("locale", "string", "BCP 47 locale."),
    _c("app_version", "string", "Client app version."),
    _c("os_name", "string", "Client operating system."),
    _c("device_type", "enum", "desktop, mobile or tablet."),
    _c("channel", "string", "Acquisition channel."),
    _c("partner_id", "id", "Partner that referred the user."),
    _c("sku", "string", "Stock keeping unit."),
    _c("quantity", "int", "Units."),
    _c("unit_price", "decimal", "Price per unit."),
    _c("discount", "decimal", "Discount applied."),
    _c("score", "double", "Model or ranking score."),
    _c("rank", "int", "Position in the ranking."),
    _c("attributes", "map", "Free-form key/value attributes."),
    _c("labels", "array", "Labels attached to the row."),
    _c("comment", "text", "Free text entered by an operator."),
    _c("created_by", "string", "User who created the row."),
    _c("updated_by", "string", "User who last changed the row."),
    _c("valid_from", "timestamp", "SCD2 validity start."),
    _c("valid_to", "timestamp", "SCD2 validity end."),
    _c("is_current", "bool", "SCD2 current-row flag."),
    _c("load_date", "date", "Business date of the load."),
    _c("raw_payload", "bytes", "Original message bytes."),
    _c("latency_ms", "int", "Processing latency."),
    _c("error_code", "string", "Error code, if the record failed validation."),
    _c("schema_id", "int", "Schema registry id of the writer schema."),
    _c("trace_id", "string", "Distributed tracing id."),
)

_AUDIT_HEADER = (
    _c("time", "bigint", "Time the event was emitted, epoch millis."),
    _c("server", "string", "Host that emitted the event."),
    _c("instance", "string", "Service instance."),
    _c("appName", "string", "Service name."),
    _c("messageId", "bytes", "16-byte unique message id."),
)

# --- lineage vocabulary --------------------------------------------------------------------------

_FLOWS = (
    ("airflow", "tracking_etl", ("load_pageviews", "sessionize", "dedup_events")),
    ("airflow", "shop_daily", ("export_orders", "build_revenue", "snapshot_customers")),
    ("airflow", "metrics_dag", ("daily_active_users", "retention", "kpi_rollup")),
    ("spark", "gobblin_ingest", ("kafka_to_hdfs", "compact_avro")),
    ("azkaban", "payments_pipeline", ("settle", "reconcile", "ledger_export")),
    ("airflow", "ml_features", ("build_features", "train_set", "score_users")),
)
_USER_ACTORS = ("aberger", "spark_etl", "svc_airflow", "lchen", "ijohansson")

# platform -> upstream platforms it reads from (in order of preference) and edge type.
_FEEDS = {
    "kafka": (("mysql", "postgres"), LineageType.COPY, 0.15),
    "hdfs": (("kafka",), LineageType.COPY, 0.85),
    "hive": (("hdfs", "hive"), LineageType.TRANSFORMED, 0.85),
    "mysql": (("hive",), LineageType.TRANSFORMED, 0.45),
    "postgres": (("hive", "postgres"), LineageType.TRANSFORMED, 0.55),
}
_PLATFORM_WEIGHTS = (("kafka", 18), ("hdfs", 22), ("hive", 32), ("mysql", 14), ("postgres", 14))
_ORIGIN_WEIGHTS = (("PROD", 72), ("EI", 12), ("DEV", 10), ("CORP", 6))
_TABLE_SUFFIXES = (
    "",
    "",
    "_daily",
    "_hourly",
    "_snapshot",
    "_agg",
    "_clean",
    "_enriched",
    "_dedup",
    "_history",
    "_latest",
    "_by_country",
    "_staging",
    "_archive",
)
_CAMEL_SUFFIXES = ("", "", "Daily", "Hourly", "Compacted", "Enriched", "Filtered", "Sampled")
_OWNER_COUNT_WEIGHTS = (18, 30, 27, 15, 10)  # 0..4 owners


# --- the generated values ---------------------------------------------------------------------


@dataclass(frozen=True)
class DemoField:
    field_path: str
    native_type: str
    type: str
    nullable: bool = True
    is_key: bool = False
    is_partition: bool = False
    description: str = ""
    tags: tuple[str, ...] = ()
    glossary_terms: tuple[str, ...] = ()
    classification: str = Classification.NONE


@dataclass(frozen=True)
class DemoOwner:
    kind: str  # "user" | "group"
    name: str
    type: str
    source: str = Source.INGESTED


@dataclass(frozen=True)
class DemoEdge:
    upstream_urn: str
    type: str
    actor: str
    created_at: datetime
    column_mappings: tuple[dict[str, Any], ...] = ()


@dataclass
class DemoDataset:  # pylint: disable=too-many-instance-attributes
    """One dataset with every aspect, referencing others by URN and owners by name."""

    urn: str
    platform: str
    name: str
    origin: str
    subject: str
    qualified_name: str = ""
    description: str = ""
    docs: str = ""
    custom_properties: dict[str, str] = field(default_factory=dict)
    domain: str | None = None
    status: str = DatasetStatus.ACTIVE
    deprecation_note: str = ""
    fields: list[DemoField] = field(default_factory=list)
    owners: list[DemoOwner] = field(default_factory=list)
    tags: list[tuple[str, str]] = field(default_factory=list)  # (tag, source)
    terms: list[tuple[str, str]] = field(default_factory=list)  # (term, source)
    upstreams: list[DemoEdge] = field(default_factory=list)


def _urn(platform: str, name: str, origin: str = "PROD") -> str:
    return str(DatasetUrn(platform=platform, name=name, origin=origin))


@dataclass(frozen=True)
class WellKnown:
    platform: str
    name: str
    origin: str
    subject: str
    description: str
    owners: tuple[tuple[str, str, str], ...] = ()  # ("user:jdoe", type, source)
    tags: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    upstreams: tuple[tuple[str, str], ...] = ()  # (urn, lineage type)
    docs: bool = True
    deprecation_note: str = ""

    @property
    def urn(self) -> str:
        return _urn(self.platform, self.name, self.origin)


_I, _E = Source.INGESTED, Source.EDITABLE
_T = OwnershipType
WELL_KNOWN = (
    WellKnown(
        "kafka",
        "PageViewEvent",
        "PROD",
        "pageview",
        "Every page a member or visitor loads, emitted by the frontend servers.",
        (("user:aberger", _T.PRODUCER, _I), ("group:data-platform", _T.TECHNICAL_OWNER, _I)),
        ("Streaming", "Tier1", "Raw"),
        ("Classification.Confidential",),
    ),
    WellKnown(
        "hdfs",
        "/data/tracking/PageViewEvent",
        "PROD",
        "pageview",
        "Hourly Avro dump of the PageViewEvent Kafka topic, partitioned by datepartition.",
        (
            ("user:aberger", _T.TECHNICAL_OWNER, _I),
            ("group:data-platform", _T.PRODUCER, _I),
            ("user:jdoe", _T.BUSINESS_OWNER, _I),
        ),
        ("Raw", "Tier1"),
        ("Classification.Confidential",),
        ((_urn("kafka", "PageViewEvent"), LineageType.COPY),),
    ),
    WellKnown(
        "hive",
        "tracking.pageviewevent",
        "PROD",
        "pageview",
        "Page views as a Hive table over /data/tracking/PageViewEvent, bots removed.",
        (
            ("user:jdoe", _T.BUSINESS_OWNER, _I),
            ("user:lchen", _T.TECHNICAL_OWNER, _I),
            ("user:editor", _T.DATA_STEWARD, _E),
        ),
        ("Certified", "Gold", "Tier1"),
        ("Product.ActiveUser",),
        ((_urn("hdfs", "/data/tracking/PageViewEvent"), LineageType.TRANSFORMED),),
    ),
    WellKnown(
        "hdfs",
        "/jobs/metrics/daily_active_users",
        "PROD",
        "metric",
        "Daily active users per country and platform, computed from page views.",
        (("user:mkim", _T.TECHNICAL_OWNER, _I), ("group:analytics", _T.BUSINESS_OWNER, _I)),
        ("Gold",),
        ("Product.ActiveUser",),
        ((_urn("hive", "tracking.pageviewevent"), LineageType.TRANSFORMED),),
    ),
    WellKnown(
        "postgres",
        "analytics.public.daily_active_users",
        "PROD",
        "metric",
        "DAU served to the KPI dashboards; a copy of /jobs/metrics/daily_active_users.",
        (("group:analytics", _T.TECHNICAL_OWNER, _I),),
        ("Certified",),
        (),
        ((_urn("hdfs", "/jobs/metrics/daily_active_users"), LineageType.COPY),),
        docs=False,
    ),
    WellKnown(
        "postgres",
        "analytics.public.user_sessions",
        "PROD",
        "session",
        "Sessionized page views: one row per visit, 30 minutes of inactivity ends a session.",
        (("user:editor", _T.TECHNICAL_OWNER, _E), ("user:lchen", _T.DEVELOPER, _I)),
        ("Silver",),
        (),
        ((_urn("hive", "tracking.pageviewevent"), LineageType.TRANSFORMED),),
    ),
    WellKnown(
        "mysql",
        "shop.orders",
        "PROD",
        "order",
        "Orders of the web shop, source of truth (OLTP).",
        (
            ("user:rpatel", _T.TECHNICAL_OWNER, _I),
            ("group:payments", _T.BUSINESS_OWNER, _I),
            ("user:editor", _T.STAKEHOLDER, _I),
        ),
        ("Tier1",),
        ("Ecommerce.Order", "Finance.Revenue"),
    ),
    WellKnown(
        "mysql",
        "shop.customers",
        "PROD",
        "customer",
        "Customer accounts of the web shop.",
        (("user:rpatel", _T.TECHNICAL_OWNER, _I), ("user:bschulz", _T.DATA_STEWARD, _I)),
        ("PII", "GDPR", "Tier1"),
        ("Ecommerce.Customer", "Classification.Confidential"),
    ),
    WellKnown(
        "hive",
        "shop.orders_daily",
        "PROD",
        "order",
        "",  # left empty on purpose: a well-known dataset with gaps for the health score
        (),
        (),
        (),
        (
            (_urn("mysql", "shop.orders"), LineageType.COPY),
            (_urn("mysql", "shop.customers"), LineageType.TRANSFORMED),
        ),
        docs=False,
    ),
    WellKnown(
        "hive",
        "finance.revenue_daily",
        "PROD",
        "metric",
        "Net revenue per day and currency, after refunds.",
        (("user:fmuller", _T.BUSINESS_OWNER, _I), ("group:payments", _T.TECHNICAL_OWNER, _I)),
        ("Gold", "Certified"),
        ("Finance.Revenue",),
        ((_urn("hive", "shop.orders_daily"), LineageType.TRANSFORMED),),
    ),
    WellKnown(
        "kafka",
        "MetadataChangeEvent_v4",
        "PROD",
        "lineage",
        "Metadata change proposals emitted by ingestion sources (DataHub MCE v4).",
        (("group:data-platform", _T.PRODUCER, _I), ("user:tnguyen", _T.TECHNICAL_OWNER, _I)),
        ("Streaming",),
    ),
    WellKnown(
        "kafka",
        "metadata_lineageevent_v1",
        "PROD",
        "lineage",
        "Lineage events: one message per upstream/downstream edge that changed.",
        (("user:tnguyen", _T.TECHNICAL_OWNER, _I), ("group:data-platform", _T.PRODUCER, _I)),
        ("Streaming", "Tier2"),
        (),
        ((_urn("kafka", "MetadataChangeEvent_v4"), LineageType.TRANSFORMED),),
    ),
    WellKnown(
        "hive",
        "metadata.lineageevent",
        "PROD",
        "lineage",
        "All lineage events since 2019, queryable with Hive.",
        (("user:tnguyen", _T.TECHNICAL_OWNER, _I),),
        ("Silver",),
        (),
        ((_urn("kafka", "metadata_lineageevent_v1"), LineageType.TRANSFORMED),),
    ),
    WellKnown(
        "hive",
        "tracking.pageviewevent",
        "EI",
        "pageview",
        "Integration copy of tracking.pageviewevent with one day of sampled data.",
        (("user:spark_etl", _T.PRODUCER, _I),),
        ("Experimental",),
        docs=False,
    ),
    WellKnown(
        "hive",
        "legacy.pageview_v0",
        "PROD",
        "pageview",
        "Page views in the pre-2020 format.",
        (("user:aberger", _T.TECHNICAL_OWNER, _I),),
        ("Legacy", "Deprecated-soon"),
        (),
        ((_urn("hdfs", "/data/tracking/PageViewEvent"), LineageType.VIEW),),
        docs=False,
        deprecation_note="Replaced by tracking.pageviewevent; removal planned for 2025-Q4.",
    ),
)
WELL_KNOWN_URNS: list[str] = [spec.urn for spec in WELL_KNOWN]


# --- generation ----------------------------------------------------------------------------------


def _pick_weighted(rng: random.Random, pairs: Iterable[tuple[str, int]]) -> str:
    items = list(pairs)
    return rng.choices([name for name, _ in items], weights=[w for _, w in items])[0]


def _snake(camel: str) -> str:
    out = "".join("_" + ch.lower() if ch.isupper() else ch for ch in camel)
    return out.lstrip("_")


def _pick_columns(rng: random.Random, subject: Subject, count: int) -> list[Column]:
    own = list(subject.columns)
    if count <= len(own):
        # keep the key column, then a sample of the rest in their natural order
        keep = sorted(rng.sample(range(1, len(own)), count - 1))
        return [own[0], *[own[i] for i in keep]]
    names = {column.name for column in own}
    generic = [column for column in GENERIC_COLUMNS if column.name not in names]
    extra = rng.sample(generic, min(count - len(own), len(generic)))
    return own + extra


def _field_from_column(
    rng: random.Random, column: Column, path: str, native: str, *, described: bool
) -> DemoField:
    tags: tuple[str, ...] = ()
    terms: tuple[str, ...] = column.terms
    if column.classification:
        pii_tags, pii_terms = _PII[Classification(column.classification)]
        tags, terms = pii_tags, tuple(dict.fromkeys((*terms, *pii_terms)))
    return DemoField(
        field_path=path,
        native_type=native,
        type=_KIND_TYPE[column.kind],
        nullable=column.kind != "id" and rng.random() < 0.8,
        is_key=column.kind == "id" and path.endswith(("_id", "Id", "id")) and rng.random() < 0.9,
        description=column.description if described else "",
        tags=tags,
        glossary_terms=terms,
        classification=column.classification,
    )


def _relational_fields(
    rng: random.Random, platform: str, columns: list[Column], describe: float, *, partition: bool
) -> list[DemoField]:
    family = "avro" if platform == "hdfs" else platform
    fields = []
    for index, column in enumerate(columns):
        native = _NATIVE[family][column.kind]
        if platform == "hive" and column.kind == "struct" and column.classification:
            native = "struct<street:string,city:string,postcode:string,country:string>"
        built = _field_from_column(
            rng, column, column.name, native, described=rng.random() < describe
        )
        if index > 0 and built.is_key:
            built = replace(built, is_key=False)
        fields.append(built)
    if partition:
        name = rng.choice(("datepartition", "ds", "dt"))
        fields.append(
            DemoField(
                field_path=name,
                native_type="string",
                type=FieldType.STRING,
                nullable=False,
                is_partition=True,
                description="Partition date, yyyy-MM-dd." if rng.random() < describe else "",
            )
        )
    return fields


def _kafka_fields(
    rng: random.Random, record: str, columns: list[Column], describe: float, *, v2: bool
) -> list[DemoField]:
    """Avro records: an ``auditHeader`` record then the subject's fields, as DataHub v2 paths
    (``[version=2.0].[type=Rec].[type=AuditHeader].auditHeader.[type=long].time``) or dotted."""
    root = f"[version=2.0].[type={record}]"
    fields = []
    header = f"{root}.[type=AuditHeader].auditHeader" if v2 else "auditHeader"
    fields.append(
        DemoField(
            field_path=header,
            native_type="AuditHeader",
            type=FieldType.STRUCT,
            nullable=False,
            description="Standard header of every tracking event." if rng.random() < 0.8 else "",
        )
    )
    for column in _AUDIT_HEADER:
        avro = "fixed" if column.kind == "bytes" else _AVRO_TYPE_NAME[column.kind]
        path = f"{header}.[type={avro}].{column.name}" if v2 else f"auditHeader.{column.name}"
        native = avro
        built = _field_from_column(rng, column, path, native, described=rng.random() < describe)
        if column.kind == "bytes":
            built = replace(built, type=FieldType.FIXED)
        fields.append(built)
    for column in columns[: max(1, len(columns) - len(_AUDIT_HEADER) - 1)]:
        if column.kind == "struct":
            struct_path = (
                f"{root}.[type={column.name.title()}].{column.name}" if v2 else column.name
            )
            fields.append(
                _field_from_column(
                    rng, column, struct_path, "record", described=rng.random() < describe
                )
            )
            for child in ("city", "country"):
                child_path = (
                    f"{struct_path}.[type=string].{child}" if v2 else f"{column.name}.{child}"
                )
                fields.append(
                    DemoField(child_path, "string", FieldType.STRING, description=f"{child}.")
                )
            continue
        avro = _AVRO_TYPE_NAME[column.kind]
        if v2 and column.kind == "array":
            path = f"{root}.[type=array].[type=string].{column.name}"
        elif v2 and column.kind == "map":
            path = f"{root}.[type=map].[type=string].{column.name}"
        else:
            path = f"{root}.[type={avro}].{column.name}" if v2 else column.name
        native = _NATIVE["avro"][column.kind]
        fields.append(
            _field_from_column(rng, column, path, native, described=rng.random() < describe)
        )
    return fields


def _leaf(path: str) -> str:
    return path.rsplit(".", 1)[-1]


def _fields(
    rng: random.Random, platform: str, subject: Subject, count: int, describe: float | None
) -> list[DemoField]:
    """``describe`` is the share of fields with a description; ``None`` picks one, averaging
    about 60%."""
    if describe is None:
        describe = rng.choice((0.0, 0.3, 0.6, 0.6, 0.8, 1.0))
    if platform == "kafka":
        record = subject.camel
        columns = _pick_columns(rng, subject, max(count, len(_AUDIT_HEADER) + 2))
        # struct children can push a record past the limit: DataHub shows at most what we cap
        return _kafka_fields(rng, record, columns, describe, v2=rng.random() < 0.5)[:MAX_FIELDS]
    partition = platform == "hive" or (platform == "hdfs" and rng.random() < 0.6)
    columns = _pick_columns(rng, subject, max(3 - partition, count - partition))
    return _relational_fields(rng, platform, columns, describe, partition=partition)


def _docs(dataset: DemoDataset, subject: Subject) -> str:
    keys = [f.field_path for f in dataset.fields if f.is_key] or [dataset.fields[0].field_path]
    pii = sorted({f.classification for f in dataset.fields if f.classification})
    rows = "\n".join(
        f"| `{_leaf(f.field_path)}` | {f.native_type} | {f.description or '—'} |"
        for f in dataset.fields[:6]
    )
    upstream = (
        "\n".join(f"- `{edge.upstream_urn}` ({edge.type.lower()})" for edge in dataset.upstreams)
        or "- none: this is a source dataset"
    )
    return (
        f"# {dataset.name}\n\n"
        f"{dataset.description or 'Owned by the ' + subject.groups[0] + ' team.'}\n\n"
        "## How to use it\n\n"
        f"- Join on {', '.join(f'`{_leaf(k)}`' for k in keys)}.\n"
        f"- Filter by origin **{dataset.origin}**; other fabrics hold test data.\n"
        f"- Personal data: {', '.join(pii) if pii else 'none'}.\n\n"
        "## Key columns\n\n"
        "| column | type | meaning |\n|---|---|---|\n"
        f"{rows}\n\n"
        "## Upstreams\n\n"
        f"{upstream}\n\n"
        "## Freshness\n\n"
        "Loaded by the nightly pipeline; expect data for *yesterday* by 06:00 UTC.\n"
    )


def _properties(rng: random.Random, platform: str, name: str) -> tuple[str, dict[str, str]]:
    if platform == "hive":
        location = f"hdfs://nameservice1/user/hive/warehouse/{name.replace('.', '.db/')}"
        return name, {
            "table_type": rng.choice(("EXTERNAL_TABLE", "MANAGED_TABLE")),
            "location": location,
            "input_format": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "numFiles": str(rng.randrange(1, 5000)),
            "totalSize": str(rng.randrange(10**6, 10**12)),
        }
    if platform == "hdfs":
        return f"hdfs://nameservice1{name}", {
            "format": rng.choice(("avro", "parquet", "orc")),
            "compression": rng.choice(("snappy", "gzip", "zstd")),
            "file_count": str(rng.randrange(1, 20000)),
        }
    if platform == "kafka":
        return name, {
            "partitions": str(rng.choice((3, 6, 12, 24, 48))),
            "replication_factor": "3",
            "retention.ms": str(rng.choice((86400000, 604800000, 2592000000))),
            "cleanup.policy": rng.choice(("delete", "compact")),
        }
    props = {"row_count": str(rng.randrange(0, 10**8))}
    if platform == "mysql":
        props["engine"] = "InnoDB"
    return name, props


def _description(rng: random.Random, platform: str, subject: Subject, name: str) -> str:
    noun = {
        "kafka": "Topic carrying",
        "hdfs": "Files holding",
        "hive": "Table of",
        "mysql": "OLTP table of",
        "postgres": "Reporting table of",
    }[platform]
    what = _leaf(name.replace("/", ".")).replace("_", " ")
    tail = rng.choice(
        (
            "",
            " Refreshed daily.",
            " Partitioned by day.",
            " One row per event.",
            " Deduplicated on the primary key.",
            f" Used by the {rng.choice(subject.groups)} team.",
        )
    )
    return f"{noun} {what} ({subject.key} data).{tail}"


class _Namer:
    """Unique dataset names. Remembers how often each base name was used (bounded by the word
    lists), and appends ``_<n>`` to repeats; word lists hold no trailing digits, so a suffixed
    name can never equal a base name."""

    def __init__(self) -> None:
        self.used: Counter[tuple[str, str, str]] = Counter()

    def reserve(self, platform: str, name: str, origin: str) -> None:
        self.used[(platform, name, origin)] += 1

    def make(self, rng: random.Random, platform: str, subject: Subject, origin: str) -> str:
        database = rng.choice(subject.databases)
        table = rng.choice(subject.tables) + rng.choice(_TABLE_SUFFIXES)
        if platform == "hive":
            base = f"{database}.{table}"
        elif platform == "mysql":
            base = f"{database}.{table}"
        elif platform == "postgres":
            schema = rng.choice(("public", "public", "reporting", "staging"))
            base = f"{rng.choice(('analytics', 'app', 'warehouse'))}.{schema}.{table}"
        elif platform == "hdfs":
            if rng.random() < 0.6:
                base = f"/data/{database}/{subject.camel}{rng.choice(_CAMEL_SUFFIXES)}"
            else:
                base = f"/jobs/{rng.choice(('metrics', database, 'exports'))}/{table}"
        elif rng.random() < 0.5:
            base = f"{subject.camel}{rng.choice(_CAMEL_SUFFIXES)}_v{rng.randrange(1, 6)}"
        else:
            topic = rng.choice(subject.tables)
            topic = topic if topic.startswith(database) else f"{database}_{topic}"
            base = f"{topic}_v{rng.randrange(1, 4)}"
        key = (platform, base, origin)
        self.used[key] += 1
        count = self.used[key]
        if count == 1:
            return base
        return f"{base}_{count}"


@dataclass(frozen=True)
class _Recent:
    urn: str
    origin: str
    subject: str
    paths: dict[str, str]  # leaf name -> field path, a few columns for column-level lineage


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.namer = _Namer()
        self.recent: dict[str, deque[_Recent]] = {p: deque(maxlen=_WINDOW) for p in _FEEDS}

    def remember(self, dataset: DemoDataset) -> None:
        paths = {_leaf(f.field_path): f.field_path for f in dataset.fields[:12]}
        self.recent[dataset.platform].append(
            _Recent(dataset.urn, dataset.origin, dataset.subject, paths)
        )

    def _actor(self) -> str:
        rng = self.rng
        if rng.random() < 0.2:
            return rng.choice(_USER_ACTORS)
        orchestrator, flow, jobs = rng.choice(_FLOWS)
        return f"urn:li:dataJob:(urn:li:dataFlow:({orchestrator},{flow},prod),{rng.choice(jobs)})"

    def _edge(
        self, upstream: _Recent, lineage_type: str, fields: list[DemoField], mapped: bool
    ) -> DemoEdge:
        mappings: tuple[dict[str, Any], ...] = ()
        if mapped:
            mappings = tuple(
                {
                    "upstreams": [upstream.paths[_leaf(f.field_path)]],
                    "downstreams": [f.field_path],
                    "transformation": "IDENTITY",
                }
                for f in fields
                if _leaf(f.field_path) in upstream.paths
            )[:6]
        created = _EPOCH + timedelta(minutes=self.rng.randrange(0, 60 * 24 * 540))
        return DemoEdge(upstream.urn, lineage_type, self._actor(), created, mappings)

    def _upstreams(self, platform: str, origin: str) -> list[_Recent]:
        rng = self.rng
        sources, _, chance = _FEEDS[platform]
        if rng.random() >= chance:
            return []
        pool = [r for src in sources for r in self.recent[src] if r.origin == origin]
        if not pool:
            return []
        wanted = rng.choices((1, 2, 3), weights=(70, 22, 8))[0]
        picked = rng.sample(pool, min(wanted, len(pool)))
        return picked

    def owners(self, subject: Subject) -> list[DemoOwner]:
        rng = self.rng
        count = rng.choices(range(5), weights=_OWNER_COUNT_WEIGHTS)[0]
        chosen: list[DemoOwner] = []
        seen = set()
        types = list(OwnershipType.values)
        for _ in range(count * 4):  # a few draws may repeat an owner
            if len(chosen) == count:
                break
            if rng.random() < 0.3:
                owner = ("group", rng.choice(subject.groups))
            elif rng.random() < 0.03:
                owner = ("user", "editor")
            else:
                owner = ("user", rng.choice(OWNER_USERS)[0])
            if owner in seen:
                continue
            seen.add(owner)
            owner_type = rng.choice(types[:4]) if rng.random() < 0.8 else rng.choice(types)
            source = Source.EDITABLE if rng.random() < 0.08 else Source.INGESTED
            chosen.append(DemoOwner(owner[0], owner[1], owner_type, source))
        return chosen

    def labels(
        self, subject: Subject, fields: list[DemoField]
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        rng = self.rng
        tags = set(
            rng.sample(list(_DATASET_TAG_WEIGHTS), rng.choices((0, 1, 2, 3), (35, 35, 20, 10))[0])
        )
        if any(f.classification and "PII" in f.tags for f in fields) and rng.random() < 0.7:
            tags.add("PII")
        terms = set()
        if subject.terms and rng.random() < 0.55:
            terms.update(rng.sample(subject.terms, rng.randrange(1, len(subject.terms) + 1)))
        if rng.random() < 0.15:
            terms.add(rng.choice(("Classification.Public", "Classification.Confidential")))

        def sourced(names: set[str]) -> list[tuple[str, str]]:
            return [
                (name, Source.EDITABLE if rng.random() < 0.1 else Source.INGESTED)
                for name in sorted(names)
            ]

        return sourced(tags), sourced(terms)

    def build(
        self,
        *,
        platform: str,
        name: str,
        origin: str,
        subject: Subject,
        upstreams: list[tuple[_Recent, str]],
        field_count: int,
        describe: float | None = None,
    ) -> DemoDataset:
        rng = self.rng
        urn = DatasetUrn(platform=platform, name=name, origin=origin)
        qualified_name, props = _properties(rng, platform, name)
        dataset = DemoDataset(
            urn=str(urn),
            platform=platform,
            name=name,
            origin=origin,
            subject=subject.key,
            qualified_name=qualified_name,
            custom_properties=props,
            domain=subject.domain if rng.random() < 0.85 else None,
        )
        dataset.fields = _fields(rng, platform, subject, field_count, describe)
        mapped = rng.random() < 0.5
        dataset.upstreams = [
            self._edge(recent, lineage_type, dataset.fields, mapped)
            for recent, lineage_type in upstreams
        ]
        if rng.random() < 0.82:
            dataset.description = _description(rng, platform, subject, name)
        if rng.random() < 0.2:
            dataset.docs = _docs(dataset, subject)
        if rng.random() < 0.07:
            dataset.status = DatasetStatus.DEPRECATED
            dataset.deprecation_note = rng.choice(
                (
                    "No longer refreshed; use the _clean variant.",
                    "Source system retired in 2024.",
                    f"Superseded by a {rng.choice(('hive', 'postgres'))} table; ask #data-help.",
                )
            )
        dataset.owners = self.owners(subject)
        dataset.tags, dataset.terms = self.labels(subject, dataset.fields)
        return dataset

    def random_dataset(self) -> DemoDataset:
        rng = self.rng
        platform = _pick_weighted(rng, _PLATFORM_WEIGHTS)
        origin = _pick_weighted(rng, _ORIGIN_WEIGHTS)
        picked = self._upstreams(platform, origin)
        if picked and rng.random() < 0.85:
            subject = _SUBJECTS[picked[0].subject]
        else:
            subject = rng.choice(SUBJECTS)
        _, lineage_type, _ = _FEEDS[platform]
        upstreams = [
            (recent, LineageType.VIEW if rng.random() < 0.08 else lineage_type) for recent in picked
        ]
        name = self.namer.make(rng, platform, subject, origin)
        field_count = int(rng.triangular(3, 40, 10))
        return self.build(
            platform=platform,
            name=name,
            origin=origin,
            subject=subject,
            upstreams=upstreams,
            field_count=field_count,
        )


def _well_known_dataset(generator: _Generator, spec: WellKnown) -> DemoDataset:
    subject = _SUBJECTS[spec.subject]
    by_urn = {r.urn: r for recent in generator.recent.values() for r in recent}
    upstreams = [(by_urn[urn], lineage_type) for urn, lineage_type in spec.upstreams]
    dataset = generator.build(
        platform=spec.platform,
        name=spec.name,
        origin=spec.origin,
        subject=subject,
        upstreams=upstreams,
        field_count=len(subject.columns) + 4,
        # curated: every field documented, unless the spec leaves gaps on purpose
        describe=1.0 if spec.description else 0.3,
    )
    dataset.description = spec.description
    dataset.domain = subject.domain if spec.description else None
    dataset.docs = _docs(dataset, subject) if spec.docs else ""
    dataset.status = DatasetStatus.DEPRECATED if spec.deprecation_note else DatasetStatus.ACTIVE
    dataset.deprecation_note = spec.deprecation_note
    dataset.owners = [
        DemoOwner(*owner.split(":", 1), owner_type, source)
        for owner, owner_type, source in spec.owners
    ]
    dataset.tags = [(name, Source.INGESTED) for name in spec.tags]
    dataset.terms = [(name, Source.INGESTED) for name in spec.terms]
    return dataset


def generate_catalog(*, count: int, seed: int = DEFAULT_SEED) -> Iterator[DemoDataset]:
    """Yield ``count`` datasets: the well-known ones first, then random ones from ``seed``.
    Pure and lazy; upstream URNs always name a dataset yielded earlier."""
    fixed = _Generator(_WELL_KNOWN_SEED)
    generator = _Generator(seed)
    for spec in WELL_KNOWN[:count]:
        dataset = _well_known_dataset(fixed, spec)
        fixed.remember(dataset)
        generator.remember(dataset)
        generator.namer.reserve(spec.platform, spec.name, spec.origin)
        yield dataset
    for _ in range(max(0, count - len(WELL_KNOWN))):
        dataset = generator.random_dataset()
        generator.remember(dataset)
        yield dataset


# --- loading -------------------------------------------------------------------------------------


@dataclass
class LoadSummary:
    created: int = 0
    skipped: int = 0
    fields: int = 0
    owners: int = 0
    tags: int = 0
    terms: int = 0
    edges: int = 0
    changes: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.created / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        return (
            f"{self.created} datasets created, {self.skipped} skipped (already present), "
            f"{self.fields} fields, {self.owners} ownerships, {self.tags} tag links, "
            f"{self.terms} term links, {self.edges} lineage edges, {self.changes} change events "
            f"in {self.seconds:.1f}s ({self.rate:.0f} datasets/s)"
        )


@dataclass
class _Lookups:
    platforms: dict[str, int]
    domains: dict[str, int]
    tags: dict[str, int]
    terms: dict[str, int]
    users: dict[str, int]
    groups: dict[str, int]


@transaction.atomic
def demo_reference_data_load() -> _Lookups:
    """Users, groups, domains, tags and glossary terms; creates only what is missing."""
    for username, role, is_admin, display_name in LOGIN_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "is_staff": is_admin,
                "is_superuser": is_admin,
                "display_name": display_name,
                "email": f"{username}@example.com",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    for username, display_name, title in OWNER_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": Role.READER,
                "display_name": display_name,
                "title": title,
                "email": f"{username}@example.com",
                "first_name": display_name.split()[0],
                "last_name": display_name.split()[-1].strip("()"),
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
    users = dict(User.objects.values_list("username", "id"))
    for name, (display_name, members) in GROUPS.items():
        group, _ = Group.objects.get_or_create(
            name=name,
            defaults={
                "display_name": display_name,
                "email": f"{name}@example.com",
                "description": f"The {display_name} team.",
            },
        )
        group.members.add(*[users[member] for member in members])
    Domain.objects.bulk_create(
        [Domain(name=n, display_name=d, description=t) for n, (d, t) in DOMAINS.items()],
        ignore_conflicts=True,
    )
    Tag.objects.bulk_create(
        [Tag(name=n, description=d, color=c) for n, (d, c) in TAGS.items()], ignore_conflicts=True
    )
    GlossaryTerm.objects.bulk_create(
        [GlossaryTerm(name=n, description=d) for n, d in TERMS.items()], ignore_conflicts=True
    )
    return _Lookups(
        platforms=dict(DataPlatform.objects.values_list("name", "id")),
        domains=dict(Domain.objects.values_list("name", "id")),
        tags=dict(Tag.objects.values_list("name", "id")),
        terms=dict(GlossaryTerm.objects.values_list("name", "id")),
        users=users,
        groups=dict(Group.objects.values_list("name", "id")),
    )


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _ids_by_urn(urns: Iterable[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(set(urns)), 500):  # stays under SQLite's variable limit
        found.update(Dataset.objects.filter(urn__in=chunk).values_list("urn", "id"))
    return found


def _dataset_row(item: DemoDataset, lookups: _Lookups) -> Dataset:
    return Dataset(
        urn=item.urn,
        platform_id=lookups.platforms[item.platform],
        name=item.name,
        origin=item.origin,
        qualified_name=item.qualified_name,
        description=item.description,
        docs=item.docs,
        custom_properties=item.custom_properties,
        browse_path=browse_path_default(
            DatasetUrn(platform=item.platform, name=item.name, origin=item.origin)
        ),
        domain_id=lookups.domains.get(item.domain) if item.domain else None,
        status=item.status,
        deprecation_note=item.deprecation_note,
        created_by=INGESTION_ACTOR,
        modified_by=INGESTION_ACTOR,
        version=1,
    )


def _batch_load(
    batch: list[DemoDataset], lookups: _Lookups, summary: LoadSummary, batch_size: int
) -> None:
    with transaction.atomic():
        existing = _ids_by_urn(item.urn for item in batch)
        new = [item for item in batch if item.urn not in existing]
        summary.skipped += len(batch) - len(new)
        rows = Dataset.objects.bulk_create(
            [_dataset_row(item, lookups) for item in new], batch_size=batch_size
        )
        ids = {row.urn: row.pk for row in rows}
        if any(pk is None for pk in ids.values()):  # a backend that does not return ids
            ids = _ids_by_urn(ids)
        upstream_urns = {edge.upstream_urn for item in new for edge in item.upstreams}
        known = {**_ids_by_urn(upstream_urns - ids.keys()), **ids}

        fields, owners, tags, terms, edges, changes = [], [], [], [], [], []
        for item in new:
            dataset_id = ids[item.urn]
            fields.extend(
                SchemaField(
                    dataset_id=dataset_id,
                    ordinal=index,
                    field_path=f.field_path,
                    native_type=f.native_type,
                    type=f.type,
                    nullable=f.nullable,
                    is_key=f.is_key,
                    is_partition=f.is_partition,
                    description=f.description,
                    tags=list(f.tags),
                    glossary_terms=list(f.glossary_terms),
                    classification=f.classification,
                )
                for index, f in enumerate(item.fields)
            )
            for owner in item.owners:
                user_id = lookups.users.get(owner.name) if owner.kind == "user" else None
                group_id = lookups.groups.get(owner.name) if owner.kind == "group" else None
                if user_id or group_id:
                    owners.append(
                        Ownership(
                            dataset_id=dataset_id,
                            user_id=user_id,
                            group_id=group_id,
                            type=owner.type,
                            source=owner.source,
                        )
                    )
            tags.extend(
                DatasetTag(dataset_id=dataset_id, tag_id=lookups.tags[name], source=source)
                for name, source in item.tags
            )
            terms.extend(
                DatasetTerm(dataset_id=dataset_id, term_id=lookups.terms[name], source=source)
                for name, source in item.terms
            )
            edges.extend(
                LineageEdge(
                    upstream_id=known[edge.upstream_urn],
                    downstream_id=dataset_id,
                    type=edge.type,
                    actor=edge.actor,
                    created_at=edge.created_at,
                    column_mappings=list(edge.column_mappings),
                    source=Source.INGESTED,
                )
                for edge in item.upstreams
                if edge.upstream_urn in known
            )
            changes.append(
                ChangeEvent(
                    dataset_id=dataset_id,
                    aspect="created",
                    actor=INGESTION_ACTOR,
                    version=1,
                    before=None,
                    after={"urn": item.urn},
                )
            )
        SchemaField.objects.bulk_create(fields, batch_size=batch_size)
        Ownership.objects.bulk_create(owners, batch_size=batch_size)
        DatasetTag.objects.bulk_create(tags, batch_size=batch_size)
        DatasetTerm.objects.bulk_create(terms, batch_size=batch_size)
        LineageEdge.objects.bulk_create(edges, batch_size=batch_size)
        ChangeEvent.objects.bulk_create(changes, batch_size=batch_size)
    summary.created += len(new)
    summary.fields += len(fields)
    summary.owners += len(owners)
    summary.tags += len(tags)
    summary.terms += len(terms)
    summary.edges += len(edges)
    summary.changes += len(changes)


def demo_catalog_load(
    *,
    count: int,
    seed: int = DEFAULT_SEED,
    batch_size: int = 1000,
    on_batch: Callable[[int], None] | None = None,
) -> LoadSummary:
    """Write ``generate_catalog(count=, seed=)`` in batches of ``batch_size`` datasets, one
    transaction each; ``on_batch`` gets the number of datasets each batch handled."""
    started = time.monotonic()
    summary = LoadSummary()
    lookups = demo_reference_data_load()
    for batch in _chunks(generate_catalog(count=count, seed=seed), batch_size):
        _batch_load(batch, lookups, summary, batch_size)
        if on_batch is not None:
            on_batch(len(batch))
    summary.seconds = time.monotonic() - started
    return summary
