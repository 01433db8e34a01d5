"""The demo catalog's data: people, groups, domains, tags, glossary terms, the subjects datasets
are named and shaped from (word lists, columns), lineage vocabulary and the well-known datasets.

Data rather than code, kept apart so the generator reads on its own; like the rest of
``catalog.demo`` it is imported only by ``load_demo_catalog``, never by the API.
"""

# size: word lists and well-known datasets, a data file long by nature (no function is long).
# pylint: disable=too-many-lines

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Role
from catalog.models import Classification, FieldType, LineageType, OwnershipType, Source
from catalog.urns import DatasetUrn

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

DATASET_TAG_WEIGHTS = {
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
KINDS = {
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
KIND_TYPE = {kind: row[0] for kind, row in KINDS.items()}
AVRO_TYPE_NAME = {kind: row[1] for kind, row in KINDS.items()}
NATIVE = {
    family: {kind: row[2 + index] for kind, row in KINDS.items()}
    for index, family in enumerate(("hive", "mysql", "postgres", "avro"))
}

# PII kinds: classification, field tags, field glossary terms.
PII = {
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


def column(name: str, kind: str, description: str, pii: str = "", term: str = "") -> Column:
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
            column(
                "memberId",
                "id",
                "Member who viewed the page; 0 for logged-out visitors.",
                "USER_ID",
            ),
            column("pageKey", "string", "Logical name of the page, e.g. `profile-view`."),
            column("requestTime", "timestamp", "When the frontend served the page (UTC)."),
            column("trackingId", "string", "Unique id of the tracking event."),
            column("browserId", "string", "Cookie-based browser identifier.", "DEVICE_ID"),
            column("ipAddress", "string", "Client IP address as seen by the edge.", "IP_ADDRESS"),
            column("userAgent", "text", "Raw User-Agent header."),
            column("referer", "string", "Referring URL, if any."),
            column("countryCode", "string", "ISO 3166-1 alpha-2 country from GeoIP."),
            column("isBot", "bool", "True when the request matched the bot list."),
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
            column("order_id", "id", "Primary key of the order."),
            column("customer_id", "id", "Customer who placed the order.", "USER_ID"),
            column("order_status", "enum", "One of PENDING, PAID, SHIPPED, CANCELLED, REFUNDED."),
            column("total_amount", "decimal", "Order total incl. tax.", "", "Finance.Revenue"),
            column("currency", "string", "ISO 4217 currency code.", "", "Finance.Currency"),
            column("created_at", "timestamp", "When the order was placed."),
            column("updated_at", "timestamp", "Last status change."),
            column("shipping_address", "struct", "Street, city, postcode, country.", "ADDRESS"),
            column("coupon_codes", "array", "Coupons applied to the order."),
            column("item_count", "int", "Number of line items."),
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
            column("user_id", "id", "Primary key of the customer.", "USER_ID"),
            column("email", "string", "Login and contact email.", "EMAIL"),
            column("first_name", "string", "Given name.", "NAME"),
            column("last_name", "string", "Family name.", "NAME"),
            column("phone_number", "string", "E.164 phone number.", "PHONE"),
            column("birth_date", "date", "Date of birth, if given.", "BIRTH_DATE"),
            column("signup_ts", "timestamp", "When the account was created."),
            column("country", "string", "Country of residence."),
            column("is_active", "bool", "False once the account is closed."),
            column("marketing_opt_in", "bool", "Consent to marketing emails."),
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
            column("session_id", "string", "Unique session identifier."),
            column("user_id", "id", "Logged-in user, null for anonymous sessions.", "USER_ID"),
            column("started_at", "timestamp", "First event of the session."),
            column("ended_at", "timestamp", "Last event of the session."),
            column("device_id", "string", "Mobile device or browser id.", "DEVICE_ID"),
            column("duration_seconds", "int", "ended_at minus started_at."),
            column("page_count", "int", "Page views in the session."),
            column("landing_page", "string", "First page of the session."),
            column("utm_source", "string", "Marketing source parameter."),
            column("utm_campaign", "string", "Marketing campaign parameter."),
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
            column("payment_id", "id", "Primary key of the payment."),
            column("order_id", "id", "Order this payment settles."),
            column("amount", "decimal", "Amount in minor units.", "", "Finance.Revenue"),
            column("currency", "string", "ISO 4217 currency code.", "", "Finance.Currency"),
            column("card_last4", "string", "Last four digits of the card.", "FINANCIAL"),
            column("iban", "string", "IBAN for SEPA payments.", "FINANCIAL"),
            column("payment_method", "enum", "CARD, SEPA, PAYPAL or GIFT_CARD."),
            column("status", "enum", "AUTHORIZED, CAPTURED, FAILED or REFUNDED."),
            column("processed_at", "timestamp", "When the PSP confirmed the payment."),
            column("fee_amount", "decimal", "PSP fee.", "", "Finance.Cost"),
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
            column("employee_id", "id", "Workday employee id."),
            column("email", "string", "Work email.", "EMAIL"),
            column("full_name", "string", "Legal full name.", "NAME"),
            column("department", "string", "Cost centre name."),
            column("manager_id", "id", "employee_id of the manager."),
            column("hire_date", "date", "First working day."),
            column("salary", "decimal", "Yearly base salary.", "FINANCIAL", "Finance.Cost"),
            column("home_address", "struct", "Home address for payroll.", "ADDRESS"),
            column("national_id", "string", "Social security number.", "GOVERNMENT_ID"),
            column("birth_date", "date", "Date of birth.", "BIRTH_DATE"),
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
            column("metric_date", "date", "Day the metric describes (UTC)."),
            column("metric_name", "string", "Name of the metric."),
            column("dimension", "string", "Breakdown dimension, e.g. country."),
            column("dimension_value", "string", "Value of the dimension."),
            column("value", "double", "Metric value."),
            column("sample_size", "bigint", "Rows the value was computed from."),
            column("platform", "string", "web, ios or android."),
            column("computed_at", "timestamp", "When the job computed the row."),
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
            column("urn", "string", "URN of the entity that changed."),
            column("entity_type", "string", "dataset, chart, dashboard, ..."),
            column("aspect_name", "string", "Aspect that changed, e.g. schemaMetadata."),
            column("change_type", "enum", "UPSERT, DELETE or PATCH."),
            column("changed_by", "string", "Actor URN of the change."),
            column("created_time", "timestamp", "When the change was emitted."),
            column("payload", "map", "Serialized aspect value."),
            column("system_metadata", "map", "Run id and last observed time."),
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
            column("campaign_id", "id", "Primary key of the campaign."),
            column("campaign_name", "string", "Human name of the campaign."),
            column("channel", "enum", "EMAIL, SEARCH, SOCIAL or DISPLAY."),
            column("budget", "decimal", "Planned spend.", "", "Finance.Cost"),
            column("start_date", "date", "First day of the campaign."),
            column("end_date", "date", "Last day of the campaign."),
            column("impressions", "bigint", "Ad impressions."),
            column("clicks", "bigint", "Ad clicks."),
            column("conversions", "int", "Attributed orders."),
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
            column("experiment_id", "string", "Key of the experiment."),
            column("variant", "string", "control or treatment name."),
            column("user_id", "id", "Assigned user.", "USER_ID"),
            column("assigned_at", "timestamp", "First exposure."),
            column("exposure_count", "int", "Times the user saw the variant."),
            column("converted", "bool", "Whether the user converted."),
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
            column("entity_id", "id", "Id of the user or item the features describe."),
            column("feature_name", "string", "Feature key."),
            column("feature_value", "double", "Scalar feature value."),
            column("embedding", "array", "Dense vector, 128 floats."),
            column("model_version", "string", "Model that produced or used the row."),
            column("label", "int", "Training label."),
            column("computed_at", "timestamp", "Feature computation time."),
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
            column("event_id", "string", "Unique id of the audit event."),
            column("principal", "string", "User or service that acted.", "USER_ID"),
            column("action", "string", "What was attempted."),
            column("resource", "string", "What it was attempted on."),
            column("source_ip", "string", "Client IP.", "IP_ADDRESS"),
            column("outcome", "enum", "ALLOWED or DENIED."),
            column("event_time", "timestamp", "When it happened."),
            column("geo", "struct", "GeoIP city and country.", "LOCATION"),
        ),
        ("Classification.Confidential",),
    ),
)
SUBJECTS_BY_KEY = {subject.key: subject for subject in SUBJECTS}

# Columns any table may carry after its subject's own.
GENERIC_COLUMNS = (
    column("etl_loaded_at", "timestamp", "When the pipeline wrote the row."),
    column("etl_batch_id", "string", "Id of the pipeline run."),
    column("source_system", "string", "System the row came from."),
    column("is_deleted", "bool", "Soft-delete flag."),
    column("record_hash", "string", "MD5 of the business columns, for change detection."),
    column("row_version", "int", "Optimistic-locking version."),
    column("tenant_id", "id", "Tenant the row belongs to."),
    column("region", "string", "Sales region."),
    column("locale", "string", "BCP 47 locale."),
    column("app_version", "string", "Client app version."),
    column("os_name", "string", "Client operating system."),
    column("device_type", "enum", "desktop, mobile or tablet."),
    column("channel", "string", "Acquisition channel."),
    column("partner_id", "id", "Partner that referred the user."),
    column("sku", "string", "Stock keeping unit."),
    column("quantity", "int", "Units."),
    column("unit_price", "decimal", "Price per unit."),
    column("discount", "decimal", "Discount applied."),
    column("score", "double", "Model or ranking score."),
    column("rank", "int", "Position in the ranking."),
    column("attributes", "map", "Free-form key/value attributes."),
    column("labels", "array", "Labels attached to the row."),
    column("comment", "text", "Free text entered by an operator."),
    column("created_by", "string", "User who created the row."),
    column("updated_by", "string", "User who last changed the row."),
    column("valid_from", "timestamp", "SCD2 validity start."),
    column("valid_to", "timestamp", "SCD2 validity end."),
    column("is_current", "bool", "SCD2 current-row flag."),
    column("load_date", "date", "Business date of the load."),
    column("raw_payload", "bytes", "Original message bytes."),
    column("latency_ms", "int", "Processing latency."),
    column("error_code", "string", "Error code, if the record failed validation."),
    column("schema_id", "int", "Schema registry id of the writer schema."),
    column("trace_id", "string", "Distributed tracing id."),
)

AUDIT_HEADER = (
    column("time", "bigint", "Time the event was emitted, epoch millis."),
    column("server", "string", "Host that emitted the event."),
    column("instance", "string", "Service instance."),
    column("appName", "string", "Service name."),
    column("messageId", "bytes", "16-byte unique message id."),
)

# --- lineage vocabulary --------------------------------------------------------------------------

FLOWS = (
    ("airflow", "tracking_etl", ("load_pageviews", "sessionize", "dedup_events")),
    ("airflow", "shop_daily", ("export_orders", "build_revenue", "snapshot_customers")),
    ("airflow", "metrics_dag", ("daily_active_users", "retention", "kpi_rollup")),
    ("spark", "gobblin_ingest", ("kafka_to_hdfs", "compact_avro")),
    ("azkaban", "payments_pipeline", ("settle", "reconcile", "ledger_export")),
    ("airflow", "ml_features", ("build_features", "train_set", "score_users")),
)
USER_ACTORS = ("aberger", "spark_etl", "svc_airflow", "lchen", "ijohansson")

# platform -> upstream platforms it reads from (in order of preference) and edge type.
FEEDS = {
    "kafka": (("mysql", "postgres"), LineageType.COPY, 0.15),
    "hdfs": (("kafka",), LineageType.COPY, 0.85),
    "hive": (("hdfs", "hive"), LineageType.TRANSFORMED, 0.85),
    "mysql": (("hive",), LineageType.TRANSFORMED, 0.45),
    "postgres": (("hive", "postgres"), LineageType.TRANSFORMED, 0.55),
}
PLATFORM_WEIGHTS = (("kafka", 18), ("hdfs", 22), ("hive", 32), ("mysql", 14), ("postgres", 14))
ORIGIN_WEIGHTS = (("PROD", 72), ("EI", 12), ("DEV", 10), ("CORP", 6))
TABLE_SUFFIXES = (
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
CAMEL_SUFFIXES = ("", "", "Daily", "Hourly", "Compacted", "Enriched", "Filtered", "Sampled")
OWNER_COUNT_WEIGHTS = (18, 30, 27, 15, 10)  # 0..4 owners


def demo_urn(platform: str, name: str, origin: str = "PROD") -> str:
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
        return demo_urn(self.platform, self.name, self.origin)


_I, _E = Source.INGESTED, Source.EDITABLE
_T = OwnershipType
# The types the demo draws owners from, in its own order (the enum's changed; the demo did not).
DEMO_OWNERSHIP_TYPES = (
    _T.TECHNICAL_OWNER,
    _T.BUSINESS_OWNER,
    _T.DATA_STEWARD,
    _T.PRODUCER,
    _T.CONSUMER,
    _T.DEVELOPER,
    _T.DELEGATE,
    _T.STAKEHOLDER,
    _T.NONE,
)
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
        ((demo_urn("kafka", "PageViewEvent"), LineageType.COPY),),
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
        ((demo_urn("hdfs", "/data/tracking/PageViewEvent"), LineageType.TRANSFORMED),),
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
        ((demo_urn("hive", "tracking.pageviewevent"), LineageType.TRANSFORMED),),
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
        ((demo_urn("hdfs", "/jobs/metrics/daily_active_users"), LineageType.COPY),),
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
        ((demo_urn("hive", "tracking.pageviewevent"), LineageType.TRANSFORMED),),
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
        ("Ecommerce.Customer", "Classification.Confidential", "Customer.Segment"),
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
            (demo_urn("mysql", "shop.orders"), LineageType.COPY),
            (demo_urn("mysql", "shop.customers"), LineageType.TRANSFORMED),
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
        ((demo_urn("hive", "shop.orders_daily"), LineageType.TRANSFORMED),),
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
        ((demo_urn("kafka", "MetadataChangeEvent_v4"), LineageType.TRANSFORMED),),
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
        ((demo_urn("kafka", "metadata_lineageevent_v1"), LineageType.TRANSFORMED),),
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
        ((demo_urn("hdfs", "/data/tracking/PageViewEvent"), LineageType.VIEW),),
        docs=False,
        deprecation_note="Replaced by tracking.pageviewevent; removal planned for 2025-Q4.",
    ),
)
WELL_KNOWN_URNS: list[str] = [spec.urn for spec in WELL_KNOWN]
